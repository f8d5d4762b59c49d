import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { sniffEncoding } from "./csv.ts";
import { utf8Tally } from "./encoding.ts";
import { isTableError } from "./errors.ts";
import { type RawRow, readTable, type TableSource } from "./read-table.ts";

const utf8 = (text: string) => Buffer.from(text, "utf8");
/** Windows-1252 bytes, written by hand: é 0xE9, “ 0x93, ” 0x94, – 0x96. */
const cp1252 = (text: string) =>
  Buffer.from([...text].map((ch) => ({ é: 0xe9, "“": 0x93, "”": 0x94, "–": 0x96 })[ch] ?? ch.charCodeAt(0)));

async function outcome(source: TableSource) {
  const rows: RawRow[] = [];
  try {
    for await (const row of readTable(source)) rows.push(row);
    return { rows };
  } catch (error) {
    if (isTableError(error)) return { rows, error };
    throw error;
  }
}

/** Hands the bytes out in 4 KiB chunks, as a file or upload stream would. */
const chunked = (bytes: Buffer) =>
  Readable.from(
    (function* () {
      for (let at = 0; at < bytes.length; at += 4096) yield bytes.subarray(at, at + 4096);
    })(),
    { objectMode: false },
  );

const header = "#org,#description\n";
const bengali = "ব্র্যাক,নলকূপ মেরামত\n";

describe("mixed encodings", () => {
  it("counts valid UTF-8 sequences and bytes that cannot be UTF-8", () => {
    expect(utf8Tally(utf8("café বাংলা"))).toEqual({ multiByte: 6, invalid: 0 });
    expect(utf8Tally(cp1252("café “x”"))).toEqual({ multiByte: 0, invalid: 3 });
    // Overlong "/" and a UTF-16 surrogate are not UTF-8.
    expect(utf8Tally(Buffer.from([0xc0, 0xaf, 0xed, 0xa0, 0x80]))).toEqual({ multiByte: 0, invalid: 5 });
  });

  it("sniffs a mostly UTF-8 sample as UTF-8, a mostly Windows-1252 one as Latin-1", () => {
    const mostlyUtf8 = Buffer.concat([utf8(header + bengali.repeat(3)), cp1252("Oxfam,Café “A”\n")]);
    expect(sniffEncoding(mostlyUtf8)).toBe("utf-8");
    const mostlyLatin1 = Buffer.concat([cp1252("#org,#description\nOxfam,Café “A” – é\n"), utf8("x,é\n")]);
    expect(sniffEncoding(mostlyLatin1)).toBe("latin1");
    expect(sniffEncoding(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), cp1252("Café\n")]))).toBe("utf-8");
  });

  it("names the Windows-1252 row of a UTF-8 file, in the sniffed start or far after it", async () => {
    const early = Buffer.concat([utf8(header + bengali), cp1252("Oxfam,Café “A”\n"), utf8(bengali)]);
    const first = await outcome(early);
    expect(first.error?.code).toBe("MIXED_ENCODING");
    expect(first.error?.message).toBe(
      'Row 3, column 2 has characters that are not UTF-8 like the rest of the file ("Caf\uFFFD \uFFFDA\uFFFD"): this row was probably pasted from a file in another encoding (Windows-1252 or Latin-1). Retype those characters, or save the whole file again as "CSV UTF-8", and upload it again.',
    );
    expect(first.error?.details).toEqual({ row: 3, column: 2 });
    expect(first.rows.map((r) => r.row)).toEqual([1, 2]);

    const late = Buffer.concat([utf8(header + bengali.repeat(4000)), cp1252("Oxfam,“quoted”\n")]);
    expect(late.length).toBeGreaterThan(128 * 1024);
    const second = await outcome(chunked(late));
    expect(second.error).toMatchObject({ code: "MIXED_ENCODING", details: { row: 4002, column: 2 } });
  });

  it("names the UTF-8 row of a Windows-1252 file", async () => {
    const file = Buffer.concat([cp1252("#org,#description\nOxfam,Café “A” – é\n"), utf8("BRAC,café\n")]);
    const { error } = await outcome(file);
    expect(error?.code).toBe("MIXED_ENCODING");
    expect(error?.message).toMatch(
      /^Row 3, column 2 is UTF-8 text \("café"\) but the file starts in Windows-1252 \(Latin-1\), so it would read as "cafÃ©"\./,
    );
  });

  it("reads a file wholly in Windows-1252 (quotes, dashes, accents) without complaint", async () => {
    const { rows, error } = await outcome(cp1252("#org,#description\nOxfam,Café “A” – é\nMSF,“B”\n"));
    expect(error).toBeUndefined();
    expect(rows[1]!.cells).toEqual(["Oxfam", "Café \u201cA\u201d \u2013 é"]);
  });

  it("reads as told when the caller forces the encoding", async () => {
    const rows: RawRow[] = [];
    const file = Buffer.concat([cp1252("Oxfam,Café\n"), utf8("BRAC,café\n")]);
    for await (const row of readTable(file, { encoding: "latin1" })) rows.push(row);
    expect(rows[1]!.cells).toEqual(["BRAC", "cafÃ©"]);
  });
});
