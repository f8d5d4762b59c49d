import { Center, Loader, Table, Text } from "@mantine/core";
import { Fragment, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "./ErrorAlert.tsx";

export interface Column<T> {
  key: string;
  header: ReactNode;
  render: (row: T) => ReactNode;
  /** Keep the cell on one line (codes, dates). */
  nowrap?: boolean;
}

interface DataTableProps<T> {
  /** The table's accessible name; shown above the table unless captionHidden. */
  caption: string;
  captionHidden?: boolean;
  columns: Column<T>[];
  rows: T[] | undefined;
  rowKey: (row: T, index: number) => string;
  loading?: boolean;
  error?: unknown;
  onRetry?: () => void;
  empty?: ReactNode;
  /** Extra content under a row (details), spanning all columns. */
  expanded?: (row: T) => ReactNode | null;
  minWidth?: number;
}

/** A captioned, horizontally scrollable table with loading, error and empty states. */
export function DataTable<T>(props: DataTableProps<T>) {
  const { t } = useTranslation();
  const { columns, rows, loading, error } = props;
  if (error && !rows) return <ErrorAlert error={error} onRetry={props.onRetry} />;

  let body: ReactNode;
  if (!rows && loading) {
    body = (
      <Table.Tr>
        <Table.Td colSpan={columns.length}>
          <Center py="lg">
            <Loader size="sm" aria-label={t("common.loading")} />
          </Center>
        </Table.Td>
      </Table.Tr>
    );
  } else if (!rows || rows.length === 0) {
    body = (
      <Table.Tr>
        <Table.Td colSpan={columns.length}>
          <Text c="dimmed" ta="center" py="lg">
            {props.empty ?? t("common.noResults")}
          </Text>
        </Table.Td>
      </Table.Tr>
    );
  } else {
    body = rows.map((row, index) => {
      const extra = props.expanded?.(row);
      return (
        <Fragment key={props.rowKey(row, index)}>
          <Table.Tr>
            {columns.map((c) => (
              <Table.Td key={c.key} style={c.nowrap ? { whiteSpace: "nowrap" } : undefined}>
                {c.render(row)}
              </Table.Td>
            ))}
          </Table.Tr>
          {extra && (
            <Table.Tr bg="gray.0">
              <Table.Td colSpan={columns.length}>{extra}</Table.Td>
            </Table.Tr>
          )}
        </Fragment>
      );
    });
  }

  return (
    <Table.ScrollContainer minWidth={props.minWidth ?? 640} type="native">
      <Table
        striped
        highlightOnHover
        verticalSpacing="sm"
        captionSide="top"
        aria-busy={loading ? true : undefined}
        style={{ opacity: loading && rows ? 0.6 : 1, transition: "opacity 120ms" }}
      >
        <caption className={props.captionHidden ? "visually-hidden" : undefined}>{props.caption}</caption>
        <Table.Thead>
          <Table.Tr>
            {columns.map((c) => (
              <Table.Th key={c.key} scope="col">
                {c.header}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>{body}</Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
