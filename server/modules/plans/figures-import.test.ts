import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import {
  buildIndicator,
  buildLocation,
  buildManagedResponse,
  buildOrganisation,
  buildPopulationGroup,
  buildSector,
  buildTestApp,
  buildUser,
  signIn,
} from "../../testing/factories.ts";

/** Importing people in need, targeted, targets and funding from CSV, HXL and XLSX. */

let app: App;
let db: Db;

beforeAll(async () => {
  ({ app, db } = await buildTestApp());
});

async function world() {
  const { response, slug, headers } = await buildManagedResponse(app, db);
  const wash = await buildSector(db, response.id, { code: "WASH", name: "WASH" });
  const hygiene = await buildSector(db, response.id, {
    code: "HYG",
    name: "Hygiene",
    parentId: wash.id,
    kind: "sub_sector",
  });
  const health = await buildSector(db, response.id, { code: "HEALTH", name: "Health" });
  const ukhia = await buildLocation(db, response.id, { code: "BD4101", name: "Ukhia", level: 1 });
  const camp = await buildLocation(db, response.id, {
    code: "CXB-201",
    name: "Camp 1E",
    kind: "site",
    level: 2,
    parentId: ukhia.id,
  });
  const refugees = await buildPopulationGroup(db, response.id, { code: "REF", name: "Rohingya refugees" });
  const latrines = await buildIndicator(db, response.id, wash.id, {
    code: "WASH-01",
    name: "Latrines built",
    disaggregation: "none",
  });
  await buildIndicator(db, response.id, health.id, { code: "HEA-01", name: "Consultations" });
  const unicef = await buildOrganisation(db, response.id, {
    name: "United Nations Children's Fund",
    acronym: "UNICEF",
    type: "40",
  });
  return { response, slug, headers, wash, hygiene, health, ukhia, camp, refugees, latrines, unicef };
}
type World = Awaited<ReturnType<typeof world>>;

const importFile = (
  w: World,
  body: string | Buffer,
  query = "?asOf=2025-03-01",
  headers = w.headers,
  contentType = "text/csv",
) =>
  app.inject({
    method: "POST",
    url: `/api/v1/responses/${w.slug}/plans/2025/figures/import${query}`,
    headers: { ...headers, "content-type": contentType },
    payload: body,
  });

const stored = async (w: World) =>
  (
    await db.execute<{
      metric: string;
      sector: string | null;
      location: string | null;
      grp: string | null;
      value: number;
      as_of: string;
    }>(sql`
      SELECT f.metric, s.code AS sector, l.code AS location, g.code AS grp, f.value::float8 AS value, f.as_of::text AS as_of
      FROM plan_figures f LEFT JOIN sectors s ON s.id = f.sector_id LEFT JOIN locations l ON l.id = f.location_id
      LEFT JOIN population_groups g ON g.id = f.population_group_id
      WHERE f.response_id = ${w.response.id} ORDER BY f.metric, s.code, l.code, f.as_of`)
  ).rows;

/** An HXL file as exported from a dashboard: a title, a note and a blank line above the header. */
const hxlFile = [
  "Joint Response Plan 2025: people in need and targeted,,,,,",
  '"Source: JRP 2025, figures as of March",,,,,',
  ",,,,,",
  "Sector,Camp,Population group,People in need,People targeted,As of",
  "#sector,#loc+code,#population+group,#inneed,#targeted,#date+asof",
  'WASH,CXB-201,Rohingya refugees,"5,200",4000,2025-03-01',
  "Hygiene,BD4101,REF,1000,800,2025-03-01",
  "",
].join("\r\n");

describe("plan figures import", () => {
  it("reads an HXL file with junk rows above the hashtag row, several figures per row, and is idempotent", async () => {
    const w = await world();
    const res = await importFile(w, hxlFile, "");
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      rows: 2,
      figures: 4,
      created: 4,
      updated: 0,
      unchanged: 0,
      written: true,
      issues: [],
    });
    expect(await stored(w)).toEqual([
      { metric: "in_need", sector: "HYG", location: "BD4101", grp: "REF", value: 1000, as_of: "2025-03-01" },
      {
        metric: "in_need",
        sector: "WASH",
        location: "CXB-201",
        grp: "REF",
        value: 5200,
        as_of: "2025-03-01",
      },
      { metric: "targeted", sector: "HYG", location: "BD4101", grp: "REF", value: 800, as_of: "2025-03-01" },
      {
        metric: "targeted",
        sector: "WASH",
        location: "CXB-201",
        grp: "REF",
        value: 4000,
        as_of: "2025-03-01",
      },
    ]);
    const again = await importFile(w, hxlFile, "");
    expect(again.json()).toMatchObject({ created: 0, updated: 0, unchanged: 4, written: true });
    // A later publication adds history; the current figures are the later ones.
    const later = await importFile(
      w,
      hxlFile.replaceAll("2025-03-01", "2025-09-30").replace('"5,200"', "6100"),
      "",
    );
    expect(later.json()).toMatchObject({ created: 4, unchanged: 0 });
    const current = await app.inject({
      method: "GET",
      url: `/api/v1/responses/${w.slug}/plans/2025/figures?metric=in_need`,
      headers: w.headers,
    });
    expect(current.json().items.map((f: { value: number; asOf: string }) => [f.value, f.asOf])).toEqual([
      [1000, "2025-09-30"],
      [6100, "2025-09-30"],
    ]);
    const audit = await db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM audit_log WHERE response_id = ${w.response.id} AND action = 'plan_figure.create'`,
    );
    expect(audit.rows[0]!.n).toBe(8);
  });

  it("writes nothing when a row is wrong, and names row, column and value", async () => {
    const w = await world();
    const file = [
      "sector_code,adm1_pcode,adm2_pcode,in_need,targeted",
      "WASH,BD4101,CXB-201,100,50",
      "WASH,BD4101,CXB-999,100,50",
      "HEALTH,BD4101,,lots,",
      "NUTRITION,BD4101,,10,",
    ].join("\n");
    const res = await importFile(w, file);
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    expect(report).toMatchObject({ rows: 4, written: false, created: 0 });
    expect(report.issues).toEqual([
      {
        row: 3,
        column: "adm2_pcode",
        severity: "error",
        code: "UNKNOWN_LOCATION",
        value: "CXB-999",
        message: 'No location has the code "CXB-999".',
      },
      {
        row: 4,
        column: "in_need",
        severity: "error",
        code: "INVALID_NUMBER",
        value: "lots",
        message: '"lots" is not a number.',
      },
      {
        row: 5,
        column: "sector_code",
        severity: "error",
        code: "UNKNOWN_SECTOR",
        value: "NUTRITION",
        message: 'No sector has the code or name "NUTRITION".',
      },
    ]);
    expect(await stored(w)).toEqual([]);
    // Without the bad rows, the deepest admin code given is the location.
    const good = await importFile(w, file.split("\n").slice(0, 2).join("\n"));
    expect(good.json()).toMatchObject({ created: 2, written: true });
    expect((await stored(w)).map((f) => f.location)).toEqual(["CXB-201", "CXB-201"]);
  });

  it("reads targets and funding, suggests an organisation for a typo, and checks the indicator's sector", async () => {
    const w = await world();
    const file = [
      "#sector+code,#indicator+code,#indicator+target,#org+name,#value+funding+required+usd,#value+funding+received+usd",
      "WASH,WASH-01,1200,,,",
      "WASH,,,UNICFE,2500000,1000000",
      "WASH,HEA-01,30,,,",
    ].join("\n");
    const res = await importFile(w, file);
    const issues = res.json().issues;
    expect(
      issues.map((i: { row: number; code: string; column: string }) => [i.row, i.code, i.column]),
    ).toEqual([
      [3, "UNKNOWN_ORGANISATION", "#org+name"],
      [4, "INDICATOR_NOT_IN_SECTOR", "#indicator+code"],
    ]);
    expect(issues[0].message).toContain("did you mean United Nations Children's Fund (UNICEF)?");
    expect(await stored(w)).toEqual([]);
    const fixed = await importFile(w, file.replace("UNICFE", "unicef").split("\n").slice(0, 3).join("\n"));
    expect(fixed.json()).toMatchObject({ figures: 3, created: 3, written: true, issues: [] });
    const funding = await app.inject({
      method: "GET",
      url: `/api/v1/responses/${w.slug}/plans/2025/figures?metric=funding_received`,
      headers: w.headers,
    });
    expect(funding.json().items[0]).toMatchObject({
      value: 1000000,
      organisation: { acronym: "UNICEF" },
      sector: { code: "WASH" },
    });
  });

  it("needs an as-of date, checks on a dry run without writing, and reads XLSX", async () => {
    const w = await world();
    const file = "sector,location_code,in_need\nWASH,CXB-201,300\n";
    const noDate = await importFile(w, file, "");
    expect(noDate.statusCode).toBe(400);
    expect(noDate.json().error.details[0].path).toBe("querystring.asOf");
    const dry = await importFile(w, file, "?asOf=2025-03-01&dryRun=true");
    expect(dry.json()).toMatchObject({ figures: 1, created: 1, written: false, dryRun: true });
    expect(await stored(w)).toEqual([]);

    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("PiN");
    sheet.addRows([
      ["Sector", "Location", "PiN"],
      ["#sector+code", "#loc+code", "#inneed"],
      ["WASH", "CXB-201", 300],
    ]);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    const res = await importFile(w, xlsx, "?asOf=2025-03-01", w.headers, "application/octet-stream");
    expect(res.json()).toMatchObject({ figures: 1, created: 1, written: true });
    expect(await stored(w)).toEqual([
      { metric: "in_need", sector: "WASH", location: "CXB-201", grp: null, value: 300, as_of: "2025-03-01" },
    ]);
    const notATable = await importFile(
      w,
      Buffer.from("%PDF-1.4 binary"),
      "?asOf=2025-03-01",
      w.headers,
      "application/octet-stream",
    );
    expect(notATable.statusCode).toBe(400);
  });

  it("refuses a coordinator's file that reaches beyond their sector, whole", async () => {
    const w = await world();
    const coordinator = await buildUser(db, {
      role: "sector_coordinator",
      responseId: w.response.id,
      sectorId: w.wash.id,
    });
    const { headers } = await signIn(app, coordinator.email);
    const file = "sector,location_code,in_need\nHYG,CXB-201,300\nHEALTH,CXB-201,200\n";
    const res = await importFile(w, file, "?asOf=2025-03-01", headers);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.details).toEqual([{ path: "row 3", message: "in_need: not your sector" }]);
    expect(await stored(w)).toEqual([]);
    const own = await importFile(
      w,
      "sector,location_code,in_need\nHYG,CXB-201,300\n",
      "?asOf=2025-03-01",
      headers,
    );
    expect(own.json()).toMatchObject({ created: 1, written: true });
  });

  it("reads back its own HXL download (into another year's plan)", async () => {
    const w = await world();
    const put = await app.inject({
      method: "PUT",
      url: `/api/v1/responses/${w.slug}/plans/2025/figures`,
      headers: w.headers,
      payload: {
        figures: [
          {
            metric: "in_need",
            sectorId: w.wash.id,
            locationId: w.camp.id,
            populationGroupId: w.refugees.id,
            value: 5200,
            asOf: "2025-01-01",
          },
          {
            metric: "targeted",
            sectorId: w.wash.id,
            locationId: w.camp.id,
            populationGroupId: w.refugees.id,
            value: 4000,
            asOf: "2025-01-01",
          },
          {
            metric: "target",
            sectorId: w.wash.id,
            indicatorId: w.latrines.id,
            value: 1200,
            asOf: "2025-01-01",
          },
          {
            metric: "funding_required",
            sectorId: w.wash.id,
            organisationId: w.unicef.id,
            value: 2500000.5,
            asOf: "2025-02-01",
          },
          { metric: "in_need", value: 900000, asOf: "2025-02-01" },
        ],
      },
    });
    expect(put.statusCode, put.body).toBe(200);
    const download = async (year: number) =>
      (
        await app.inject({
          method: "GET",
          url: `/api/v1/responses/${w.slug}/plans/${year}/figures?format=hxl`,
          headers: w.headers,
        })
      ).body;
    const hxl = await download(2025);
    expect((await importFile(w, hxl, "")).json()).toMatchObject({
      rows: 4,
      figures: 5,
      created: 0,
      unchanged: 5,
    });
    const into2026 = await app.inject({
      method: "POST",
      url: `/api/v1/responses/${w.slug}/plans/2026/figures/import`,
      headers: { ...w.headers, "content-type": "text/csv" },
      payload: hxl,
    });
    expect(into2026.json()).toMatchObject({ rows: 4, figures: 5, created: 5, written: true, issues: [] });
    expect(await download(2026)).toBe(hxl);
  });
});
