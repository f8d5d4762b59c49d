import { analyzeAfterBulkWrite, type Db, yieldToEventLoop } from "../../db/client.ts";
import { invalid } from "../../errors.ts";
import { detectHeader, hashtagRowSearchLimit } from "../tabular/detect.ts";
import { isTableError } from "../tabular/errors.ts";
import { openTable, type RawRow, type TableSource, takeHead } from "../tabular/read-table.ts";
import { columnLabel, type ImportField, type MappedColumn, mapColumns } from "./import-columns.ts";
import { commitRows } from "./import-commit.ts";
import { ReferenceCache } from "./import-references.ts";
import { naturalKey, readRow } from "./import-rows.ts";
import type { ActivityImportReport, ImportIssue, ImportOptions, PlannedRow } from "./import-types.ts";

/**
 * Importing 4W records from CSV, XLSX or HXL: read (streamed), map columns, resolve references,
 * validate each row with the rules of the API, then match existing records and write what
 * changed, all in one transaction.
 */

/** Turns a table-reading problem into a 400 with the reader's message. */
function unreadable(error: unknown): never {
  if (isTableError(error))
    throw invalid(error.message, [
      { path: "file", message: `${error.code}${error.details.row ? ` (row ${error.details.row})` : ""}` },
    ]);
  throw error;
}

/**
 * Reads, validates and (unless a dry run) writes the records of a file. A file that cannot be
 * read throws a 400 AppError and writes nothing; row problems are in the report. Mode `all`
 * writes nothing when any row has an error; `valid-only` writes the valid rows.
 */
export async function importActivities(
  db: Db,
  responseId: string,
  source: TableSource,
  options: ImportOptions,
): Promise<ActivityImportReport> {
  const mode = options.mode ?? "all";
  const issues: ImportIssue[] = [];
  const table = await openTable(source, { sheet: options.sheet }).catch(unreadable);
  const planned: PlannedRow[] = [];
  const badRows = new Set<number>();
  let rows = 0;
  let hashtagRow: number | null = null;
  let mapped: MappedColumn[] = [];
  try {
    const { head, rest } = await takeHead(table.rows, hashtagRowSearchLimit).catch(unreadable);
    const detection = detectHeader(head);
    if (detection.headerRow === null && detection.hashtagRow === null)
      throw invalid("The file has no rows.", [{ path: "file", message: "EMPTY_FILE" }]);
    hashtagRow = detection.hashtagRow;
    const mapping = mapColumns(detection.columns, hashtagRow !== null, options.mapping);
    mapped = mapping.columns;
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
    for (const p of mapping.problems)
      issues.push({
        row: hashtagRow ?? detection.headerRow,
        column: p.column,
        severity: p.code === "UNKNOWN_MAPPING" ? "error" : "warning",
        code: p.code,
        value: p.value,
        message: p.message,
      });
    if (mapping.problems.some((p) => p.code === "UNKNOWN_MAPPING"))
      throw invalid("The column mapping is not valid.", [
        ...mapping.problems
          .filter((p) => p.code === "UNKNOWN_MAPPING")
          .map((p) => ({ path: `mapping.${p.column}`, message: p.message })),
      ]);
    const fieldColumn = new Map<ImportField, MappedColumn>();
    for (const c of mapped) if (c.field) fieldColumn.set(c.field, c);
    const required: [ImportField, string][] = [
      ["reportingOrg", "the reporting organisation"],
      ["sector", "the sector"],
      ["locationCode", "the location (a code or name column)"],
      ["startDate", "the start date"],
      ["endDate", "the end date"],
      ["reportingMonth", "the reporting month"],
      ["status", "the status"],
    ];
    const missing = required.filter(
      ([f]) => !fieldColumn.has(f) && !(f === "locationCode" && fieldColumn.has("locationName")),
    );
    if (!fieldColumn.has("activityType") && !fieldColumn.has("activityName"))
      missing.push(["activityType", "the activity type (a code or name column)"]);
    if (missing.length)
      throw invalid(`The file has no column for ${missing.map(([, what]) => what).join(", ")}.`, [
        ...missing.map(([f, what]) => ({ path: `columns.${f}`, message: `no column for ${what}` })),
      ]);

    const refs = new ReferenceCache(db, responseId);
    const seenKeys = new Map<string, number>();
    const dataRows = async function* (): AsyncGenerator<RawRow> {
      for (const r of head) if (r.row > detection.dataAfterRow) yield r;
      yield* rest;
    };
    let sinceYield = 0;
    try {
      for await (const raw of dataRows()) {
        if (raw.cells.every((c) => c.trim() === "")) continue;
        rows++;
        const rowIssues: ImportIssue[] = [];
        const plan = await readRow(raw, fieldColumn, refs, options, rowIssues);
        if (plan) {
          const key = naturalKey(plan.values);
          const ext = plan.values.externalId
            ? `${plan.values.reportingOrgId}|ext|${plan.values.externalId}`
            : null;
          const earlier = seenKeys.get(key) ?? (ext ? seenKeys.get(ext) : undefined);
          if (earlier !== undefined)
            rowIssues.push({
              row: raw.row,
              column: null,
              severity: "error",
              code: "DUPLICATE_ROW",
              value: null,
              message: `Row ${raw.row} repeats row ${earlier} (same organisation and ${ext && seenKeys.get(ext) !== undefined ? "external id" : "activity type, location, month and population group"}).`,
            });
          else {
            seenKeys.set(key, raw.row);
            if (ext) seenKeys.set(ext, raw.row);
          }
        }
        issues.push(...rowIssues);
        if (rowIssues.some((i) => i.severity === "error")) badRows.add(raw.row);
        else if (plan) planned.push(plan);
        if (++sinceYield >= 250) {
          sinceYield = 0;
          await yieldToEventLoop();
        }
      }
    } catch (error) {
      unreadable(error);
    }
  } finally {
    table.close();
  }

  const report: ActivityImportReport = {
    rows,
    valid: 0,
    invalid: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    hashtagRow,
    columns: mapped.map((c) => ({ header: c.header, hashtag: c.hashtag, field: c.field })),
    issues,
  };
  await db.transaction(async (tx) => {
    const outcome = await commitRows(tx, responseId, planned, options, issues, badRows, mode);
    report.created = outcome.created;
    report.updated = outcome.updated;
    report.unchanged = outcome.unchanged;
  });
  await analyzeAfterBulkWrite(db, "activities", report.created + report.updated);
  report.invalid = badRows.size;
  report.valid = rows - badRows.size;
  issues.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  return report;
}
