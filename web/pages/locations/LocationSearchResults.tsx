import { Badge, Group, NavLink, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useLocations } from "../../api/locations.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { PageLoader } from "../../components/PageLoader.tsx";

interface Props {
  slug: string;
  q: string;
  selected: string | null;
  onSelect: (code: string) => void;
}

/** Typo-tolerant search results (server side), best match first. */
export function LocationSearchResults({ slug, q, selected, onSelect }: Props) {
  const { t } = useTranslation();
  const results = useLocations(slug, { q, limit: 25 });
  if (results.error) return <ErrorAlert error={results.error} onRetry={() => void results.refetch()} />;
  if (!results.data) return <PageLoader />;
  const items = results.data.items;
  return (
    <Stack gap={2} role="region" aria-label={t("locations.results")} aria-live="polite">
      <Text size="sm" c="dimmed" mb={4}>
        {t("locations.resultCount", { count: items.length })}
      </Text>
      {items.map((l) => (
        <NavLink
          key={l.id}
          component="button"
          onClick={() => onSelect(l.code)}
          active={selected === l.code}
          aria-current={selected === l.code ? "true" : undefined}
          label={l.name}
          description={
            <Group gap={6} component="span">
              <span>{l.code}</span>
              <Badge size="xs" variant="light" color={l.kind === "site" ? "orange" : "blue"} component="span">
                {l.kind === "site"
                  ? t(`locations.siteType.${l.siteType ?? "camp"}`)
                  : t("locations.levelN", { level: l.level })}
              </Badge>
            </Group>
          }
        />
      ))}
    </Stack>
  );
}
