import { Alert, Button, Group, SimpleGrid, Skeleton, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link, useParams, useSearchParams } from "react-router";
import { useDashboard, useProgress, useTrends } from "../../api/analysis.ts";
import { useResponses } from "../../api/responses.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { FundingBySector, MonthlyTrend, PeopleBySector } from "./DashboardCharts.tsx";
import { KeyFigures } from "./KeyFigures.tsx";
import { PopulationChart } from "./PlaceCharts.tsx";
import { ProgressTable } from "./ProgressTable.tsx";
import { SectorSelect, withParam } from "./shared.tsx";

/** `/r/:slug/dashboard` (`?sector=` for a sector's dashboard): key figures, charts and progress. */
export default function DashboardPage() {
  const { slug = "" } = useParams();
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const sector = params.get("sector") || undefined;
  const responses = useResponses();
  const response = responses.data?.find((r) => r.slug === slug);
  const dashboard = useDashboard(slug, { sector });
  const trends = useTrends(slug, { sector });
  const progress = useProgress(slug, { sector });
  const data = dashboard.data;
  const chosen = sector ? data?.sectors.find((s) => s.sector.id === sector)?.sector : undefined;
  const sectorName = chosen?.name;
  const withSector = (path: string) => (sector ? `${path}?sector=${sector}` : path);

  return (
    <Stack gap="xl" maw={1200}>
      <Group justify="space-between" align="flex-end" gap="md">
        <div>
          <Title order={1}>
            {sectorName
              ? t("analysis.sectorDashboardTitle", { sector: sectorName })
              : t("analysis.dashboardTitle")}
          </Title>
          <Text c="dimmed" maw={720}>
            {response ? t("analysis.dashboardIntro", { response: response.name }) : " "}
          </Text>
        </div>
        <SectorSelect
          slug={slug}
          value={sector}
          onChange={(id) => setParams(withParam(params, "sector", id), { replace: true })}
        />
      </Group>

      {data?.public && (
        <Alert variant="light" color="gray" p="xs">
          {t("analysis.publicNote", { n: data.threshold })}
        </Alert>
      )}

      {dashboard.error ? (
        <ErrorAlert error={dashboard.error} onRetry={() => void dashboard.refetch()} />
      ) : (
        <section aria-labelledby="figures-heading">
          <Title order={2} size="h3" id="figures-heading" mb="sm">
            {t("analysis.keyFigures")}
          </Title>
          <KeyFigures data={data} />
        </section>
      )}

      <Group gap="sm">
        <Button component={Link} to={withSector(`/r/${slug}/map`)} variant="light">
          {t("analysis.openMap")}
        </Button>
        <Button component={Link} to={withSector(`/r/${slug}/gaps`)} variant="light">
          {t("analysis.openGaps")}
        </Button>
        <Button
          component={Link}
          to={`/r/${slug}/activities${chosen ? `?sector=${encodeURIComponent(chosen.code)}` : ""}`}
          variant="subtle"
        >
          {t("analysis.openExplorer")}
        </Button>
      </Group>

      <section aria-labelledby="charts-heading">
        <Title order={2} size="h3" id="charts-heading" mb="sm">
          {t("analysis.chartsTitle")}
        </Title>
        {data ? (
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
            <PeopleBySector data={data} slug={slug} />
            <FundingBySector data={data} slug={slug} />
          </SimpleGrid>
        ) : (
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
            <Skeleton height={320} />
            <Skeleton height={320} />
          </SimpleGrid>
        )}
      </section>

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        {trends.error ? (
          <ErrorAlert error={trends.error} onRetry={() => void trends.refetch()} />
        ) : trends.data ? (
          <>
            <MonthlyTrend data={trends.data} slug={slug} />
            <PopulationChart points={trends.data.population} filename={`${slug}-population`} />
          </>
        ) : (
          <>
            <Skeleton height={320} />
            <Skeleton height={320} />
          </>
        )}
      </SimpleGrid>

      <ProgressTable data={progress.data} loading={progress.isFetching} error={progress.error} slug={slug} />
    </Stack>
  );
}
