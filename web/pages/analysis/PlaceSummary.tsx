import {
  Anchor,
  Badge,
  Button,
  CloseButton,
  Group,
  Loader,
  Paper,
  Stack,
  Table,
  Text,
  Title,
} from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useLocationProfile } from "../../api/analysis.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { useFormat } from "../../i18n/format.ts";
import { useFigure } from "./shared.tsx";

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
            <Table.ScrollContainer minWidth={300} type="native">
              <Table verticalSpacing={4} horizontalSpacing="xs" fz="sm">
                <caption className="visually-hidden">
                  {t("analysis.summaryCaption", { place: data.location.name })}
                </caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t("analysis.sector")}</Table.Th>
                    <Table.Th scope="col">{t("analysis.partners")}</Table.Th>
                    <Table.Th scope="col">{t("analysis.reached")}</Table.Th>
                    <Table.Th scope="col">{t("analysis.inNeed")}</Table.Th>
                    <Table.Th scope="col">{t("analysis.severity")}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.sectors.map((s) => (
                    <Table.Tr key={s.sector.id}>
                      <Table.Th scope="row" fw={500}>
                        {s.sector.name}
                      </Table.Th>
                      <Table.Td>{format.number(s.organisations.length)}</Table.Td>
                      <Table.Td>{figure(s.reached)}</Table.Td>
                      <Table.Td>{figure(s.inNeed)}</Table.Td>
                      <Table.Td>
                        {s.severity === null ? t("common.none") : <SeverityBadge level={s.severity} />}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
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
    <Badge color={severityColors[level - 1] ?? "gray"} variant={level >= 4 ? "filled" : "light"}>
      {t("analysis.severityLevel", { level })}
    </Badge>
  );
}
