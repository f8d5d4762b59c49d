import { PassThrough, Readable, type Writable } from "node:stream";
import { finished, pipeline } from "node:stream/promises";
import { stringify } from "csv-stringify/sync";
import ExcelJS from "exceljs";
import type { ActivityFilters, ActivityOutput } from "../../../common/schemas/activities.ts";
import type { Db } from "../../db/client.ts";
import { decodeCursor, type ExportColumn, type Page } from "../../http/list.ts";
import type { ReadScope } from "../activities/activities.policy.ts";
import { queryActivities } from "../activities/activities.queries.ts";
import { activityColumns } from "../activities/activities.routes.ts";

/**
 * Whole-list downloads of 4W records in every format (CSV, HXL-tagged CSV, XLSX, JSON), read page
 * by page through the list query so memory stays flat. Every format uses `activityColumns`, the
 * one column list of the CSV / HXL download, so formats cannot drift apart.
 */

export const exportFormats = ["csv", "hxl", "xlsx", "json"] as const;
export type ExportFormat = (typeof exportFormats)[number];

export const contentTypes: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  hxl: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  json: "application/json; charset=utf-8",
};

export const fileSuffixes: Record<ExportFormat, string> = {
  csv: ".csv",
  hxl: ".hxl.csv",
  xlsx: ".xlsx",
  json: ".json",
};

const pageSize = 1000;

/** Every readable record of the filtered list, one page (≤ 1,000 records) at a time. */
export async function* activityPages(
  db: Db,
  responseId: string,
  filter: ActivityFilters & { q?: string },
  scope: ReadScope,
  size = pageSize,
): AsyncGenerator<ActivityOutput[]> {
  // The next page is asked for before this one is handed on, so the database (a server process on
  // PostgreSQL) reads it while this one is serialised.
  let next: Promise<Page<ActivityOutput>> | null = queryActivities(db, responseId, filter, scope, null, size);
  try {
    while (next) {
      const page: Page<ActivityOutput> = await next;
      next = page.nextCursor
        ? queryActivities(db, responseId, filter, scope, decodeCursor(page.nextCursor), size)
        : null;
      if (page.items.length > 0) yield page.items;
    }
  } finally {
    // A reader that stopped early (a client gone) leaves a page in flight: let it settle unheard.
    next?.catch(() => {});
  }
}

type Cell = string | number | boolean | null | undefined;

/**
 * Text starting with = + - @ | (or a tab or return) would run as a formula when a spreadsheet
 * reads it, or when someone edits the cell (CSV injection, OWASP): every format quotes it with a
 * leading apostrophe, which the 4W import removes again, so exports re-import unchanged.
 */
const guarded = (text: string) => (/^[=+\-@|\t\r]/.test(text) ? `'${text}` : text);

/** A CSV cell: numbers as they are, text guarded. */
function csvCell(value: Cell): string {
  if (value === null || value === undefined) return "";
  return typeof value === "string" ? guarded(value) : String(value);
}

/** CSV or HXL-tagged CSV (the header row, for HXL the hashtag row, then the records). */
export async function* csvChunks<T>(
  columns: ExportColumn<T>[],
  pages: AsyncIterable<T[]>,
  hxl: boolean,
): AsyncGenerator<string> {
  if (!hxl) yield "\uFEFF"; // lets Excel read UTF-8 (Bengali, Burmese) correctly
  yield stringify([columns.map((c) => c.header)]);
  if (hxl) yield stringify([columns.map((c) => c.hxl)]);
  for await (const rows of pages)
    yield stringify(rows.map((row) => columns.map((c) => csvCell(c.value(row)))));
}

/** A JSON array of the API objects, written item by item (`[]` when there are none). */
export async function* jsonChunks<T>(pages: AsyncIterable<T[]>): AsyncGenerator<string> {
  yield "[";
  let first = true;
  for await (const rows of pages) {
    const text = rows.map((row) => JSON.stringify(row)).join(",\n");
    yield first ? `\n${text}` : `,\n${text}`;
    first = false;
  }
  yield first ? "]\n" : "\n]\n";
}

/**
 * An XLSX cell value: numbers stay numbers; everything else is written as a text string (dates
 * are already YYYY-MM-DD text), so a value such as `=HYPERLINK(…)` is never a formula. It is
 * guarded as in the CSV all the same: it would turn into one when the cell is edited, and the
 * import refuses unguarded formula-like text from any file.
 */
function xlsxCell(value: Cell): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  return guarded(String(value));
}

/** Resolves when `out` asks for more data, or when it closed. */
function drained(out: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      out.off("drain", done);
      out.off("close", done);
      resolve();
    };
    out.once("drain", done);
    out.once("close", done);
  });
}

/**
 * Streams an XLSX workbook into `out`: one sheet, the header row, the HXL hashtag row, then the
 * records, committed row by row (no shared strings, no styles: memory stays flat).
 */
export async function writeXlsx<T>(
  out: Writable,
  columns: ExportColumn<T>[],
  pages: AsyncIterable<T[]>,
  sheetName = "Activities",
): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: false,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet(sheetName);
  sheet.addRow(columns.map((c) => c.header)).commit();
  sheet.addRow(columns.map((c) => c.hxl)).commit();
  // exceljs writes the sheet into the ZIP compressor without waiting for it (its StreamBuf ignores
  // backpressure), so a fast reader piles rows up in the compressor's input: 300,000 rows reached
  // 677 MB. Waiting for that input to drain as well as for `out` keeps memory flat.
  // That input is a readable-stream v2 PassThrough (archiver's), which says so in _writableState.
  type ZipInput = Writable & { _writableState?: { needDrain?: boolean } };
  const zipInputs = () => (sheet as unknown as { stream?: { pipes?: ZipInput[] } }).stream?.pipes ?? [];
  for await (const rows of pages) {
    for (const row of rows) sheet.addRow(columns.map((c) => xlsxCell(c.value(row)))).commit();
    // A client that went away stops the export; a slow one holds it back (memory stays flat).
    if (out.destroyed) return;
    for (const input of zipInputs())
      if (input.writableNeedDrain || input._writableState?.needDrain) await drained(input);
    if (out.writableNeedDrain) await drained(out);
  }
  sheet.commit();
  await workbook.commit();
}

/**
 * The download in `format` as a readable stream (XLSX is produced by a background writer; an
 * error there destroys the stream, which aborts the HTTP reply or the file).
 */
export function exportStream<T>(
  format: ExportFormat,
  columns: ExportColumn<T>[],
  pages: AsyncIterable<T[]>,
): Readable {
  if (format === "json") return Readable.from(jsonChunks(pages));
  if (format === "csv" || format === "hxl") return Readable.from(csvChunks(columns, pages, format === "hxl"));
  const out = new PassThrough();
  writeXlsx(out, columns, pages).catch((error: unknown) => out.destroy(error as Error));
  return out;
}

/** Writes the download into `out` (a file or stdout) and resolves when everything is flushed. */
export async function writeActivitiesExport(
  db: Db,
  responseId: string,
  filter: ActivityFilters,
  scope: ReadScope,
  format: ExportFormat,
  out: Writable,
): Promise<void> {
  const source = exportStream(format, activityColumns, activityPages(db, responseId, filter, scope));
  if (out === process.stdout) {
    // stdout is never ended; writes to a file or pipe on stdout are synchronous on Linux.
    source.pipe(out, { end: false });
    await finished(source);
  } else {
    await pipeline(source, out);
  }
}
