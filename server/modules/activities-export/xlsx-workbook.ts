import { createRequire } from "node:module";
import { Readable } from "node:stream";
import zlib from "node:zlib";
import yazl from "yazl";
import { SheetRows } from "./sheet-rows.ts";

/**
 * The XLSX workbook of a 4W download, zipped by yazl from the lines of COPY's text format: one
 * sheet with the header row, the HXL hashtag row, then the records, each text cell a plain string
 * (`t="str"`, as exceljs writes them: never a formula) and each count a number. The sheet XML is
 * written here rather than through exceljs, whose streaming writer builds objects per cell and
 * took most of a million-row export's time: a row is a line of COPY output with markup around its
 * fields (sheet-rows.ts). The 4W import reads it like any workbook. Downloads run this in a worker
 * thread (xlsx-thread.ts); it needs no database.
 */

/**
 * The header row, the HXL hashtag row, and which columns hold numbers (number cells). Passed in
 * rather than imported from export-sql.ts, whose imports (drizzle, the schema) the worker thread
 * would otherwise load: about 20 MB of its memory.
 */
export interface Heads {
  headers: string[];
  hashtags: string[];
  numbers: boolean[];
}

const xmlEscape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const columnLetter = (i: number): string =>
  (i >= 26 ? columnLetter(Math.floor(i / 26) - 1) : "") + String.fromCharCode(65 + (i % 26));

/** A worksheet row of text cells (the header and hashtag rows). */
const textRow = (row: number, values: string[]) =>
  `<row r="${row}">${values.map((v, i) => `<c r="${columnLetter(i)}${row}" t="str"><v>${xmlEscape(v)}</v></c>`).join("")}</row>`;

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
 * yazl checksums every byte it zips with buffer-crc32, a JavaScript loop: at 200k rows on PGlite
 * 0.6 s of a 10 s XLSX export. Its `unsigned(buffer, previous)` is pointed at Node's own
 * zlib.crc32, which gives the same number. The copy patched is yazl's own (nested under it;
 * nothing else loads it), in each thread that loads this module.
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
 * Bytes of sheet XML made ahead of deflate, so that deflate (in libuv's threads) has the next rows
 * while this thread converts more: a few pieces (sheet-rows.ts). With the default 16 kB the writer
 * waited on each small step; with 8 MB (and a PGlite page of about 7 MB as one piece) the stages
 * between here and deflate held several pages at once.
 */
const lookahead = 1 << 20;

/**
 * Fast deflate for the sheet: at a million rows on PostgreSQL, level 1 took 7 s where the default
 * level 6 took 16 s, for a file a fifth larger (107 MiB instead of 88).
 */
const sheetCompression = 1;

/** The sheet's name, and the time the workbook's files are dated (now by default). */
export interface WorkbookOptions {
  sheetName?: string;
  mtime?: Date;
}

/** The workbook's bytes from the records' lines of COPY text (whole lines per chunk or across chunks). */
export function zipWorkbook(
  heads: Heads,
  records: AsyncIterable<Buffer>,
  { sheetName = "Activities", mtime = new Date() }: WorkbookOptions = {},
): Readable {
  async function* sheetXml(): AsyncGenerator<Buffer> {
    yield Buffer.from(`${xmlHead}<worksheet xmlns="${main}" xmlns:r="${rel}"><sheetData>`);
    yield Buffer.from(textRow(1, heads.headers) + textRow(2, heads.hashtags));
    const rows = new SheetRows(heads.numbers, 3);
    for await (const chunk of records) yield* rows.convert(chunk);
    yield Buffer.from("</sheetData></worksheet>");
  }
  const zip = new yazl.ZipFile();
  for (const [name, text] of workbookParts(sheetName)) zip.addBuffer(Buffer.from(text), name, { mtime });
  const sheet = Readable.from(sheetXml(), { objectMode: false, highWaterMark: lookahead });
  zip.addReadStream(sheet, "xl/worksheets/sheet1.xml", { compressionLevel: sheetCompression, mtime });
  zip.end();
  const out = zip.outputStream as Readable;
  // yazl does not watch the sheet for errors (bad records): they fail the workbook. A workbook
  // stopped early stops the sheet, which stops reading the records.
  sheet.once("error", (error) => out.destroy(error));
  out.once("close", () => sheet.destroy());
  return out;
}
