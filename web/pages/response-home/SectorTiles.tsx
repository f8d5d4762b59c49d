import { Badge, Card, Group, SimpleGrid, Skeleton, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useSectors } from "../../api/sectors.ts";
import { useUser } from "../../api/session.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { useContacts } from "../contacts/api.ts";

const orgLabel = (o: { name: string; acronym: string | null }) => o.acronym ?? o.name;

/**
 * The people who chair or co-chair each sector's platform, by sector id. Contacts are for signed-in
 * users only, so visitors get an empty map and the tiles show the lead organisations alone.
 */
function useSectorCoordinators(slug: string): Map<string, string[]> {
  const signedIn = !!useUser();
  // Only the chairs: a handful of people, not the whole directory.
  const chairs = useContacts(slug, { chairs: "true", limit: 500 }, signedIn);
  const bySector = new Map<string, string[]>();
  for (const person of chairs.data?.items ?? [])
    for (const seat of person.platforms) {
      if (!seat.sectorId || (seat.role !== "chair" && seat.role !== "co_chair")) continue;
      bySector.set(seat.sectorId, [...(bySector.get(seat.sectorId) ?? []), person.name]);
    }
  return bySector;
}

/** One tile per sector: name, code, lead organisations and coordinators, linking to the sector's page. */
export function SectorTiles({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const sectors = useSectors(slug);
  const coordinators = useSectorCoordinators(slug);
  if (sectors.error) return <ErrorAlert error={sectors.error} onRetry={() => void sectors.refetch()} />;
  if (sectors.data?.length === 0) return <Text c="dimmed">{t("sectors.empty")}</Text>;
  const sorted = [...(sectors.data ?? [])].sort(
    (a, b) => Number(!!a.parentId) - Number(!!b.parentId) || a.name.localeCompare(b.name),
  );
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, md: 3, lg: 4 }} spacing="sm">
      {sectors.isPending && [0, 1, 2, 3].map((i) => <Skeleton key={i} height={96} radius="md" aria-hidden />)}
      {sorted.map((s) => (
        <Card
          key={s.id}
          withBorder
          padding="sm"
          component={Link}
          to={`/r/${slug}/sectors/${encodeURIComponent(s.code)}`}
          aria-label={t("sectors.tileLabel", { name: s.name, code: s.code })}
          data-testid="sector-tile"
        >
          <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
            <Text fw={650} lh={1.3}>
              {s.name}
            </Text>
            <Badge variant="light" style={{ flexShrink: 0 }}>
              {s.code}
            </Badge>
          </Group>
          <Text size="sm" c="dimmed" mt={6}>
            {s.leads.length > 0
              ? t("sectors.ledBy", { leads: s.leads.map(orgLabel).join(", ") })
              : t("sectors.noLead")}
          </Text>
          {coordinators.has(s.id) && (
            <Text size="sm" mt={2}>
              {t("sectors.coordinatedBy", { names: coordinators.get(s.id)!.join(", ") })}
            </Text>
          )}
          {s.kind !== "sector" && (
            <Text size="xs" c="dimmed" mt={2}>
              {t(`sectors.kind.${s.kind}`)}
            </Text>
          )}
        </Card>
      ))}
    </SimpleGrid>
  );
}
