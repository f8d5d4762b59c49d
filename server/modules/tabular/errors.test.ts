import { Readable } from "node:stream";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { isTableError, type TableError, type TableErrorCode } from "./errors.ts";
import { type ReadTableOptions, readTable, type TableSource } from "./read-table.ts";
import { workbookWithSheetXml, writeZip } from "./testing/zip.ts";

/** Reads everything and returns the TableError it fails with (the test fails if it does not). */
async function failure(source: TableSource, options?: ReadTableOptions): Promise<TableError> {
  try {
    for await (const _ of readTable(source, options)) {
      // read on
    }
  } catch (error) {
    if (isTableError(error)) return error;
    throw error;
  }
  throw new Error("expected a TableError");
}

async function expectCode(
  source: TableSource,
  code: TableErrorCode,
  message: RegExp,
  options?: ReadTableOptions,
) {
  const error = await failure(source, options);
  expect(error.code).toBe(code);
  expect(error.message).toMatch(message);
  return error;
}

async function workbook(build: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe("table errors", () => {
  it("EMPTY_FILE for no bytes, only blank space, or an empty sheet", async () => {
    await expectCode(Buffer.alloc(0), "EMPTY_FILE", /empty/);
    await expectCode(Buffer.from(" \r\n\t\n"), "EMPTY_FILE", /no data/);
    await expectCode(Buffer.from([0xef, 0xbb, 0xbf]), "EMPTY_FILE", /no data/);
    const empty = await workbook((wb) => wb.addWorksheet("Blank"));
    await expectCode(empty, "EMPTY_FILE", /sheet "Blank" is empty/);
  });

  it("BINARY_NOT_TABLE for PDF, PNG, old .xls and random bytes", async () => {
    await expectCode(
      Buffer.from("%PDF-1.7\n%\xe2\xe3\n1 0 obj"),
      "BINARY_NOT_TABLE",
      /PDF document, not a table/,
    );
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    await expectCode(png, "BINARY_NOT_TABLE", /PNG image/);
    const xls = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]);
    await expectCode(xls, "BINARY_NOT_TABLE", /Excel 97-2003.*save it as \.xlsx or CSV/);
    let seed = 42;
    const random = Buffer.from(
      Array.from({ length: 4096 }, () => {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        return seed % 256;
      }),
    );
    await expectCode(random, "BINARY_NOT_TABLE", /binary data/);
  });

  it("HTML_NOT_TABLE for a web page saved instead of the data", async () => {
    await expectCode(Buffer.from("<!doctype html>\n<html>\n</html>\n"), "HTML_NOT_TABLE", /web page/);
    await expectCode(Buffer.from("\n<HTML><body>Sign in</body></HTML>"), "HTML_NOT_TABLE", /sign-in/);
  });

  it("TRUNCATED_XLSX for a workbook cut short", async () => {
    const full = await workbook((wb) => {
      const ws = wb.addWorksheet("Data");
      for (let i = 0; i < 2000; i++) ws.addRow([`org ${i}`, i, `note ${i * 7}`]);
    });
    await expectCode(full.subarray(0, Math.floor(full.length / 2)), "TRUNCATED_XLSX", /ends early/);
    await expectCode(full.subarray(0, full.length - 10), "TRUNCATED_XLSX", /interrupted/);
  });

  it("UNREADABLE_XLSX for a ZIP that is not a workbook, or a workbook with damaged XML", async () => {
    const zipOfCsv = writeZip({ "data.csv": "#org,#sector\nUNICEF,WASH\n" });
    await expectCode(zipOfCsv, "UNREADABLE_XLSX", /ZIP archive without an Excel worksheet/);
    const damaged = workbookWithSheetXml(
      '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet><<<',
    );
    await expectCode(damaged, "UNREADABLE_XLSX", /cannot be read/);
  });

  it("NO_SUCH_SHEET lists the sheet names", async () => {
    const book = await workbook((wb) => {
      wb.addWorksheet("Read me").addRow(["notes"]);
      wb.addWorksheet("4W data").addRow(["#org"]);
    });
    const error = await expectCode(
      book,
      "NO_SUCH_SHEET",
      /no sheet named "5W"\. Its sheets are: "Read me", "4W data"\./,
      {
        sheet: "5W",
      },
    );
    expect(error.details.sheetNames).toEqual(["Read me", "4W data"]);
  });

  it("ROW_TOO_LONG for a row over the byte or column limit", async () => {
    const wide = `${Array.from({ length: 501 }, (_, i) => `c${i}`).join(",")}\n`;
    const error = await expectCode(Buffer.from(`a,b\n${wide}`), "ROW_TOO_LONG", /Row 2 has 501 columns/);
    expect(error.details.row).toBe(2);
    // Trailing empty cells (a spreadsheet's stray commas) do not count.
    const rows: string[][] = [];
    for await (const r of readTable(Buffer.from(`a,b${",".repeat(2000)}\n`))) rows.push(r.cells);
    expect(rows[0]).toHaveLength(2002);
    await expectCode(Buffer.from(`a,b\n1,${"x".repeat(2000)}\n`), "ROW_TOO_LONG", /longer than 1,000 bytes/, {
      maxRowBytes: 1000,
    });
    const book = await workbook((wb) => {
      const ws = wb.addWorksheet("Data");
      ws.addRow(["#org"]);
      ws.getCell(2, 600).value = "far right";
    });
    await expectCode(book, "ROW_TOO_LONG", /Row 2 has 600 columns/);
    const heavy = await workbook((wb) => wb.addWorksheet("Data").addRow(["x".repeat(3000)]));
    await expectCode(heavy, "ROW_TOO_LONG", /more than 2,000 bytes/, { maxRowBytes: 2000 });
  });

  it("ROW_TOO_LONG fails fast on 100 MB in one (unclosed) quoted cell, without reading it all", async () => {
    let pulled = 0;
    const chunk = Buffer.alloc(64 * 1024, "x");
    async function* hundredMegabytes() {
      yield Buffer.from('id,text\n1,"');
      while (pulled < 100 * 1024 * 1024) {
        pulled += chunk.length;
        yield chunk;
      }
    }
    const source = Readable.from(hundredMegabytes(), { objectMode: false });
    await expectCode(source, "ROW_TOO_LONG", /Row 2 is longer than 1,048,576 bytes.*never closed/);
    expect(pulled).toBeLessThan(4 * 1024 * 1024);
    expect(source.destroyed).toBe(true);
  });

  it("CELL_TOO_LONG for a cell over 32,767 characters (Excel's limit), in CSV and XLSX", async () => {
    const cell = "x".repeat(40_000);
    const error = await expectCode(
      Buffer.from(`a,b,c\n1,2,${cell}\n`),
      "CELL_TOO_LONG",
      /^Row 2, column 3 holds 40,000 characters; a cell may hold at most 32,767\.$/,
    );
    expect(error.details).toEqual({ row: 2, column: 3 });
    const book = await workbook((wb) =>
      wb.addWorksheet("Data").addRows([
        ["a", "b"],
        ["1", cell],
      ]),
    );
    await expectCode(book, "CELL_TOO_LONG", /^Row 2, column 2 holds 40,000 characters/);
    await expectCode(Buffer.from(`a\n${"y".repeat(101)}\n`), "CELL_TOO_LONG", /at most 100\./, {
      maxCellChars: 100,
    });
  });

  it("UNREADABLE_CSV when the file ends inside a quoted cell", async () => {
    const error = await expectCode(
      Buffer.from('a,b\n1,"open\n2,3\n'),
      "UNREADABLE_CSV",
      /row 2 is never closed/,
    );
    expect(error.details.row).toBe(2);
  });

  it("passes I/O errors through unchanged", async () => {
    await expect(readTable("/no/such/file.csv").next()).rejects.toMatchObject({ code: "ENOENT" });
  });
});
