import { createRequire } from "node:module";
import { Readable, type Writable } from "node:stream";
import { finished, pipeline } from "node:stream/promises";
import zlib from "node:zlib";
import { stringify } from "csv-stringify/sync";
import yazl from "yazl";
import type { ActivityFilters, ActivityOutput } from "../../../common/schemas/activities.ts";
import type { Db } from "../../db/client.ts";
import { decodeCursor, type ExportColumn, type Page } from "../../http/list.ts";
import type { ReadScope } from "../activities/activities.policy.ts";
import { queryActivities } from "../activities/activities.queries.ts";
import { activityColumns } from "../activities/activities.routes.ts";
import { copyRows } from "./copy-out.ts";
import { type ExportFilter, numberColumns, sqlHeaders } from "./export-sql.ts";
import { SheetRows } from "./sheet-rows.ts";

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

/** The header row and the HXL hashtag row. */
interface Heads {
  headers: string[];
  hashtags: string[];
}

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

const xmlEscape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const columnLetter = (i: number): string =>
  (i >= 26 ? columnLetter(Math.floor(i / 26) - 1) : "") + String.fromCharCode(65 + (i % 26));

/** A worksheet row of text cells (the header and hashtag rows). */
const textRow = (row: number, values: string[]) =>
  `<row r="${row}">${values.map((v, i) => `<c r="${columnLetter(i)}${row}" t="str"><v>${xmlEscape(v)}</v></c>`).join("")}</row>`;

/** The records' worksheet rows, numbered from `firstRow`, from COPY's text lines. */
async function* recordRows(lines: AsyncIterable<Buffer>, firstRow: number): AsyncGenerator<Buffer> {
  const rows = new SheetRows(numberColumns, firstRow);
  for await (const chunk of lines) yield rows.convert(chunk);
}

const xmlHead = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/** The parts of a one-sheet workbook besides the sheet: no styles, themes or shared strings. */
function workbookParts(sheetName: string): [string, string][] {
  return [
    [
      "[Content_Types].xml",
      `${xmlHead}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`,
    ],
    [
      "_rels/.rels",
      `${xmlHead}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ],
    [
      "xl/workbook.xml",
      `${xmlHead}<workbook xmlns="${main}" xmlns:r="${rel}"><sheets><sheet name="${xmlEscape(sheetName)}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ],
    [
      "xl/_rels/workbook.xml.rels",
      `${xmlHead}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${rel}/styles" Target="styles.xml"/></Relationships>`,
    ],
    [
      "xl/styles.xml",
      `${xmlHead}<styleSheet xmlns="${main}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`,
    ],
  ];
}

/**
 * yazl checksums every byte it zips with buffer-crc32, a JavaScript loop on the main thread: at
 * 200k rows on PGlite 0.6 s of a 10 s XLSX export, beside the database on the same thread. Its
 * `unsigned(buffer, previous)` is pointed at Node's own zlib.crc32, which gives the same number.
 * The copy patched is yazl's own (nested under it; nothing else loads it).
 */
export const yazlCrc32 = createRequire(createRequire(import.meta.url).resolve("yazl"))("buffer-crc32") as {
  unsigned: (data: Buffer | string, previous?: number | Buffer) => number;
};
{
  const original = yazlCrc32.unsigned;
  yazlCrc32.unsigned = (data, previous) =>
    previous === undefined || typeof previous === "number"
      ? zlib.crc32(data, previous ?? 0)
      : original(data, previous);
}

/**
 * Bytes of rows read ahead of the writer: about two PGlite pages of sheet XML, so that the next
 * page's COPY runs while the file, the network or deflate (in libuv's threads) take the last one.
 * With the default 16 kB the database waited for the writer: the XLSX export's main thread sat idle
 * for a fifth of its time on PGlite.
 */
const lookahead = 8 << 20;

/**
 * Fast deflate for the sheet: at a million rows on PostgreSQL, level 1 took 7 s where the default
 * level 6 took 16 s, for a file a fifth larger (107 MiB instead of 88).
 */
const sheetCompression = 1;

/**
 * The XLSX workbook: one sheet with the header row, the HXL hashtag row, then the records, each
 * text cell a plain string (`t="str"`, as exceljs writes them: never a formula) and each count a
 * number. The sheet XML is written here rather than through exceljs, whose streaming writer
 * builds objects per cell and took most of a million-row export's time: a row is a line of COPY
 * output with markup around its fields (sheet-rows.ts), and yazl zips it. The 4W import reads it
 * like any workbook.
 */
function xlsxStream(heads: Heads, pages: ActivityPages, sheetName = "Activities"): Readable {
  async function* sheetXml(): AsyncGenerator<Buffer> {
    yield Buffer.from(`${xmlHead}<worksheet xmlns="${main}" xmlns:r="${rel}"><sheetData>`);
    yield Buffer.from(textRow(1, heads.headers) + textRow(2, heads.hashtags));
    yield* recordRows(copyRows(pages.db, pages.responseId, pages.filter, pages.scope, "text"), 3);
    yield Buffer.from("</sheetData></worksheet>");
  }
  const zip = new yazl.ZipFile();
  for (const [name, text] of workbookParts(sheetName)) zip.addBuffer(Buffer.from(text), name);
  const sheet = Readable.from(sheetXml(), { objectMode: false, highWaterMark: lookahead });
  zip.addReadStream(sheet, "xl/worksheets/sheet1.xml", { compressionLevel: sheetCompression });
  zip.end();
  const out = zip.outputStream as Readable;
  // yazl does not watch the sheet for errors (a failed query): they abort the download. A download
  // stopped early (a client gone) stops the sheet, which ends its query.
  sheet.once("error", (error) => out.destroy(error));
  out.once("close", () => sheet.destroy());
  return out;
}

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
  const heads = { headers: columns.map((c) => c.header), hashtags: columns.map((c) => c.hxl) };
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
