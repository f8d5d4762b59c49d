import {
  Alert,
  Anchor,
  Button,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import type { FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { type PracticeInput, practiceInput, publicPracticeInput } from "../../../common/schemas/practices.ts";
import {
  type PracticeOutput,
  useFormToken,
  usePractice,
  useSubmitPractice,
  useSubmitPublicPractice,
} from "../../api/practices.ts";
import { useSession } from "../../api/session.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { PageLoader } from "../../components/PageLoader.tsx";
import { orNull, useFormState, validate } from "../../lib/form.ts";
import { type PracticeDraft, PracticeFields } from "./PracticeFields.tsx";

const emptyDraft: PracticeDraft = {
  title: "",
  summary: "",
  type: "programme_project",
  startDate: "",
  endDate: "",
  countries: [],
  regions: [],
  subRegions: [],
  implementingIds: [],
  implementingNames: [],
  partnerIds: [],
  partnerNames: [],
  description: "",
  benefitImpact: "",
  keyLessons: "",
  gcmObjectives: [],
  gcmPrinciples: [],
  sdgGoals: [],
  sdgTargets: [],
  links: [],
  documents: [],
  activities: [],
};

function draftOf(p: PracticeOutput): PracticeDraft {
  const ids = (list: PracticeOutput["partnerOrganisations"]) =>
    list.flatMap((o) => (o.organisationId ? [o.organisationId] : []));
  const names = (list: PracticeOutput["partnerOrganisations"]) =>
    list.filter((o) => !o.organisationId).map((o) => o.name);
  return {
    ...emptyDraft,
    title: p.title,
    summary: p.summary,
    type: p.type,
    startDate: p.startDate ?? "",
    endDate: p.endDate ?? "",
    countries: p.countries,
    regions: p.regions,
    subRegions: p.subRegions,
    implementingIds: ids(p.implementingOrganisations),
    implementingNames: names(p.implementingOrganisations),
    partnerIds: ids(p.partnerOrganisations),
    partnerNames: names(p.partnerOrganisations),
    description: p.description ?? "",
    benefitImpact: p.benefitImpact ?? "",
    keyLessons: p.keyLessons ?? "",
    gcmObjectives: p.gcmObjectives.map(String),
    gcmPrinciples: p.gcmPrinciples.map(String),
    sdgGoals: p.sdgGoals.map(String),
    sdgTargets: p.sdgTargets,
    links: p.links.map((l) => l.url),
    documents: p.documents.map((d) => ({ id: d.id, label: d.title })),
    activities: p.activities.map((a) => ({ id: a.id, label: a.label })),
  };
}

/** The draft as the API takes it. */
function payloadOf(v: PracticeDraft, previous?: PracticeOutput): PracticeInput {
  const orgs = (ids: string[], names: string[]) => [
    ...ids.map((organisationId) => ({ organisationId })),
    ...names.map((name) => ({ name })),
  ];
  return {
    title: v.title,
    summary: v.summary,
    type: v.type as PracticeInput["type"],
    startDate: orNull(v.startDate),
    endDate: orNull(v.endDate),
    countries: v.countries,
    regions: v.regions,
    subRegions: v.subRegions,
    implementingOrganisations: orgs(v.implementingIds, v.implementingNames),
    partnerOrganisations: orgs(v.partnerIds, v.partnerNames),
    description: orNull(v.description),
    benefitImpact: orNull(v.benefitImpact),
    keyLessons: orNull(v.keyLessons),
    gcmObjectives: v.gcmObjectives.map(Number),
    gcmPrinciples: v.gcmPrinciples.map(Number),
    sdgGoals: v.sdgGoals.map(Number),
    sdgTargets: v.sdgTargets,
    // A link kept from before keeps its title and kind.
    links: v.links.map((url) => previous?.links.find((l) => l.url === url) ?? { url, kind: "link" as const }),
    // Only the links this user sees are in the form; the server keeps those hidden from them.
    documentIds: v.documents.map((d) => d.id),
    activityIds: v.activities.map((a) => a.id),
  };
}

/** `/r/:slug/practices/new` (signed in, or the public form) and `/r/:slug/practices/:id/edit`. */
export default function PracticeFormPage() {
  const { slug = "", id = "" } = useParams();
  const existing = usePractice(slug, id);
  if (id && existing.error)
    return <ErrorAlert error={existing.error} onRetry={() => void existing.refetch()} />;
  if (id && !existing.data) return <PageLoader />;
  return <PracticeForm key={id || "new"} slug={slug} practice={existing.data ?? null} />;
}

function PracticeForm({ slug, practice }: { slug: string; practice: PracticeOutput | null }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const session = useSession();
  const signedIn = !!session.data?.user;
  const isPublic = !practice && session.isSuccess && !signedIn;
  const save = useSubmitPractice(slug, practice?.id ?? null);
  const sendPublic = useSubmitPublicPractice(slug);
  const token = useFormToken(slug, isPublic);
  const form = useFormState<
    PracticeDraft & { submitterName: string; submitterEmail: string; website: string }
  >({
    ...(practice ? draftOf(practice) : emptyDraft),
    submitterName: "",
    submitterEmail: "",
    website: "",
  });
  const v = form.values;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const payload = payloadOf(v, practice ?? undefined);
    if (isPublic) {
      const body = {
        ...payload,
        submitterName: v.submitterName,
        submitterEmail: v.submitterEmail,
        website: v.website,
        formToken: token.data?.formToken ?? "",
      };
      const checked = validate(publicPracticeInput, body);
      if (checked.errors) return form.setErrors(checked.errors);
      sendPublic.mutate(body, { onError: form.fromServer });
      return;
    }
    const checked = validate(practiceInput, payload);
    if (checked.errors) return form.setErrors(checked.errors);
    save.mutate(payload, {
      onSuccess: (saved) => {
        notifications.show({
          color: "green",
          message: practice ? t("practices.form.saved") : t("practices.form.sent"),
        });
        navigate(`/r/${slug}/practices/${saved.id}`);
      },
      onError: form.fromServer,
    });
  };

  if (sendPublic.isSuccess)
    return (
      <Stack maw={720}>
        <Title order={1}>{t("practices.form.thanksTitle")}</Title>
        <Text>{t("practices.form.thanks")}</Text>
        <Anchor component={Link} to={`/r/${slug}/practices`}>
          {t("practices.back")}
        </Anchor>
      </Stack>
    );

  const error = save.error ?? sendPublic.error;
  return (
    <Stack gap="lg" maw={1100}>
      <Anchor
        component={Link}
        to={practice ? `/r/${slug}/practices/${practice.id}` : `/r/${slug}/practices`}
        size="sm"
      >
        ← {t("practices.back")}
      </Anchor>
      <div>
        <Title order={1}>{practice ? t("practices.form.editTitle") : t("practices.form.newTitle")}</Title>
        <Text c="dimmed" maw={760}>
          {practice ? t("practices.form.editIntro") : t("practices.form.newIntro")}
        </Text>
      </div>
      {isPublic && (
        <Alert variant="light" title={t("practices.form.publicTitle")}>
          {t("practices.form.publicIntro")}{" "}
          <Anchor component={Link} to={`/sign-in?next=${encodeURIComponent(`/r/${slug}/practices/new`)}`}>
            {t("practices.form.signIn")}
          </Anchor>
        </Alert>
      )}
      <form ref={form.ref} onSubmit={submit} noValidate>
        <Stack gap="lg">
          {isPublic && (
            <Paper withBorder p="md">
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextInput
                  label={t("practices.form.yourName")}
                  required
                  value={v.submitterName}
                  onChange={(e) => form.set("submitterName", e.currentTarget.value)}
                  error={form.errors.submitterName}
                  autoComplete="name"
                />
                <TextInput
                  type="email"
                  label={t("practices.form.yourEmail")}
                  description={t("practices.form.emailHelp")}
                  required
                  value={v.submitterEmail}
                  onChange={(e) => form.set("submitterEmail", e.currentTarget.value)}
                  error={form.errors.submitterEmail}
                  autoComplete="email"
                />
              </SimpleGrid>
              {/* The honeypot: off-screen and skipped by keyboard and screen readers; bots fill it. */}
              <div
                aria-hidden="true"
                style={{ position: "absolute", left: "-10000px", width: 1, height: 1, overflow: "hidden" }}
              >
                <label>
                  Website
                  <input
                    type="text"
                    name="website"
                    tabIndex={-1}
                    autoComplete="off"
                    value={v.website}
                    onChange={(e) => form.set("website", e.currentTarget.value)}
                  />
                </label>
              </div>
            </Paper>
          )}
          <PracticeFields slug={slug} values={v} set={form.set} errors={form.errors} />
          {error && <ErrorAlert error={error} />}
          {form.errors.formToken && <Alert color="red">{form.errors.formToken}</Alert>}
          <Group justify="flex-end">
            <Button component={Link} to={`/r/${slug}/practices`} variant="default">
              {t("practices.cancel")}
            </Button>
            <Button
              type="submit"
              loading={save.isPending || sendPublic.isPending}
              disabled={isPublic && !token.data}
            >
              {practice ? t("practices.form.save") : t("practices.form.send")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
