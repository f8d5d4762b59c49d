import { Anchor, Breadcrumbs, Button, Group, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { type LocationProfile, useLocationProfile } from "../../api/analysis.ts";
import { downloadCsv } from "../../components/charts/download.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { PageLoader } from "../../components/PageLoader.tsx";
import { useFormat } from "../../i18n/format.ts";
import { NotFoundContent } from "../not-found/NotFoundPage.tsx";
import { MonthlyPresence } from "./MonthlyPresence.tsx";
import { PlaceMonthlyChart, PopulationChart } from "./PlaceCharts.tsx";
import { SeverityBadge } from "./PlaceSummary.tsx";
import { RecordsLink, useFigure } from "./shared.tsx";

type SectorRow = LocationProfile["sectors"][number];

/** `/r/:slug/places/:locationId`: who works in a place, its needs, population and trends. */
export default function LocationProfilePage() {
  const { slug = "", locationId = "" } = useParams();
  const { t } = useTranslation();
  const format = useFormat();
  const figure = useFigure();
  const profile = useLocationProfile(slug, locationId);
  const data = profile.data;
  if (profile.error && "status" in profile.error && profile.error.status === 404)
    return <NotFoundContent message={t("analysis.placeNotFound")} />;
  if (profile.error) return <ErrorAlert error={profile.error} onRetry={() => void profile.refetch()} />;
  if (!data) return <PageLoader />;
  const { location } = data;
  const explorer = `/r/${slug}/activities?location=${encodeURIComponent(location.code)}`;
  const save = () =>
    downloadCsv(
      `${slug}-${location.code}-sectors.csv`,
      ["sector", "organisations", "activities", "reached", "in_need", "severity", "priority_needs"],
      data.sectors.map((s) => [
        s.sector.name,
        s.organisations.map((o) => o.acronym ?? o.name).join("; "),
        s.activities,
        s.reached,
        s.inNeed,
        s.severity,
        s.priorityNeeds.join("; "),
      ]),
    );

  return (
    <Stack gap="xl" maw={1200}>
      <div>
        <Breadcrumbs separator="›" mb="xs" aria-label={t("analysis.breadcrumb")}>
          {location.parents.map((p) => (
            <Anchor key={p.id} component={Link} to={`/r/${slug}/places/${p.id}`} size="sm">
              {p.name}
            </Anchor>
          ))}
          <Text size="sm" aria-current="page">
            {location.name}
          </Text>
        </Breadcrumbs>
        <Title order={1}>{location.name}</Title>
        <Text c="dimmed">
          {location.code} ·{" "}
          {location.kind === "site"
            ? t("analysis.levelSite")
            : t("analysis.levelAdmin", { level: location.level })}
          {data.latestMonth ? ` · ${t("analysis.inMonth", { month: format.month(data.latestMonth) })}` : ""}
        </Text>
      </div>
      <Group gap="sm">
        <Button component={Link} to={explorer} variant="light">
          {t("analysis.recordsHere")}
        </Button>
        <Button component={Link} to={`/r/${slug}/map`} variant="subtle">
          {t("analysis.backToMap")}
        </Button>
      </Group>

      <section aria-labelledby="sectors-here">
        <Group justify="space-between" mb="xs">
          <Title order={2} size="h3" id="sectors-here">
            {t("analysis.whoWorksHere")}
          </Title>
          <Button variant="default" size="compact-sm" onClick={save} disabled={!data.sectors.length}>
            {t("analysis.downloadCsv")}
          </Button>
        </Group>
        <DataTable<SectorRow>
          caption={t("analysis.summaryCaption", { place: location.name })}
          captionHidden
          rows={data.sectors}
          rowKey={(s) => s.sector.id}
          empty={t("analysis.noSectorsHere")}
          minWidth={860}
          columns={[
            { key: "sector", header: t("analysis.sector"), render: (s) => <strong>{s.sector.name}</strong> },
            {
              key: "partners",
              header: t("analysis.partners"),
              render: (s) =>
                s.organisations.length === 0 ? (
                  t("common.none")
                ) : (
                  <Text size="sm">{s.organisations.map((o) => o.acronym ?? o.name).join(", ")}</Text>
                ),
            },
            {
              key: "activities",
              header: t("analysis.activities"),
              // The count opens the records it counts (the latest month's, as every figure here).
              render: (s) =>
                s.activities === 0 ? (
                  format.number(0)
                ) : (
                  <RecordsLink
                    slug={slug}
                    sector={s.sector}
                    location={location}
                    from={data.latestMonth}
                    to={data.latestMonth}
                  >
                    {format.number(s.activities)}
                  </RecordsLink>
                ),
            },
            { key: "reached", header: t("analysis.reached"), nowrap: true, render: (s) => figure(s.reached) },
            { key: "inNeed", header: t("analysis.inNeed"), nowrap: true, render: (s) => figure(s.inNeed) },
            {
              key: "severity",
              header: t("analysis.severity"),
              nowrap: true,
              render: (s) => (s.severity === null ? t("common.none") : <SeverityBadge level={s.severity} />),
            },
            {
              key: "needs",
              header: t("analysis.priorityNeeds"),
              render: (s) => (s.priorityNeeds.length ? s.priorityNeeds.join(", ") : t("common.none")),
            },
          ]}
        />
        {data.public && (
          <Text size="xs" c="dimmed" mt={4}>
            {t("analysis.profilePublicNote")}
          </Text>
        )}
      </section>

      {data.latestMonth && <MonthlyPresence slug={slug} place={location} latestMonth={data.latestMonth} />}

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <PopulationChart points={data.population} filename={`${slug}-${location.code}-population`} />
        <PlaceMonthlyChart profile={data} filename={`${slug}-${location.code}-reached`} />
      </SimpleGrid>
    </Stack>
  );
}
