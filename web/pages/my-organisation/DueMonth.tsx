import { Alert, Anchor, Badge, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { MonthCounts } from "../../../common/schemas/activity-summary.ts";
import { useMonthLabel } from "../activities/months.ts";

interface Props {
  slug: string;
  organisationId: string;
  /** YYYY-MM: the reporting month just ended. */
  month: string;
  counts: MonthCounts | undefined;
  locked: boolean;
}

const states = ["approved", "submitted", "draft", "rejected"] as const;

/** What is due: has the organisation reported for the month just ended, and what is left to submit. */
export function DueMonth({ slug, organisationId, month, counts, locked }: Props) {
  const { t } = useTranslation();
  const monthLabel = useMonthLabel();
  const c = counts ?? { month, draft: 0, submitted: 0, approved: 0, rejected: 0 };
  const total = c.draft + c.submitted + c.approved + c.rejected;
  const explorer = (reviewState?: string) =>
    `/r/${slug}/activities?${new URLSearchParams({
      organisation: organisationId,
      // What is due is what the organisation reports, not what it implements for others.
      organisationRole: "reporting",
      from: month,
      to: month,
      ...(reviewState ? { reviewState } : {}),
    })}`;
  const name = monthLabel(month);

  return (
    <Paper withBorder p="md" component="section" aria-labelledby={`due-${organisationId}`}>
      <Stack gap="sm">
        <Group gap="sm">
          <Title order={3} size="h4" id={`due-${organisationId}`}>
            {t("myOrganisation.dueTitle", { month: name })}
          </Title>
          {locked && (
            <Badge color="gray" variant="light">
              {t("myOrganisation.locked")}
            </Badge>
          )}
        </Group>
        {total === 0 ? (
          <Alert color={locked ? "gray" : "orange"} variant="light" data-testid="due-status">
            {locked
              ? t("myOrganisation.nothingLocked", { month: name })
              : t("myOrganisation.nothing", { month: name })}
          </Alert>
        ) : (
          <Text data-testid="due-status">
            {t("myOrganisation.reported", { count: total, month: name })}{" "}
            {states
              .filter((state) => c[state] > 0)
              .map((state) => t(`myOrganisation.states.${state}`, { count: c[state] }))
              .join(", ")}
            .
          </Text>
        )}
        {c.draft > 0 && !locked && (
          <Text size="sm">
            {t("myOrganisation.drafts", { count: c.draft })}{" "}
            <Anchor component={Link} to={explorer("draft")}>
              {t("myOrganisation.openDrafts")}
            </Anchor>
          </Text>
        )}
        {locked && <Text size="sm">{t("myOrganisation.lockedHelp")}</Text>}
        {total > 0 && (
          <Anchor component={Link} to={explorer()} size="sm">
            {t("myOrganisation.openMonth", { month: name })}
          </Anchor>
        )}
      </Stack>
    </Paper>
  );
}
