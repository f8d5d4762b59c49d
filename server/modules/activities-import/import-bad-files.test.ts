import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { parse } from "csv-parse/sync";
import { eq, sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { activities } from "../../db/schema/activities.ts";
import { locations } from "../../db/schema/reference.ts";
import { AppError } from "../../errors.ts";
import { buildTestApp } from "../../testing/factories.ts";
import { type ActivityWorld, activityWorld } from "../activities/activities.world.ts";
import { writeZip } from "../tabular/testing/zip.ts";
import { importActivities } from "./activities-import.service.ts";
import { type ActivityImportReport, systemPrincipal } from "./import-types.ts";
import { looksLikeFormula } from "./import-values.ts";

/**
 * Files that are not what they claim, or are hostile: empty, binary, truncated, enormous, with
 * formulas, in mixed encodings. Each must end in a precise error (or a plain import) and, when
 * refused, leave the response's records and audit log exactly as they were.
 */

let app: App;
let db: Db;

beforeAll(async () => {
  ({ app, db } = await buildTestApp());
});

const MB = 1024 * 1024;

/** The response's records and audit rows, to show a refused file wrote nothing. */
async function snapshot(responseId: string) {
  const count = async (table: "activities" | "audit_log") =>
    Number(
      (
        await db.execute<{ n: number }>(
          sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)} WHERE response_id = ${responseId}`,
        )
      ).rows[0]!.n,
    );
  return { activities: await count("activities"), audit: await count("audit_log") };
}

function multipart(content: Buffer, filename: string) {
  const boundary = `----isx${randomUUID()}`;
  return {
    payload: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      content,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

/** POSTs the file to the import route as the world's manager. */
async function upload(w: ActivityWorld, content: Buffer | string, filename = "4w.csv", query = "") {
  const body = multipart(Buffer.isBuffer(content) ? content : Buffer.from(content), filename);
  return app.inject({
    method: "POST",
    url: `${w.base}/import${query ? `?${query}` : ""}`,
    headers: { ...w.headers, "content-type": body.contentType },
    payload: body.payload,
  });
}

interface Refusal {
  status: number;
  code: string;
  message: string;
  details: { path: string; message: string }[];
}

/** Uploads a file that must be refused, checks nothing was written, and returns the error. */
async function refusedUpload(w: ActivityWorld, content: Buffer | string, filename = "4w.csv", query = "") {
  const before = await snapshot(w.responseId);
  const res = await upload(w, content, filename, query);
  expect(await snapshot(w.responseId)).toEqual(before);
  const { error } = res.json() as { error: Omit<Refusal, "status"> };
  return { status: res.statusCode, ...error } satisfies Refusal;
}

/** Calls importActivities directly (as the CLI does), expecting an AppError and no writes. */
async function refusedImport(
  w: ActivityWorld,
  source: Buffer | Readable,
  mode: "all" | "valid-only" = "all",
) {
  const before = await snapshot(w.responseId);
  let thrown: unknown;
  try {
    await importActivities(db, w.responseId, source, {
      principal: systemPrincipal,
      actor: { id: null, label: "test" },
      mode,
    });
  } catch (error) {
    thrown = error;
  }
  expect(await snapshot(w.responseId)).toEqual(before);
  expect(thrown).toBeInstanceOf(AppError);
  const error = thrown as AppError;
  return { code: error.code, message: error.message, details: error.details };
}

/** The file detail of a refusal: the tabular error code, with its row when known. */
const fileDetail = (message: string) => [{ path: "file", message }];

/** The portal's HXL-tagged layout (the hashtags of the HXL export). */
const header = [
  [
    "Organisation",
    "Sector",
    "Activity",
    "Location",
    "Status",
    "Start",
    "End",
    "Month",
    "Notes",
    "External ID",
  ],
  [
    "#org+name",
    "#sector+code",
    "#activity+code",
    "#loc+code",
    "#status",
    "#date+start",
    "#date+end",
    "#date+reported",
    "#description+notes",
    "#meta+id",
  ],
];

/** A valid row for the world: month `i % 24` from January 2023 at location `code`. */
function dataRow(w: ActivityWorld, i: number, notes = `row ${i}`, code = w.camp.code): string[] {
  const month = `${2023 + Math.floor((i % 24) / 12)}-${String((i % 12) + 1).padStart(2, "0")}`;
  return [
    w.org.name,
    w.sector.code,
    w.type.code,
    code,
    "ongoing",
    `${month}-01`,
    `${month}-28`,
    month,
    notes,
    `X-${i}`,
  ];
}

const csvLine = (cells: string[]) =>
  `${cells.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(",")}\n`;
const csvText = (rows: string[][]) => rows.map(csvLine).join("");

/** Twenty more sites under the world's district, so that up to 480 rows have distinct keys. */
async function sites(w: ActivityWorld) {
  const rows = await db
    .insert(locations)
    .values(
      Array.from({ length: 20 }, (_, i) => ({
        responseId: w.responseId,
        code: `BAD${i}-${w.slug}`,
        name: `Site ${i}`,
        kind: "admin" as const,
        level: 2,
        parentId: w.district.id,
      })),
    )
    .returning();
  return rows.map((r) => r.code);
}

/** Deterministic pseudo-random bytes. */
function noise(length: number, seed = 42): Buffer {
  let state = seed;
  return Buffer.from(
    Array.from({ length }, () => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state % 256;
    }),
  );
}

/**
 * A stream of `prefix` then `total` bytes of `chunk` repeated, generated as the reader pulls them
 * (never in memory at once), recording how much was pulled.
 */
function endless(prefix: string, chunk: Buffer, total: number) {
  const state = { pulled: 0 };
  async function* bytes() {
    yield Buffer.from(prefix);
    while (state.pulled < total) {
      state.pulled += chunk.length;
      yield chunk;
    }
  }
  return { state, stream: Readable.from(bytes(), { objectMode: false }) };
}

const world = () => activityWorld(app, db);

describe("empty files", () => {
  it("refuses zero bytes, blank space, a lone byte-order mark and an empty sheet", async () => {
    const w = await world();
    expect(await refusedUpload(w, Buffer.alloc(0))).toEqual({
      status: 400,
      code: "VALIDATION_FAILED",
      message: "The uploaded file is empty.",
      details: fileDetail("EMPTY_FILE"),
    });
    expect(await refusedImport(w, Buffer.alloc(0))).toEqual({
      code: "VALIDATION_FAILED",
      message: "The file is empty.",
      details: fileDetail("EMPTY_FILE"),
    });
    for (const blank of [" \r\n\t\n", Buffer.from([0xef, 0xbb, 0xbf, 0x0a])])
      expect(await refusedUpload(w, blank)).toMatchObject({
        status: 400,
        message: "The file holds no data, only blank space.",
        details: fileDetail("EMPTY_FILE"),
      });
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("4W");
    const empty = Buffer.from(await workbook.xlsx.writeBuffer());
    expect(await refusedUpload(w, empty, "4w.xlsx")).toMatchObject({
      status: 400,
      message: 'The sheet "4W" is empty.',
      details: fileDetail("EMPTY_FILE"),
    });
  });

  it("answers a file of headers only with an empty report", async () => {
    const w = await world();
    const before = await snapshot(w.responseId);
    const res = await upload(w, csvText(header));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ rows: 0, valid: 0, created: 0, hashtagRow: 2, issues: [] });
    expect(await snapshot(w.responseId)).toEqual(before);
  });
});

describe("binary files", () => {
  it("refuses images, random bytes and old workbooks by content, whatever the file name", async () => {
    const w = await world();
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), noise(2000)]);
    expect(await refusedUpload(w, png, "4w.csv")).toEqual({
      status: 400,
      code: "VALIDATION_FAILED",
      message: "This file is a PNG image, not a table. Upload a CSV or XLSX file.",
      details: fileDetail("BINARY_NOT_TABLE"),
    });
    expect(await refusedUpload(w, noise(64 * 1024), "4w.xlsx")).toMatchObject({
      status: 400,
      message: "This file is binary data, not a table. Upload a CSV or XLSX file.",
      details: fileDetail("BINARY_NOT_TABLE"),
    });
    const xls = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), noise(4000)]);
    expect(await refusedUpload(w, xls, "4w.xls")).toMatchObject({
      status: 400,
      message:
        "This file is an Excel 97-2003 workbook (.xls) or another old Office document, not a table. Open it in Excel or LibreOffice, save it as .xlsx or CSV and upload that.",
      details: fileDetail("BINARY_NOT_TABLE"),
    });
  });

  it("refuses a ZIP signature followed by garbage, and a ZIP without a worksheet", async () => {
    const w = await world();
    const fakeZip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), noise(8000)]);
    expect(await refusedUpload(w, fakeZip, "4w.xlsx")).toMatchObject({
      status: 400,
      message:
        "The workbook ends early or is damaged: the upload or download was probably interrupted. Save or download it again.",
      details: fileDetail("TRUNCATED_XLSX"),
    });
    const zipOfCsv = writeZip({ "4w.csv": csvText([...header, dataRow(w, 0)]) });
    expect(await refusedUpload(w, zipOfCsv, "4w.xlsx")).toMatchObject({
      status: 400,
      message:
        "The file is a ZIP archive without an Excel worksheet in it. Upload the .xlsx or .csv file itself.",
      details: fileDetail("UNREADABLE_XLSX"),
    });
  });
});

describe("truncated workbooks", () => {
  it("writes none of the rows read before the cut, even in valid-only mode", async () => {
    const w = await world();
    const codes = await sites(w);
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("4W");
    sheet.addRows(header);
    for (let i = 0; i < 480; i++) sheet.addRow(dataRow(w, i, `row ${i}`, codes[Math.floor(i / 24)]));
    const full = Buffer.from(await workbook.xlsx.writeBuffer());
    const message =
      "The workbook ends early or is damaged: the upload or download was probably interrupted. Save or download it again.";
    // Cut in the middle of the sheet, and cut only in the archive's directory (every row readable).
    for (const cut of [full.subarray(0, Math.floor(full.length / 2)), full.subarray(0, full.length - 10)]) {
      expect(await refusedUpload(w, cut, "4w.xlsx", "mode=valid-only")).toEqual({
        status: 400,
        code: "VALIDATION_FAILED",
        message,
        details: fileDetail("TRUNCATED_XLSX"),
      });
      expect(await refusedImport(w, cut, "valid-only")).toMatchObject({ message });
    }
    // The whole file imports: the refusals above were about the cut, not the rows.
    const res = await upload(w, full, "4w.xlsx");
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ rows: 480, created: 480 });
  });
});

describe("100 MB of one column", () => {
  const hundredMb = 100 * MB;
  const xs = Buffer.alloc(64 * 1024, "x");

  it("stops at the row limit inside one 100 MB cell, plain or quoted, after reading a few MB", async () => {
    const w = await world();
    const prefix = csvText(header) + csvLine(dataRow(w, 0)).replace(/\n$/, "").replace(/X-0$/, "");
    for (const opening of ["", '"']) {
      const { state, stream } = endless(prefix + opening, xs, hundredMb);
      const started = performance.now();
      expect(await refusedImport(w, stream)).toEqual({
        code: "VALIDATION_FAILED",
        message:
          'Row 3 is longer than 1,048,576 bytes, so reading stopped there (in column 10). A quote (") that opens a cell and is never closed makes the rest of the file one cell.',
        details: fileDetail("ROW_TOO_LONG (row 3)"),
      });
      expect(state.pulled).toBeLessThan(4 * MB);
      expect(stream.destroyed).toBe(true);
      expect(performance.now() - started).toBeLessThan(10_000);
    }
  });

  it("refuses a file of one column of 100 MB by its missing columns, without reading it", async () => {
    const w = await world();
    const { state, stream } = endless("#org+name\n", Buffer.from(`${w.org.name}\n`.repeat(1000)), hundredMb);
    const refusal = await refusedImport(w, stream);
    expect(refusal.message).toBe(
      "The file has no column for the sector, the location (a code or name column, or an admin area such as #adm3+name), the start date, the end date, the reporting month, the status, the activity type (a code or name column).",
    );
    expect(refusal.details.map((d) => d.path)).toEqual([
      "columns.sector",
      "columns.locationCode",
      "columns.startDate",
      "columns.endDate",
      "columns.reportingMonth",
      "columns.status",
      "columns.activityType",
    ]);
    expect(state.pulled).toBeLessThan(2 * MB);
  });

  it("refuses a cell longer than a spreadsheet cell (32,767 characters) by row and column", async () => {
    const w = await world();
    const rows = [...header, dataRow(w, 0), dataRow(w, 1, "y".repeat(100_000))];
    expect(await refusedUpload(w, csvText(rows))).toEqual({
      status: 400,
      code: "VALIDATION_FAILED",
      message: "Row 4, column 9 holds 100,000 characters; a cell may hold at most 32,767.",
      details: fileDetail("CELL_TOO_LONG (row 4)"),
    });
  });

  it("refuses a 100 MB upload at the upload limit", async () => {
    const w = await world();
    const big = Buffer.alloc(hundredMb, "Partner\n");
    expect(await refusedUpload(w, big)).toMatchObject({
      status: 413,
      code: "PAYLOAD_TOO_LARGE",
      message: "The uploaded file is too large.",
    });
  }, 60_000);
});

describe("formula injection", () => {
  const formula = '=HYPERLINK("http://evil","x")';

  it("tells formulas from text that merely starts with a sign", () => {
    for (const text of [formula, "=1+1", "=", '+HYPERLINK("http://x")', "@SUM(A1)", "-2+3+cmd|' /C calc'!A0"])
      expect(looksLikeFormula(text), text).toBe(true);
    for (const text of ["-5", "+3.5", "- none", "-", "+880 1712-345678", "@home", "-A1", "'=1+1", "a=b"])
      expect(looksLikeFormula(text), text).toBe(false);
  });

  it("refuses a formula typed in a CSV cell as FORMULA_IN_CELL, naming row, column and value; mode all changes nothing", async () => {
    const w = await world();
    const fine = ["- none", "-5", "+880 1712-345678", "@home"];
    const file = csvText([
      ...header,
      ...fine.map((notes, i) => dataRow(w, i, notes)),
      dataRow(w, 4, formula),
      dataRow(w, 5, "-2+3+cmd|' /C calc'!A0"),
    ]);
    const before = await snapshot(w.responseId);
    const r = (await upload(w, file)).json() as ActivityImportReport;
    expect(r).toMatchObject({ rows: 6, valid: 4, invalid: 2, created: 0, updated: 0 });
    expect(r.issues).toEqual([
      {
        row: 7,
        column: "Notes",
        severity: "error",
        code: "FORMULA_IN_CELL",
        value: formula,
        message: `Row 7, Notes: "${formula}" would run as a formula in a spreadsheet, so the row is not imported: remove the leading "=" or reword the text.`,
      },
      expect.objectContaining({ row: 8, column: "Notes", code: "FORMULA_IN_CELL" }),
    ]);
    expect(await snapshot(w.responseId)).toEqual(before);
    // The text that only starts with a sign is imported as it is.
    const some = (await upload(w, file, "4w.csv", "mode=valid-only")).json() as ActivityImportReport;
    expect(some).toMatchObject({ created: 4, invalid: 2 });
    const stored = await db.select().from(activities).where(eq(activities.responseId, w.responseId));
    expect(stored.map((a) => a.notes).sort()).toEqual([...fine].sort());
  });

  it("exports formula-like text quoted in CSV, HXL and XLSX, and re-imports each export unchanged", async () => {
    const w = await world();
    // Typed in the form (the API stores text as it is): only imports refuse formulas.
    await w.created({ notes: formula });
    const csv = await w.list("format=csv", w.headers);
    const records = parse(csv.body.replace(/^\uFEFF/, ""), { columns: true }) as Record<string, string>[];
    expect(records[0]!.notes).toBe(`'${formula}`);
    // XLSX: a text cell, never a formula, quoted like the CSV.
    const xlsx = await w.list("format=xlsx", w.headers);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    const notesColumn = (sheet.getRow(1).values as string[]).indexOf("notes");
    const cell = sheet.getRow(3).getCell(notesColumn);
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.formula).toBeUndefined();
    expect(cell.value).toBe(`'${formula}`);
    for (const format of ["csv", "hxl", "xlsx"]) {
      const exported = await w.list(`format=${format}`, w.headers);
      const again = (
        await upload(w, exported.rawPayload, format === "xlsx" ? "4w.xlsx" : "4w.csv")
      ).json() as ActivityImportReport;
      expect(again, format).toMatchObject({ rows: 1, created: 0, updated: 0, unchanged: 1, issues: [] });
    }
    const [stored] = await db.select().from(activities).where(eq(activities.responseId, w.responseId));
    expect(stored!.notes).toBe(formula);
  });

  it("reads a formula cell of a workbook as the value it shows, never as its formula", async () => {
    const w = await world();
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("4W");
    sheet.addRows(header);
    sheet.addRow(dataRow(w, 0));
    sheet.getCell("I3").value = { formula: 'HYPERLINK("http://evil","x")', result: "x" };
    const res = await upload(w, Buffer.from(await workbook.xlsx.writeBuffer()), "4w.xlsx");
    expect(res.json()).toMatchObject({ rows: 1, created: 1, issues: [] });
    const [stored] = await db.select().from(activities).where(eq(activities.responseId, w.responseId));
    expect(stored!.notes).toBe("x");
  });
});

describe("mixed encodings", () => {
  /** Windows-1252 bytes of a text written with é, “ and ” only beyond ASCII. */
  const cp1252 = (text: string) =>
    Buffer.from([...text].map((ch) => ({ é: 0xe9, "“": 0x93, "”": 0x94 })[ch] ?? ch.charCodeAt(0)));
  const bengali = "নলকূপ মেরামত ও স্বাস্থ্যবিধি সামগ্রী বিতরণ";

  it("names the Windows-1252 row of a UTF-8 file, early or past the sniffed start", async () => {
    const w = await world();
    const utf8Rows = (from: number, count: number, notes: string) =>
      Buffer.from(csvText(Array.from({ length: count }, (_, i) => dataRow(w, from + i, notes))));
    const pasted = cp1252(csvLine(dataRow(w, 23, "Café “Rohingya” camp")));
    const early = Buffer.concat([Buffer.from(csvText(header)), utf8Rows(0, 3, bengali), pasted]);
    expect(await refusedUpload(w, early)).toEqual({
      status: 400,
      code: "VALIDATION_FAILED",
      message:
        'Row 6, column 9 has characters that are not UTF-8 like the rest of the file ("Caf\uFFFD \uFFFDRohingya\uFFFD camp"): this row was probably pasted from a file in another encoding (Windows-1252 or Latin-1). Retype those characters, or save the whole file again as "CSV UTF-8", and upload it again.',
      details: fileDetail("MIXED_ENCODING (row 6)"),
    });
    // 22 rows of 1,900 Bengali characters (5.7 KB each) put row 25 well past the first 64 KiB.
    const late = Buffer.concat([
      Buffer.from(csvText(header)),
      utf8Rows(0, 22, bengali.repeat(45).slice(0, 1900)),
      cp1252(csvLine(dataRow(w, 22, "“quoted” only"))),
    ]);
    expect(late.length).toBeGreaterThan(100_000);
    expect(await refusedUpload(w, late)).toMatchObject({
      message: expect.stringMatching(/^Row 25, column 9 has characters that are not UTF-8/),
      details: fileDetail("MIXED_ENCODING (row 25)"),
    });
  });

  it("names the UTF-8 row of a Windows-1252 file", async () => {
    const w = await world();
    const file = Buffer.concat([
      cp1252(csvText([...header, dataRow(w, 0, "Café “A”"), dataRow(w, 1, "“B” é")])),
      Buffer.from(csvLine(dataRow(w, 2, "Café"))),
    ]);
    expect(await refusedUpload(w, file)).toEqual({
      status: 400,
      code: "VALIDATION_FAILED",
      message:
        'Row 5, column 9 is UTF-8 text ("Café") but the file starts in Windows-1252 (Latin-1), so it would read as "CafÃ©". Save the whole file again as "CSV UTF-8" and upload it again.',
      details: fileDetail("MIXED_ENCODING (row 5)"),
    });
  });

  it("imports a file wholly in Windows-1252 with its quotes and accents intact", async () => {
    const w = await world();
    const file = cp1252(csvText([...header, dataRow(w, 0, "Café “A”")]));
    const res = await upload(w, file);
    expect(res.json()).toMatchObject({ rows: 1, created: 1, issues: [] });
    const [stored] = await db.select().from(activities).where(eq(activities.responseId, w.responseId));
    expect(stored!.notes).toBe("Café \u201cA\u201d");
  });
});
