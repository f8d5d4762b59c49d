import { pipeline, type Readable, Transform } from "node:stream";
import { CsvError, parse } from "csv-parse";
import { badUtf8Cell, mixedEncoding, utf8InLatin1Cell, utf8OrLatin1 } from "./encoding.ts";
import { TableError } from "./errors.ts";
import type { RawRow } from "./read-table.ts";

/** Text encodings a CSV can arrive in. `latin1` decodes as Windows-1252, as browsers do. */
export type CsvEncoding = "utf-8" | "latin1" | "utf-16le" | "utf-16be";

/** The delimiters detectDelimiter chooses from, in order of preference on a tie. */
export const csvDelimiters = [",", ";", "\t", "|"] as const;
export type CsvDelimiter = (typeof csvDelimiters)[number];

/**
 * Picks the encoding from the first bytes: a UTF-16 byte-order mark, UTF-8 for a UTF-8 mark, else
 * UTF-8 when the sample is valid UTF-8 or mostly so (`utf8OrLatin1`), else Latin-1. The sample is
 * cut at an ASCII byte so that a multi-byte character split by its end does not look invalid.
 */
export function sniffEncoding(head: Uint8Array): CsvEncoding {
  if (head[0] === 0xff && head[1] === 0xfe) return "utf-16le";
  if (head[0] === 0xfe && head[1] === 0xff) return "utf-16be";
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return "utf-8";
  let end = head.length;
  while (end > 0 && head[end - 1]! >= 0x80) end--;
  const sample = end > 0 ? head.subarray(0, end) : head;
  if (!sample.some((b) => b >= 0x80)) return "utf-8";
  return utf8OrLatin1(sample);
}

/** Decodes a whole sample in the given encoding (BOM removed), for sniffing. */
export function decodeSample(bytes: Uint8Array, encoding: CsvEncoding): string {
  return new TextDecoder(encoding).decode(bytes);
}

/** Splits the start of a CSV text into records of delimiter counts, honouring double quotes. */
function delimiterCounts(text: string, complete: boolean, maxRecords = 50): Map<string, number>[] {
  const records: Map<string, number>[] = [];
  let counts = new Map<string, number>();
  let quoted = false;
  for (let i = 0; i < text.length && records.length < maxRecords; i++) {
    const ch = text[i]!;
    if (ch === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      records.push(counts);
      counts = new Map();
    } else if ((csvDelimiters as readonly string[]).includes(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  if (complete && !quoted && counts.size) records.push(counts);
  return records;
}

/**
 * Guesses the delimiter among , ; tab | from the first records: for each candidate, the most common
 * non-zero count per record, and the number of records with exactly that count (a title row or a
 * comma inside a semicolon file's text then does not win). Ties go to the larger count, then to
 * the order , ; tab |. Comma when no candidate occurs at all.
 */
export function detectDelimiter(text: string, complete = true): CsvDelimiter {
  const records = delimiterCounts(text, complete);
  let best: { d: CsvDelimiter; agree: number; count: number } | null = null;
  for (const d of csvDelimiters) {
    const tally = new Map<number, number>();
    for (const r of records) {
      const n = r.get(d) ?? 0;
      if (n > 0) tally.set(n, (tally.get(n) ?? 0) + 1);
    }
    let count = 0;
    let agree = 0;
    for (const [n, times] of tally) {
      if (times > agree || (times === agree && n > count)) [count, agree] = [n, times];
    }
    if (agree > 0 && (!best || agree > best.agree || (agree === best.agree && count > best.count))) {
      best = { d, agree, count };
    }
  }
  return best?.d ?? ",";
}

export interface CsvReadOptions {
  encoding: CsvEncoding;
  delimiter: CsvDelimiter;
  maxRowBytes: number;
  maxColumns: number;
  maxCellChars: number;
  /**
   * Refuse a row in the other of UTF-8 / Windows-1252 (MIXED_ENCODING). Off when the caller forced
   * the encoding: then text is read as told.
   */
  checkEncoding: boolean;
}

/** Columns up to the last non-empty cell: trailing empty cells do not count against the limit. */
export function usedWidth(cells: readonly string[]): number {
  let width = cells.length;
  while (width > 0 && cells[width - 1] === "") width--;
  return width;
}

/** A TableError for a cell over the length limit (row and column 1-based). */
export function cellTooLong(row: number, column: number, length: number, max: number): TableError {
  return new TableError(
    "CELL_TOO_LONG",
    `Row ${row}, column ${column} holds ${length.toLocaleString("en")} characters; a cell may hold at most ${max.toLocaleString("en")}.`,
    { row, column },
  );
}

/** A TableError for a row over the column limit. */
export function tooManyColumns(row: number, width: number, max: number): TableError {
  return new TableError(
    "ROW_TOO_LONG",
    `Row ${row} has ${width} columns; at most ${max} are accepted. Is this the right file, or the right delimiter?`,
    { row },
  );
}

function csvProblem(error: unknown, rowsRead: number, maxRowBytes: number): unknown {
  if (!(error instanceof CsvError)) return error;
  // The parser may be ahead of the rows handed out: its own record count says where it stopped.
  const parsed = (error as CsvError & { records?: unknown }).records;
  const row = (typeof parsed === "number" ? Math.max(parsed, rowsRead) : rowsRead) + 1;
  if (error.code === "CSV_MAX_RECORD_SIZE") {
    // The parser's `column` is the 0-based index of the cell it was reading when the limit hit.
    const at = (error as CsvError & { column?: unknown }).column;
    const column = typeof at === "number" ? at + 1 : undefined;
    return new TableError(
      "ROW_TOO_LONG",
      `Row ${row} is longer than ${maxRowBytes.toLocaleString("en")} bytes, so reading stopped there${column ? ` (in column ${column})` : ""}. A quote (") that opens a cell and is never closed makes the rest of the file one cell.`,
      column ? { row, column } : { row },
      error,
    );
  }
  if (error.code === "CSV_QUOTE_NOT_CLOSED") {
    return new TableError(
      "UNREADABLE_CSV",
      `A quoted cell in row ${row} is never closed: the file ends inside quotes (").`,
      { row },
      error,
    );
  }
  return new TableError(
    "UNREADABLE_CSV",
    `Row ${row} cannot be read as CSV: ${error.message}`,
    { row },
    error,
  );
}

/** Re-encodes Latin-1 or UTF-16 text as UTF-8 on the fly, for the parser (which reads UTF-8). */
function decodeTo8(encoding: CsvEncoding): Transform {
  const decoder = new TextDecoder(encoding);
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      done(null, decoder.decode(chunk, { stream: true }));
    },
    flush(done) {
      done(null, decoder.decode());
    },
  });
}

/**
 * Streams CSV records from bytes: decodes on the fly, parses with csv-parse's streaming parser
 * (quoted cells may span lines: one record, one row number) and stops at the first row over the
 * limits. Memory stays bounded by the limits, not the file size; breaking out of the loop
 * destroys the source.
 */
export async function* readCsvRows(bytes: Readable, options: CsvReadOptions): AsyncGenerator<RawRow> {
  const parser = parse({
    delimiter: options.delimiter,
    record_delimiter: ["\r\n", "\n", "\r"],
    relax_column_count: true,
    relax_quotes: true,
    max_record_size: options.maxRowBytes,
    bom: true,
  });
  // Errors reach the loop below through the parser; the callbacks only keep them from going unhandled.
  if (options.encoding === "utf-8") pipeline(bytes, parser, () => {});
  else pipeline(bytes, decodeTo8(options.encoding), parser, () => {});
  let row = 0;
  const checkUtf8 = options.checkEncoding && options.encoding === "utf-8";
  const checkLatin1 = options.checkEncoding && options.encoding === "latin1";
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      row++;
      const width = usedWidth(record);
      if (width > options.maxColumns) throw tooManyColumns(row, width, options.maxColumns);
      const long = record.findIndex((cell) => cell.length > options.maxCellChars);
      if (long >= 0) throw cellTooLong(row, long + 1, record[long]!.length, options.maxCellChars);
      if (checkUtf8) {
        const index = badUtf8Cell(record);
        if (index >= 0) throw mixedEncoding(row, record, "utf-8", { index });
      } else if (checkLatin1) {
        const found = utf8InLatin1Cell(record);
        if (found) throw mixedEncoding(row, record, "latin1", found);
      }
      yield { row, cells: record };
    }
  } catch (error) {
    throw csvProblem(error, row, options.maxRowBytes);
  }
}
