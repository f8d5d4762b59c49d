import { Button, Center, Group, Loader, Paper, Stack, Text, Title } from "@mantine/core";
import { type ReactNode, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams, useSearchParams } from "react-router";
import {
  type ActivityStatus,
  activityStatuses,
  type ReviewState,
  reviewStates,
  yearMonth,
} from "../../../common/schemas/activities.ts";
import { type ActivityFilter, activitiesPath, useActivities } from "../../api/activities.ts";
import { useResponses } from "../../api/responses.ts";
import { useUser } from "../../api/session.ts";
import { DownloadMenu } from "../../components/DownloadMenu.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { useFormat } from "../../i18n/format.ts";
import { hasGrantIn } from "../../lib/roles.ts";
import { ActivityFilters } from "./ActivityFilters.tsx";
import { ActivityTable } from "./ActivityTable.tsx";

const keys = [
  "sector",
  "organisation",
  "organisationRole",
  "location",
  "from",
  "to",
  "status",
  "reviewState",
  "q",
] as const;
const organisationRoles = ["reporting", "implementing"] as const;

const oneOf = <T extends string>(list: readonly T[], value: string | null): T | undefined =>
  list.includes(value as T) ? (value as T) : undefined;
const month = (value: string | null) => (value && yearMonth.safeParse(value).success ? value : undefined);

/** The filter written in the URL, keeping only values the API accepts (a shared link reproduces the view). */
function filterFrom(params: URLSearchParams, signedIn: boolean): ActivityFilter {
  const text = (key: string) => params.get(key)?.trim() || undefined;
  const from = month(params.get("from"));
  const to = month(params.get("to"));
  return {
    sector: text("sector"),
    organisation: text("organisation"),
    organisationRole: params.get("organisation")
      ? oneOf(organisationRoles, params.get("organisationRole"))
      : undefined,
    location: text("location"),
    from,
    to: from && to && to < from ? undefined : to,
    status: oneOf<ActivityStatus>(activityStatuses, params.get("status")),
    reviewState: signedIn ? oneOf<ReviewState>(reviewStates, params.get("reviewState")) : undefined,
    q: text("q"),
  };
}

/** `/r/:slug/activities`: the 4W explorer (who does what, where, when), filtered, totalled, downloadable. */
export default function ActivitiesPage() {
  const { slug = "" } = useParams();
  const { t } = useTranslation();
  const format = useFormat();
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const signedIn = !!user;
  const responseId = useResponses().data?.find((r) => r.slug === slug)?.id;
  const mayWrite = hasGrantIn(user, responseId, "activity:write");
  const paramsKey = params.toString();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the string stands for the params
  const filter = useMemo(() => filterFrom(params, signedIn), [paramsKey, signedIn]);
  const list = useActivities(slug, filter);
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);

  const change = (patch: Partial<ActivityFilter>) =>
    setParams(
      (p) => {
        for (const [key, value] of Object.entries(patch)) {
          if (value) p.set(key, value);
          else p.delete(key);
        }
        return p;
      },
      { replace: "q" in patch },
    );
  const clear = () =>
    setParams((p) => {
      for (const key of keys) p.delete(key);
      return p;
    });

  const organisationLabel = filter.organisation
    ? [...rows.flatMap((a) => [a.reportingOrg, a.implementingOrg])].find((o) => o?.id === filter.organisation)
        ?.name
    : undefined;
  const downloadQuery = Object.fromEntries(Object.entries(filter).filter(([, v]) => v)) as Record<
    string,
    string
  >;
  const firstLoad = list.isPending;
  const showingPrevious = list.isPlaceholderData;

  let content: ReactNode;
  if (list.error && rows.length === 0) {
    content = <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />;
  } else if (firstLoad) {
    content = (
      <Center py="xl">
        <Loader size="sm" aria-label={t("common.loading")} />
      </Center>
    );
  } else if (rows.length === 0) {
    content = (
      <Paper withBorder p="xl" ta="center">
        <Text fw={600}>{t("activities.empty")}</Text>
        <Text c="dimmed" size="sm" mt={4}>
          {signedIn ? t("activities.emptyHint") : t("activities.emptyHintPublic")}
        </Text>
        {Object.values(filter).some(Boolean) && (
          <Button variant="light" mt="md" onClick={clear}>
            {t("activities.clearFilters")}
          </Button>
        )}
      </Paper>
    );
  } else {
    content = (
      <Stack gap="sm">
        <ActivityTable
          rows={rows}
          showReviewState={signedIn}
          loading={showingPrevious}
          linkTo={signedIn ? (a) => `/r/${slug}/activities/${a.id}/edit` : undefined}
        />
        {list.error && <ErrorAlert error={list.error} onRetry={() => void list.fetchNextPage()} />}
        <Group justify="space-between" align="center" gap="sm">
          <Text size="sm" c="dimmed" aria-live="polite" data-testid="totals-note">
            {list.hasNextPage
              ? t("activities.totalsNoteMore", { count: rows.length, formatted: format.number(rows.length) })
              : t("activities.totalsNoteAll", { count: rows.length, formatted: format.number(rows.length) })}
          </Text>
          {list.hasNextPage && (
            <Button
              variant="default"
              loading={list.isFetchingNextPage}
              disabled={showingPrevious}
              onClick={() => void list.fetchNextPage()}
            >
              {t("activities.loadMore")}
            </Button>
          )}
        </Group>
      </Stack>
    );
  }

  return (
    <Stack gap="lg" maw={1600}>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1}>{t("activities.title")}</Title>
          <Text c="dimmed">{signedIn ? t("activities.intro") : t("activities.introPublic")}</Text>
        </div>
        <Group gap="sm">
          {mayWrite && (
            <Button component={Link} to={`/r/${slug}/activities/import`} variant="light">
              {t("activities.importButton")}
            </Button>
          )}
          {mayWrite && (
            <Button component={Link} to={`/r/${slug}/activities/new`}>
              {t("activityForm.newRecord")}
            </Button>
          )}
          <DownloadMenu path={activitiesPath(slug)} query={downloadQuery} formats={["csv", "hxl", "xlsx"]} />
        </Group>
      </Group>
      <ActivityFilters
        slug={slug}
        filter={filter}
        onChange={change}
        onClear={clear}
        showReviewState={signedIn}
        organisationLabel={organisationLabel}
      />
      {content}
    </Stack>
  );
}
