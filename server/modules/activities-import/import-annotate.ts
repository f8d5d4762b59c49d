import type { Writable } from "node:stream";
import { stringify } from "csv-stringify";
import ExcelJS from "exceljs";
import { openTable } from "../tabular/read-table.ts";
import type { ActivityImportReport, ImportIssue } from "./import-types.ts";

/**
 * The uploaded file returned with an added "Issues" column: each row's errors and warnings in
 * words, so a partner fixes the file in Excel and uploads it again (the import ignores the
 * column). An XLSX keeps its sheets, styles and drop-downs; a CSV comes back as UTF-8 CSV.
 */

export const issuesHeader = "Issues";
export const issuesHashtag = "#meta+issues";

const describe = (i: ImportIssue) =>
  `${i.severity === "error" ? "Error" : "Warning"}${i.column ? ` (${i.column})` : ""}: ${i.message}`;

/** Issues by row; issues of no row go to the header row. */
function issuesByRow(report: ActivityImportReport, headerRow: number): Map<number, string> {
  const byRow = new Map<number, string[]>();
  for (const i of report.issues) {
    const row = i.row ?? headerRow;
    byRow.set(row, [...(byRow.get(row) ?? []), describe(i)]);
  }
  return new Map([...byRow].map(([row, texts]) => [row, texts.join("\n")]));
}

/** A cell Excel would run as a formula (= + - @) is quoted, unless it is a plain number. */
const safe = (text: string) =>
  /^[=+\-@|\t\r]/.test(text) && !/^[-+]?(\d[\d,]*(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(text)
    ? `'${text}`
    : text;

/**
 * ExcelJS edits a workbook in memory, tens of times its compressed size: a workbook above this
 * comes back annotated as a CSV instead, streamed row by row like its import.
 */
export const annotatedXlsxLimit = 10 * 1024 * 1024;

/** The format of the annotated download of an upload. */
export const annotatedFormat = (upload: { format: string; fileSize: number }): "xlsx" | "csv" =>
  upload.format === "xlsx" && upload.fileSize <= annotatedXlsxLimit ? "xlsx" : "csv";

export async function writeAnnotatedCsv(
  file: string,
  report: ActivityImportReport,
  headerRow: number,
  sheet: string | undefined,
  out: Writable,
): Promise<void> {
  // Issues of no row (ISSUES_OMITTED among them) are written in the header's Issues cell.
  const notes = issuesByRow(report, headerRow);
  const table = await openTable(file, { sheet });
  const csv = stringify({ bom: true });
  csv.pipe(out);
  try {
    for await (const raw of table.rows) {
      const extra =
        raw.row === headerRow
          ? `${issuesHeader}${notes.has(raw.row) ? `\n${notes.get(raw.row)}` : ""}`
          : raw.row === report.hashtagRow
            ? issuesHashtag
            : (notes.get(raw.row) ?? "");
      // A cancelled download closes `out`: stop there (it never drains, nor finishes).
      if (!csv.write([...raw.cells.map(safe), safe(extra)]))
        await new Promise<void>((resolve) => {
          const go = () => {
            csv.off("drain", go);
            out.off("close", go);
            resolve();
          };
          csv.once("drain", go);
          out.once("close", go);
        });
      if (out.destroyed) return;
    }
  } finally {
    table.close();
    csv.end();
  }
  await new Promise((resolve, reject) => out.on("finish", resolve).on("error", reject));
}

const fills = {
  error: { type: "pattern", pattern: "solid", fgColor: { argb: "FFFDE2E1" } },
  warning: { type: "pattern", pattern: "solid", fgColor: { argb: "FFFFF4CE" } },
} as const;

export async function writeAnnotatedXlsx(
  file: string,
  report: ActivityImportReport,
  headerRow: number,
  sheetName: string | undefined,
  out: Writable,
): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheet =
    (sheetName
      ? workbook.worksheets.find((s) => s.name.trim().toLowerCase() === sheetName.trim().toLowerCase())
      : workbook.worksheets.find((s) => s.state !== "hidden" && s.state !== "veryHidden")) ??
    workbook.worksheets[0];
  if (!sheet) throw new Error("The workbook has no sheet.");
  const column = sheet.columnCount + 1;
  const notes = issuesByRow(report, headerRow);
  const errorRows = new Set(
    report.issues.filter((i) => i.severity === "error").map((i) => i.row ?? headerRow),
  );
  const header = sheet.getCell(headerRow, column);
  header.value = issuesHeader;
  header.font = { bold: true };
  if (report.hashtagRow !== null && report.hashtagRow !== headerRow)
    sheet.getCell(report.hashtagRow, column).value = issuesHashtag;
  for (const [row, text] of notes) {
    const cell = sheet.getCell(row, column);
    cell.value = row === headerRow ? `${header.value}\n${text}` : text;
    cell.alignment = { wrapText: true, vertical: "top" };
    if (row !== headerRow) cell.fill = errorRows.has(row) ? fills.error : fills.warning;
  }
  sheet.getColumn(column).width = 60;
  await workbook.xlsx.write(out);
  out.end();
}
