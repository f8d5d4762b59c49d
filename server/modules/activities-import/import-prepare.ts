import { type AppError, invalid } from "../../errors.ts";
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
import type { ActivityImportReport, ImportIssue } from "./import-types.ts";

/**
 * The first step of an import: find the header (and HXL hashtag row), map the columns to fields,
 * and refuse a file that lacks a column the records need, before any row is read.
 */

export interface PreparedTable extends HeadDescription {
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

/**
 * A file refused with a 400 (by `unreadable` or `prepareTable`) as a report: no rows, and the
 * refusal as its one error issue, with the reader's code and line when it named them (EMPTY_FILE,
 * MIXED_ENCODING at row 6), else VALIDATION_FAILED and no line. For callers that print a report
 * whatever happens, as the CLI's --json should.
 */
export function refusedFileReport(error: AppError): ActivityImportReport {
  const file = error.details.find((d) => d.path === "file");
  // The detail `unreadable` writes: "CODE" or "CODE (row N)".
  const named = file ? /^([A-Z_]+)(?: \(row (\d+)\))?$/.exec(file.message) : null;
  return {
    rows: 0,
    valid: 0,
    invalid: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    hashtagRow: null,
    columns: [],
    issues: [
      {
        row: named?.[2] ? Number(named[2]) : null,
        column: null,
        severity: "error",
        code: named?.[1] ?? error.code,
        value: null,
        message: error.message,
      },
    ],
  };
}

const required: [ImportField, string][] = [
  ["reportingOrg", "the reporting organisation"],
  ["sector", "the sector"],
  ["locationCode", "the location (a code or name column, or an admin area such as #adm3+name)"],
  ["startDate", "the start date"],
  ["endDate", "the end date"],
  ["reportingMonth", "the reporting month"],
  ["status", "the status"],
];

export interface HeadDescription {
  hashtagRow: number | null;
  headerRow: number | null;
  dataAfterRow: number;
  columns: MappedColumn[];
  fieldColumn: Map<ImportField, MappedColumn>;
  /** Problems with the header or mapping (warnings; invalid mappings are `mappingErrors`). */
  issues: ImportIssue[];
  mappingErrors: { path: string; message: string }[];
  /** Fields the records need that no column fills. */
  missing: { field: ImportField; message: string }[];
}

/** Finds the header and hashtag rows among the first rows and maps the columns (never throws). */
export function describeHead(head: RawRow[], mapping: ExplicitMapping | undefined): HeadDescription | null {
  const detection = detectHeader(head);
  if (detection.headerRow === null && detection.hashtagRow === null) return null;
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
  for (const p of mapped.problems)
    if (p.code !== "UNKNOWN_MAPPING")
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
  // Any column that can name the location will do: a code, a name, or an admin area (#adm3+name).
  const locationMapped = [...fieldColumn.keys()].some((f) => /^location|^adm\d/.test(f));
  const missing = required
    .filter(([f]) => !fieldColumn.has(f) && !(f === "locationCode" && locationMapped))
    .map(([field, what]) => ({ field, message: `no column for ${what}` }));
  if (!fieldColumn.has("activityType") && !fieldColumn.has("activityName"))
    missing.push({
      field: "activityType",
      message: "no column for the activity type (a code or name column)",
    });
  return {
    hashtagRow,
    headerRow: detection.headerRow,
    dataAfterRow: detection.dataAfterRow,
    columns: mapped.columns,
    fieldColumn,
    issues,
    mappingErrors: mapped.problems
      .filter((p) => p.code === "UNKNOWN_MAPPING")
      .map((p) => ({ path: `mapping.${p.column}`, message: p.message })),
    missing,
  };
}

/** Reads the head of the table and maps its columns; throws a 400 AppError when it cannot. */
export async function prepareTable(
  rows: AsyncIterable<RawRow>,
  mapping: ExplicitMapping | undefined,
): Promise<PreparedTable> {
  const { head, rest } = await takeHead(rows, hashtagRowSearchLimit).catch(unreadable);
  const described = describeHead(head, mapping);
  if (!described) throw invalid("The file has no rows.", [{ path: "file", message: "EMPTY_FILE" }]);
  if (described.mappingErrors.length)
    throw invalid("The column mapping is not valid.", described.mappingErrors);
  if (described.missing.length)
    throw invalid(
      `The file has no column for ${described.missing.map((m) => m.message.replace(/^no column for /, "")).join(", ")}.`,
      [
        ...described.missing.map((m) => ({ path: `columns.${m.field}`, message: m.message })),
        // The header's warnings too: an unknown or legacy hashtag is often why a column is missing.
        ...described.issues.map((i) => ({
          path: `header.${i.column ?? ""}`,
          message: `${i.code}: ${i.message}`,
        })),
      ],
    );
  return {
    ...described,
    dataRows: async function* () {
      for (const r of head) if (r.row > described.dataAfterRow) yield r;
      yield* rest;
    },
  };
}
