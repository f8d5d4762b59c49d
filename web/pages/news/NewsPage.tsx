import {
  Anchor,
  Button,
  Group,
  Pagination,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link, useParams, useSearchParams } from "react-router";
import { feedUrl, type StoryFilter, useStories } from "../../api/news.ts";
import { useResponse } from "../../api/responses.ts";
import { useSectors } from "../../api/sectors.ts";
import { useUser } from "../../api/session.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { PageLoader } from "../../components/PageLoader.tsx";
import { hasGrantIn } from "../../lib/roles.ts";
import { StoryCard } from "./StoryCard.tsx";

const pageSize = 12;

/** `/r/:slug/news`: published stories, latest first, by sector; writers and reviewers see their queue. */
export default function NewsPage() {
  const { slug = "" } = useParams();
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const response = useResponse(slug);
  const sectors = useSectors(slug);
  const user = useUser();
  const responseId = response.data?.id;
  const canWrite = hasGrantIn(user, responseId, "news:write");
  const canReview = hasGrantIn(user, responseId, "news:publish");
  const view = (params.get("view") ?? "published") as "published" | "mine" | "review";
  const sector = params.get("sector") ?? undefined;
  const page = Number(params.get("page") ?? "1") || 1;
  const filter: StoryFilter = {
    sector,
    limit: pageSize,
    offset: (page - 1) * pageSize,
    ...(view === "published"
      ? { state: "published" }
      : view === "review"
        ? { state: "in_review", mine: "true" }
        : { mine: "true" }),
  };
  const stories = useStories(slug, filter);
  const set = (name: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    next.delete("page");
    setParams(next, { replace: true });
  };
  const total = stories.data?.total ?? 0;

  return (
    <Stack gap="lg" maw={1100}>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1}>{t("news.title")}</Title>
          <Text c="dimmed" mt={4} maw={720}>
            {t("news.intro")}
          </Text>
        </div>
        {canWrite && (
          <Button component={Link} to={`/r/${slug}/news/new`}>
            {t("news.write")}
          </Button>
        )}
      </Group>
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Group align="flex-end" wrap="wrap">
          {(canWrite || canReview) && (
            <SegmentedControl
              aria-label={t("news.viewLabel")}
              value={view}
              onChange={(v) => set("view", v === "published" ? null : v)}
              data={[
                { value: "published", label: t("news.view.published") },
                { value: "mine", label: t("news.view.mine") },
                ...(canReview ? [{ value: "review", label: t("news.view.review") }] : []),
              ]}
            />
          )}
          <Select
            label={t("news.sectorFilter")}
            placeholder={t("news.allSectors")}
            data={(sectors.data ?? []).map((s) => ({ value: s.code, label: s.name }))}
            value={sector ?? null}
            onChange={(v) => set("sector", v)}
            clearable
            searchable
            w={{ base: "100%", sm: 240 }}
          />
        </Group>
        <Group gap="md">
          <Anchor href={feedUrl(slug, "rss", sector)} size="sm">
            {t("news.rss")}
          </Anchor>
          <Anchor href={feedUrl(slug, "atom", sector)} size="sm">
            {t("news.atom")}
          </Anchor>
        </Group>
      </Group>
      {stories.error ? (
        <ErrorAlert error={stories.error} onRetry={() => void stories.refetch()} />
      ) : !stories.data ? (
        <PageLoader />
      ) : (
        <Stack gap="md" aria-live="polite">
          {stories.data.items.length === 0 && <Text>{t("news.empty")}</Text>}
          <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="md">
            {stories.data.items.map((s) => (
              <StoryCard key={s.id} slug={slug} story={s} />
            ))}
          </SimpleGrid>
          {total > pageSize && (
            <Pagination
              total={Math.ceil(total / pageSize)}
              value={page}
              onChange={(p) => {
                const next = new URLSearchParams(params);
                next.set("page", String(p));
                setParams(next);
              }}
            />
          )}
        </Stack>
      )}
    </Stack>
  );
}
