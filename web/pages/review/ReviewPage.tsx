import { Button, Group, NativeSelect, Paper, Select, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams, useSearchParams } from "react-router";
import { can } from "../../../common/permissions.ts";
import { type ActivityOutput, yearMonth } from "../../../common/schemas/activities.ts";
import { useActivities } from "../../api/activities.ts";
import { useReviewActivities } from "../../api/activityRecords.ts";
import { useOrganisations } from "../../api/organisations.ts";
import { useResponses } from "../../api/responses.ts";
import { useSectors } from "../../api/sectors.ts";
import { useUser } from "../../api/session.ts";
import { AccessGate } from "../../components/AccessGate.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { PageLoader } from "../../components/PageLoader.tsx";
import { useFormat } from "../../i18n/format.ts";
import { hasGrantIn } from "../../lib/roles.ts";
import { recentMonths, useMonthLabel } from "../activities/months.ts";
import { BulkResult, type Outcome } from "./BulkResult.tsx";
import { RejectDialog } from "./RejectDialog.tsx";
import { ReviewTable } from "./ReviewTable.tsx";

/** `/r/:slug/review`: submitted records in the sectors the user reviews, approved or rejected in bulk. */
export default function ReviewPage() {
  const { slug = "" } = useParams();
  const { t } = useTranslation();
  const format = useFormat();
  const monthLabel = useMonthLabel();
  const user = useUser();
  const response = useResponses().data?.find((r) => r.slug === slug);
  const responseId = response?.id;
  const [params, setParams] = useSearchParams();
  const sector = params.get("sector") || undefined;
  const organisation = params.get("organisation") || undefined;
  const monthParam = params.get("month");
  const month = monthParam && yearMonth.safeParse(monthParam).success ? monthParam : undefined;
  const list = useActivities(slug, {
    reviewState: "submitted",
    sector,
    organisation,
    from: month,
    to: month,
  });
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const sectors = useSectors(slug);
  const organisations = useOrganisations(slug, { limit: 500 });
  const review = useReviewActivities(slug);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [rejecting, setRejecting] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const parentOf = (id: string) => sectors.data?.find((s) => s.id === id)?.parentId ?? null;
  const reviewable = (a: ActivityOutput) =>
    can(user, "activity:review", {
      responseId,
      organisationId: a.reportingOrg.id,
      sectorIds: [a.sector.id, a.subSector?.id, parentOf(a.sector.id)].filter((s): s is string => !!s),
    });
  // The sectors this user reviews (a coordinator's own and their sub-sectors).
  const sectorOptions = (sectors.data ?? [])
    .filter((s) => can(user, "activity:review", { responseId, sectorIds: [s.id, s.parentId ?? ""] }))
    .map((s) => ({ value: s.code, label: `${s.name} (${s.code})` }));
  const organisationOptions = (organisations.data?.items ?? []).map((o) => ({
    value: o.id,
    label: o.acronym ? `${o.name} (${o.acronym})` : o.name,
  }));
  const months = recentMonths(24);

  const setFilter = (key: string, value: string | null) => {
    setSelected(new Set());
    setParams((p) => {
      if (value) p.set(key, value);
      else p.delete(key);
      return p;
    });
  };
  const toggle = (id: string, on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const toggleAll = (on: boolean) =>
    setSelected(on ? new Set(rows.filter(reviewable).map((a) => a.id)) : new Set());

  const ids = rows.filter((a) => selected.has(a.id)).map((a) => a.id);
  const act = (action: "approve" | "reject", reason?: string) => {
    const labels = Object.fromEntries(
      rows.map((a) => [
        a.id,
        `${a.activityType.name}, ${a.location.name} (${a.reportingOrg.acronym ?? a.reportingOrg.name})`,
      ]),
    );
    setOutcome(null);
    review.mutate(
      { ids, action, reason },
      {
        onSuccess: (result) => {
          setOutcome({ ok: true, action, count: result.updated });
          setSelected(new Set());
          setRejecting(false);
        },
        onError: (error) => {
          setOutcome({ ok: false, action, error, ids, labels });
          setRejecting(false);
        },
      },
    );
  };

  const countText = list.hasNextPage
    ? t("review.countMore", { count: rows.length, formatted: format.number(rows.length) })
    : t("review.count", { count: rows.length, formatted: format.number(rows.length) });

  let content = null;
  if (!response || list.isPending) content = <PageLoader />;
  else if (list.error && rows.length === 0)
    content = <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />;
  else if (rows.length === 0)
    content = (
      <Paper withBorder p="xl" ta="center">
        <Text fw={600}>{t("review.empty")}</Text>
        <Text size="sm" c="dimmed" mt={4}>
          {t("review.emptyHint")}
        </Text>
      </Paper>
    );
  else
    content = (
      <Stack gap="sm">
        <Group justify="space-between" gap="sm">
          <Text size="sm" aria-live="polite" data-testid="selection-count">
            {t("review.selected", { count: ids.length })}
          </Text>
          <Group gap="sm">
            <Button
              disabled={ids.length === 0}
              loading={review.isPending && !rejecting}
              onClick={() => act("approve")}
            >
              {t("review.approve", { count: ids.length })}
            </Button>
            <Button
              color="red"
              variant="light"
              disabled={ids.length === 0}
              onClick={() => setRejecting(true)}
            >
              {t("review.reject", { count: ids.length })}
            </Button>
          </Group>
        </Group>
        <ReviewTable
          slug={slug}
          rows={rows}
          selected={selected}
          onToggle={toggle}
          onToggleAll={toggleAll}
          reviewable={reviewable}
          loading={list.isPlaceholderData}
        />
        {list.hasNextPage && (
          <Group justify="flex-end">
            <Button
              variant="default"
              loading={list.isFetchingNextPage}
              onClick={() => void list.fetchNextPage()}
            >
              {t("activities.loadMore")}
            </Button>
          </Group>
        )}
      </Stack>
    );

  return (
    <Stack gap="lg" maw={1400}>
      <div>
        <Title order={1}>{t("review.title")}</Title>
        <Text c="dimmed">{t("review.intro")}</Text>
      </div>
      <AccessGate allowed={hasGrantIn(user, responseId, "activity:review")}>
        <Stack gap="md">
          <SimpleGrid
            cols={{ base: 1, sm: 3 }}
            spacing="md"
            component="section"
            aria-label={t("activities.filters")}
          >
            <Select
              label={t("activities.sector")}
              placeholder={t("review.allMySectors")}
              data={sectorOptions}
              value={sector ?? null}
              onChange={(v) => setFilter("sector", v)}
              searchable
              clearable
              comboboxProps={{ withinPortal: true }}
            />
            <Select
              label={t("review.organisation")}
              placeholder={t("activities.allOrganisations")}
              data={organisationOptions}
              value={organisation ?? null}
              onChange={(v) => setFilter("organisation", v)}
              searchable
              clearable
              comboboxProps={{ withinPortal: true }}
            />
            <NativeSelect
              label={t("review.month")}
              value={month ?? ""}
              onChange={(e) => setFilter("month", e.currentTarget.value || null)}
              data={[
                { value: "", label: t("activities.anyMonth") },
                ...months.map((m) => ({ value: m, label: monthLabel(m) })),
              ]}
            />
          </SimpleGrid>
          <Text fw={600} data-testid="review-count" aria-live="polite">
            {list.isPending ? "" : countText}
          </Text>
          {outcome && <BulkResult outcome={outcome} />}
          {content}
          {rejecting && (
            <RejectDialog
              count={ids.length}
              busy={review.isPending}
              onReject={(reason) => act("reject", reason)}
              onClose={() => setRejecting(false)}
            />
          )}
        </Stack>
      </AccessGate>
    </Stack>
  );
}
