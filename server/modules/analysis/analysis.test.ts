import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { buildActivity, buildSector } from "../../testing/factories.ts";
import { buildAnalysisFixture, getAnswer, openAnalysisApi, signedInAs } from "./analysis-fixture.ts";

let app: App;
let db: Db;
let world: Awaited<ReturnType<typeof buildAnalysisFixture>>;
let viewer: Record<string, string>;
let base: string;

beforeAll(async () => {
  ({ app, db, world, base, viewer } = await openAnalysisApi());
});

const get = (url: string, headers: Record<string, string> = {}) => getAnswer(app, url, headers);

describe("gaps", () => {
  it("ranks places by people in need not reached, and flags high need with no partner", async () => {
    const body = await get(`${base}/gaps?sector=${world.sectors.wash.id}&level=site`, viewer);
    expect(body.from).toBe("2026-03");
    expect(body.public).toBe(false);
    const rows = body.rows.map((r: Record<string, unknown> & { location: { code: string } }) => [
      r.location.code,
      r.inNeed,
      r.reached,
      r.partners,
      r.unmet,
      r.severity,
      r.coverage,
      r.highNeedNoPartner,
    ]);
    expect(rows).toEqual([
      ["CXB-202", 500, 103, 1, 397, 3, 0.206, false],
      ["CXB-201", 1000, 700, 2, 300, 4, 0.7, false],
      ["CXB-203", null, null, 0, null, 5, null, true],
      ["CXB-204", null, 50, 1, null, null, null, false],
      ["CXB-299", null, 60, 1, null, null, null, false],
    ]);
  });

  it("rolls up through the gazetteer to any admin level", async () => {
    const body = await get(`${base}/gaps?sector=${world.sectors.wash.id}&level=3`, viewer);
    expect(body.rows).toHaveLength(1);
    expect(body.rows[0]).toMatchObject({
      location: { code: "BD2022" },
      inNeed: 1500,
      reached: 913,
      partners: 3,
      severity: 5,
      population: 2800,
      unmet: 587,
    });
  });

  it("counts approved records only and leaves sensitive places out for the public", async () => {
    const body = await get(`${base}/gaps?sector=${world.sectors.wash.id}&level=site`);
    expect(body.public).toBe(true);
    expect(body.rows.map((r: { location: { code: string } }) => r.location.code)).toEqual([
      "CXB-202",
      "CXB-201",
      "CXB-203",
    ]);
  });

  it("answers as CSV with the HXL hashtag row", async () => {
    const res = await app.inject({
      method: "GET",
      url: `${base}/gaps?sector=${world.sectors.wash.id}&format=hxl`,
      headers: viewer,
    });
    expect(res.headers["content-type"]).toMatch(/text\/csv/);
    const [header, tags, first] = res.body.split("\n");
    expect(header).toContain("location_code");
    expect(tags).toContain("#inneed");
    expect(first).toMatch(/^CXB-202,Camp B,WASH/);
  });
});

describe("presence", () => {
  it("counts partners (implementing organisations), records and people reached per place and sector", async () => {
    const body = await get(`${base}/presence?level=site&from=2026-03`, viewer);
    const cell = (code: string, sector: string) =>
      body.rows.find(
        (r: { location: { code: string }; sector: { code: string } }) =>
          r.location.code === code && r.sector.code === sector,
      );
    expect(cell("CXB-201", "WASH")).toMatchObject({ organisations: 2, activities: 2, reached: 700 });
    expect(cell("CXB-202", "WASH")).toMatchObject({ organisations: 1, activities: 2, reached: 103 });
    expect(cell("CXB-202", "HEA")).toMatchObject({ organisations: 1, activities: 1, reached: 350 });
  });

  it("names each place and sector once, the rows pointing at them by position", async () => {
    for (const what of ["presence", "gaps"]) {
      const res = await app.inject({ method: "GET", url: `${base}/${what}?level=site&from=2026-03` });
      const body = res.json();
      const ids = (list: { id: string }[]) => list.map((r) => r.id);
      expect(body.rows.length, what).toBeGreaterThan(2);
      expect(new Set(ids(body.places)).size, what).toBe(body.places.length);
      expect(new Set(ids(body.sectors)).size, what).toBe(body.sectors.length);
      for (const row of body.rows) {
        expect(row, what).not.toHaveProperty("location");
        expect(body.places[row.place], what).toEqual(expect.objectContaining({ code: expect.any(String) }));
        expect(body.sectors[row.sector], what).toEqual(expect.objectContaining({ code: expect.any(String) }));
      }
      // Every place and sector listed is used by a row.
      expect(new Set(body.rows.map((r: { place: number }) => r.place)).size, what).toBe(body.places.length);
    }
  });

  it("compresses presence and gaps for every client that asks, with the same JSON inside", async () => {
    // Long enough to be compressed (1 kB and more), as the large answers these routes can give.
    for (const url of [
      `${base}/presence?level=site&from=2025-01&to=2026-12&by=month`,
      `${base}/gaps?level=site&from=2026-03`,
    ]) {
      const what = url.slice(base.length);
      const plain = (await app.inject({ method: "GET", url, headers: viewer })).body;
      expect(plain.length, what).toBeGreaterThan(1024);
      for (const [encoding, unzip] of [
        ["gzip", gunzipSync],
        ["br", brotliDecompressSync],
      ] as const) {
        const res = await app.inject({
          method: "GET",
          url,
          headers: { ...viewer, "accept-encoding": encoding },
        });
        expect(res.headers["content-encoding"], `${what} ${encoding}`).toBe(encoding);
        expect(unzip(res.rawPayload).toString(), `${what} ${encoding}`).toBe(plain);
      }
    }
  });

  it("finds nothing in a month without records", async () => {
    const body = await get(`${base}/presence?from=2025-01&to=2025-02`, viewer);
    expect(body.rows).toEqual([]);
  });

  it("refuses a bad level or month with a precise message", async () => {
    for (const query of ["level=9", "from=2026-13", "from=2026-03&to=2026-01", "sector=WASH"]) {
      const res = await app.inject({ method: "GET", url: `${base}/presence?${query}` });
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.code).toBe("VALIDATION_FAILED");
    }
  });
});

describe("suppression", () => {
  it("withholds a small count and one more so the small one cannot be recovered", async () => {
    const body = await get(`${base}/presence?sector=${world.sectors.health.id}&level=site`);
    expect(body.threshold).toBe(5);
    expect(
      body.rows.map((r: { reached: number | null; suppressed: boolean }) => [r.reached, r.suppressed]),
    ).toEqual([
      [null, true],
      [null, true],
    ]);
    const full = await get(`${base}/presence?sector=${world.sectors.health.id}&level=site`, viewer);
    expect(full.rows.map((r: { reached: number }) => r.reached)).toEqual([3, 350]);
  });

  it("never gives the public a count below the threshold, whatever the filters", async () => {
    const { campA, campB, upazila } = world.places;
    const peopleFields = new Set([
      "reached",
      "inNeed",
      "population",
      "unmet",
      "individuals",
      "households",
      "targeted",
      "achieved",
    ]);
    const seen: number[] = [];
    const walk = (value: unknown, key = ""): void => {
      if (Array.isArray(value)) for (const item of value) walk(item, key);
      else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) walk(v, k);
      else if (typeof value === "number" && peopleFields.has(key)) seen.push(value);
    };
    const sectors = ["", world.sectors.wash.id, world.sectors.health.id];
    const filters = ["", `&location=${campA.id}`, `&location=${campB.id}`, `&location=${upazila.id}`];
    for (const sector of sectors)
      for (const level of ["site", "3", "4", "0"])
        for (const filter of filters)
          for (const endpoint of ["presence", "gaps", "trends", "dashboard", "progress"])
            walk(
              await get(`${base}/${endpoint}?level=${level}${sector ? `&sector=${sector}` : ""}${filter}`),
            );
    for (const place of [campA, campB, upazila]) walk(await get(`${base}/locations/${place.id}`));
    expect(seen.length).toBeGreaterThan(50);
    expect(seen.filter((v) => v > 0 && v < 5)).toEqual([]);
  });

  it("adds up a place's monthly total from the shown sector figures only", async () => {
    // Camp A in March: WASH 700 shown, Health 3 withheld. A total of 703 would give Health back.
    const body = await get(`${base}/locations/${world.places.campA.id}`);
    const shown = body.sectors.map((s: { reached: number | null }) => s.reached);
    expect(shown).toContain(null);
    const march = body.monthly.find((m: { month: string }) => m.month === "2026-03");
    const sumShown = shown.reduce((sum: number, v: number | null) => sum + (v ?? 0), 0);
    expect(march.reached - sumShown).toBe(0);
    expect(march).toMatchObject({ reached: 700, partial: true });
    const full = await get(`${base}/locations/${world.places.campA.id}`, viewer);
    expect(full.monthly.find((m: { month: string }) => m.month === "2026-03")).toMatchObject({
      reached: 703,
      partial: false,
    });
  });

  it("adds up the dashboard's total reached from the shown sector figures only", async () => {
    // A sector with 2 people reached in the whole response: withheld, so the total leaves it out.
    const other = await buildAnalysisFixture(db);
    const protection = await buildSector(db, other.response.id, { code: "PRO", name: "Protection" });
    await buildActivity(db, other.response.id, {
      sectorId: protection.id,
      reportingOrgId: other.organisations.ingo1.id,
      locationId: other.places.campB.id,
      reachedTotal: 2,
      reportingMonth: "2026-03-01",
      startDate: "2026-03-01",
      endDate: "2026-03-31",
      reviewState: "approved",
    });
    const url = `/api/v1/responses/${other.response.slug}/analysis/dashboard?year=2026`;
    const body = await get(url);
    const reached = body.sectors.map((s: { reached: number | null }) => s.reached);
    expect(reached).toContain(null);
    const sumShown = reached.reduce((sum: number, v: number | null) => sum + (v ?? 0), 0);
    expect(body.totals.reached - sumShown).toBe(0);
    expect(body.totals).toMatchObject({ reached: 803 + 353, reachedPartial: true });
    const member = await signedInAs(app, db, other.response.id, { role: "viewer" });
    expect((await get(url, member)).totals).toMatchObject({
      reached: 913 + 353 + 2,
      reachedPartial: false,
    });
  });

  it("hides a sensitive place's profile from the public", async () => {
    const res = await app.inject({ method: "GET", url: `${base}/locations/${world.places.campS.id}` });
    expect(res.statusCode).toBe(404);
    await get(`${base}/locations/${world.places.campS.id}`, viewer);
  });
});
