import { Button, Group, Paper, SimpleGrid, Skeleton, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { useLocationsGeoJson } from "../../api/locations.ts";
import { useResponses } from "../../api/responses.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { LocationMap } from "../../components/LocationMap.tsx";
import { useFormat } from "../../i18n/format.ts";
import { LatestStories } from "../news/LatestStories.tsx";
import { NotFoundContent } from "../not-found/NotFoundPage.tsx";
import { StructureSummary } from "../structure/StructureSummary.tsx";
import { HubFigures } from "./HubFigures.tsx";
import { HubMeetings } from "./HubMeetings.tsx";
import { RecentDocuments } from "./RecentDocuments.tsx";
import { SectorTiles } from "./SectorTiles.tsx";

/**
 * `/r/:slug`: the response's hub: headline figures, meetings, documents, news, key counts,
 * sectors with their leads, the structure, the map and links to the lists.
 */
export default function ResponseHomePage() {
  const { slug = "" } = useParams();
  const { t } = useTranslation();
  const format = useFormat();
  const responses = useResponses();
  const sites = useLocationsGeoJson(slug, { kind: "site" });
  const response = responses.data?.find((r) => r.slug === slug);

  if (responses.error) return <ErrorAlert error={responses.error} onRetry={() => void responses.refetch()} />;
  if (responses.data && !response) return <NotFoundContent message={t("response.notFound")} />;

  return (
    <Stack gap="xl" maw={1200}>
      <div>
        {response ? (
          <>
            <Title order={1}>{response.name}</Title>
            <Text c="dimmed" mt={4}>
              {response.endsOn
                ? t("response.periodRange", {
                    from: format.date(response.startsOn),
                    to: format.date(response.endsOn),
                  })
                : t("response.periodSince", { from: format.date(response.startsOn) })}
            </Text>
          </>
        ) : (
          <Skeleton height={40} width="60%" aria-hidden />
        )}
      </div>

      <section aria-labelledby="hub-figures">
        <Title order={2} size="h3" id="hub-figures" mb="sm">
          {t("response.headlineFigures")}
        </Title>
        <HubFigures slug={slug} />
      </section>

      <Group gap="sm">
        <Button component={Link} to={`/r/${slug}/dashboard`}>
          {t("analysis.openDashboard")}
        </Button>
        <Button component={Link} to={`/r/${slug}/map`} variant="light">
          {t("analysis.openMap")}
        </Button>
        <Button component={Link} to={`/r/${slug}/activities`} variant="light">
          {t("response.open4w")}
        </Button>
        <Button component={Link} to={`/r/${slug}/events`} variant="light">
          {t("response.openCalendar")}
        </Button>
        <Button component={Link} to={`/r/${slug}/practices`} variant="light">
          {t("response.openPractices")}
        </Button>
      </Group>

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xl">
        <HubMeetings slug={slug} limit={5} />
        <RecentDocuments slug={slug} />
      </SimpleGrid>

      <LatestStories slug={slug} limit={3} />

      <section aria-labelledby="key-figures">
        <Title order={2} size="h3" id="key-figures" mb="sm">
          {t("response.keyFigures")}
        </Title>
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="md">
          {(["locations", "sites", "organisations", "sectors"] as const).map((key) => (
            <Paper key={key} withBorder p="md" shadow="xs">
              <Text size="sm" c="dimmed">
                {t(`counts.${key}`)}
              </Text>
              {response ? (
                <Text fw={750} fz={28} lh={1.3} data-testid={`count-${key}`}>
                  {format.number(response.counts[key])}
                </Text>
              ) : (
                <Skeleton height={30} mt={6} width={60} aria-hidden />
              )}
            </Paper>
          ))}
        </SimpleGrid>
      </section>

      <section aria-labelledby="sectors-heading">
        <Group justify="space-between" mb="sm">
          <Title order={2} size="h3" id="sectors-heading">
            {t("nav.sectors")}
          </Title>
          <Button component={Link} to={`/r/${slug}/sectors`} variant="subtle" size="compact-sm">
            {t("response.allSectors")}
          </Button>
        </Group>
        <SectorTiles slug={slug} />
      </section>

      <StructureSummary slug={slug} />

      <section aria-labelledby="map-heading">
        <Group justify="space-between" mb="sm">
          <Title order={2} size="h3" id="map-heading">
            {t("response.mapTitle")}
          </Title>
          <Button component={Link} to={`/r/${slug}/locations`} variant="subtle" size="compact-sm">
            {t("response.browseLocations")}
          </Button>
        </Group>
        {sites.error ? (
          <ErrorAlert error={sites.error} onRetry={() => void sites.refetch()} />
        ) : (
          <LocationMap features={sites.data} label={t("response.mapLabel")} height={380} />
        )}
      </section>

      <Group gap="sm">
        <Button component={Link} to={`/r/${slug}/locations`} variant="light">
          {t("nav.locations")}
        </Button>
        <Button component={Link} to={`/r/${slug}/organisations`} variant="light">
          {t("nav.organisations")}
        </Button>
        <Button component={Link} to={`/r/${slug}/sectors`} variant="light">
          {t("nav.sectors")}
        </Button>
        <Button component={Link} to={`/r/${slug}/structure`} variant="light">
          {t("structure.nav")}
        </Button>
      </Group>
    </Stack>
  );
}
