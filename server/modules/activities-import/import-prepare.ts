import { invalid } from "../../errors.ts";
import { detectHeader, hashtagRowSearchLimit } from "../tabular/detect.ts";
import { isTableError } from "../tabular/errors.ts";
import type { RawRow } from "../tabular/read-table.ts";
import { takeHead } from "../tabular/read-table.ts";
import {
  columnLabel,
  type ExplicitMapping,
  type ImportField,
  type MappedColumn,
  mapColumns,
} from "./import-columns.ts";
import type { ImportIssue } from "./import-types.ts";

/**
 * The first step of an import: find the header (and HXL hashtag row), map the columns to fields,
 * and refuse a file that lacks a column the records need, before any row is read.
 */

export interface PreparedTable {
  hashtagRow: number | null;
  headerRow: number | null;
  columns: MappedColumn[];
  fieldColumn: Map<ImportField, MappedColumn>;
  /** Problems with the header or mapping (warnings; errors are thrown). */
  issues: ImportIssue[];
  /** The data rows after the header, blank rows included, read lazily. */
  dataRows: () => AsyncGenerator<RawRow>;
}

/** Turns a table-reading problem into a 400 with the reader's message. */
export function unreadable(error: unknown): never {
  if (isTableError(error))
    throw invalid(error.message, [
      { path: "file", message: `${error.code}${error.details.row ? ` (row ${error.details.row})` : ""}` },
    ]);
  throw error;
}

const required: [ImportField, string][] = [
  ["reportingOrg", "the reporting organisation"],
  ["sector", "the sector"],
  ["locationCode", "the location (a code or name column)"],
  ["startDate", "the start date"],
  ["endDate", "the end date"],
  ["reportingMonth", "the reporting month"],
  ["status", "the status"],
];

/** Reads the head of the table and maps its columns; throws a 400 AppError when it cannot. */
export async function prepareTable(
  rows: AsyncIterable<RawRow>,
  mapping: ExplicitMapping | undefined,
): Promise<PreparedTable> {
  const { head, rest } = await takeHead(rows, hashtagRowSearchLimit).catch(unreadable);
  const detection = detectHeader(head);
  if (detection.headerRow === null && detection.hashtagRow === null)
    throw invalid("The file has no rows.", [{ path: "file", message: "EMPTY_FILE" }]);
  const hashtagRow = detection.hashtagRow;
  const mapped = mapColumns(detection.columns, hashtagRow !== null, mapping);
  const issues: ImportIssue[] = [];
  for (const w of detection.warnings) {
    const column = detection.columns.find((c) => c.index === w.column);
    issues.push({
      row: hashtagRow,
      column: column ? columnLabel(column) : null,
      severity: "warning",
      code: w.code,
      value: w.value,
      message: w.message,
    });
  }
  const unknown = mapped.problems.filter((p) => p.code === "UNKNOWN_MAPPING");
  if (unknown.length)
    throw invalid(
      "The column mapping is not valid.",
      unknown.map((p) => ({ path: `mapping.${p.column}`, message: p.message })),
    );
  for (const p of mapped.problems)
    issues.push({
      row: hashtagRow ?? detection.headerRow,
      column: p.column,
      severity: "warning",
      code: p.code,
      value: p.value,
      message: p.message,
    });

  const fieldColumn = new Map<ImportField, MappedColumn>();
  for (const c of mapped.columns) if (c.field) fieldColumn.set(c.field, c);
  const missing = required.filter(
    ([f]) => !fieldColumn.has(f) && !(f === "locationCode" && fieldColumn.has("locationName")),
  );
  if (!fieldColumn.has("activityType") && !fieldColumn.has("activityName"))
    missing.push(["activityType", "the activity type (a code or name column)"]);
  if (missing.length)
    throw invalid(
      `The file has no column for ${missing.map(([, what]) => what).join(", ")}.`,
      missing.map(([f, what]) => ({ path: `columns.${f}`, message: `no column for ${what}` })),
    );

  return {
    hashtagRow,
    headerRow: detection.headerRow,
    columns: mapped.columns,
    fieldColumn,
    issues,
    dataRows: async function* () {
      for (const r of head) if (r.row > detection.dataAfterRow) yield r;
      yield* rest;
    },
  };
}
