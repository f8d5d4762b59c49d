import fs from "node:fs";
import { detectHeader, type HeaderDetection } from "../detect.ts";
import { isTableError } from "../errors.ts";
import { type RawRow, type ReadTableOptions, readTable } from "../read-table.ts";

/**
 * Shared by the *.data.test.ts files: an oracle that splits CSV by hand, so that expected values
 * never come from the reader under test, and small reading helpers.
 */

/** The oracle: splits CSV text into records by hand (quotes, doubled quotes, CRLF/LF/CR). */
export function oracleRecords(text: string, delimiter = ","): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === "") quoted = true;
    else if (ch === delimiter) {
      record.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      record.push(field);
      records.push(record);
      record = [];
      field = "";
    } else field += ch;
  }
  if (field !== "" || record.length) records.push([...record, field]);
  return records;
}

/** The oracle on a file (BOM removed). */
export const oracleFile = (file: string, delimiter = ",", encoding: BufferEncoding = "utf8") =>
  oracleRecords(fs.readFileSync(file, encoding).replace(/^\uFEFF/, ""), delimiter);

/** Reads a whole file with the reader under test and detects its header from the first 25 rows. */
export async function read(
  file: string,
  options?: ReadTableOptions,
): Promise<{ rows: RawRow[]; header: HeaderDetection }> {
  const rows: RawRow[] = [];
  for await (const row of readTable(file, options)) rows.push(row);
  return { rows, header: detectHeader(rows.slice(0, 25)) };
}

/** The rows after the header (and hashtag) row. */
export const dataRows = ({ rows, header }: { rows: RawRow[]; header: HeaderDetection }) =>
  rows.filter((r) => r.row > header.dataAfterRow);

/** The TableError code a file fails with, "no error", or the other error as text. */
export async function errorCode(file: string): Promise<string> {
  try {
    for await (const _ of readTable(file)) {
      // read on
    }
    return "no error";
  } catch (error) {
    return isTableError(error) ? error.code : String(error);
  }
}
