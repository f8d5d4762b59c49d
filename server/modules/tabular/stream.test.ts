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
  it("reads a generated 200,000-row CSV with bounded memory", async () => {
    const { state, stream } = generatedCsv(200_000);
    const before = process.memoryUsage().heapUsed;
    // Peak heap in each fifth of the file: a reader that kept rows would grow from one to the next.
    const peaks = [before, before, before, before, before];
    let count = 0;
    let reached = 0;
    const started = performance.now();
    for await (const row of readTable(stream)) {
      count++;
      if (row.row > 2) reached += Number(row.cells[4]);
      if (count % 2000 === 0) {
        const fifth = Math.min(4, Math.floor(count / 40_000));
        peaks[fifth] = Math.max(peaks[fifth]!, process.memoryUsage().heapUsed);
      }
    }
    const seconds = (performance.now() - started) / 1000;
    expect(count).toBe(200_002);
    expect(reached).toBe((200 * (999 * 1000)) / 2);
    const growth = (Math.max(...peaks) - before) / MB;
    const size = state.bytes / MB;
    console.info(
      `200k-row CSV: ${size.toFixed(1)} MB in ${seconds.toFixed(2)} s (${Math.round(count / seconds).toLocaleString("en")} rows/s, ${(size / seconds).toFixed(1)} MB/s); heap growth at peak ${growth.toFixed(1)} MB; peaks by fifth ${peaks.map((p) => ((p - before) / MB).toFixed(1)).join(", ")} MB`,
    );
    expect(size).toBeGreaterThan(30);
    // The rows alone would take more than the file's size; streaming stays well under it, flat.
    expect(growth).toBeLessThan(32);
    expect((peaks[4]! - peaks[1]!) / MB).toBeLessThan(16);
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

  it("streams a 50,000-row XLSX written with the streaming writer, with bounded memory", async () => {
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
      const size = fs.statSync(file).size / MB;

      const before = process.memoryUsage().heapUsed;
      let peak = before;
      let count = 0;
      let lastDate = "";
      const started = performance.now();
      for await (const row of readTable(file)) {
        count++;
        lastDate = row.cells[4]!;
        if (count % 2500 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
      }
      const seconds = (performance.now() - started) / 1000;
      expect(count).toBe(50_001);
      expect(lastDate).toBe(`2024-03-${String((49_999 % 28) + 1).padStart(2, "0")}`);
      const growth = (peak - before) / MB;
      console.info(
        `50k-row XLSX: ${size.toFixed(1)} MB zipped in ${seconds.toFixed(2)} s (${Math.round(count / seconds).toLocaleString("en")} rows/s); heap growth at peak ${growth.toFixed(1)} MB`,
      );
      expect(growth).toBeLessThan(150);
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });
});
