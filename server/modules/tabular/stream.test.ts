import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { readTable } from "./read-table.ts";

const MB = 1024 * 1024;

/** A generated 4W CSV, produced row by row as the reader asks for it; counts the bytes handed out. */
function generatedCsv(rows: number) {
  const state = { bytes: 0, rowsMade: 0 };
  const sectors = ["Health", "Protection", "Education", "Water & Sanitation"];
  async function* lines() {
    const header =
      "Organisation,Sector,District,Activity,Reached,Date\n#org,#sector,#adm2+name,#activity,#reached,#date\n";
    state.bytes += header.length;
    yield Buffer.from(header);
    for (let i = 0; i < rows; i += 500) {
      let batch = "";
      for (let j = i; j < Math.min(rows, i + 500); j++) {
        batch += `Org ${j % 97},${sectors[j % 4]},District ${j % 64},"Distribution of hygiene kits, round ${j}, with a long description to make the row as wide as a real 4W row with its free-text comments",${j % 1000},2024-03-${String((j % 28) + 1).padStart(2, "0")}\n`;
      }
      state.rowsMade = Math.min(rows, i + 500);
      state.bytes += batch.length;
      yield Buffer.from(batch);
    }
  }
  return { state, stream: Readable.from(lines(), { objectMode: false }) };
}

describe("streaming", () => {
  // Memory and speed are measured in `npm run bench`, not asserted here; this checks the stream
  // is read to the end correctly. Laziness (not holding the file) is the next test.
  it("reads a generated 200,000-row CSV to the end, record by record", async () => {
    const { state, stream } = generatedCsv(200_000);
    let count = 0;
    let reached = 0;
    for await (const row of readTable(stream)) {
      count++;
      if (row.row > 2) reached += Number(row.cells[4]);
    }
    expect(count).toBe(200_002);
    expect(reached).toBe((200 * (999 * 1000)) / 2);
    expect(state.bytes / MB).toBeGreaterThan(30);
  });

  it("is lazy: the first 10 rows of a huge stream read only the start of it, and stopping closes it", async () => {
    const { state, stream } = generatedCsv(10_000_000);
    const rows: number[] = [];
    for await (const row of readTable(stream)) {
      rows.push(row.row);
      if (rows.length === 10) break;
    }
    expect(rows).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(state.bytes).toBeLessThan(2 * MB);
    expect(state.rowsMade).toBeLessThan(20_000);
    await new Promise((resolve) => setImmediate(resolve));
    expect(stream.destroyed).toBe(true);
  });

  it("reads a 50,000-row XLSX written with the streaming writer, to the end", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tabular-"));
    const file = path.join(dir, "big.xlsx");
    try {
      const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
      const sheet = writer.addWorksheet("4W");
      sheet.addRow(["#org", "#sector", "#adm2+name", "#reached", "#date"]).commit();
      for (let i = 0; i < 50_000; i++) {
        sheet
          .addRow([
            `Org ${i % 97}`,
            `Sector ${i % 11}`,
            `District ${i % 64}`,
            i % 1000,
            new Date(Date.UTC(2024, 2, (i % 28) + 1)),
          ])
          .commit();
      }
      sheet.commit();
      await writer.commit();
      let count = 0;
      let lastDate = "";
      for await (const row of readTable(file)) {
        count++;
        lastDate = row.cells[4]!;
      }
      expect(count).toBe(50_001);
      expect(lastDate).toBe(`2024-03-${String((49_999 % 28) + 1).padStart(2, "0")}`);
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });
});
