import { Anchor, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { ActivitySummary } from "../../../common/schemas/activity-summary.ts";
import { useMonthLabel } from "../activities/months.ts";

interface Props {
  slug: string;
  organisationId: string;
  summary: ActivitySummary;
}

/** Records the coordinators sent back, with their reasons and a link to fix each (a list: reasons are long). */
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
          <Stack gap="xs" component="ul" m={0} p={0} style={{ listStyle: "none" }}>
            {summary.rejected.map((r) => (
              <li key={r.id} data-testid="rejected-row">
                <Paper bg="red.0" p="sm" radius="sm">
                  <Group justify="space-between" align="flex-start" gap="xs" wrap="nowrap">
                    <Text size="sm" fw={600}>
                      {r.activityType.name} · {r.location.name} · {monthLabel(r.reportingMonth)}
                    </Text>
                    <Anchor component={Link} to={`/r/${slug}/activities/${r.id}/edit`} size="sm" fw={600}>
                      {t("myOrganisation.fix")}
                      <span className="visually-hidden">
                        {`: ${r.activityType.name}, ${r.location.name}, ${monthLabel(r.reportingMonth)}`}
                      </span>
                    </Anchor>
                  </Group>
                  <Text size="sm" mt={4}>
                    <Text span size="sm" c="dimmed">
                      {t("myOrganisation.reason")}:{" "}
                    </Text>
                    {r.rejectionReason ?? t("activityForm.noReason")}
                  </Text>
                </Paper>
              </li>
            ))}
          </Stack>
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
