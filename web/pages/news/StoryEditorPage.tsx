import {
  Anchor,
  Button,
  Group,
  MultiSelect,
  Paper,
  Select,
  Stack,
  Tabs,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { storyInput } from "../../../common/schemas/news.ts";
import { fieldErrorsOf } from "../../api/client.ts";
import { previewMarkdown, useSaveStory, useStory } from "../../api/news.ts";
import { useResponse } from "../../api/responses.ts";
import { useSectors } from "../../api/sectors.ts";
import { useUser } from "../../api/session.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { PageLoader } from "../../components/PageLoader.tsx";
import { validate } from "../../lib/form.ts";
import { organisationsOf, sectorsOf } from "../../lib/roles.ts";
import { languageOptions } from "../documents/options.ts";
import { useOrganisationOptions } from "../structure/useOrganisationOptions.ts";
import { ReviewActions } from "./ReviewActions.tsx";
import { SanitisedHtml } from "./SanitisedHtml.tsx";
import { StoryImages } from "./StoryImages.tsx";

interface Values {
  title: string;
  summary: string;
  body: string;
  language: string;
  organisationId: string | null;
  sectorIds: string[];
}

/** `/r/:slug/news/new` and `/r/:slug/news/:id/edit`: Markdown with a preview, images once saved. */
export default function StoryEditorPage() {
  const { slug = "", id } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const user = useUser();
  const response = useResponse(slug);
  const sectors = useSectors(slug);
  const organisations = useOrganisationOptions(slug);
  const story = useStory(slug, id);
  const save = useSaveStory(slug, id);
  const responseId = response.data?.id;
  const [values, setValues] = useState<Values | null>(id ? null : null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [preview, setPreview] = useState<string | null>(null);
  const [tab, setTab] = useState<string | null>("write");

  useEffect(() => {
    if (values) return;
    if (id && story.data)
      setValues({
        title: story.data.title,
        summary: story.data.summary,
        body: story.data.body,
        language: story.data.language,
        organisationId: story.data.organisation?.id ?? null,
        sectorIds: story.data.sectors.map((s) => s.id),
      });
    else if (!id && responseId)
      setValues({
        title: "",
        summary: "",
        body: "",
        language: "en",
        organisationId: organisationsOf(user, responseId)[0] ?? null,
        sectorIds: sectorsOf(user, responseId),
      });
  }, [id, story.data, responseId, user, values]);

  useEffect(() => {
    if (tab !== "preview" || !values) return;
    let live = true;
    previewMarkdown(slug, values.body)
      .then((r) => live && setPreview(r.html))
      .catch(() => live && setPreview(null));
    return () => {
      live = false;
    };
  }, [tab, slug, values]);

  if (story.error) return <ErrorAlert error={story.error} onRetry={() => void story.refetch()} />;
  if (!values) return <PageLoader />;
  const set = <K extends keyof Values>(k: K, v: Values[K]) => setValues((s) => (s ? { ...s, [k]: v } : s));

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const checked = validate(storyInput, values);
    if (checked.errors) return setErrors(checked.errors);
    setErrors({});
    // Locations are not edited here: an edit leaves those already set as they are.
    const { locationIds, ...fields } = checked.data;
    save.mutate(id ? fields : { ...fields, locationIds }, {
      onSuccess: (saved) => {
        notifications.show({ message: t("news.saved"), color: "green" });
        if (!id) navigate(`/r/${slug}/news/${saved.id}/edit`, { replace: true });
      },
      onError: (error) => setErrors(fieldErrorsOf(error)),
    });
  };

  return (
    <Stack gap="lg" maw={900}>
      <Anchor component={Link} to={id ? `/r/${slug}/news/${id}` : `/r/${slug}/news`} size="sm">
        ← {id ? t("news.backToStory") : t("news.back")}
      </Anchor>
      <Title order={1}>{id ? t("news.editTitle") : t("news.newTitle")}</Title>
      {story.data && <ReviewActions slug={slug} story={story.data} />}
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput
            label={t("news.titleLabel")}
            value={values.title}
            onChange={(e) => set("title", e.currentTarget.value)}
            error={errors.title}
            required
            maxLength={200}
          />
          <Textarea
            label={t("news.summaryLabel")}
            description={t("news.summaryHelp")}
            value={values.summary}
            onChange={(e) => set("summary", e.currentTarget.value)}
            error={errors.summary}
            required
            autosize
            minRows={2}
            maxLength={600}
          />
          <Tabs value={tab} onChange={setTab}>
            <Tabs.List>
              <Tabs.Tab value="write">{t("news.writeTab")}</Tabs.Tab>
              <Tabs.Tab value="preview">{t("news.previewTab")}</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="write" pt="xs">
              <Textarea
                label={t("news.bodyLabel")}
                description={t("news.bodyHelp")}
                value={values.body}
                onChange={(e) => set("body", e.currentTarget.value)}
                error={errors.body}
                autosize
                minRows={10}
                styles={{ input: { fontFamily: "monospace" } }}
              />
            </Tabs.Panel>
            <Tabs.Panel value="preview" pt="xs">
              <Paper withBorder p="md" mih={200} aria-live="polite">
                {preview === null ? (
                  <Text c="dimmed">{t("common.loading")}</Text>
                ) : (
                  <SanitisedHtml html={preview} />
                )}
              </Paper>
            </Tabs.Panel>
          </Tabs>
          <Group grow align="flex-start">
            <MultiSelect
              label={t("news.sectorsLabel")}
              data={(sectors.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
              value={values.sectorIds}
              onChange={(v) => set("sectorIds", v)}
              error={errors.sectorIds}
              searchable
              clearable
            />
            <Select
              label={t("news.organisationLabel")}
              data={organisations}
              value={values.organisationId}
              onChange={(v) => set("organisationId", v)}
              error={errors.organisationId}
              searchable
              clearable
            />
            <Select
              label={t("documents.languageLabel")}
              data={languageOptions(t)}
              value={values.language}
              onChange={(v) => v && set("language", v)}
              allowDeselect={false}
            />
          </Group>
          {save.error && !Object.keys(fieldErrorsOf(save.error)).length && <ErrorAlert error={save.error} />}
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending}>
              {id ? t("common.save") : t("news.saveDraft")}
            </Button>
          </Group>
        </Stack>
      </form>
      {story.data ? (
        <StoryImages slug={slug} story={story.data} />
      ) : (
        <Text size="sm" c="dimmed">
          {t("news.imagesAfterSave")}
        </Text>
      )}
    </Stack>
  );
}
