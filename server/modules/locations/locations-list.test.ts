import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { buildLocation, buildResponse, buildTestApp, buildUser, signIn } from "../../testing/factories.ts";

/** Listing the gazetteer: search, validity periods, sensitive locations, paging and downloads. */

let app: App;
let db: Db;

beforeAll(async () => {
  ({ app, db } = await buildTestApp());
});

async function list(slug: string, query: string, headers: Record<string, string> = {}) {
  const res = await app.inject({
    method: "GET",
    url: `/api/v1/responses/${slug}/locations?${query}`,
    headers,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { items: { code: string; name: string }[]; nextCursor: string | null };
}
const codes = (page: { items: { code: string }[] }) => page.items.map((i) => i.code);

async function download(slug: string, query: string) {
  const res = await app.inject({ method: "GET", url: `/api/v1/responses/${slug}/locations?${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res;
}

const square = [
  [
    [92.0, 21.0],
    [92.1, 21.0],
    [92.1, 21.1],
    [92.0, 21.1],
    [92.0, 21.0],
  ],
];
const outline = {
  geometry: { type: "Polygon", coordinates: square },
  minLon: 92.0,
  minLat: 21.0,
  maxLon: 92.1,
  maxLat: 21.1,
};

describe("search", () => {
  it("finds a camp despite a typo in its name", async () => {
    const r = await buildResponse(db);
    const root = await buildLocation(db, r.id, { code: "BGD", name: "Bangladesh" });
    await buildLocation(db, r.id, {
      code: "CXB-221",
      name: "Kutupalong RC",
      kind: "site",
      siteType: "camp",
      level: 1,
      parentId: root.id,
    });
    await buildLocation(db, r.id, {
      code: "CXB-224",
      name: "Camp 16",
      kind: "site",
      siteType: "camp",
      level: 1,
      parentId: root.id,
    });
    expect(codes(await list(r.slug, "q=Kutupalng"))).toEqual(["CXB-221"]);
    expect(codes(await list(r.slug, "q=kutupalong"))[0]).toBe("CXB-221");
    expect(codes(await list(r.slug, "q=Zzyzx"))).toEqual([]);
  });

  it("finds a location by its Bengali name and by its code", async () => {
    const r = await buildResponse(db);
    await buildLocation(db, r.id, { code: "BD202294", name: "Ukhia", names: { bn: "উখিয়া" } });
    await buildLocation(db, r.id, { code: "BD202290", name: "Teknaf", names: { bn: "টেকনাফ" } });
    expect(codes(await list(r.slug, `q=${encodeURIComponent("উখিয়া")}`))).toEqual(["BD202294"]);
    expect(codes(await list(r.slug, "q=BD202290"))).toEqual(["BD202290"]);
  });

  it("treats % and _ in the search as plain characters", async () => {
    const r = await buildResponse(db);
    await buildLocation(db, r.id, { code: "PCT-1", name: "Plain name" });
    expect(codes(await list(r.slug, "q=%25"))).toEqual([]);
    expect(codes(await list(r.slug, "q=_"))).toEqual([]);
  });
});

describe("validity periods", () => {
  it("hides a retired code from the default list but shows it in history and on a date it was valid", async () => {
    const r = await buildResponse(db);
    await buildLocation(db, r.id, {
      code: "OLD-1",
      name: "Retired camp",
      validFrom: "2018-01-01",
      validTo: "2019-12-31",
    });
    await buildLocation(db, r.id, { code: "NEW-1", name: "Current camp", validFrom: "2020-01-01" });
    expect(codes(await list(r.slug, ""))).toEqual(["NEW-1"]);
    expect(codes(await list(r.slug, "history=true")).sort()).toEqual(["NEW-1", "OLD-1"]);
    expect(codes(await list(r.slug, "validOn=2019-06-01"))).toEqual(["OLD-1"]);
    expect(codes(await list(r.slug, "validOn=2019-12-31"))).toEqual(["OLD-1"]); // inclusive end
    expect(codes(await list(r.slug, "validOn=2020-01-01"))).toEqual(["NEW-1"]);
  });

  it("answers 400 for a validOn that is not a date", async () => {
    const r = await buildResponse(db);
    const res = await app.inject({
      method: "GET",
      url: `/api/v1/responses/${r.slug}/locations?validOn=2019-13-01`,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].path).toBe("querystring.validOn");
  });
});

describe("sensitive locations", () => {
  async function sensitiveWorld() {
    const r = await buildResponse(db);
    const root = await buildLocation(db, r.id, { code: "ROOT", name: "Open area" });
    await buildLocation(db, r.id, {
      code: "SAFE-1",
      name: "Safe house",
      kind: "site",
      siteType: "idp_site",
      level: 1,
      parentId: root.id,
      sensitive: true,
      lat: 21.05,
      lon: 92.05,
      ...outline,
    });
    return r;
  }

  it("are hidden from the public list, detail, GeoJSON and lookup", async () => {
    const r = await sensitiveWorld();
    expect(codes(await list(r.slug, ""))).toEqual(["ROOT"]);
    expect(codes(await list(r.slug, "q=Safe"))).toEqual([]);
    const detail = await app.inject({ method: "GET", url: `/api/v1/responses/${r.slug}/locations/SAFE-1` });
    expect(detail.statusCode).toBe(404);
    const geo = await app.inject({ method: "GET", url: `/api/v1/responses/${r.slug}/locations.geojson` });
    expect(geo.json().features).toEqual([]);
    const found = await app.inject({
      method: "GET",
      url: `/api/v1/responses/${r.slug}/locations/lookup?lat=21.05&lon=92.05`,
    });
    expect(found.json().items).toEqual([]);
    const csv = await download(r.slug, "format=csv");
    expect(csv.body).not.toContain("SAFE-1");
  });

  it("are shown to a signed-in viewer of that response, but not to a viewer of another", async () => {
    const r = await sensitiveWorld();
    const viewer = await buildUser(db, { role: "viewer", responseId: r.id });
    const { headers } = await signIn(app, viewer.email);
    expect(codes(await list(r.slug, "", headers)).sort()).toEqual(["ROOT", "SAFE-1"]);
    const geo = await app.inject({
      method: "GET",
      url: `/api/v1/responses/${r.slug}/locations.geojson`,
      headers,
    });
    expect(geo.json().features.map((f: { id: string }) => f.id)).toEqual(["SAFE-1"]);
    const found = await app.inject({
      method: "GET",
      url: `/api/v1/responses/${r.slug}/locations/lookup?lat=21.05&lon=92.05`,
      headers,
    });
    expect(found.json().items.map((i: { code: string }) => i.code)).toEqual(["SAFE-1"]);

    const elsewhere = await buildResponse(db);
    const outsider = await buildUser(db, { role: "viewer", responseId: elsewhere.id });
    const other = await signIn(app, outsider.email);
    expect(codes(await list(r.slug, "", other.headers))).toEqual(["ROOT"]);
  });
});

describe("sort", () => {
  it("sorts locations by code when asked", async () => {
    const response = await buildResponse(db);
    await buildLocation(db, response.id, { code: "B-1", name: "Aaa" });
    await buildLocation(db, response.id, { code: "A-1", name: "Zzz" });
    await buildLocation(db, response.id, { code: "C-1", name: "Mmm" });
    const res = await app.inject({
      method: "GET",
      url: `/api/v1/responses/${response.slug}/locations?sort=code&limit=2`,
    });
    const first = res.json() as { items: { code: string }[]; nextCursor: string };
    expect(first.items.map((l) => l.code)).toEqual(["A-1", "B-1"]);
    const next = await app.inject({
      method: "GET",
      url: `/api/v1/responses/${response.slug}/locations?sort=code&limit=2&cursor=${first.nextCursor}`,
    });
    expect((next.json() as { items: { code: string }[] }).items.map((l) => l.code)).toEqual(["C-1"]);
  });
});

describe("paging", () => {
  async function sevenLocations() {
    const r = await buildResponse(db);
    // Two share a name so the cursor must break ties by id.
    for (const [code, name] of [
      ["P1", "Alpha"],
      ["P2", "Bravo"],
      ["P3", "Bravo"],
      ["P4", "Charlie"],
      ["P5", "Delta"],
      ["P6", "Echo"],
      ["P7", "Foxtrot"],
    ]) {
      await buildLocation(db, r.id, { code, name: `${name} camp` });
    }
    return r;
  }

  async function walk(slug: string, query: string) {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await list(slug, `${query}&limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...codes(page));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    return { seen, pages };
  }

  it("walks the whole list with limit=2 without duplicates or gaps", async () => {
    const r = await sevenLocations();
    const { seen, pages } = await walk(r.slug, "");
    expect(pages).toBe(4);
    expect(seen).toHaveLength(7);
    expect([...seen].sort()).toEqual(["P1", "P2", "P3", "P4", "P5", "P6", "P7"]);
  });

  it("walks a search result the same way", async () => {
    const r = await sevenLocations();
    const { seen } = await walk(r.slug, "q=camp");
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
  });

  it("answers 400 VALIDATION_FAILED for a garbage cursor", async () => {
    const r = await sevenLocations();
    for (const cursor of ["not-a-cursor", Buffer.from('{"after":"x"}').toString("base64url")]) {
      const res = await app.inject({
        method: "GET",
        url: `/api/v1/responses/${r.slug}/locations?limit=2&cursor=${cursor}`,
      });
      expect(res.statusCode, cursor).toBe(400);
      expect(res.json().error.code).toBe("VALIDATION_FAILED");
      expect(res.json().error.details[0].path).toBe("querystring.cursor");
    }
  });
});

describe("CSV and HXL downloads", () => {
  async function exportWorld() {
    const r = await buildResponse(db);
    const root = await buildLocation(db, r.id, { code: "EX0", name: "Export land" });
    for (let i = 1; i <= 4; i++) {
      await buildLocation(db, r.id, {
        code: `EXS-${i}`,
        name: `Export camp ${i}`,
        kind: "site",
        siteType: "camp",
        level: 1,
        parentId: root.id,
        lat: 21 + i / 10,
        lon: 92,
      });
    }
    await buildLocation(db, r.id, {
      code: "EXS-9",
      name: '=HYPERLINK("http://evil.example","x")',
      kind: "site",
      siteType: "camp",
      level: 1,
      parentId: root.id,
    });
    return r;
  }

  it("CSV has a header row and the whole filtered list, not one page", async () => {
    const r = await exportWorld();
    const res = await download(r.slug, "format=csv&kind=site&limit=2");
    expect(res.headers["content-type"]).toMatch(/^text\/csv/);
    expect(res.headers["content-disposition"]).toContain(`${r.slug}-locations.csv`);
    expect(res.body.startsWith("\uFEFF")).toBe(true);
    const rows = parse(res.body.replace(/^\uFEFF/, "")) as string[][];
    expect(rows[0]).toEqual(["code", "name", "level", "parent", "lat", "lon", "valid_from", "valid_to"]);
    const data = rows.slice(1);
    expect(data.map((row) => row[0]).sort()).toEqual(["EXS-1", "EXS-2", "EXS-3", "EXS-4", "EXS-9"]);
    expect(data.find((row) => row[0] === "EXS-2")).toEqual([
      "EXS-2",
      "Export camp 2",
      "camp",
      "EX0",
      "21.2",
      "92",
      "1900-01-01",
      "",
    ]);
  });

  it("HXL has the hashtag row under the header", async () => {
    const r = await exportWorld();
    const res = await download(r.slug, "format=hxl");
    expect(res.headers["content-disposition"]).toContain(".hxl.csv");
    const rows = parse(res.body) as string[][];
    expect(rows[1]![0]).toBe("#loc+code");
    expect(rows[1]).toEqual([
      "#loc+code",
      "#loc+name",
      "#loc+type",
      "#loc+code+parent",
      "#geo+lat",
      "#geo+lon",
      "#date+start",
      "#date+end",
    ]);
    expect(rows.length - 2).toBe(6);
  });

  it("neutralises a cell starting with = (CSV injection)", async () => {
    const r = await exportWorld();
    const rows = parse((await download(r.slug, "format=csv")).body.replace(/^\uFEFF/, "")) as string[][];
    const evil = rows.find((row) => row[0] === "EXS-9")!;
    expect(evil[1]).toBe('\'=HYPERLINK("http://evil.example","x")');
    expect(rows.every((row) => row.every((cell) => !cell.startsWith("=")))).toBe(true);
  });

  it("applies the search filter to downloads", async () => {
    const r = await exportWorld();
    const rows = parse(
      (await download(r.slug, "format=csv&q=EXS-3")).body.replace(/^\uFEFF/, ""),
    ) as string[][];
    expect(rows.slice(1).map((row) => row[0])).toContain("EXS-3");
    expect(rows.slice(1).map((row) => row[0])).not.toContain("EX0");
  });
});
