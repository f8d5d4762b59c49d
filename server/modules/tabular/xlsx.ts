import { PassThrough, type Readable } from "node:stream";
import ExcelJS from "exceljs";
import { cellTooLong, tooManyColumns, usedWidth } from "./csv.ts";
import { TableError } from "./errors.ts";
import type { RawRow } from "./read-table.ts";

export interface XlsxReadOptions {
  /** Sheet name (exact, else case- and space-insensitive); the first visible sheet when absent. */
  sheet?: string;
  maxRowBytes: number;
  maxColumns: number;
  maxCellChars: number;
}

export interface XlsxInfo {
  sheet: string;
  sheetNames: string[];
}

/** What exceljs's streaming reader exposes at run time beyond its type declarations. */
interface SheetReader extends AsyncIterable<ExcelJS.Row> {
  name: string;
  iterator?: { destroy?: () => void; on?: (event: "error", listener: () => void) => void };
}
interface BookReader {
  parse(): AsyncGenerator<{ eventType: string; value: unknown }>;
  model?: { sheets?: { name: string; state?: string }[] };
  properties?: { model?: { date1904?: boolean } };
  on(event: "entry", listener: (entry: { type: string }) => void): void;
}

const msPerDay = 86_400_000;

/** Excel's serial day number (1900 or 1904 system) as a UTC Date, like exceljs does for date cells. */
function serialToDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * msPerDay));
}

/** True for a number format that shows a date or time (quoted text and [colour]/[$-locale] ignored). */
export function isDateFormat(format: string | undefined): boolean {
  if (!format || format === "General") return false;
  return /[ymdhsb]/i.test(format.replace(/\[[^\]]*]/g, "").replace(/"[^"]*"/g, ""));
}

/** YYYY-MM-DD, with THH:MM:SS when there is a time of day, or HH:MM:SS for a time-only value. */
export function isoDate(date: Date): string {
  if (Number.isNaN(date.getTime())) return "";
  const iso = date.toISOString();
  const time = iso.slice(11, 19);
  if (date.getTime() < Date.UTC(1899, 11, 31)) return time;
  return time === "00:00:00" ? iso.slice(0, 10) : `${iso.slice(0, 10)}T${time}`;
}

/** A number as Excel shows it at full precision (15 significant digits), in plain decimal notation. */
export function plainNumber(n: number): string {
  if (!Number.isFinite(n)) return "";
  const text = String(Number(n.toPrecision(15)));
  const match = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!match) return text === "-0" ? "0" : text;
  const [, sign, whole, fraction = "", exponent] = match;
  const digits = whole! + fraction;
  const point = whole!.length + Number(exponent);
  const body =
    point <= 0
      ? `0.${"0".repeat(-point)}${digits}`
      : point >= digits.length
        ? digits + "0".repeat(point - digits.length)
        : `${digits.slice(0, point)}.${digits.slice(point)}`;
  return sign + body;
}

/** The text of one cell value: rich text joined, formulas by their cached result, errors as #N/A etc. */
export function cellText(value: ExcelJS.CellValue, numFmt: string | undefined, date1904 = false): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number") {
    return isDateFormat(numFmt) ? isoDate(serialToDate(value, date1904)) : plainNumber(value);
  }
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value instanceof Date) return isoDate(value);
  if ("richText" in value) return value.richText.map((run) => run.text ?? "").join("");
  if ("formula" in value || "sharedFormula" in value) {
    return cellText((value.result ?? null) as ExcelJS.CellValue, numFmt, date1904);
  }
  if ("error" in value) return value.error;
  if ("text" in value) return cellText(value.text as ExcelJS.CellValue, numFmt, date1904);
  return "";
}

function rowCells(row: ExcelJS.Row, options: XlsxReadOptions, date1904: boolean): string[] {
  const cells: string[] = [];
  let bytes = 0;
  row.eachCell({ includeEmpty: false }, (cell, column) => {
    const text = cellText(cell.value, cell.numFmt, date1904);
    if (text === "") return;
    if (column > options.maxColumns) throw tooManyColumns(row.number, column, options.maxColumns);
    if (text.length > options.maxCellChars)
      throw cellTooLong(row.number, column, text.length, options.maxCellChars);
    bytes += Buffer.byteLength(text);
    if (bytes > options.maxRowBytes) {
      throw new TableError(
        "ROW_TOO_LONG",
        `Row ${row.number} holds more than ${options.maxRowBytes.toLocaleString("en")} bytes of text.`,
        { row: row.number },
      );
    }
    while (cells.length < column - 1) cells.push("");
    cells[column - 1] = text;
  });
  cells.length = usedWidth(cells);
  return cells;
}

function xlsxProblem(error: unknown, sourceError: unknown): unknown {
  if (sourceError) return sourceError;
  if (error instanceof TableError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/FILE_ENDED|unexpected end|premature/i.test(message)) {
    return new TableError(
      "TRUNCATED_XLSX",
      "The workbook ends early or is damaged: the upload or download was probably interrupted. Save or download it again.",
      {},
      error,
    );
  }
  return new TableError(
    "UNREADABLE_XLSX",
    `The file is a ZIP archive but its workbook cannot be read (${message}). Open it in Excel or LibreOffice and save it again as .xlsx.`,
    {},
    error,
  );
}

/**
 * exceljs parses a worksheet as soon as its ZIP entry arrives when it already has the shared strings
 * and relationships, else it spools the sheet to a temporary file and parses it after the last
 * entry. Files written by LibreOffice put styles.xml and workbook.xml after the sheets, so the
 * early path reads dates as plain numbers and crashes on the sheet name. Hiding the relationships
 * until the first worksheet is parsed makes every sheet take the late path, where the styles,
 * sheet names and date system are all known. Memory stays bounded (the spool is on disk).
 */
function deferWorksheets(reader: BookReader): void {
  let relationships: unknown;
  let late = false;
  Object.defineProperty(reader, "workbookRels", {
    configurable: true,
    // Only once workbook.xml is parsed too: exceljs reads `model.sheets` to name a sheet, and a
    // sheet parsed before it crashes ("reading 'sheets'"), which was seen now and then under load.
    get: () => (late && reader.model ? relationships : undefined),
    set: (value: unknown) => {
      relationships = value;
    },
  });
  reader.on("entry", (entry: { type: string }) => {
    if (entry.type === "worksheet") late = true;
  });
}

/**
 * Lets a sheet we do not read go. A spooled sheet's file stream is closed; exceljs deletes its
 * temporary file right after, possibly before the stream has opened it, so that error is ignored.
 */
function skipSheet(sheet: SheetReader): void {
  sheet.iterator?.on?.("error", () => {});
  sheet.iterator?.destroy?.();
}

const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * Opens an XLSX stream with exceljs's streaming WorkbookReader and positions it on the wanted
 * sheet (NO_SUCH_SHEET lists the names otherwise). Rows then stream one at a time; empty rows are
 * absent (row numbers are the sheet's), merged ranges keep their value in the top-left cell only.
 */
export async function openXlsx(
  input: Readable,
  options: XlsxReadOptions,
): Promise<{ info: XlsxInfo; rows: AsyncGenerator<RawRow>; close: () => void }> {
  // exceljs pipes its input without forwarding errors: end the pipe on a source error and report that.
  let sourceError: unknown = null;
  const bytes = new PassThrough();
  input.on("error", (error) => {
    sourceError = error;
    bytes.end();
  });
  input.pipe(bytes);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(bytes, {
    worksheets: "emit",
    sharedStrings: "cache",
    styles: "cache",
    hyperlinks: "ignore",
    entries: "emit",
  }) as unknown as BookReader;
  deferWorksheets(reader);
  const events = reader.parse();
  const stop = () => {
    input.destroy();
    void events.return(undefined).catch(() => {});
  };
  const next = async () => {
    try {
      return await events.next();
    } catch (error) {
      stop();
      throw xlsxProblem(error, sourceError);
    }
  };
  const sheetNames = () => reader.model?.sheets?.map((s) => s.name) ?? [];
  const firstVisible = () => reader.model?.sheets?.find((s) => !s.state || s.state === "visible")?.name;

  let sheet: SheetReader | null = null;
  const seen: string[] = [];
  while (!sheet) {
    const event = await next();
    if (event.done) break;
    if (event.value.eventType !== "worksheet") continue;
    const candidate = event.value.value as SheetReader;
    const names = sheetNames();
    seen.push(candidate.name);
    const wanted = options.sheet
      ? (names.find((n) => n === options.sheet) ??
        names.find((n) => sameName(n, options.sheet!)) ??
        options.sheet)
      : (firstVisible() ?? candidate.name);
    if (options.sheet && names.length && !names.some((n) => sameName(n, options.sheet!))) break;
    if (sameName(candidate.name, wanted) || (!options.sheet && !names.includes(candidate.name)))
      sheet = candidate;
    else skipSheet(candidate);
  }
  if (!sheet) {
    stop();
    const names = sheetNames().length ? sheetNames() : seen;
    if (options.sheet) {
      throw new TableError(
        "NO_SUCH_SHEET",
        `The workbook has no sheet named "${options.sheet}". Its sheets are: ${names.map((n) => `"${n}"`).join(", ") || "none"}.`,
        { sheetNames: names },
      );
    }
    throw new TableError(
      "UNREADABLE_XLSX",
      "The file is a ZIP archive without an Excel worksheet in it. Upload the .xlsx or .csv file itself.",
    );
  }
  const chosen = sheet;
  const date1904 = reader.properties?.model?.date1904 === true;

  async function* rows(): AsyncGenerator<RawRow> {
    let finished = false;
    let count = 0;
    try {
      for await (const row of chosen) {
        const cells = rowCells(row, options, date1904);
        if (cells.length === 0) continue;
        count++;
        yield { row: row.number, cells };
      }
      // Read to the end of the archive so that a truncated file is reported, not half-read.
      for (let event = await next(); !event.done; event = await next()) {
        if (event.value.eventType === "worksheet") skipSheet(event.value.value as SheetReader);
      }
      finished = true;
    } catch (error) {
      throw xlsxProblem(error, sourceError);
    } finally {
      if (!finished) stop();
    }
    if (count === 0) throw new TableError("EMPTY_FILE", `The sheet "${chosen.name}" is empty.`);
  }
  return {
    info: { sheet: chosen.name, sheetNames: sheetNames().length ? sheetNames() : [chosen.name] },
    rows: rows(),
    close: stop,
  };
}
