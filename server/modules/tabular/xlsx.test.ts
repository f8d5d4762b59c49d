import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { openTable, type RawRow, type ReadTableOptions, readTable } from "./read-table.ts";
import { workbookWithSheetXml } from "./testing/zip.ts";
import { cellText, isDateFormat, isoDate, plainNumber } from "./xlsx.ts";

async function workbook(build: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function rowsOf(source: Buffer, options?: ReadTableOptions): Promise<RawRow[]> {
  const rows: RawRow[] = [];
  for await (const row of readTable(source, options)) rows.push(row);
  return rows;
}

describe("XLSX sheets", () => {
  const book = () =>
    workbook((wb) => {
      wb.addWorksheet("Read me").addRows([["How to fill this template"], ["Ask the IM officer"]]);
      const data = wb.addWorksheet("4W Data");
      data.addRows([
        ["Organisation", "Sector"],
        ["#org", "#sector"],
        ["UNICEF", "WASH"],
      ]);
    });

  it("reads the first sheet by default, and says which sheets there are", async () => {
    const table = await openTable(await book());
    expect(table.info).toEqual({ format: "xlsx", sheet: "Read me", sheetNames: ["Read me", "4W Data"] });
    expect(await rowsOf(await book())).toEqual([
      { row: 1, cells: ["How to fill this template"] },
      { row: 2, cells: ["Ask the IM officer"] },
    ]);
  });

  it("reads a sheet by name, exactly or ignoring case and surrounding spaces", async () => {
    const expected = [
      { row: 1, cells: ["Organisation", "Sector"] },
      { row: 2, cells: ["#org", "#sector"] },
      { row: 3, cells: ["UNICEF", "WASH"] },
    ];
    expect(await rowsOf(await book(), { sheet: "4W Data" })).toEqual(expected);
    expect(await rowsOf(await book(), { sheet: " 4w data " })).toEqual(expected);
  });

  it("skips hidden sheets when choosing the default", async () => {
    const hidden = await workbook((wb) => {
      wb.addWorksheet("Lists", { state: "hidden" }).addRow(["Health", "WASH"]);
      wb.addWorksheet("4W").addRow(["#org"]);
    });
    const table = await openTable(hidden);
    expect(table.info).toEqual({ format: "xlsx", sheet: "4W", sheetNames: ["Lists", "4W"] });
    table.close();
    expect(await rowsOf(hidden, { sheet: "lists" })).toEqual([{ row: 1, cells: ["Health", "WASH"] }]);
  });

  it("is recognised by its bytes, whatever the name it came with", async () => {
    const table = await openTable(await book());
    expect(table.info.format).toBe("xlsx");
  });
});

describe("XLSX cell values", () => {
  it("turns dates into YYYY-MM-DD, with a time when there is one", async () => {
    const rows = await rowsOf(
      await workbook((wb) => {
        const ws = wb.addWorksheet("Data");
        ws.addRow([new Date(Date.UTC(2024, 2, 1)), new Date(Date.UTC(2015, 2, 31, 14, 30))]);
        ws.getCell("C1").value = 45352;
        ws.getCell("C1").numFmt = "dd/mm/yyyy";
        ws.getCell("D1").value = 45352;
      }),
    );
    expect(rows[0]!.cells).toEqual(["2024-03-01", "2015-03-31T14:30:00", "2024-03-01", "45352"]);
  });

  it("gives numbers as plain decimal text, as Excel shows them", async () => {
    const rows = await rowsOf(
      await workbook((wb) =>
        wb.addWorksheet("Data").addRow([100, 0.1 + 0.2, 1e21, 0.0000001, -2.5, Number("12345678901234567")]),
      ),
    );
    expect(rows[0]!.cells).toEqual([
      "100",
      "0.3",
      "1000000000000000000000",
      "0.0000001",
      "-2.5",
      "12345678901234600",
    ]);
  });

  it("gives formulas their cached result (number, text, date) and rich text its plain text", async () => {
    const rows = await rowsOf(
      await workbook((wb) => {
        const ws = wb.addWorksheet("Data");
        ws.addRow([100, 250]);
        ws.getCell("C1").value = { formula: "A1+B1", result: 350 };
        ws.getCell("D1").value = { formula: 'CONCAT("W","ASH")', result: "WASH" };
        ws.getCell("E1").value = { formula: "DATE(2024,3,1)", result: 45352 };
        ws.getCell("E1").numFmt = "yyyy-mm-dd";
        ws.getCell("F1").value = { richText: [{ text: "Cox's " }, { font: { bold: true }, text: "Bazar" }] };
        ws.getCell("G1").value = { text: "site", hyperlink: "https://example.org" };
        ws.getCell("H1").value = true;
        ws.getCell("I1").value = { error: "#N/A" };
        // exceljs's reader turns a cached error result into NaN: such a formula reads as empty.
        ws.getCell("J1").value = { formula: "1/0", result: { error: "#DIV/0!" } };
        ws.getCell("K1").value = "end";
      }),
    );
    expect(rows[0]!.cells).toEqual([
      "100",
      "250",
      "350",
      "WASH",
      "2024-03-01",
      "Cox's Bazar",
      "site",
      "TRUE",
      "#N/A",
      "",
      "end",
    ]);
  });

  it("keeps a merged range's value in its top-left cell only", async () => {
    const rows = await rowsOf(
      await workbook((wb) => {
        const ws = wb.addWorksheet("Data");
        ws.addRows([
          ["Who", "", "Where"],
          ["#org", "#sector", "#adm1"],
          ["UNICEF", "WASH", "Coast"],
          ["", "Health", "Plains"],
        ]);
        ws.mergeCells("A1:B1");
        ws.mergeCells("A3:A4");
      }),
    );
    expect(rows.map((r) => r.cells)).toEqual([
      ["Who", "", "Where"],
      ["#org", "#sector", "#adm1"],
      ["UNICEF", "WASH", "Coast"],
      ["", "Health", "Plains"],
    ]);
  });

  it("numbers rows as the sheet does and leaves out empty ones", async () => {
    const rows = await rowsOf(
      await workbook((wb) => {
        const ws = wb.addWorksheet("Data");
        ws.getCell("B2").value = "#org";
        ws.getCell("B5").value = "UNICEF";
        ws.getCell("A7").value = "";
        ws.getCell("A8").value = null;
      }),
    );
    expect(rows).toEqual([
      { row: 2, cells: ["", "#org"] },
      { row: 5, cells: ["", "UNICEF"] },
    ]);
  });

  it("reads sheets whose ZIP puts the sheet before the workbook and styles (as LibreOffice does)", async () => {
    const sheet =
      '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
      '<row r="1"><c r="A1" t="inlineStr"><is><t>#date</t></is></c><c r="B1" t="inlineStr"><is><t>#affected</t></is></c></row>' +
      '<row r="2"><c r="A2" t="str"><v>2024-03-01</v></c><c r="B2"><v>1500</v></c></row>' +
      "</sheetData></worksheet>";
    const table = await openTable(workbookWithSheetXml(sheet));
    expect(table.info).toEqual({ format: "xlsx", sheet: "Data", sheetNames: ["Data"] });
    const rows: RawRow[] = [];
    for await (const row of table.rows) rows.push(row);
    expect(rows.map((r) => r.cells)).toEqual([
      ["#date", "#affected"],
      ["2024-03-01", "1500"],
    ]);
  });
});

describe("XLSX value helpers", () => {
  it("recognises date formats, ignoring quoted text and [brackets]", () => {
    expect(isDateFormat("yyyy-mm-dd")).toBe(true);
    expect(isDateFormat("mm-dd-yy")).toBe(true);
    expect(isDateFormat("h:mm AM/PM")).toBe(true);
    expect(isDateFormat("General")).toBe(false);
    expect(isDateFormat("#,##0.00")).toBe(false);
    expect(isDateFormat('[$-409]0.00" days"')).toBe(false);
    expect(isDateFormat(undefined)).toBe(false);
  });

  it("formats dates, times and numbers", () => {
    expect(isoDate(new Date(Date.UTC(2024, 0, 5)))).toBe("2024-01-05");
    expect(isoDate(new Date(Date.UTC(1899, 11, 30, 12)))).toBe("12:00:00");
    expect(isoDate(new Date(Number.NaN))).toBe("");
    expect(plainNumber(1.5e-10)).toBe("0.00000000015");
    expect(plainNumber(-1.25e22)).toBe("-12500000000000000000000");
    expect(plainNumber(-0)).toBe("0");
    expect(plainNumber(Number.NaN)).toBe("");
    expect(cellText(null, undefined)).toBe("");
    expect(cellText({ formula: "A1" } as ExcelJS.CellValue, undefined)).toBe("");
    expect(cellText(45352, "d-mmm-yy", true)).toBe("2028-03-02");
  });
});

describe("XLSX early stop", () => {
  it("stops cleanly after the first rows of a large sheet", async () => {
    const book = await workbook((wb) => {
      const ws = wb.addWorksheet("Data");
      for (let i = 0; i < 5000; i++) ws.addRow([`row ${i}`, i]);
    });
    const seen: number[] = [];
    for await (const row of readTable(book)) {
      seen.push(row.row);
      if (seen.length === 3) break;
    }
    expect(seen).toEqual([1, 2, 3]);
    // The reader is reusable for another file afterwards, and nothing was left failing in the background.
    expect((await rowsOf(book)).length).toBe(5000);
  });
});
