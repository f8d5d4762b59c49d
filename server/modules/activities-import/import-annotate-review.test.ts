import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { annotatedFormat, annotatedXlsxLimit, writeAnnotatedCsv } from "./import-annotate.ts";
import type { ActivityImportReport } from "./import-types.ts";

/** Review of the annotated download: a download cancelled part-way lets the file go. */

const openOn = (file: string) =>
  fs
    .readdirSync("/proc/self/fd")
    .map((fd) => {
      try {
        return fs.readlinkSync(`/proc/self/fd/${fd}`);
      } catch {
        return "";
      }
    })
    .filter((target) => target === file).length;

describe("annotated CSV (review)", () => {
  it("ends and closes the stored file when the download is cancelled", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "isx-annotate-"));
    const file = path.join(dir, "upload.csv");
    fs.writeFileSync(file, `a,b,c\n${"1,2,3\n".repeat(200_000)}`);
    const report = { issues: [], hashtagRow: null } as unknown as ActivityImportReport;
    const out = new PassThrough();
    // The browser reads a little, then the download is cancelled.
    out.once("data", () => out.destroy());
    const writing = writeAnnotatedCsv(file, report, 1, undefined, out).then(
      () => "ended",
      () => "failed",
    );
    const outcome = await Promise.race([
      writing,
      new Promise((r) => setTimeout(() => r("still waiting"), 3_000)),
    ]);
    await new Promise((r) => setTimeout(r, 50));
    try {
      expect(outcome).not.toBe("still waiting");
      expect(openOn(file)).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("annotatedFormat", () => {
  it("returns a workbook as a workbook up to the limit, and as a streamed CSV above it", () => {
    expect(annotatedFormat({ format: "xlsx", fileSize: annotatedXlsxLimit })).toBe("xlsx");
    expect(annotatedFormat({ format: "xlsx", fileSize: annotatedXlsxLimit + 1 })).toBe("csv");
    expect(annotatedFormat({ format: "csv", fileSize: 10 })).toBe("csv");
  });
});

describe("a large workbook annotated as CSV", () => {
  it("reads the chosen sheet and adds the Issues column", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "isx-annotate-"));
    const file = path.join(dir, "big.xlsx");
    const book = new ExcelJS.Workbook();
    book.addWorksheet("Notes").addRow(["not this one"]);
    const sheet = book.addWorksheet("4W");
    sheet.addRow(["Partner", "Camp"]);
    sheet.addRow(["BRAC", "CXB-999"]);
    await book.xlsx.writeFile(file);
    const report: ActivityImportReport = {
      rows: 1,
      valid: 0,
      invalid: 1,
      created: 0,
      updated: 0,
      unchanged: 0,
      hashtagRow: null,
      columns: [],
      issues: [
        {
          row: 2,
          column: "Camp",
          severity: "error",
          code: "UNKNOWN_LOCATION",
          value: "CXB-999",
          message: 'No location has the code "CXB-999".',
        },
      ],
    };
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on("data", (c: Buffer) => chunks.push(c));
    await writeAnnotatedCsv(file, report, 1, "4W", out);
    const text = Buffer.concat(chunks)
      .toString("utf8")
      .replace(/^\uFEFF/, "");
    expect(text.split(/\r?\n/).slice(0, 2)).toEqual([
      "Partner,Camp,Issues",
      'BRAC,CXB-999,"Error (Camp): No location has the code ""CXB-999""."',
    ]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
