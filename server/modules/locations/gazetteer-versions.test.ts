import { and, asc, count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { LocationImportReport } from "../../../common/schemas/locations.ts";
import type { App } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { locations } from "../../db/schema/reference.ts";
import { buildManagedResponse, buildTestApp } from "../../testing/factories.ts";
import type { Parsed } from "./gazetteer-parse.ts";
import { type Existing, validateGazetteer } from "./gazetteer-validate.ts";

/** Gazetteer import of changes to existing codes: kind and level, new versions, races. */

let app: App;
let db: Db;

beforeAll(async () => {
  ({ app, db } = await buildTestApp());
});

async function world() {
  const { response, headers } = await buildManagedResponse(app, db);
  return { response, slug: response.slug, headers };
}
type World = Awaited<ReturnType<typeof world>>;

function postCsv(w: World, body: string) {
  return app.inject({
    method: "POST",
    url: `/api/v1/responses/${w.slug}/locations/import`,
    headers: { ...w.headers, "content-type": "text/csv" },
    payload: body,
  });
}

async function importCsv(w: World, body: string) {
  const res = await postCsv(w, body);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as LocationImportReport;
}

async function versionsOf(w: World, code: string) {
  return db
    .select({
      id: locations.id,
      name: locations.name,
      kind: locations.kind,
      level: locations.level,
      siteType: locations.siteType,
      parentId: locations.parentId,
      validFrom: locations.validFrom,
      validTo: locations.validTo,
    })
    .from(locations)
    .where(and(eq(locations.responseId, w.response.id), eq(locations.code, code)))
    .orderBy(asc(locations.validFrom));
}

async function rowCount(w: World) {
  const [row] = await db
    .select({ n: count() })
    .from(locations)
    .where(eq(locations.responseId, w.response.id));
  return row!.n;
}

const base = [
  "code,name,parent,level",
  "K0,Country,,0",
  "K1,Region,K0,1",
  "K2,District,K1,2",
  "KC,Camp,K2,camp",
];
const csv = (...rows: string[]) => `${rows.join("\n")}\n`;

describe("kind and level changes", () => {
  it("applies a level change of an existing admin area and keeps its sites one level below", async () => {
    const w = await world();
    await importCsv(w, csv(...base));
    const report = await importCsv(w, csv("code,name,parent,level", "K2,District,K1,3"));
    expect(report).toMatchObject({ updated: 1, unchanged: 0 });
    expect((await versionsOf(w, "K2"))[0]).toMatchObject({ level: 3 });
    expect((await versionsOf(w, "KC"))[0]).toMatchObject({ kind: "site", level: 4 });
  });

  it("turns a site into an admin area without its site type, and back", async () => {
    const w = await world();
    await importCsv(w, csv(...base));
    const toAdmin = await importCsv(w, csv("code,name,parent,level", "KC,Camp,K2,3"));
    expect(toAdmin).toMatchObject({ updated: 1, unchanged: 0 });
    expect((await versionsOf(w, "KC"))[0]).toMatchObject({ kind: "admin", level: 3, siteType: null });
    const toSite = await importCsv(w, csv("code,name,parent,level", "KC,Camp,K2,idp_site"));
    expect(toSite).toMatchObject({ updated: 1 });
    expect((await versionsOf(w, "KC"))[0]).toMatchObject({ kind: "site", level: 3, siteType: "idp_site" });
  });

  it("refuses to put a location under a site, or to make a site of an area that holds locations", async () => {
    const w = await world();
    await importCsv(w, csv(...base));
    const under = await importCsv(w, csv("code,name,parent,level", "KX,Block,KC,3", "KY,Inner camp,KC,camp"));
    expect(
      under.issues.filter((i) => i.code === "PARENT_IS_SITE").map((i) => [i.row, i.column, i.value]),
    ).toEqual([
      [2, "parent", "KC"],
      [3, "parent", "KC"],
    ]);
    const becomesSite = await importCsv(w, csv("code,name,parent,level", "K2,District,K1,camp"));
    expect(becomesSite.issues).toEqual([
      expect.objectContaining({ code: "PARENT_IS_SITE", row: 2, column: "level", severity: "error" }),
    ]);
    expect(await rowCount(w)).toBe(4);
    expect((await versionsOf(w, "K2"))[0]).toMatchObject({ kind: "admin", level: 2 });
  });
});

describe("versions", () => {
  it("starts a new version for a later valid_from, keeps history, and is idempotent", async () => {
    const w = await world();
    await importCsv(w, csv(...base));
    const [k2Before] = await versionsOf(w, "K2");
    const file = csv("code,name,parent,level,valid_from", "K2,District (new boundary),K1,2,2024-07-01");
    const report = await importCsv(w, file);
    expect(report).toMatchObject({ created: 0, updated: 1, unchanged: 0, invalid: 0 });
    const versions = await versionsOf(w, "K2");
    expect(versions).toMatchObject([
      { id: k2Before!.id, name: "District", validFrom: "1900-01-01", validTo: "2024-06-30" },
      { name: "District (new boundary)", validFrom: "2024-07-01", validTo: null },
    ]);
    // The camp follows the current version of its district.
    expect((await versionsOf(w, "KC"))[0]!.parentId).toBe(versions[1]!.id);
    const current = await app.inject({ method: "GET", url: `/api/v1/responses/${w.slug}/locations/K2` });
    expect(current.json()).toMatchObject({ name: "District (new boundary)", childCount: 1 });

    const again = await importCsv(w, file);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
    expect(await versionsOf(w, "K2")).toHaveLength(2);
    expect(await rowCount(w)).toBe(5);
  });

  it("refuses a valid_from earlier than the current version's with VERSION_BEFORE_CURRENT", async () => {
    const w = await world();
    await importCsv(w, csv("code,name,parent,level,valid_from", "V0,Country,,0,2020-01-01"));
    const report = await importCsv(w, csv("code,name,parent,level,valid_from", "V0,Country,,0,2019-01-01"));
    expect(report.issues).toEqual([
      expect.objectContaining({
        code: "VERSION_BEFORE_CURRENT",
        row: 2,
        column: "valid_from",
        value: "2019-01-01",
        severity: "error",
      }),
    ]);
    expect(await versionsOf(w, "V0")).toHaveLength(1);
  });

  it("leaves an older version alone when a row repeats its valid_from", async () => {
    const w = await world();
    await importCsv(w, csv("code,name,parent,level,valid_from", "H0,Old name,,0,2020-01-01"));
    await importCsv(w, csv("code,name,parent,level,valid_from", "H0,New name,,0,2023-01-01"));
    const report = await importCsv(w, csv("code,name,parent,level,valid_from", "H0,Old name,,0,2020-01-01"));
    expect(report).toMatchObject({ invalid: 0, updated: 0, unchanged: 1 });
    expect(report.issues.map((i) => [i.code, i.severity])).toEqual([["HISTORIC_VERSION", "warning"]]);
    expect((await versionsOf(w, "H0")).map((v) => [v.name, v.validTo])).toEqual([
      ["Old name", "2022-12-31"],
      ["New name", null],
    ]);
  });
});

describe("concurrent imports", () => {
  it("plan from what the other wrote: the second finds the codes instead of failing", async () => {
    const w = await world();
    const file = csv(...base);
    const [a, b] = await Promise.all([postCsv(w, file), postCsv(w, file)]);
    expect([a.statusCode, b.statusCode], `${a.body} ${b.body}`).toEqual([200, 200]);
    const reports = [a.json(), b.json()] as LocationImportReport[];
    expect(reports.map((r) => r.created).sort()).toEqual([0, 4]);
    expect(reports.map((r) => r.unchanged).sort()).toEqual([0, 4]);
    expect(await rowCount(w)).toBe(4);
  });
});

describe("validateGazetteer", () => {
  it("returns a parent named by its name as a code, without changing the parsed rows", () => {
    const existing = new Map<string, Existing>([
      [
        "UN-1",
        {
          id: "00000000-0000-4000-8000-000000000001",
          code: "UN-1",
          name: "Raja Palong",
          names: {},
          kind: "admin",
          level: 4,
          siteType: null,
          parentId: null,
          parentCode: null,
          lat: null,
          lon: null,
          validFrom: "1900-01-01",
          validTo: null,
          hasGeometry: false,
          sensitive: false,
          versions: ["1900-01-01"],
        },
      ],
    ]);
    const parsed: Parsed = {
      rows: [
        { row: 2, code: "CAMP-9", name: "Camp 9", parentCode: "Raja Palong", kind: "site", siteType: "camp" },
      ],
      issues: [],
    };
    const deepFreeze = <T>(value: T): T => {
      if (value && typeof value === "object") {
        for (const inner of Object.values(value)) deepFreeze(inner);
        Object.freeze(value);
      }
      return value;
    };
    deepFreeze(parsed);
    const { issues, planned } = validateGazetteer(parsed, existing, new Map([["raja palong", ["UN-1"]]]));
    expect(issues).toEqual([]);
    expect(planned).toMatchObject([{ parentCode: "UN-1", kind: "site", level: 5, action: "create" }]);
    expect(parsed.rows[0]!.parentCode).toBe("Raja Palong");
  });
});
