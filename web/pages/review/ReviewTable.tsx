import { Anchor, Checkbox, Table, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { ActivityOutput } from "../../../common/schemas/activities.ts";
import { useFormat } from "../../i18n/format.ts";
import { useMonthLabel } from "../activities/months.ts";

interface Props {
  slug: string;
  rows: ActivityOutput[];
  selected: Set<string>;
  onToggle: (id: string, on: boolean) => void;
  onToggleAll: (on: boolean) => void;
  /** Whether the user may review this record (others show without a checkbox). */
  reviewable: (a: ActivityOutput) => boolean;
  loading: boolean;
}

// Mantine's default box border is too faint for a control (WCAG 1.4.11 asks 3:1): gray.7 is.
const boxStyles = { input: { borderColor: "var(--mantine-color-gray-7)" } };

/** One line per submitted record; the checkboxes are native, so Tab and Space select them. */
export function ReviewTable({ slug, rows, selected, onToggle, onToggleAll, reviewable, loading }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const monthLabel = useMonthLabel("short");
  const selectable = rows.filter(reviewable);
  const chosen = selectable.filter((a) => selected.has(a.id)).length;
  const none = t("common.none");
  const describe = (a: ActivityOutput) =>
    t("review.rowLabel", {
      activity: a.activityType.name,
      location: a.location.name,
      organisation: a.reportingOrg.acronym ?? a.reportingOrg.name,
      month: monthLabel(a.reportingMonth),
    });

  return (
    <Table.ScrollContainer minWidth={980} type="native" maxHeight="65vh">
      <Table
        striped
        highlightOnHover
        stickyHeader
        verticalSpacing="xs"
        fz="sm"
        aria-busy={loading ? true : undefined}
        style={{ opacity: loading ? 0.6 : 1 }}
      >
        <caption className="visually-hidden">{t("review.tableCaption")}</caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col" w={44}>
              <Checkbox
                aria-label={t("review.selectAll")}
                styles={boxStyles}
                checked={selectable.length > 0 && chosen === selectable.length}
                indeterminate={chosen > 0 && chosen < selectable.length}
                disabled={selectable.length === 0}
                onChange={(e) => onToggleAll(e.currentTarget.checked)}
              />
            </Table.Th>
            <Table.Th scope="col">{t("activities.activityType")}</Table.Th>
            <Table.Th scope="col">{t("activities.location")}</Table.Th>
            <Table.Th scope="col">{t("activities.reportingOrg")}</Table.Th>
            <Table.Th scope="col">{t("activities.month")}</Table.Th>
            <Table.Th scope="col">{t("activities.sector")}</Table.Th>
            <Table.Th scope="col" ta="end">
              {t("activities.reachedTotal")}
            </Table.Th>
            <Table.Th scope="col">{t("review.updated")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((a) => (
            <Table.Tr key={a.id} data-testid="review-row" bg={selected.has(a.id) ? "blue.0" : undefined}>
              <Table.Td>
                {reviewable(a) && (
                  <Checkbox
                    aria-label={describe(a)}
                    styles={boxStyles}
                    checked={selected.has(a.id)}
                    onChange={(e) => onToggle(a.id, e.currentTarget.checked)}
                  />
                )}
              </Table.Td>
              <Table.Td>
                <Anchor component={Link} to={`/r/${slug}/activities/${a.id}/edit`} size="sm">
                  {a.activityType.name}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{a.location.name}</Text>
                <Text size="xs" c="dimmed" ff="monospace">
                  {a.location.code}
                </Text>
              </Table.Td>
              <Table.Td title={a.reportingOrg.name}>{a.reportingOrg.acronym ?? a.reportingOrg.name}</Table.Td>
              <Table.Td style={{ whiteSpace: "nowrap" }}>{monthLabel(a.reportingMonth)}</Table.Td>
              <Table.Td ff="monospace" style={{ whiteSpace: "nowrap" }}>
                {a.subSector ? `${a.sector.code} › ${a.subSector.code}` : a.sector.code}
              </Table.Td>
              <Table.Td ta="end" style={{ fontVariantNumeric: "tabular-nums" }}>
                {a.reachedTotal == null ? none : format.number(a.reachedTotal)}
              </Table.Td>
              <Table.Td style={{ whiteSpace: "nowrap" }}>{format.dateTime(a.updatedAt)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
