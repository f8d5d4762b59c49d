import { parse } from "csv-parse/sync";
import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { buildActivity, buildLocation, buildOrganisation, buildTestApp } from "../../testing/factories.ts";
import { activityColumns } from "../activities/activities.routes.ts";
import { type ActivityWorld, activityWorld } from "../activities/activities.world.ts";
import { activityPages, jsonChunks } from "./activities-export.ts";

/** Whole-list downloads in XLSX and JSON beside CSV / HXL, and the sector 5W template. */

let app: App;
let db: Db;

beforeAll(async () => {
  ({ app, db } = await buildTestApp());
});

const formulaNote = '=HYPERLINK("http://evil")';

/** A world with five approved records (March 2024 first) and one draft the public cannot see. */
async function exportWorld() {
  const w = await activityWorld(app, db);
  const base = {
    reportingOrgId: w.org.id,
    sectorId: w.sector.id,
    activityTypeId: w.type.id,
    locationId: w.camp.id,
    reviewState: "approved" as const,
  };
  await buildActivity(db, w.responseId, {
    ...base,
    women: 3,
    quantity: 12.5,
    notes: formulaNote,
    externalId: "E-1",
    donorIds: [w.donor.id],
  });
  for (const month of ["2024-01", "2024-02", "2024-04", "2024-05"])
    await buildActivity(db, w.responseId, {
      ...base,
      locationId: w.district.id,
      reportingMonth: `${month}-01`,
      startDate: `${month}-01`,
      endDate: `${month}-28`,
      men: 7,
      notes: `+ note ${month}`,
    });
  await buildActivity(db, w.responseId, { ...base, reviewState: "draft", reportingMonth: "2024-06-01" });
  return w;
}

async function readXlsx(bytes: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
}

/** The values of a sheet as rows of cells (null for empty). */
function sheetRows(sheet: ExcelJS.Worksheet, width: number): unknown[][] {
  const rows: unknown[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    rows.push(Array.from({ length: width }, (_, i) => row.getCell(i + 1).value ?? null));
  });
  return rows;
}

/** Every page of the JSON API, following nextCursor. */
async function apiItems(w: ActivityWorld, query: string, headers?: object) {
  const items: unknown[] = [];
  let cursor: string | null = null;
  do {
    const res = await w.list(`${query}&limit=2${cursor ? `&cursor=${cursor}` : ""}`, headers);
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json() as { items: unknown[]; nextCursor: string | null };
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

describe("XLSX download", () => {
  it("writes the header row, the hashtag row and typed values, formula-like text as text", async () => {
    const w = await exportWorld();
    const res = await w.list("format=xlsx");
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["content-type"]).toContain("spreadsheetml");
    expect(res.headers["content-disposition"]).toBe(`attachment; filename="${w.slug}-activities.xlsx"`);
    const workbook = await readXlsx(res.rawPayload);
    const sheet = workbook.worksheets[0]!;
    const rows = sheetRows(sheet, activityColumns.length);
    expect(rows[0]).toEqual(activityColumns.map((c) => c.header));
    expect(rows[1]).toEqual(activityColumns.map((c) => c.hxl));
    expect(rows).toHaveLength(2 + 5);
    const record = Object.fromEntries(
      activityColumns.map((c, i) => [c.header, rows.find((r) => r[26] === "E-1")![i]]),
    );
    expect(record).toMatchObject({
      reporting_org: w.org.name,
      donors: w.donor.name,
      location_code: w.camp.code,
      start_date: "2024-03-01",
      reporting_month: "2024-03",
      quantity: 12.5,
      women: 3,
      // Quoted as in the CSV: the cell is text, and stays text when edited.
      notes: `'${formulaNote}`,
      review_state: "approved",
    });
    const notesColumn = activityColumns.findIndex((c) => c.header === "notes") + 1;
    const womenColumn = activityColumns.findIndex((c) => c.header === "women") + 1;
    sheet.eachRow((row, n) => {
      if (n <= 2) return;
      expect(row.getCell(notesColumn).type).toBe(ExcelJS.ValueType.String);
      expect(row.getCell(notesColumn).formula).toBeUndefined();
    });
    const e1 = rows.findIndex((r) => r[26] === "E-1") + 1;
    expect(sheet.getRow(e1).getCell(womenColumn).type).toBe(ExcelJS.ValueType.Number);
  });

  it("holds the same rows as the CSV and HXL downloads of the same filter", async () => {
    const w = await exportWorld();
    const filter = `from=2024-02&to=2024-05&organisation=${w.org.id}`;
    const csv = parse(
      (await w.list(`${filter}&format=csv`, w.headers)).body.replace(/^\uFEFF/, ""),
    ) as string[][];
    const hxl = parse((await w.list(`${filter}&format=hxl`, w.headers)).body) as string[][];
    const xlsx = await readXlsx((await w.list(`${filter}&format=xlsx`, w.headers)).rawPayload);
    const width = activityColumns.length;
    const xlsxRows = sheetRows(xlsx.worksheets[0]!, width).map((r) =>
      r.map((v) => (v === null ? "" : String(v))),
    );
    // Formula-like text (the "+ note" rows) is quoted alike in every format.
    expect(csv).toHaveLength(1 + 4);
    expect(xlsxRows[0]).toEqual(csv[0]);
    expect(xlsxRows.slice(2)).toEqual(csv.slice(1));
    expect(xlsxRows[2]![activityColumns.findIndex((c) => c.header === "notes")]).toMatch(/^'\+ note/);
    expect(hxl).toEqual(xlsxRows);
  });
});

describe("JSON download", () => {
  it("is an array of the API's records: the whole filtered list, and [] when empty", async () => {
    const w = await exportWorld();
    for (const [query, headers] of [
      ["", undefined],
      ["", w.headers],
      [`sector=${w.sector.code}&from=2024-02`, w.headers],
    ] as const) {
      const res = await w.list(`${query}&format=json`, headers);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers["content-type"]).toContain("application/json");
      expect(res.headers["content-disposition"]).toBe(`attachment; filename="${w.slug}-activities.json"`);
      expect(JSON.parse(res.body)).toEqual(await apiItems(w, query, headers));
    }
    expect((await apiItems(w, "", w.headers)).length).toBe(6);
    const empty = await w.list("format=json&from=2030-01");
    expect(empty.statusCode).toBe(200);
    expect(JSON.parse(empty.body)).toEqual([]);
    // Without a format, the list still answers one page.
    expect((await w.list("limit=2")).json()).toMatchObject({ items: expect.any(Array) });
  });

  it("writes page after page incrementally", async () => {
    const w = await exportWorld();
    const scope = { all: true, organisationIds: [], sectorIds: [], includeSensitive: true };
    const chunks: string[] = [];
    for await (const chunk of jsonChunks(activityPages(db, w.responseId, {}, scope, 2))) chunks.push(chunk);
    expect(chunks.length).toBe(2 + 3); // "[", three pages of ≤ 2, "]"
    expect(JSON.parse(chunks.join(""))).toEqual(await apiItems(w, "", w.headers));
    const none: string[] = [];
    for await (const chunk of jsonChunks(activityPages(db, w.responseId, { from: "2031-01" }, scope, 2)))
      none.push(chunk);
    expect(JSON.parse(none.join(""))).toEqual([]);
  });
});

describe("sector 5W template", () => {
  it("has the export's hashtag row, drop-down lists and a Read me sheet", async () => {
    const w = await exportWorld();
    const sensitive = await buildLocation(db, w.responseId, {
      level: 2,
      parentId: w.district.id,
      sensitive: true,
    });
    const retired = await buildLocation(db, w.responseId, {
      level: 2,
      parentId: w.district.id,
      validFrom: "2020-01-01",
      validTo: "2021-12-31",
    });
    const merged = await buildOrganisation(db, w.responseId);
    await db.execute(sql`UPDATE organisations SET merged_into_id = ${w.org.id}
      WHERE response_id = ${w.responseId} AND id = ${merged.id}`);

    const res = await app.inject({
      method: "GET",
      url: `/api/v1/responses/${w.slug}/sectors/${w.sector.code}/template.xlsx`,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["content-type"]).toContain("spreadsheetml");
    const workbook = await readXlsx(res.rawPayload);
    const sheet = workbook.getWorksheet("5W")!;
    const hxl = parse((await w.list("format=hxl")).body) as string[][];
    const top = sheetRows(sheet, activityColumns.length);
    expect(top[0]).toEqual(hxl[0]);
    expect(top[1]).toEqual(hxl[1]);
    expect(sheet.views[0]).toMatchObject({ state: "frozen" });
    expect(sheet.getColumn(1).width).toBeGreaterThan(10);

    const validations = (
      sheet as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } }
    ).dataValidations.model;
    const validationAt = (header: string, row = 3) => {
      const letter = String.fromCharCode(65 + activityColumns.findIndex((c) => c.header === header));
      return validations[`${letter}${row}`];
    };
    for (const header of [
      "reporting_org",
      "implementing_org",
      "activity_code",
      "location_code",
      "status",
      "reporting_month",
    ]) {
      expect(validationAt(header), header).toMatchObject({ type: "list" });
      expect(validationAt(header, 1000), header).toMatchObject({ type: "list" });
    }
    expect(validationAt("notes")).toBeUndefined();

    const lists = workbook.getWorksheet("Lists")!;
    expect(lists.state).toBe("hidden");
    const listColumn = (title: string) => {
      const values: string[] = [];
      lists.getRow(1).eachCell((cell, col) => {
        if (cell.value === title)
          lists.getColumn(col).eachCell((c, row) => {
            if (row > 1 && c.value !== null && c.value !== undefined) values.push(String(c.value));
          });
      });
      return values;
    };
    const locationCodes = [w.country, w.district, w.camp, w.otherDistrict].map((l) => l.code).sort();
    expect(listColumn("location_code")).toEqual(locationCodes);
    expect(listColumn("location_code")).not.toContain(sensitive.code);
    expect(listColumn("location_code")).not.toContain(retired.code);
    expect(validationAt("location_code")!.formulae[0]).toMatch(/^Lists!\$|^"/);
    expect(listColumn("activity_code").sort()).toEqual([w.type.code, w.subType.code].sort());
    expect(listColumn("organisation")).toContain(w.org.name);
    expect(listColumn("organisation")).not.toContain(merged.name);
    expect(listColumn("indicator_code")).toEqual([w.indicator.code]);
    expect(listColumn("reporting_month")[0]).toBe("2024-01");
    expect(listColumn("reporting_month")).toContain(new Date().toISOString().slice(0, 7));

    const readMe = workbook.getWorksheet("Read me")!;
    const text = sheetRows(readMe, 1).flat().join("\n");
    expect(text).toContain(`Generated on ${new Date().toISOString().slice(0, 10)}`);

    const missing = await app.inject({
      method: "GET",
      url: `/api/v1/responses/${w.slug}/sectors/NOPE/template.xlsx`,
    });
    expect(missing.statusCode).toBe(404);
  });

  it("puts a long list in the Lists sheet instead of the formula", async () => {
    const w = await activityWorld(app, db);
    for (let i = 0; i < 30; i++) await buildLocation(db, w.responseId, { level: 1, parentId: w.country.id });
    const res = await app.inject({
      method: "GET",
      url: `/api/v1/responses/${w.slug}/sectors/${w.sector.code}/template.xlsx`,
    });
    const sheet = (await readXlsx(res.rawPayload)).getWorksheet("5W")!;
    const letter = String.fromCharCode(65 + activityColumns.findIndex((c) => c.header === "location_code"));
    const model = (sheet as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } })
      .dataValidations.model;
    expect(model[`${letter}3`]!.formulae[0]).toMatch(/^Lists!\$[A-Z]+\$2:\$[A-Z]+\$35$/);
  });
});
