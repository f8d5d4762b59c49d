import { Table, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";

const asRecord = (value: unknown): Record<string, unknown> =>
  value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
const show = (value: unknown) => (value === undefined ? "" : JSON.stringify(value, null, 1));

/** Field by field, what a change did: the value before, the value after; changed fields marked. */
export function JsonDiff({ before, after }: { before: unknown; after: unknown }) {
  const { t } = useTranslation();
  const b = asRecord(before);
  const a = asRecord(after);
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  if (keys.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t("audit.noDetails")}
      </Text>
    );
  return (
    <Table withTableBorder fz="xs" verticalSpacing={4} captionSide="top" layout="fixed">
      <caption className="visually-hidden">{t("audit.changes")}</caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col" w="22%">
            {t("audit.field")}
          </Table.Th>
          <Table.Th scope="col">{t("audit.before")}</Table.Th>
          <Table.Th scope="col">{t("audit.after")}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {keys.map((key) => {
          const changed = show(b[key]) !== show(a[key]);
          return (
            <Table.Tr key={key} bg={changed ? "yellow.0" : undefined}>
              <Table.Th scope="row" fw={changed ? 700 : 500}>
                {key}
                {changed && <span className="visually-hidden"> ({t("audit.changed")})</span>}
              </Table.Th>
              <Table.Td className="isx-json" c={changed ? "red.9" : undefined}>
                {show(b[key])}
              </Table.Td>
              <Table.Td className="isx-json" c={changed ? "teal.9" : undefined}>
                {show(a[key])}
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
