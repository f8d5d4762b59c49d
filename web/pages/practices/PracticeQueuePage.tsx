import { Anchor, SegmentedControl, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useParams } from "react-router";
import { usePracticeSearch } from "../../api/practices.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { PracticeCard } from "./PracticeCard.tsx";

const views = {
  review: { waiting: ["submitted", "under_review"], returned: ["returned"], published: ["published"] },
  mine: { waiting: ["submitted", "under_review"], returned: ["returned"], published: ["published"] },
} as const;

/**
 * `/r/:slug/practices/review` (the reviewers' queue) and `/r/:slug/practices/mine` (what I
 * submitted), each by state: waiting for review, returned, published.
 */
export default function PracticeQueuePage() {
  const { slug = "" } = useParams();
  const { t } = useTranslation();
  const scope = useLocation().pathname.endsWith("/mine") ? "mine" : "review";
  const [view, setView] = useState<"waiting" | "returned" | "published">("waiting");
  const params = new URLSearchParams({ scope, limit: "100" });
  for (const s of views[scope][view]) params.append("status", s);
  const list = usePracticeSearch(slug, params);

  return (
    <Stack gap="lg" maw={1000}>
      <Anchor component={Link} to={`/r/${slug}/practices`} size="sm">
        ← {t("practices.back")}
      </Anchor>
      <div>
        <Title order={1}>{scope === "review" ? t("practices.reviewQueue") : t("practices.mine")}</Title>
        <Text c="dimmed">
          {scope === "review" ? t("practices.queue.reviewIntro") : t("practices.queue.mineIntro")}
        </Text>
      </div>
      <SegmentedControl
        value={view}
        onChange={(value) => setView(value as typeof view)}
        data={(["waiting", "returned", "published"] as const).map((value) => ({
          value,
          label: t(`practices.queue.${value}`),
        }))}
        aria-label={t("practices.queue.show")}
        style={{ alignSelf: "flex-start" }}
      />
      {list.error && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      <Text aria-live="polite" fw={600}>
        {list.data
          ? t("practices.found", { count: list.data.total, n: list.data.total })
          : t("practices.loading")}
      </Text>
      <Stack gap="md" component="section" aria-label={t("practices.results")}>
        {list.data?.items.map((p) => (
          <PracticeCard key={p.id} slug={slug} practice={p} />
        ))}
        {list.data?.total === 0 && <Text c="dimmed">{t(`practices.queue.empty.${view}`)}</Text>}
      </Stack>
    </Stack>
  );
}
