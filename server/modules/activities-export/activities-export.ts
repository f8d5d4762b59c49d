import { Readable, type Writable } from "node:stream";
import { finished, pipeline } from "node:stream/promises";
import { stringify } from "csv-stringify/sync";
import type { ActivityFilters, ActivityOutput } from "../../../common/schemas/activities.ts";
import type { Db } from "../../db/client.ts";
import { decodeCursor, type ExportColumn, type Page } from "../../http/list.ts";
import type { ReadScope } from "../activities/activities.policy.ts";
import { queryActivities } from "../activities/activities.queries.ts";
import { activityColumns } from "../activities/activities.routes.ts";
import { copyRows } from "./copy-out.ts";
import { type ExportFilter, numberColumns, sqlHeaders } from "./export-sql.ts";
import { xlsxInWorker } from "./xlsx-thread.ts";
import type { Heads } from "./xlsx-workbook.ts";

/**
 * Whole-list downloads of 4W records in every format. CSV, HXL and XLSX are written by the
 * database itself (export-sql.ts: COPY of CSV lines or worksheet rows, streamed); JSON, the API's
 * own objects, is read page by page through the list query. Every format has the columns of
 * `activityColumns`, the list's CSV / HXL download, so formats cannot drift apart.
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

/**
 * Every readable record of the filtered list, one page (≤ 1,000 records) at a time, and the query
 * that selects them, from which the CSV, HXL and XLSX downloads are written in SQL.
 */
export class ActivityPages implements AsyncIterable<ActivityOutput[]> {
  constructor(
    readonly db: Db,
    readonly responseId: string,
    readonly filter: ExportFilter,
    readonly scope: ReadScope,
    readonly size = pageSize,
  ) {}

  async *[Symbol.asyncIterator](): AsyncGenerator<ActivityOutput[]> {
    const { db, responseId, filter, scope, size } = this;
    // The next page is asked for before this one is handed on, so the database (a server process
    // on PostgreSQL) reads it while this one is serialised.
    let next: Promise<Page<ActivityOutput>> | null = queryActivities(
      db,
      responseId,
      filter,
      scope,
      null,
      size,
    );
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
}

export const activityPages = (
  db: Db,
  responseId: string,
  filter: ExportFilter,
  scope: ReadScope,
  size = pageSize,
): ActivityPages => new ActivityPages(db, responseId, filter, scope, size);

/** CSV or HXL-tagged CSV: the header row, for HXL the hashtag row, then the records. */
async function* csvChunks(heads: Heads, pages: ActivityPages, hxl: boolean): AsyncGenerator<Buffer> {
  if (!hxl) yield Buffer.from("\uFEFF"); // lets Excel read UTF-8 (Bengali, Burmese) correctly
  yield Buffer.from(stringify(hxl ? [heads.headers, heads.hashtags] : [heads.headers]));
  yield* copyRows(pages.db, pages.responseId, pages.filter, pages.scope, "csv");
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
 * The XLSX workbook (xlsx-workbook.ts), written in a worker thread from the records' COPY text,
 * which this thread reads (xlsx-thread.ts).
 */
const xlsxStream = (heads: Heads, pages: ActivityPages): Readable =>
  xlsxInWorker(heads, copyRows(pages.db, pages.responseId, pages.filter, pages.scope, "text"));

/**
 * Bytes of CSV read ahead of the writer: about two PGlite pages, so that the next page's COPY
 * runs while the file or the network take the last one.
 */
const lookahead = 8 << 20;

/**
 * The download in `format` as a readable stream; an error destroys it, which aborts the HTTP
 * reply or the file. `columns` are `activityColumns`: CSV, HXL and XLSX take their header rows
 * from it and their records from SQL (export-sql.ts), whose columns must be the same.
 */
export function exportStream(
  format: ExportFormat,
  columns: ExportColumn<ActivityOutput>[],
  pages: ActivityPages,
): Readable {
  const heads: Heads = {
    headers: columns.map((c) => c.header),
    hashtags: columns.map((c) => c.hxl),
    numbers: numberColumns,
  };
  if (heads.headers.join() !== sqlHeaders.join()) throw new Error("export-sql.ts writes other columns");
  if (format === "json") return Readable.from(jsonChunks(pages));
  if (format === "csv" || format === "hxl")
    return Readable.from(csvChunks(heads, pages, format === "hxl"), {
      objectMode: false,
      highWaterMark: lookahead,
    });
  return xlsxStream(heads, pages);
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
  const source = exportStream(format, activityColumns, new ActivityPages(db, responseId, filter, scope));
  if (out === process.stdout) {
    // stdout is never ended; writes to a file or pipe on stdout are synchronous on Linux.
    source.pipe(out, { end: false });
    await finished(source);
  } else {
    await pipeline(source, out);
  }
}
