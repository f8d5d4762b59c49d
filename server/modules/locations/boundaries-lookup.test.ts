import { beforeAll, describe, expect, it } from "vitest";
import type { LocationImportReport } from "../../../common/schemas/locations.ts";
import type { App } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { buildManagedResponse, buildResponse, buildTestApp } from "../../testing/factories.ts";

/** GeoJSON boundary import and point lookup: which outlines contain a point, most specific first. */

let app: App;
let db: Db;

beforeAll(async () => {
  ({ app, db } = await buildTestApp());
});

/** A closed square ring from (minLon, minLat) to (maxLon, maxLat). */
const square = (minLon: number, minLat: number, maxLon: number, maxLat: number) => [
  [
    [minLon, minLat],
    [maxLon, minLat],
    [maxLon, maxLat],
    [minLon, maxLat],
    [minLon, minLat],
  ],
];

const feature = (code: string, geometry: unknown) => ({
  type: "Feature",
  properties: { pcode: code },
  geometry,
});
const collection = (...features: unknown[]) => JSON.stringify({ type: "FeatureCollection", features });

async function world() {
  const { response, headers } = await buildManagedResponse(app, db);
  const w = { slug: response.slug, headers };
  // Admin 0 > 1 > 2 (the district) > 3 > 4 (the union), and a camp attached to the district.
  const csv = [
    "code,name,parent,level",
    "GX0,Country,,0",
    "GX1,Region,GX0,1",
    "GD2,District,GX1,2",
    "GU3,Sub-district,GD2,3",
    "GV4,Union,GU3,4",
    "GS1,Camp Square,GD2,camp",
  ].join("\n");
  const report = await importFile(w, csv, "text/csv");
  expect(report.created).toBe(6);
  return w;
}

type World = Awaited<ReturnType<typeof world>>;

async function importFile(w: Pick<World, "slug" | "headers">, body: string, type: string, query = "") {
  const res = await app.inject({
    method: "POST",
    url: `/api/v1/responses/${w.slug}/locations/import${query}`,
    headers: { ...w.headers, "content-type": type },
    payload: body,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as LocationImportReport;
}

async function lookup(slug: string, lat: number, lon: number, headers: Record<string, string> = {}) {
  const res = await app.inject({
    method: "GET",
    url: `/api/v1/responses/${slug}/locations/lookup?lat=${lat}&lon=${lon}`,
    headers,
  });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().items as { code: string }[]).map((i) => i.code);
}

const outlines = collection(
  feature("GD2", { type: "Polygon", coordinates: square(92.0, 21.0, 92.4, 21.4) }),
  feature("GU3", { type: "Polygon", coordinates: square(92.0, 21.0, 92.2, 21.2) }),
  feature("GV4", { type: "Polygon", coordinates: square(92.0, 21.0, 92.12, 21.12) }),
  feature("GS1", { type: "MultiPolygon", coordinates: [square(92.05, 21.05, 92.1, 21.1)] }),
);

describe("GeoJSON boundaries", () => {
  it("adds outlines to existing codes without creating locations", async () => {
    const w = await world();
    const report = await importFile(w, outlines, "application/geo+json");
    expect(report.issues.filter((i) => i.severity === "error")).toEqual([]);
    expect(report).toMatchObject({ rows: 4, created: 0, updated: 4 });
    for (const code of ["GD2", "GU3", "GV4", "GS1"]) {
      const res = await app.inject({ method: "GET", url: `/api/v1/responses/${w.slug}/locations/${code}` });
      expect(res.json().hasGeometry, code).toBe(true);
    }
  });

  it("refuses a Point feature with GEOMETRY_NOT_POLYGON and writes nothing", async () => {
    const w = await world();
    const file = collection(
      feature("GD2", { type: "Polygon", coordinates: square(92.0, 21.0, 92.4, 21.4) }),
      feature("GS1", { type: "Point", coordinates: [92.07, 21.07] }),
    );
    const report = await importFile(w, file, "application/geo+json");
    const issue = report.issues.find((i) => i.code === "GEOMETRY_NOT_POLYGON");
    expect(issue).toMatchObject({ row: 2, column: "geometry", value: "Point", severity: "error" });
    expect(report.updated).toBe(0);
    expect(await lookup(w.slug, 21.3, 92.3)).toEqual([]);
  });

  it("refuses a ring whose first and last positions differ", async () => {
    const w = await world();
    const open = square(92.0, 21.0, 92.4, 21.4)[0]!.slice(0, 4);
    open.push([92.0, 21.1]);
    const report = await importFile(
      w,
      collection(feature("GD2", { type: "Polygon", coordinates: [open] })),
      "application/geo+json",
    );
    const issue = report.issues.find((i) => i.code === "GEOMETRY_NOT_POLYGON");
    expect(issue).toMatchObject({ row: 1, severity: "error" });
    expect(issue!.message).toMatch(/closed/);
    expect(await lookup(w.slug, 21.3, 92.3)).toEqual([]);
  });

  it("refuses coordinates that are not longitude/latitude (a projected file)", async () => {
    const w = await world();
    const utm = collection(
      feature("GD2", { type: "Polygon", coordinates: square(400000, 2300000, 410000, 2310000) }),
    );
    const report = await importFile(w, utm, "application/geo+json");
    expect(report.issues.map((i) => i.code)).toContain("GEOMETRY_NOT_POLYGON");
    expect(report.updated).toBe(0);
  });

  it("reports a feature whose code is unknown and that has no name to create it", async () => {
    const w = await world();
    const report = await importFile(
      w,
      collection(feature("NOPE-9", { type: "Polygon", coordinates: square(1, 1, 2, 2) })),
      "application/geo+json",
    );
    expect(report.issues.find((i) => i.code === "UNKNOWN_CODE")).toMatchObject({ row: 1, value: "NOPE-9" });
    expect(report.created).toBe(0);
  });

  it("creates new sites from features given a level, a parent and a name property", async () => {
    const w = await world();
    const file = JSON.stringify({
      type: "FeatureCollection",
      features: [
        {
          type: "Feature",
          properties: { SSID: "NEW-1", Camp: "New Camp" },
          geometry: { type: "Polygon", coordinates: square(92.3, 21.3, 92.35, 21.35) },
        },
      ],
    });
    const report = await importFile(
      w,
      file,
      "application/geo+json",
      "?codeProperty=SSID&nameProperty=Camp&parentCode=GD2&level=camp",
    );
    expect(report).toMatchObject({ created: 1, invalid: 0 });
    const res = await app.inject({ method: "GET", url: `/api/v1/responses/${w.slug}/locations/NEW-1` });
    expect(res.json()).toMatchObject({
      name: "New Camp",
      kind: "site",
      siteType: "camp",
      parentCode: "GD2",
      level: 3,
      hasGeometry: true,
    });
    // Without a lat/lon the centre of the outline stands in for it.
    expect(res.json().lat).toBeCloseTo(21.32, 1);
    expect(res.json().lon).toBeCloseTo(92.32, 1);
  });
});

describe("malformed GeoJSON", () => {
  it("reports a feature that is null or not an object instead of failing", async () => {
    const w = await world();
    const file = JSON.stringify({
      type: "FeatureCollection",
      features: [
        feature("GD2", { type: "Polygon", coordinates: square(92.0, 21.0, 92.4, 21.4) }),
        null,
        7,
        "x",
      ],
    });
    const report = await importFile(w, file, "application/geo+json");
    const bad = report.issues.filter((i) => i.code === "INVALID_FEATURE");
    expect(bad.map((i) => [i.row, i.value, i.severity])).toEqual([
      [2, "null", "error"],
      [3, "number", "error"],
      [4, "string", "error"],
    ]);
    // A null first feature is no reason not to find the code property on the others.
    const nullFirst = JSON.stringify({
      type: "FeatureCollection",
      features: [null, feature("GD2", { type: "Polygon", coordinates: square(92.0, 21.0, 92.4, 21.4) })],
    });
    const second = await importFile(w, nullFirst, "application/geo+json");
    expect(second.issues.map((i) => [i.code, i.row])).toEqual([["INVALID_FEATURE", 1]]);
    expect(report).toMatchObject({ rows: 4, valid: 1, invalid: 3, updated: 0 });
    expect(await lookup(w.slug, 21.3, 92.3)).toEqual([]);
  });

  it("refuses ring positions that are not [longitude, latitude] pairs of numbers", async () => {
    const w = await world();
    const ring = square(92.0, 21.0, 92.4, 21.4)[0]!;
    const cases: [unknown, RegExp][] = [
      [{ type: "Polygon", coordinates: [[1, 2, 3, 4]] }, /nested too shallow/],
      [{ type: "Polygon", coordinates: [[[1, 2, 3, 4], ...ring]] }, /pair of numbers/],
      [{ type: "Polygon", coordinates: [ring.map(([x, y]) => [x, String(y)])] }, /pair of numbers/],
      [{ type: "Polygon", coordinates: [[ring]] }, /nested too deep/],
      [{ type: "MultiPolygon", coordinates: [ring] }, /nested too shallow/],
      [{ type: "Polygon", coordinates: ring }, /nested too shallow/],
      [{ type: "Polygon", coordinates: [[null, ...ring]] }, /not a \[longitude, latitude\] pair/],
    ];
    for (const [geometry, message] of cases) {
      const report = await importFile(w, collection(feature("GD2", geometry)), "application/geo+json");
      const issue = report.issues.find((i) => i.code === "GEOMETRY_NOT_POLYGON");
      expect(issue, JSON.stringify(geometry)).toMatchObject({
        row: 1,
        column: "geometry",
        severity: "error",
      });
      expect(issue!.message).toMatch(message);
      expect(report.updated).toBe(0);
    }
  });

  it("accepts positions with an altitude", async () => {
    const w = await world();
    const ring = square(92.0, 21.0, 92.4, 21.4)[0]!.map(([x, y]) => [x, y, 12.5]);
    const report = await importFile(
      w,
      collection(feature("GD2", { type: "Polygon", coordinates: [ring] })),
      "application/geo+json",
    );
    expect(report.issues).toEqual([]);
    expect(report.updated).toBe(1);
  });
});

describe("re-importing boundaries", () => {
  it("reports the same outlines as unchanged and writes no audit rows for them", async () => {
    const w = await world();
    const first = await importFile(w, outlines, "application/geo+json");
    expect(first).toMatchObject({ updated: 4, unchanged: 0 });
    const audited = async () =>
      (
        await app.inject({
          method: "GET",
          url: `/api/v1/responses/${w.slug}/audit?action=location.import.update&limit=100`,
          headers: w.headers,
        })
      ).json().items.length as number;
    const before = await audited();
    expect(before).toBe(4);
    // The same shapes with their members written in another order.
    const reordered = collection(
      ...(
        JSON.parse(outlines).features as {
          properties: object;
          geometry: { type: string; coordinates: unknown };
        }[]
      ).map((f) => ({
        geometry: { coordinates: f.geometry.coordinates, type: f.geometry.type },
        properties: f.properties,
        type: "Feature",
      })),
    );
    for (const file of [outlines, reordered]) {
      const again = await importFile(w, file, "application/geo+json");
      expect(again).toMatchObject({ rows: 4, created: 0, updated: 0, unchanged: 4 });
    }
    expect(await audited()).toBe(before);

    const moved = collection(
      feature("GD2", { type: "Polygon", coordinates: square(92.0, 21.0, 92.5, 21.5) }),
    );
    expect(await importFile(w, moved, "application/geo+json")).toMatchObject({ updated: 1, unchanged: 0 });
    expect(await lookup(w.slug, 21.45, 92.45)).toEqual(["GD2"]);
  });
});

describe("point lookup", () => {
  it("returns the containing site first, then its admin areas from the deepest", async () => {
    const w = await world();
    await importFile(w, outlines, "application/geo+json");
    // The camp (attached to the district, so level 3) lies inside the level-4 union's outline too:
    // the camp is still the most specific answer.
    expect(await lookup(w.slug, 21.07, 92.07)).toEqual(["GS1", "GV4", "GU3", "GD2"]);
    expect(await lookup(w.slug, 21.11, 92.11)).toEqual(["GV4", "GU3", "GD2"]);
    expect(await lookup(w.slug, 21.15, 92.15)).toEqual(["GU3", "GD2"]);
    expect(await lookup(w.slug, 21.3, 92.3)).toEqual(["GD2"]);
  });

  it("returns nothing for a point outside every outline, even inside a bounding box", async () => {
    const w = await world();
    const triangle = {
      type: "Polygon",
      coordinates: [
        [
          [92.0, 21.0],
          [92.4, 21.0],
          [92.0, 21.4],
          [92.0, 21.0],
        ],
      ],
    };
    await importFile(w, collection(feature("GD2", triangle)), "application/geo+json");
    expect(await lookup(w.slug, 21.1, 92.1)).toEqual(["GD2"]);
    // Inside the triangle's bounding box but beyond its hypotenuse.
    expect(await lookup(w.slug, 21.35, 92.35)).toEqual([]);
    expect(await lookup(w.slug, 25, 95)).toEqual([]);
  });

  it("answers 400 for a latitude out of range", async () => {
    const w = await world();
    const res = await app.inject({
      method: "GET",
      url: `/api/v1/responses/${w.slug}/locations/lookup?lat=91&lon=92`,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe("VALIDATION_FAILED");
    expect(res.json().error.details[0].path).toBe("querystring.lat");
  });

  it("keeps outlines of one response out of another's lookup", async () => {
    const w = await world();
    await importFile(w, outlines, "application/geo+json");
    const other = await buildResponse(db);
    expect(await lookup(other.slug, 21.07, 92.07)).toEqual([]);
  });
});

describe("GeoJSON output", () => {
  it("gives outlines where known and points where only a centroid is known", async () => {
    const w = await world();
    await importFile(w, outlines, "application/geo+json");
    await importFile(w, "code,name,parent,level,lat,lon\nPT1,Point only,GD2,camp,21.3,92.3\n", "text/csv");
    const res = await app.inject({ method: "GET", url: `/api/v1/responses/${w.slug}/locations.geojson` });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/application\/geo\+json/);
    const geo = res.json() as {
      features: { id: string; geometry: { type: string; coordinates: unknown } }[];
    };
    const byCode = new Map(geo.features.map((f) => [f.id, f.geometry]));
    expect(byCode.get("GD2")?.type).toBe("Polygon");
    expect(byCode.get("GS1")?.type).toBe("MultiPolygon");
    expect(byCode.get("PT1")).toEqual({ type: "Point", coordinates: [92.3, 21.3] });
    expect(byCode.has("GX0")).toBe(false); // neither outline nor coordinates
  });
});
