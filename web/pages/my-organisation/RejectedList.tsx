import { Anchor, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { ActivitySummary } from "../../../common/schemas/activity-summary.ts";
import { useMonthLabel } from "../activities/months.ts";

interface Props {
  slug: string;
  organisationId: string;
  summary: ActivitySummary;
}

/** Records the coordinators sent back, with their reasons and a link to fix each. */
export function RejectedList({ slug, organisationId, summary }: Props) {
  const { t } = useTranslation();
  const monthLabel = useMonthLabel("short");
  const headingId = `rejected-${organisationId}`;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Title order={3} size="h4" id={headingId}>
          {t("myOrganisation.rejectedTitle", { count: summary.rejectedTotal })}
        </Title>
        {summary.rejected.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t("myOrganisation.noRejected")}
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={640} type="native">
            <Table fz="sm" verticalSpacing="xs" striped aria-labelledby={headingId}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t("activities.month")}</Table.Th>
                  <Table.Th scope="col">{t("activities.activityType")}</Table.Th>
                  <Table.Th scope="col">{t("activities.location")}</Table.Th>
                  <Table.Th scope="col">{t("myOrganisation.reason")}</Table.Th>
                  <Table.Th scope="col">
                    <span className="visually-hidden">{t("common.actions")}</span>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {summary.rejected.map((r) => (
                  <Table.Tr key={r.id} data-testid="rejected-row">
                    <Table.Td style={{ whiteSpace: "nowrap" }}>{monthLabel(r.reportingMonth)}</Table.Td>
                    <Table.Td>
                      {r.activityType.name}
                      <Text size="xs" c="dimmed" ff="monospace">
                        {r.sector.code}
                      </Text>
                    </Table.Td>
                    <Table.Td>{r.location.name}</Table.Td>
                    <Table.Td>{r.rejectionReason ?? t("activityForm.noReason")}</Table.Td>
                    <Table.Td>
                      <Anchor component={Link} to={`/r/${slug}/activities/${r.id}/edit`}>
                        {t("myOrganisation.fix")}
                        <span className="visually-hidden">
                          {`: ${r.activityType.name}, ${r.location.name}, ${monthLabel(r.reportingMonth)}`}
                        </span>
                      </Anchor>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {summary.rejectedTotal > summary.rejected.length && (
          <Anchor
            component={Link}
            to={`/r/${slug}/activities?organisation=${organisationId}&reviewState=rejected`}
            size="sm"
          >
            {t("myOrganisation.allRejected", { count: summary.rejectedTotal })}
          </Anchor>
        )}
      </Stack>
    </Paper>
  );
}
