import {
  Anchor,
  Badge,
  Box,
  Button,
  CloseButton,
  Group,
  Loader,
  Paper,
  Stack,
  Text,
  Title,
} from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useLocationProfile } from "../../api/analysis.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { useFormat } from "../../i18n/format.ts";
import { RecordsLink, useFigure } from "./shared.tsx";

/** The sector summary of the place chosen on the map, with a link to its profile. */
export function PlaceSummary({
  slug,
  locationId,
  onClose,
}: {
  slug: string;
  locationId: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const figure = useFigure();
  const profile = useLocationProfile(slug, locationId);
  const data = profile.data;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="place-summary-heading" aria-live="polite">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <div>
          <Title order={2} size="h4" id="place-summary-heading">
            {data ? data.location.name : t("common.loading")}
          </Title>
          {data && (
            <Text size="xs" c="dimmed">
              {data.location.code}
              {data.latestMonth ? ` · ${format.month(data.latestMonth)}` : ""}
            </Text>
          )}
        </div>
        <CloseButton onClick={onClose} aria-label={t("analysis.closeSummary")} />
      </Group>
      {profile.error ? (
        <ErrorAlert error={profile.error} onRetry={() => void profile.refetch()} />
      ) : !data ? (
        <Loader size="sm" mt="md" aria-label={t("common.loading")} />
      ) : (
        <Stack gap="sm" mt="sm">
          {data.sectors.length === 0 ? (
            <Text c="dimmed" size="sm">
              {t("analysis.noSectorsHere")}
            </Text>
          ) : (
            <Box
              component="ul"
              m={0}
              p={0}
              style={{ listStyle: "none" }}
              aria-label={t("analysis.summaryCaption", { place: data.location.name })}
            >
              {data.sectors.map((s) => (
                <Box
                  component="li"
                  key={s.sector.id}
                  py={6}
                  style={{ borderTop: "1px solid var(--mantine-color-gray-2)" }}
                >
                  <Group justify="space-between" gap="xs" wrap="nowrap">
                    <Text size="sm" fw={600}>
                      {s.sector.name}
                    </Text>
                    {s.severity !== null && <SeverityBadge level={s.severity} />}
                  </Group>
                  <Text size="xs" c="dimmed">
                    {[
                      `${t("analysis.partners")}: ${format.number(s.organisations.length)}`,
                      `${t("analysis.reached")}: ${figure(s.reached)}`,
                      `${t("analysis.inNeed")}: ${figure(s.inNeed)}`,
                    ].join(" · ")}
                  </Text>
                  <RecordsLink
                    slug={slug}
                    size="xs"
                    sector={s.sector}
                    location={data.location}
                    from={data.latestMonth}
                    to={data.latestMonth}
                  />
                </Box>
              ))}
            </Box>
          )}
          <Button component={Link} to={`/r/${slug}/places/${data.location.id}`} variant="light">
            {t("analysis.openProfile", { place: data.location.name })}
          </Button>
          <Anchor
            component={Link}
            to={`/r/${slug}/activities?location=${encodeURIComponent(data.location.code)}`}
            size="sm"
          >
            {t("analysis.recordsHere")}
          </Anchor>
        </Stack>
      )}
    </Paper>
  );
}

const severityColors = ["yellow", "orange", "orange", "red", "red"];

export function SeverityBadge({ level }: { level: number }) {
  const { t } = useTranslation();
  return (
    <Badge
      color={severityColors[level - 1] ?? "gray"}
      variant={level >= 4 ? "filled" : "light"}
      style={{ flex: "none", overflow: "visible" }}
    >
      {t("analysis.severityLevel", { level })}
    </Badge>
  );
}
