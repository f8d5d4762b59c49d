import { Badge, Table } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { ActivitySummary } from "../../../common/schemas/activity-summary.ts";
import { useFormat } from "../../i18n/format.ts";
import { useMonthLabel } from "../activities/months.ts";

const states = ["draft", "submitted", "approved", "rejected"] as const;

/** The last twelve months: records per review state, and which months are locked. */
export function MonthsTable({ summary }: { summary: ActivitySummary }) {
  const { t } = useTranslation();
  const format = useFormat();
  const monthLabel = useMonthLabel("short");
  const locked = new Set(summary.lockedMonths);
  return (
    <Table.ScrollContainer minWidth={440} type="native">
      <Table fz="sm" verticalSpacing={6} striped captionSide="top">
        <caption>{t("myOrganisation.monthsCaption")}</caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t("activities.month")}</Table.Th>
            {states.map((s) => (
              <Table.Th key={s} scope="col" ta="end">
                {t(`activities.reviewStates.${s}`)}
              </Table.Th>
            ))}
            <Table.Th scope="col">{t("myOrganisation.lockColumn")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {summary.months.map((m) => (
            <Table.Tr key={m.month}>
              <Table.Th scope="row" fw={500} style={{ whiteSpace: "nowrap" }}>
                {monthLabel(m.month)}
              </Table.Th>
              {states.map((s) => (
                <Table.Td
                  key={s}
                  ta="end"
                  style={{ fontVariantNumeric: "tabular-nums" }}
                  c={m[s] ? undefined : "dimmed"}
                >
                  {format.number(m[s])}
                </Table.Td>
              ))}
              <Table.Td>
                {locked.has(m.month) && (
                  <Badge color="gray" variant="light" size="sm">
                    {t("myOrganisation.locked")}
                  </Badge>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
