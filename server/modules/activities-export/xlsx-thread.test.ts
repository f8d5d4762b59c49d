import type { Readable } from "node:stream";
import ExcelJS from "exceljs";
import { describe, expect, it, vi } from "vitest";
import { numberColumns, sqlHeaders } from "./export-sql.ts";
import { xlsxInWorker, xlsxWorkersRunning } from "./xlsx-thread.ts";
import { zipWorkbook } from "./xlsx-workbook.ts";

/** The XLSX workbook written in a worker thread: the same bytes, errors and early stops reach the reader. */

const heads = {
  headers: sqlHeaders,
  hashtags: sqlHeaders.map((h) => `#${h.replace(/_/g, "+")}`),
  numbers: numberColumns,
};
const mtime = new Date("2024-05-01T10:00:00Z");

/** COPY text lines of 28 fields: escapes, markup, a control character, non-Latin text, numbers and NULLs. */
function copyLines(count: number): string {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const fields = sqlHeaders.map((_, c) => `v${i}.${c}`);
    fields[0] = `Org <${i}> & "partners" বাংলা`;
    fields[2] = i % 3 ? "\\N" : `'=SUM(A${i})`;
    fields[15] = String(i * 2.5);
    fields[17] = String(i);
    fields[25] = `line\\nbreak\\ttab\\\\back \u0001ctl မြန်မာ`;
    lines.push(fields.join("\t"));
  }
  return `${lines.join("\n")}\n`;
}

/** `text` as chunks of `size` bytes, cut anywhere (inside lines and characters). */
async function* chunks(text: string, size: number): AsyncGenerator<Buffer> {
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += size) yield Buffer.from(bytes.subarray(i, i + size));
}

async function bytes(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}

const noWorkerLeft = () => vi.waitFor(() => expect(xlsxWorkersRunning()).toBe(0), { timeout: 5000 });

describe("the XLSX workbook in a worker thread", () => {
  it("has the bytes of the same workbook zipped on this thread, however the records come", async () => {
    const text = copyLines(3000);
    const here = await bytes(zipWorkbook(heads, chunks(text, 1 << 16), { mtime }));
    for (const size of [1 << 20, 4093, 3 << 20]) {
      const there = await bytes(xlsxInWorker(heads, chunks(text, size), { mtime }));
      expect(there.equals(here), `chunks of ${size} bytes`).toBe(true);
    }
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(here as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.rowCount).toBe(3002);
    expect(sheet.getRow(3).getCell(1).value).toBe('Org <0> & "partners" বাংলা');
    expect(sheet.getRow(4).getCell(16).value).toBe(2.5);
    await noWorkerLeft();
  });

  it("fails the download with the error of the records it reads, and stops the worker", async () => {
    async function* failing(): AsyncGenerator<Buffer> {
      yield* chunks(copyLines(10), 1 << 20);
      throw new Error("the query failed");
    }
    await expect(bytes(xlsxInWorker(heads, failing()))).rejects.toThrow("the query failed");
    await noWorkerLeft();
  });

  it("fails the download with an error thrown in the worker", async () => {
    // Text where bytes are expected (long enough to be sent as it is): the worker throws, and
    // its error reaches the reader.
    async function* notBytes(): AsyncGenerator<Buffer> {
      yield "x".repeat(2 << 20) as unknown as Buffer;
    }
    await expect(bytes(xlsxInWorker(heads, notBytes()))).rejects.toThrow(/takes COPY text as bytes/);
    await noWorkerLeft();
  });

  it("stops reading the records and the worker when the reader stops", async () => {
    let stopped = false;
    let read = 0;
    async function* endless(): AsyncGenerator<Buffer> {
      const page = Buffer.from(copyLines(2000));
      try {
        for (;;) {
          read++;
          yield Buffer.from(page);
        }
      } finally {
        stopped = true;
      }
    }
    const stream = xlsxInWorker(heads, endless());
    let received = 0;
    for await (const chunk of stream) {
      received += (chunk as Buffer).length;
      if (received > 3 << 20) break;
    }
    expect(stream.destroyed).toBe(true);
    await vi.waitFor(() => expect(stopped).toBe(true));
    const pages = read;
    await noWorkerLeft();
    // Nothing more was read once the reader had gone.
    expect(read).toBe(pages);
  });
});
