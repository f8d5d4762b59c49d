import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { detectDelimiter, sniffEncoding } from "./csv.ts";
import { openTable, type RawRow, readTable, takeHead } from "./read-table.ts";

const bytes = (text: string) => Buffer.from(text, "utf8");

async function rowsOf(source: Parameters<typeof readTable>[0], options?: Parameters<typeof readTable>[1]) {
  const rows: RawRow[] = [];
  for await (const row of readTable(source, options)) rows.push(row);
  return rows;
}

describe("CSV encodings", () => {
  it("reads UTF-8 with a byte-order mark, and removes the mark from the first cell", async () => {
    const table = await openTable(
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes("Organización,País\nACNUR,Panamá\n")]),
    );
    expect(table.info).toEqual({ format: "csv", encoding: "utf-8", delimiter: "," });
    const rows: RawRow[] = [];
    for await (const row of table.rows) rows.push(row);
    expect(rows).toEqual([
      { row: 1, cells: ["Organización", "País"] },
      { row: 2, cells: ["ACNUR", "Panamá"] },
    ]);
  });

  it("detects Latin-1 (Windows-1252) when the bytes are not UTF-8", async () => {
    const latin1 = Buffer.from([
      ...bytes("Organizaci"),
      0xf3,
      ...bytes("n;Pa"),
      0xed,
      ...bytes("s;Nota\nOMS;Panam"),
      0xe1,
      ...bytes(";"),
      0x93,
      ...bytes("quoted"),
      0x94,
      ...bytes("\n"),
    ]);
    expect(sniffEncoding(latin1)).toBe("latin1");
    const table = await openTable(latin1);
    expect(table.info).toMatchObject({ encoding: "latin1", delimiter: ";" });
    expect(await rowsOf(latin1)).toEqual([
      { row: 1, cells: ["Organización", "País", "Nota"] },
      { row: 2, cells: ["OMS", "Panamá", "\u201cquoted\u201d"] },
    ]);
  });

  it("keeps UTF-8 when a multi-byte character straddles the end of the sniffed sample", () => {
    const text = `${"a".repeat(10)}é`;
    const cut = bytes(text).subarray(0, 11); // the first byte of "é" only
    expect(sniffEncoding(cut)).toBe("utf-8");
    expect(sniffEncoding(bytes("plain ascii"))).toBe("utf-8");
  });

  it("reads UTF-16 with a byte-order mark (Excel's 'Unicode text')", async () => {
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from("Org\tPaís\r\nOMS\tPerú\r\n", "utf16le"),
    ]);
    const table = await openTable(utf16);
    expect(table.info).toEqual({ format: "csv", encoding: "utf-16le", delimiter: "\t" });
    expect(await rowsOf(utf16)).toEqual([
      { row: 1, cells: ["Org", "País"] },
      { row: 2, cells: ["OMS", "Perú"] },
    ]);
  });

  it("lets the caller force the encoding", async () => {
    const rows = await rowsOf(bytes("caf\u00e9\n"), { encoding: "latin1" });
    expect(rows[0]!.cells).toEqual(["cafÃ©"]);
  });
});

describe("CSV delimiters", () => {
  it("reads semicolon, tab and pipe files", async () => {
    expect(await rowsOf(bytes("a;b;c\n1;2,5;3\n"))).toEqual([
      { row: 1, cells: ["a", "b", "c"] },
      { row: 2, cells: ["1", "2,5", "3"] },
    ]);
    expect((await rowsOf(bytes("a\tb\n1\t2\n")))[1]!.cells).toEqual(["1", "2"]);
    expect((await rowsOf(bytes("a|b\n1|2\n")))[1]!.cells).toEqual(["1", "2"]);
  });

  it("is not fooled by title rows, quoted delimiters or commas in a semicolon file's text", () => {
    expect(detectDelimiter("4W report, March\nOrg;Sector;Place\nA;Health, WASH;X\nB;Education;Y\n")).toBe(
      ";",
    );
    expect(detectDelimiter('"Org; Name",Sector\n"A; B",WASH\n')).toBe(",");
    expect(detectDelimiter("single column\nvalue\n")).toBe(",");
    expect(detectDelimiter("a,b\n1,2\n3,4", false)).toBe(",");
  });
});

describe("CSV records", () => {
  it("counts a quoted cell spanning lines as one record, with CRLF, LF or CR line ends", async () => {
    const text = 'id,description\r\n1,"Line 1\nLine 2\r\nLine 3"\r\n2,plain\n3,"say ""hi"""\r4,last';
    expect(await rowsOf(bytes(text))).toEqual([
      { row: 1, cells: ["id", "description"] },
      { row: 2, cells: ["1", "Line 1\nLine 2\r\nLine 3"] },
      { row: 3, cells: ["2", "plain"] },
      { row: 4, cells: ["3", 'say "hi"'] },
      { row: 5, cells: ["4", "last"] },
    ]);
  });

  it("keeps blank lines and ragged rows as they are, so row numbers match the file", async () => {
    expect(await rowsOf(bytes("a,b,c\n\n1,2\n4,5,6,7\n"))).toEqual([
      { row: 1, cells: ["a", "b", "c"] },
      { row: 2, cells: [""] },
      { row: 3, cells: ["1", "2"] },
      { row: 4, cells: ["4", "5", "6", "7"] },
    ]);
  });

  it("tolerates stray quotes inside unquoted cells", async () => {
    expect((await rowsOf(bytes('size,note\n5" pipe,a "b" c\n')))[1]!.cells).toEqual(['5" pipe', 'a "b" c']);
  });

  it("reads from a file path and from a Node stream", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "tabular-")), "any-name.bin");
    fs.writeFileSync(file, "#org,#sector\nUNICEF,WASH\n");
    try {
      expect(await rowsOf(file)).toHaveLength(2);
      expect(await rowsOf(fs.createReadStream(file))).toHaveLength(2);
      expect(await rowsOf(Readable.from(["#org,#sec", "tor\nUNI", "CEF,WASH\n"]))).toEqual([
        { row: 1, cells: ["#org", "#sector"] },
        { row: 2, cells: ["UNICEF", "WASH"] },
      ]);
    } finally {
      fs.rmSync(path.dirname(file), { recursive: true });
    }
  });

  it("takeHead hands over the first rows and continues with the rest", async () => {
    const text = Array.from({ length: 40 }, (_, i) => `r${i + 1}`).join("\n");
    const { head, rest } = await takeHead(readTable(bytes(text)), 25);
    expect(head.map((r) => r.row)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    const after: number[] = [];
    for await (const r of rest) after.push(r.row);
    expect(after).toEqual(Array.from({ length: 15 }, (_, i) => i + 26));
  });
});
