import { Badge, Card, Group, SimpleGrid, Skeleton, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useSectors } from "../../api/sectors.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";

const orgLabel = (o: { name: string; acronym: string | null }) => o.acronym ?? o.name;

/** One tile per sector: name, code and lead organisations, linking to the sector's page. */
export function SectorTiles({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const sectors = useSectors(slug);
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
