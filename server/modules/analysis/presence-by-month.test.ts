import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { buildActivity, buildTestApp } from "../../testing/factories.ts";
import { buildAnalysisFixture, getAnswer, signedInAs } from "./analysis-fixture.ts";

/**
 * Presence per month, on the hand-checked fixture (March 2026, see analysis-fixture.ts) with a
 * February added here (approved unless said otherwise):
 *
 * | record | reporting → implementing | sector | place  | month | reached |
 * | f1     | INGO-1                   | WASH   | Camp A | Feb   | 200     |
 * | f2     | INGO-2 → NNGO-3          | WASH   | Camp A | Feb   | 150     |
 * | f3     | NNGO-3                   | WASH   | Camp B | Feb   | 2       |
 * | f4     | INGO-2                   | Health | Camp B | Feb   | 90      |
 * | f5     | INGO-2 (draft)           | WASH   | Camp B | Feb   | 500     |
 * | f6     | INGO-2 (submitted)       | Health | Camp A | Feb   | 40      |
 * | c2     | INGO-2                   | WASH   | Camp C | Feb   | 80      |
 * | c3     | INGO-2                   | WASH   | Camp C | Mar   | 90      |
 */

let app: App;
let db: Db;
let world: Awaited<ReturnType<typeof buildAnalysisFixture>>;
let member: Record<string, string>;
let manager: Record<string, string>;

type Row = {
  location: { id: string; code: string };
  sector: { id: string; code: string };
  month: string | null;
  organisations: number;
  activities: number;
  reached: number | null;
  suppressed: boolean;
};

beforeAll(async () => {
  ({ app, db } = await buildTestApp());
  world = await buildAnalysisFixture(db);
  const r = world.response.id;
  const { campA, campB, campC } = world.places;
  const { ingo1, ingo2, nngo3 } = world.organisations;
  const wash = { sectorId: world.sectors.wash.id, activityTypeId: world.activityTypes.t1.id };
  const health = { sectorId: world.sectors.health.id, activityTypeId: world.activityTypes.t2.id };
  const feb = { reportingMonth: "2026-02-01", startDate: "2026-02-01", endDate: "2026-02-28" };
  const mar = { reportingMonth: "2026-03-01", startDate: "2026-03-01", endDate: "2026-03-31" };
  const record = (values: Parameters<typeof buildActivity>[2]) =>
    buildActivity(db, r, { ...feb, reviewState: "approved", ...values });
  await record({ ...wash, reportingOrgId: ingo1.id, locationId: campA.id, reachedTotal: 200 });
  await record({
    ...wash,
    reportingOrgId: ingo2.id,
    implementingOrgId: nngo3.id,
    locationId: campA.id,
    reachedTotal: 150,
  });
  await record({ ...wash, reportingOrgId: nngo3.id, locationId: campB.id, reachedTotal: 2 });
  await record({ ...health, reportingOrgId: ingo2.id, locationId: campB.id, reachedTotal: 90 });
  await record({
    ...wash,
    reportingOrgId: ingo2.id,
    locationId: campB.id,
    reachedTotal: 500,
    reviewState: "draft",
  });
  await record({
    ...health,
    reportingOrgId: ingo2.id,
    locationId: campA.id,
    reachedTotal: 40,
    reviewState: "submitted",
  });
  await record({ ...wash, reportingOrgId: ingo2.id, locationId: campC.id, reachedTotal: 80 });
  await record({ ...wash, ...mar, reportingOrgId: ingo2.id, locationId: campC.id, reachedTotal: 90 });
  const as = (role: "viewer" | "response_manager") => signedInAs(app, db, r, { role });
  member = await as("viewer");
  manager = await as("response_manager");
});

const base = () => `/api/v1/responses/${world.response.slug}`;
const get = (url: string, headers: Record<string, string> = {}) => getAnswer(app, `${base()}${url}`, headers);
const presence = async (query: string, headers?: Record<string, string>) =>
  (await get(`/analysis/presence?from=2026-02&to=2026-03&by=month&${query}`, headers)).rows as Row[];
const brief = (rows: Row[]) =>
  rows.map((r) => [r.sector.code, r.location.code, r.month, r.organisations, r.activities, r.reached]);

describe("presence by month", () => {
  it("gives partners, records and people reached per place, sector and month", async () => {
    // Members count approved and submitted records (r7 in Camp D, f6), and sensitive places (r8);
    // never drafts (f5). Camp B WASH in March: r3 (NNGO-3 implements) and r4 (NNGO-3): 1 partner.
    expect(brief(await presence("level=site", member))).toEqual([
      ["HEA", "CXB-201", "2026-02", 1, 1, 40], // f6
      ["HEA", "CXB-201", "2026-03", 1, 1, 3], // r6
      ["HEA", "CXB-202", "2026-02", 1, 1, 90], // f4
      ["HEA", "CXB-202", "2026-03", 1, 1, 350], // r5
      ["WASH", "CXB-201", "2026-02", 2, 2, 350], // f1 INGO-1 200 + f2 NNGO-3 150
      ["WASH", "CXB-201", "2026-03", 2, 2, 700], // r1 INGO-1 400 + r2 INGO-2 300
      ["WASH", "CXB-202", "2026-02", 1, 1, 2], // f3
      ["WASH", "CXB-202", "2026-03", 1, 2, 103], // r3 3 + r4 100
      ["WASH", "CXB-203", "2026-02", 1, 1, 80], // c2
      ["WASH", "CXB-203", "2026-03", 1, 1, 90], // c3
      ["WASH", "CXB-204", "2026-03", 1, 1, 50], // r7 (submitted)
      ["WASH", "CXB-299", "2026-03", 1, 1, 60], // r8 (sensitive)
    ]);
  });

  it("rolls up to any admin level, counting each partner once per month", async () => {
    // Ukhia, WASH, February: f1, f2, f3, c2 → INGO-1, NNGO-3, INGO-2; 200 + 150 + 2 + 80.
    // March: r1, r2, r3, r4, r7, r8, c3 → INGO-1, INGO-2, NNGO-3; 400 + 300 + 3 + 100 + 50 + 60 + 90.
    // Health, February: f4, f6 (INGO-2 both), 90 + 40; March: r5, r6 (INGO-2), 350 + 3.
    expect(brief(await presence("level=3", member))).toEqual([
      ["HEA", "BD2022", "2026-02", 1, 2, 130],
      ["HEA", "BD2022", "2026-03", 1, 2, 353],
      ["WASH", "BD2022", "2026-02", 3, 4, 432],
      ["WASH", "BD2022", "2026-03", 3, 7, 1003],
    ]);
    // Over both months the three WASH partners are still three (not 3 + 3): partners do not add up.
    const range = await get("/analysis/presence?from=2026-02&to=2026-03&level=3", member);
    expect(brief(range.rows)).toEqual([
      ["HEA", "BD2022", null, 1, 4, 483],
      ["WASH", "BD2022", null, 3, 11, 1435],
    ]);
  });

  it("downloads as CSV with the month column", async () => {
    const res = await app.inject({
      method: "GET",
      url: `${base()}/analysis/presence?from=2026-02&to=2026-03&by=month&level=3&format=hxl`,
      headers: member,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-disposition"]).toContain("presence-by-month.hxl.csv");
    const [header, tags, first] = res.body.replace(/^\uFEFF/, "").split("\n");
    expect(header).toBe("location_code,location,sector_code,sector,month,organisations,activities,reached");
    expect(tags).toContain("#date+month");
    expect(first).toBe("BD2022,Ukhia,HEA,Health,2026-02,1,2,130");
  });
});

describe("presence in the OpenAPI document", () => {
  it("documents the `by` parameter and the rows with their month", async () => {
    const doc = (await app.inject({ method: "GET", url: "/api/v1/openapi.json" })).json();
    const get = doc.paths["/api/v1/responses/{slug}/analysis/presence"].get;
    expect(get.parameters.map((p: { name: string }) => p.name)).toContain("by");
    const schema = get.responses["200"].content["application/json"].schema;
    expect(Object.keys(schema.properties.rows.items.properties)).toContain("month");
  });
});

describe("presence by month for the public", () => {
  it("withholds small counts, and one more in each place's months and each month's places", async () => {
    // Public cells (approved, no sensitive place): WASH A Feb 350, A Mar 700, B Feb 2, B Mar 103,
    // C Feb 80, C Mar 90; Health A Mar 3, B Feb 90, B Mar 350.
    // WASH: B Feb (2) is small. February's places: C Feb (80) goes too; Camp B's months: B Mar
    // (103); Camp C's months: C Mar (90). March's places then hold two withheld cells: done.
    // Health: A Mar (3) is small. March's places: B Mar (350); Camp B's months: B Feb (90).
    const rows = await presence("level=site");
    expect(rows.map((r) => [r.sector.code, r.location.code, r.month, r.reached, r.suppressed])).toEqual([
      ["HEA", "CXB-201", "2026-03", null, true],
      ["HEA", "CXB-202", "2026-02", null, true],
      ["HEA", "CXB-202", "2026-03", null, true],
      ["WASH", "CXB-201", "2026-02", 350, false],
      ["WASH", "CXB-201", "2026-03", 700, false],
      ["WASH", "CXB-202", "2026-02", null, true],
      ["WASH", "CXB-202", "2026-03", null, true],
      ["WASH", "CXB-203", "2026-02", null, true],
      ["WASH", "CXB-203", "2026-03", null, true],
    ]);
    // Partners and records are not people counts: they stay (as in the presence over months).
    expect(
      rows.find((r) => r.location.code === "CXB-202" && r.month === "2026-03" && r.sector.code === "WASH"),
    ).toMatchObject({ organisations: 1, activities: 2 });
  });

  it("withholds a small cell however the filters isolate it", async () => {
    const { wash } = world.sectors;
    const { campB, upazila } = world.places;
    // Camp B alone, WASH in Camp B, WASH in February alone: the 2 of f3 is still withheld.
    const isolated = [
      `level=site&sector=${wash.id}&location=${campB.id}&from=2026-02&to=2026-03`,
      `level=site&location=${campB.id}&from=2026-02&to=2026-03`,
      `level=site&sector=${wash.id}&from=2026-02&to=2026-02`,
    ];
    for (const query of isolated) {
      const rows = (await get(`/analysis/presence?by=month&${query}`)).rows as Row[];
      const cell = rows.find(
        (r) => r.sector.code === "WASH" && r.location.code === "CXB-202" && r.month === "2026-02",
      );
      expect(cell, query).toMatchObject({ reached: null, suppressed: true });
    }
    // Whatever the filters, no shown people count is below the threshold, and no group (a sector's
    // month over places, a sector's place over months) holds a single withheld cell beside shown ones.
    for (const level of ["site", "3", "0"])
      for (const sector of ["", `&sector=${wash.id}`, `&sector=${world.sectors.health.id}`])
        for (const location of ["", `&location=${campB.id}`, `&location=${upazila.id}`]) {
          const rows = await presence(`level=${level}${sector}${location}`);
          for (const r of rows) if (r.reached !== null) expect(r.reached).toBeGreaterThanOrEqual(5);
          for (const key of [
            (r: Row) => `${r.sector.id}|${r.month}`,
            (r: Row) => `${r.sector.id}|${r.location.id}`,
          ]) {
            const groups = new Map<string, Row[]>();
            for (const r of rows) groups.set(key(r), [...(groups.get(key(r)) ?? []), r]);
            for (const group of groups.values()) {
              const withheld = group.filter((r) => r.suppressed).length;
              const shown = group.filter((r) => !r.suppressed && (r.reached ?? 0) > 0).length;
              expect(withheld === 1 && shown > 0, JSON.stringify(group)).toBe(false);
            }
          }
        }
  });
});

describe("drill-down to the records", () => {
  /** The explorer's query for a cell: sector and location by code, the month as from/to. */
  const drillDown = (r: Row) =>
    `sector=${encodeURIComponent(r.sector.code)}&location=${encodeURIComponent(r.location.code)}&from=${r.month}&to=${r.month}&limit=500`;
  const count = async (query: string, headers?: Record<string, string>) =>
    ((await get(`/activities?${query}`, headers)).items as unknown[]).length;

  it("lists exactly the records a public cell counts, at any level", async () => {
    for (const level of ["site", "3"]) {
      const rows = await presence(`level=${level}`);
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) expect(await count(drillDown(r)), JSON.stringify(r)).toBe(r.activities);
    }
  });

  it("lists a member's cell as its approved and submitted records", async () => {
    // Members count records submitted for review too; the explorer filters one review state at a
    // time, so the cell is the approved records plus the submitted ones (a manager reads both).
    for (const level of ["site", "3"]) {
      const rows = await presence(`level=${level}`, manager);
      for (const r of rows) {
        const approved = await count(`${drillDown(r)}&reviewState=approved`, manager);
        const submitted = await count(`${drillDown(r)}&reviewState=submitted`, manager);
        expect(approved + submitted, JSON.stringify(r)).toBe(r.activities);
      }
    }
  });
});
