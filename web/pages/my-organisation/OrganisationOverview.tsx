import { Button, Group, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useOrganisationSummary } from "../../api/activityRecords.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { PageLoader } from "../../components/PageLoader.tsx";
import { recentMonths } from "../activities/months.ts";
import { DueMonth } from "./DueMonth.tsx";
import { MonthsTable } from "./MonthsTable.tsx";
import { RejectedList } from "./RejectedList.tsx";

/** One organisation's reporting: what is due, what to fix, the last twelve months, and where to act. */
export function OrganisationOverview({ slug, organisationId }: { slug: string; organisationId: string }) {
  const { t } = useTranslation();
  const summary = useOrganisationSummary(slug, organisationId);
  // The reporting month just ended (the current month is the second of the list).
  const due = recentMonths(2)[1]!;
  if (summary.isPending) return <PageLoader />;
  if (summary.error) return <ErrorAlert error={summary.error} onRetry={() => void summary.refetch()} />;
  const s = summary.data;
  const name = s.organisation.acronym
    ? `${s.organisation.name} (${s.organisation.acronym})`
    : s.organisation.name;

  return (
    <Stack gap="md" component="section" aria-labelledby={`org-${organisationId}`}>
      <Group justify="space-between" align="flex-end" gap="sm">
        <Title order={2} id={`org-${organisationId}`}>
          {name}
        </Title>
        <Group gap="sm">
          <Button component={Link} to={`/r/${slug}/activities/new?organisation=${organisationId}`}>
            {t("myOrganisation.newRecord")}
          </Button>
          <Button
            component={Link}
            to={`/r/${slug}/activities?organisation=${organisationId}`}
            variant="default"
          >
            {t("myOrganisation.openExplorer")}
          </Button>
        </Group>
      </Group>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <DueMonth
          slug={slug}
          organisationId={organisationId}
          month={due}
          counts={s.months.find((m) => m.month === due)}
          locked={s.lockedMonths.includes(due)}
        />
        <RejectedList slug={slug} organisationId={organisationId} summary={s} />
      </SimpleGrid>
      <Paper withBorder p="md">
        <MonthsTable summary={s} />
        <Text size="xs" c="dimmed" mt="xs">
          {t("myOrganisation.monthsNote")}
        </Text>
      </Paper>
    </Stack>
  );
}
