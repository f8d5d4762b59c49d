import fs from "node:fs";
import { Readable } from "node:stream";
import {
  type CsvDelimiter,
  type CsvEncoding,
  decodeSample,
  detectDelimiter,
  readCsvRows,
  sniffEncoding,
} from "./csv.ts";
import { TableError } from "./errors.ts";
import { openXlsx } from "./xlsx.ts";

/** One row as found in the file: cells as text, numbered as the file numbers them (from 1). */
export interface RawRow {
  /** CSV: the record number (a quoted cell spanning lines is one record). XLSX: the sheet's row number. */
  row: number;
  cells: string[];
}

/** A file path, a Node stream, or bytes already in memory. */
export type TableSource = string | Readable | Uint8Array;

export interface ReadTableOptions {
  /** XLSX: the sheet to read, by name; the first visible sheet when absent. */
  sheet?: string;
  /** CSV: force the encoding instead of detecting it. */
  encoding?: CsvEncoding;
  /** A row longer than this (bytes of text) fails with ROW_TOO_LONG. Default 1 MiB. */
  maxRowBytes?: number;
  /** A row with a value beyond this column fails with ROW_TOO_LONG. Default 500. */
  maxColumns?: number;
  /** A cell longer than this (characters) fails with CELL_TOO_LONG. Default 32,767, Excel's own limit. */
  maxCellChars?: number;
}

export type TableInfo =
  | { format: "csv"; encoding: CsvEncoding; delimiter: CsvDelimiter }
  | { format: "xlsx"; sheet: string; sheetNames: string[] };

export interface OpenedTable {
  info: TableInfo;
  /** The rows, read lazily; iterate once. */
  rows: AsyncIterable<RawRow>;
  /** Releases the file or stream when the rows will not be read to the end (safe to call twice). */
  close(): void;
}

/**
 * Limits when options leave them out: 1 MiB of text per row, 500 columns, and 32,767 characters
 * per cell (what an Excel cell holds: a longer cell is not a spreadsheet someone typed, and it would
 * be copied whole into every report line that quotes it).
 */
export const defaultLimits = { maxRowBytes: 1024 * 1024, maxColumns: 500, maxCellChars: 32_767 };

/** How much of the start is read to recognise the format, encoding and delimiter. */
const sniffBytes = 64 * 1024;

const signatures: { bytes: number[]; what: string; advice?: string }[] = [
  {
    bytes: [0xd0, 0xcf, 0x11, 0xe0],
    what: "an Excel 97-2003 workbook (.xls) or another old Office document",
    advice: "Open it in Excel or LibreOffice, save it as .xlsx or CSV and upload that.",
  },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: "a PDF document" },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: "a PNG image" },
  { bytes: [0xff, 0xd8, 0xff], what: "a JPEG image" },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: "a GIF image" },
  { bytes: [0x1f, 0x8b], what: "a compressed (gzip) file" },
  { bytes: [0x52, 0x61, 0x72, 0x21], what: "a RAR archive" },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf], what: "a 7-Zip archive" },
  { bytes: [0x50, 0x4b, 0x05, 0x06], what: "an empty ZIP archive" },
];

const startsWith = (head: Uint8Array, bytes: number[]) => bytes.every((b, i) => head[i] === b);

/** Control bytes other than tab, line feed, form feed and carriage return: text files have none. */
function looksBinary(head: Uint8Array): boolean {
  const sample = head.subarray(0, 8192);
  let control = 0;
  for (const b of sample) {
    if (b === 0) return true;
    if ((b < 0x20 && b !== 9 && b !== 10 && b !== 12 && b !== 13) || b === 0x7f) control++;
  }
  return control > sample.length * 0.05;
}

const notTable = (what: string, advice = "Upload a CSV or XLSX file.") =>
  new TableError("BINARY_NOT_TABLE", `This file is ${what}, not a table. ${advice}`);

/** Reads the first bytes of a stream and returns them with a stream that replays them, then the rest. */
async function peek(
  source: Readable,
  size: number,
): Promise<{ head: Buffer; complete: boolean; stream: Readable }> {
  const iterator = source[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let length = 0;
  let complete = false;
  while (length < size) {
    const next = await iterator.next();
    if (next.done) {
      complete = true;
      break;
    }
    const chunk =
      typeof next.value === "string" ? Buffer.from(next.value) : Buffer.from(next.value as Uint8Array);
    chunks.push(chunk);
    length += chunk.length;
  }
  const head = Buffer.concat(chunks);
  async function* replay() {
    let ended = complete;
    try {
      if (head.length) yield head;
      while (!ended) {
        const next = await iterator.next();
        if (next.done) ended = true;
        else yield typeof next.value === "string" ? Buffer.from(next.value) : (next.value as Buffer);
      }
    } finally {
      if (!ended) await iterator.return?.();
    }
  }
  return { head, complete, stream: Readable.from(replay(), { objectMode: false }) };
}

function toStream(source: TableSource): Readable {
  if (typeof source === "string") return fs.createReadStream(source);
  if (source instanceof Readable) return source;
  return Readable.from([Buffer.from(source.buffer, source.byteOffset, source.byteLength)], {
    objectMode: false,
  });
}

/**
 * Opens a table by content (never by file name): PK\x03\x04 is a workbook, known binary formats
 * and HTML pages are refused, anything else is CSV text. Returns what was found and a lazy row
 * iterator. Format errors (EMPTY_FILE, BINARY_NOT_TABLE, HTML_NOT_TABLE, NO_SUCH_SHEET, ...)
 * are thrown here; row errors (ROW_TOO_LONG, TRUNCATED_XLSX, ...) while iterating.
 */
export async function openTable(source: TableSource, options: ReadTableOptions = {}): Promise<OpenedTable> {
  const limits = {
    maxRowBytes: options.maxRowBytes ?? defaultLimits.maxRowBytes,
    maxColumns: options.maxColumns ?? defaultLimits.maxColumns,
    maxCellChars: options.maxCellChars ?? defaultLimits.maxCellChars,
  };
  const input = toStream(source);
  const { head, complete, stream } = await peek(input, sniffBytes);
  // A file opened here is closed with the table, even one closed before its rows were read.
  if (typeof source === "string") stream.once("close", () => input.destroy());
  const refuse = (error: TableError) => {
    stream.destroy();
    return error;
  };
  if (head.length === 0) throw refuse(new TableError("EMPTY_FILE", "The file is empty."));
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) {
    const { info, rows, close } = await openXlsx(stream, { ...limits, sheet: options.sheet });
    return { info: { format: "xlsx", ...info }, rows, close };
  }
  const signature = signatures.find((s) => startsWith(head, s.bytes));
  if (signature) throw refuse(notTable(signature.what, signature.advice));

  const encoding = options.encoding ?? sniffEncoding(head);
  if (!encoding.startsWith("utf-16") && looksBinary(head)) throw refuse(notTable("binary data"));
  const text = decodeSample(head, encoding);
  if (/^\s*<(!doctype\s+html|html|head|body)[\s>]/i.test(text)) {
    throw refuse(
      new TableError(
        "HTML_NOT_TABLE",
        "This file is a web page (HTML), not a table: a download link may have returned a sign-in or error page. Download the CSV or XLSX file itself.",
      ),
    );
  }
  if (complete && text.trim() === "")
    throw refuse(new TableError("EMPTY_FILE", "The file holds no data, only blank space."));
  const delimiter = detectDelimiter(text, complete);
  return {
    info: { format: "csv", encoding, delimiter },
    rows: readCsvRows(stream, { ...limits, encoding, delimiter, checkEncoding: !options.encoding }),
    close: () => stream.destroy(),
  };
}

/** The rows of a CSV or XLSX file, read lazily (see openTable for what is detected and refused). */
export async function* readTable(
  source: TableSource,
  options: ReadTableOptions = {},
): AsyncGenerator<RawRow> {
  const table = await openTable(source, options);
  yield* table.rows;
}

/** Takes the first `count` rows (for detectHeader) and returns them with an iterable of the rest. */
export async function takeHead(
  rows: AsyncIterable<RawRow>,
  count: number,
): Promise<{ head: RawRow[]; rest: AsyncIterable<RawRow> }> {
  const iterator = rows[Symbol.asyncIterator]();
  const head: RawRow[] = [];
  let done = false;
  while (head.length < count) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    head.push(next.value);
  }
  async function* rest(): AsyncGenerator<RawRow> {
    if (done) return;
    let ended = false;
    try {
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
      ended = true;
    } finally {
      if (!ended) await iterator.return?.();
    }
  }
  return { head, rest: rest() };
}
