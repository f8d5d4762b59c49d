import { TableError } from "./errors.ts";

/**
 * Mixed encodings in one CSV: a file saved as UTF-8 with rows pasted from a Windows-1252 (Latin-1)
 * file, or the reverse. The encoding is chosen once from the first 64 KiB, so a row in the other
 * encoding would otherwise be read as mojibake ("CafÃ©", "Caf�") without anyone noticing, and
 * a wrong organisation or location name would only surface as an unknown reference. These checks
 * find such a row and name it instead.
 */

/** Valid multi-byte UTF-8 sequences and bytes that cannot be UTF-8, in `bytes`. */
export function utf8Tally(bytes: Uint8Array): { multiByte: number; invalid: number } {
  let multiByte = 0;
  let invalid = 0;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const length = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    // A sequence cut by the end of the sample is neither (the caller's sample may end anywhere).
    if (length && i + length > bytes.length) break;
    let ok = length > 0;
    for (let k = 1; ok && k < length; k++) ok = bytes[i + k]! >= 0x80 && bytes[i + k]! <= 0xbf;
    // Overlong forms, surrogates and code points past U+10FFFF are not UTF-8 either.
    const c = bytes[i + 1]!;
    if (
      ok &&
      ((b === 0xe0 && c < 0xa0) ||
        (b === 0xed && c > 0x9f) ||
        (b === 0xf0 && c < 0x90) ||
        (b === 0xf4 && c > 0x8f))
    )
      ok = false;
    if (ok) {
      multiByte++;
      i += length;
    } else {
      invalid++;
      i++;
    }
  }
  return { multiByte, invalid };
}

/**
 * UTF-8 or Latin-1 for a sample with bytes ≥ 0x80: UTF-8 when every such byte is valid UTF-8, and
 * also when valid UTF-8 characters outnumber the bytes that are not (a UTF-8 file with a few rows
 * pasted from Windows-1252: those rows are then refused by `badUtf8Cell`, by row number).
 */
export function utf8OrLatin1(sample: Uint8Array): "utf-8" | "latin1" {
  const { multiByte, invalid } = utf8Tally(sample);
  return invalid === 0 || multiByte > invalid ? "utf-8" : "latin1";
}

/** In text decoded as UTF-8: the index of the first cell holding U+FFFD (bytes that were not UTF-8), else -1. */
export function badUtf8Cell(cells: readonly string[]): number {
  return cells.findIndex((cell) => cell.includes("\uFFFD"));
}

// Windows-1252 is one byte per character: the map back from character to byte.
const win1252Bytes = new Map<string, number>();
{
  const decoded = new TextDecoder("latin1").decode(Uint8Array.from({ length: 128 }, (_, i) => 0x80 + i));
  for (let i = 0; i < decoded.length; i++) win1252Bytes.set(decoded[i]!, 0x80 + i);
}

/** The Windows-1252 bytes of a text decoded from them, or null when a character has no byte. */
function win1252Encode(text: string): Uint8Array | null {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const byte = code < 0x80 ? code : win1252Bytes.get(text[i]!);
    if (byte === undefined) return null;
    bytes[i] = byte;
  }
  return bytes;
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * In text decoded as Windows-1252: the first cell whose bytes are in fact UTF-8 (they hold a
 * multi-byte character and nothing else that is not UTF-8: "Ã©" that was "é"), with its UTF-8
 * reading; null when none. Real Windows-1252 text almost never forms valid UTF-8 by accident.
 */
export function utf8InLatin1Cell(cells: readonly string[]): { index: number; asUtf8: string } | null {
  for (let index = 0; index < cells.length; index++) {
    const cell = cells[index]!;
    if (!/[\u0080-\uffff]/.test(cell)) continue;
    const bytes = win1252Encode(cell);
    if (!bytes) continue;
    const { multiByte, invalid } = utf8Tally(bytes);
    if (multiByte > 0 && invalid === 0) return { index, asUtf8: strictUtf8.decode(bytes) };
  }
  return null;
}

/** Up to 40 characters of a cell around position `at`, for a message. */
function excerpt(cell: string, at: number): string {
  const start = Math.max(0, at - 20);
  const text = cell.slice(start, start + 40);
  return `${start > 0 ? "…" : ""}${text}${start + 40 < cell.length ? "…" : ""}`;
}

/** The error for a row in the other encoding, naming the row, the column and the text. */
export function mixedEncoding(
  row: number,
  cells: readonly string[],
  fileEncoding: "utf-8" | "latin1",
  found: { index: number; asUtf8?: string },
): TableError {
  const cell = cells[found.index]!;
  const column = found.index + 1;
  if (fileEncoding === "utf-8") {
    return new TableError(
      "MIXED_ENCODING",
      `Row ${row}, column ${column} has characters that are not UTF-8 like the rest of the file ("${excerpt(cell, cell.indexOf("\uFFFD"))}"): this row was probably pasted from a file in another encoding (Windows-1252 or Latin-1). Retype those characters, or save the whole file again as "CSV UTF-8", and upload it again.`,
      { row, column },
    );
  }
  return new TableError(
    "MIXED_ENCODING",
    `Row ${row}, column ${column} is UTF-8 text ("${excerpt(found.asUtf8 ?? cell, 0)}") but the file starts in Windows-1252 (Latin-1), so it would read as "${excerpt(cell, 0)}". Save the whole file again as "CSV UTF-8" and upload it again.`,
    { row, column },
  );
}
