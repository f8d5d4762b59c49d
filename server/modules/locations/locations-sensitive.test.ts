import { parse } from "csv-parse/sync";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { locations } from "../../db/schema/reference.ts";
import {
  buildLocation,
  buildManagedResponse,
  buildResponse,
  buildTestApp,
  buildUser,
  signIn,
} from "../../testing/factories.ts";

/**
 * Sensitive locations stay hidden from the public also as neighbours (parent codes, child counts,
 * breadcrumbs) and in every version of their code.
 */

let app: App;
let db: Db;

beforeAll(async () => {
  ({ app, db } = await buildTestApp());
});

type Item = { code: string; parentCode: string | null; parentId: string | null; childCount: number };

async function get(url: string, headers: Record<string, string> = {}) {
  return app.inject({ method: "GET", url, headers });
}

async function items(slug: string, query: string, headers: Record<string, string> = {}) {
  const res = await get(`/api/v1/responses/${slug}/locations?${query}`, headers);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items as Item[];
}

async function viewerHeaders(responseId: string) {
  const viewer = await buildUser(db, { role: "viewer", responseId });
  return (await signIn(app, viewer.email)).headers;
}

/** ROOT > HIDDEN (sensitive area) > OPEN-2 > OPEN-3, and ROOT holding OPEN-A and a sensitive site. */
async function chain() {
  const r = await buildResponse(db);
  const root = await buildLocation(db, r.id, { code: "ROOT", name: "Root", level: 0 });
  const hidden = await buildLocation(db, r.id, {
    code: "HIDDEN",
    name: "Hidden area",
    level: 1,
    parentId: root.id,
    sensitive: true,
  });
  const open2 = await buildLocation(db, r.id, {
    code: "OPEN-2",
    name: "Open two",
    level: 2,
    parentId: hidden.id,
  });
  await buildLocation(db, r.id, { code: "OPEN-3", name: "Open three", level: 3, parentId: open2.id });
  await buildLocation(db, r.id, { code: "OPEN-A", name: "Open a", level: 1, parentId: root.id });
  await buildLocation(db, r.id, {
    code: "SAFE-S",
    name: "Safe site",
    kind: "site",
    siteType: "idp_site",
    level: 1,
    parentId: root.id,
    sensitive: true,
  });
  return r;
}

describe("sensitive neighbours", () => {
  it("give the public no parent code or id, and are left out of child counts", async () => {
    const r = await chain();
    const byCode = new Map((await items(r.slug, "")).map((i) => [i.code, i]));
    expect([...byCode.keys()].sort()).toEqual(["OPEN-2", "OPEN-3", "OPEN-A", "ROOT"]);
    expect(byCode.get("OPEN-2")).toMatchObject({ parentCode: null, parentId: null });
    expect(byCode.get("OPEN-3")).toMatchObject({ parentCode: "OPEN-2" });
    expect(byCode.get("ROOT")!.childCount).toBe(1); // OPEN-A only

    const headers = await viewerHeaders(r.id);
    const inside = new Map((await items(r.slug, "", headers)).map((i) => [i.code, i]));
    expect(inside.get("OPEN-2")!.parentCode).toBe("HIDDEN");
    expect(inside.get("ROOT")!.childCount).toBe(3);
  });

  it("do not appear as the parent in the public CSV and HXL", async () => {
    const r = await chain();
    for (const format of ["csv", "hxl"]) {
      const res = await get(`/api/v1/responses/${r.slug}/locations?format=${format}`);
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain("HIDDEN");
      const rows = parse(res.body.replace(/^\uFEFF/, "")) as string[][];
      const open2 = rows.find((row) => row[0] === "OPEN-2")!;
      expect(open2[3]).toBe("");
    }
  });

  it("end the public breadcrumbs: no sensitive ancestor and nothing above it", async () => {
    const r = await chain();
    const res = await get(`/api/v1/responses/${r.slug}/locations/OPEN-3`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().ancestors.map((a: { code: string }) => a.code)).toEqual(["OPEN-2"]);
    const parent = await get(`/api/v1/responses/${r.slug}/locations/OPEN-2`);
    expect(parent.json()).toMatchObject({ parentCode: null, ancestors: [] });

    const headers = await viewerHeaders(r.id);
    const inside = await get(`/api/v1/responses/${r.slug}/locations/OPEN-3`, headers);
    expect(inside.json().ancestors.map((a: { code: string }) => a.code)).toEqual([
      "ROOT",
      "HIDDEN",
      "OPEN-2",
    ]);
  });
});

describe("sensitivity of a code", () => {
  /** OLD-V (2019–2023, public) then its latest version from 2024, sensitive. */
  async function versions() {
    const r = await buildResponse(db);
    await buildLocation(db, r.id, {
      code: "VER-1",
      name: "Before",
      validFrom: "2019-01-01",
      validTo: "2023-12-31",
      lat: 21.05,
      lon: 92.05,
      geometry: {
        type: "Polygon",
        coordinates: [
          [
            [92.0, 21.0],
            [92.1, 21.0],
            [92.1, 21.1],
            [92.0, 21.1],
            [92.0, 21.0],
          ],
        ],
      },
      minLon: 92.0,
      minLat: 21.0,
      maxLon: 92.1,
      maxLat: 21.1,
    });
    await buildLocation(db, r.id, { code: "VER-1", name: "After", validFrom: "2024-01-01", sensitive: true });
    return r;
  }

  it("answers 404 to the public when the latest version is sensitive, never an older version", async () => {
    const r = await versions();
    expect((await get(`/api/v1/responses/${r.slug}/locations/VER-1`)).statusCode).toBe(404);
    const headers = await viewerHeaders(r.id);
    const inside = await get(`/api/v1/responses/${r.slug}/locations/VER-1`, headers);
    expect(inside.json()).toMatchObject({ name: "After", validFrom: "2024-01-01" });
  });

  it("hides every version of a sensitive code from lists, history, validOn, GeoJSON and lookup", async () => {
    const r = await versions();
    expect(await items(r.slug, "history=true")).toEqual([]);
    expect(await items(r.slug, "validOn=2020-06-01")).toEqual([]);
    expect(await items(r.slug, "q=Before&history=true")).toEqual([]);
    const geo = await get(`/api/v1/responses/${r.slug}/locations.geojson?validOn=2020-06-01`);
    expect(geo.json().features).toEqual([]);
    const found = await get(
      `/api/v1/responses/${r.slug}/locations/lookup?lat=21.05&lon=92.05&validOn=2020-06-01`,
    );
    expect(found.json().items).toEqual([]);
    const csv = await get(`/api/v1/responses/${r.slug}/locations?format=csv&history=true`);
    expect(csv.body).not.toContain("VER-1");

    const headers = await viewerHeaders(r.id);
    expect((await items(r.slug, "history=true", headers)).map((i) => i.code)).toEqual(["VER-1", "VER-1"]);
  });

  it("PATCH sensitive marks and unmarks every version of the code", async () => {
    const { response, headers } = await buildManagedResponse(app, db);
    await buildLocation(db, response.id, {
      code: "PV-1",
      name: "First",
      validFrom: "2019-01-01",
      validTo: "2023-12-31",
    });
    await buildLocation(db, response.id, { code: "PV-1", name: "Second", validFrom: "2024-01-01" });
    const url = `/api/v1/responses/${response.slug}/locations/PV-1`;
    const marked = await app.inject({ method: "PATCH", url, headers, payload: { sensitive: true } });
    expect(marked.statusCode, marked.body).toBe(200);
    const flags = async () =>
      (
        await db
          .select({ sensitive: locations.sensitive })
          .from(locations)
          .where(and(eq(locations.responseId, response.id), eq(locations.code, "PV-1")))
      ).map((v) => v.sensitive);
    expect(await flags()).toEqual([true, true]);
    expect(await items(response.slug, "history=true")).toEqual([]);
    expect(await items(response.slug, "validOn=2020-01-01")).toEqual([]);

    const unmarked = await app.inject({ method: "PATCH", url, headers, payload: { sensitive: false } });
    expect(unmarked.statusCode, unmarked.body).toBe(200);
    expect(await flags()).toEqual([false, false]);
    expect((await items(response.slug, "history=true")).length).toBe(2);
  });

  it("keeps a new version of a sensitive code sensitive", async () => {
    const { response, headers } = await buildManagedResponse(app, db);
    await buildLocation(db, response.id, { code: "SV-1", name: "Kept", sensitive: true });
    const res = await app.inject({
      method: "POST",
      url: `/api/v1/responses/${response.slug}/locations`,
      headers,
      payload: { code: "SV-1", name: "Renamed", kind: "admin", level: 0, validFrom: "2024-01-01" },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ name: "Renamed", sensitive: true });
    expect((await get(`/api/v1/responses/${response.slug}/locations/SV-1`)).statusCode).toBe(404);
  });
});
