import { Badge, Group, Paper, SimpleGrid, Stack, Table, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { type ImportReport, issuesOmittedCode } from "../../../common/schemas/activity-imports.ts";
import { useFormat } from "../../i18n/format.ts";

/** How many issue lines the page lists; the annotated download has them all. */
const shownIssues = 200;

/** A run's report: the counts, then each issue with its row, column, value and reason. */
export function ReportView({ report, dryRun }: { report: ImportReport; dryRun: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const figures: [string, number][] = [
    [t("imports.report.rows"), report.rows],
    [t("imports.report.valid"), report.valid],
    [t("imports.report.invalid"), report.invalid],
    [dryRun ? t("imports.report.wouldCreate") : t("imports.report.created"), report.created],
    [dryRun ? t("imports.report.wouldUpdate") : t("imports.report.updated"), report.updated],
    [t("imports.report.unchanged"), report.unchanged],
  ];
  // The last issue of a long report counts those it left out (its value); it is shown as "more".
  const omitted = report.issues.find((i) => i.code === issuesOmittedCode);
  const listed = report.issues.filter((i) => i !== omitted);
  const issues = listed.slice(0, shownIssues);
  const more = listed.length - issues.length + Number(omitted?.value ?? 0);
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 2, sm: 3, md: 6 }} spacing="xs">
        {figures.map(([label, value]) => (
          <Paper key={label} withBorder p="xs">
            <Text size="xs" c="dimmed">
              {label}
            </Text>
            <Text fw={700} size="lg">
              {format.number(value)}
            </Text>
          </Paper>
        ))}
      </SimpleGrid>
      {issues.length > 0 && (
        <Table.ScrollContainer minWidth={340}>
          <Table withTableBorder verticalSpacing="xs" data-testid="import-issues">
            <Table.Caption>{t("imports.report.issuesCaption")}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col" w={96}>
                  {t("imports.report.row")}
                </Table.Th>
                <Table.Th scope="col">{t("imports.report.column")}</Table.Th>
                <Table.Th scope="col">{t("imports.report.message")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {issues.map((i) => (
                <Table.Tr key={`${i.row}|${i.column}|${i.code}|${i.message}`}>
                  <Table.Td>
                    <Stack gap={4} align="flex-start">
                      <Text size="sm">{i.row ?? "—"}</Text>
                      <Badge
                        color={i.severity === "error" ? "red" : "yellow"}
                        variant="light"
                        styles={{ label: { overflow: "visible" } }}
                      >
                        {t(`imports.report.${i.severity}`)}
                      </Badge>
                    </Stack>
                  </Table.Td>
                  <Table.Td>{i.column ?? "—"}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{i.message}</Text>
                    {i.value && (
                      <Text size="xs" c="dimmed">
                        {t("imports.report.value", { value: i.value })}
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {more > 0 && (
        <Group>
          <Text size="sm" c="dimmed">
            {t("imports.report.more", { count: more, formatted: format.number(more) })}
          </Text>
        </Group>
      )}
    </Stack>
  );
}
