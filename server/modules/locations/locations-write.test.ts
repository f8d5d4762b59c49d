import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { buildLocation, buildManagedResponse, buildTestApp } from "../../testing/factories.ts";

/** Adding and editing one location: validation, unknown parents, duplicates and loops. */

let app: App;
let db: Db;

beforeAll(async () => {
  ({ app, db } = await buildTestApp());
});

async function world() {
  const { response, headers } = await buildManagedResponse(app, db);
  const country = await buildLocation(db, response.id, { code: "W0", name: "Country", level: 0 });
  const region = await buildLocation(db, response.id, {
    code: "W1",
    name: "Region",
    level: 1,
    parentId: country.id,
  });
  const district = await buildLocation(db, response.id, {
    code: "W2",
    name: "District",
    level: 2,
    parentId: region.id,
  });
  const camp = await buildLocation(db, response.id, {
    code: "WC",
    name: "Camp",
    kind: "site",
    siteType: "camp",
    level: 3,
    parentId: district.id,
  });
  return { response, slug: response.slug, headers, country, region, district, camp };
}
type World = Awaited<ReturnType<typeof world>>;

const post = (w: World, payload: unknown) =>
  app.inject({
    method: "POST",
    url: `/api/v1/responses/${w.slug}/locations`,
    headers: w.headers,
    payload: payload as object,
  });
const patch = (w: World, code: string, payload: unknown) =>
  app.inject({
    method: "PATCH",
    url: `/api/v1/responses/${w.slug}/locations/${code}`,
    headers: w.headers,
    payload: payload as object,
  });

function expectError(res: Awaited<ReturnType<typeof post>>, status: number, code: string, path?: string) {
  expect(res.statusCode, res.body).toBe(status);
  const error = res.json().error;
  expect(error.code).toBe(code);
  if (path) expect(error.details.map((d: { path: string }) => d.path)).toContain(path);
}

describe("POST a location", () => {
  it("creates an admin area under its parent and a site one level below its parent", async () => {
    const w = await world();
    const area = await post(w, {
      code: "W3-NEW",
      name: "New sub-district",
      kind: "admin",
      level: 3,
      parentCode: "W2",
      names: { bn: "নতুন" },
    });
    expect(area.statusCode, area.body).toBe(201);
    expect(area.json()).toMatchObject({
      code: "W3-NEW",
      level: 3,
      parentCode: "W2",
      names: { bn: "নতুন" },
      kind: "admin",
    });
    const site = await post(w, {
      code: "WS-NEW",
      name: "New site",
      kind: "site",
      siteType: "idp_site",
      parentCode: "W3-NEW",
      lat: 21.1,
      lon: 92.1,
    });
    expect(site.statusCode, site.body).toBe(201);
    expect(site.json()).toMatchObject({
      level: 4,
      siteType: "idp_site",
      parentCode: "W3-NEW",
      lat: 21.1,
      lon: 92.1,
    });
  });

  it("refuses a site without a parent, naming body.parentCode", async () => {
    const w = await world();
    expectError(
      await post(w, { code: "S-X", name: "Lost site", kind: "site", siteType: "camp" }),
      400,
      "VALIDATION_FAILED",
      "body.parentCode",
    );
  });

  it("refuses an admin area without a level, naming body.level", async () => {
    const w = await world();
    expectError(
      await post(w, { code: "A-X", name: "No level", kind: "admin" }),
      400,
      "VALIDATION_FAILED",
      "body.level",
    );
  });

  it("refuses a latitude without a longitude, naming body.lat", async () => {
    const w = await world();
    expectError(
      await post(w, { code: "A-Y", name: "Half a point", kind: "admin", level: 0, lat: 21 }),
      400,
      "VALIDATION_FAILED",
      "body.lat",
    );
  });

  it("refuses out-of-range coordinates and bad codes", async () => {
    const w = await world();
    expectError(
      await post(w, { code: "A-Z", name: "Off the map", kind: "admin", level: 0, lat: 95, lon: 0 }),
      400,
      "VALIDATION_FAILED",
      "body.lat",
    );
    expectError(
      await post(w, { code: "has space", name: "Bad code", kind: "admin", level: 0 }),
      400,
      "VALIDATION_FAILED",
      "body.code",
    );
  });

  it("refuses an unknown parentCode with 400", async () => {
    const w = await world();
    expectError(
      await post(w, { code: "A-P", name: "Orphan", kind: "admin", level: 1, parentCode: "NOWHERE" }),
      400,
      "VALIDATION_FAILED",
      "body.parentCode",
    );
  });

  it("refuses a level that is not below the parent's", async () => {
    const w = await world();
    expectError(
      await post(w, { code: "A-L", name: "Too high", kind: "admin", level: 2, parentCode: "W2" }),
      400,
      "VALIDATION_FAILED",
      "body.level",
    );
  });

  it("answers 409 CONFLICT for a code already used", async () => {
    const w = await world();
    expectError(
      await post(w, { code: "W1", name: "Second region", kind: "admin", level: 1, parentCode: "W0" }),
      409,
      "CONFLICT",
      "body.code",
    );
  });

  it("allows the same code in another response", async () => {
    const w = await world();
    const other = await world();
    const res = await post(other, { code: "SHARED-1", name: "Shared", kind: "admin", level: 0 });
    expect(res.statusCode).toBe(201);
    expect((await post(w, { code: "SHARED-1", name: "Shared", kind: "admin", level: 0 })).statusCode).toBe(
      201,
    );
  });
});

describe("PATCH a location", () => {
  it("renames and moves a location", async () => {
    const w = await world();
    const other = await buildLocation(db, w.response.id, {
      code: "W2B",
      name: "Other district",
      level: 2,
      parentId: w.region.id,
    });
    const res = await patch(w, "WC", { name: "Renamed camp", parentCode: other.code });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ name: "Renamed camp", parentCode: "W2B", level: 3 });
  });

  it("refuses to make a location its own parent", async () => {
    const w = await world();
    expectError(await patch(w, "W1", { parentCode: "W1" }), 400, "VALIDATION_FAILED", "body.parentCode");
  });

  it("refuses to make a location its own ancestor", async () => {
    const w = await world();
    expectError(await patch(w, "W0", { parentCode: "WC" }), 400, "VALIDATION_FAILED", "body.parentCode");
    const after = await app.inject({ method: "GET", url: `/api/v1/responses/${w.slug}/locations/W0` });
    expect(after.json().parentCode).toBeNull();
  });

  it("refuses to move an admin area under a parent that is not above its level", async () => {
    const w = await world();
    const sibling = await buildLocation(db, w.response.id, {
      code: "W1B",
      name: "Another region",
      level: 1,
      parentId: w.country.id,
    });
    expectError(await patch(w, "W1B", { parentCode: "W2" }), 400, "VALIDATION_FAILED", "body.parentCode");
    const after = await app.inject({
      method: "GET",
      url: `/api/v1/responses/${w.slug}/locations/${sibling.code}`,
    });
    expect(after.json().parentCode).toBe("W0");
  });

  it("keeps a moved site one level below its new parent", async () => {
    const w = await world();
    const res = await patch(w, "WC", { parentCode: "W1" });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ parentCode: "W1", level: 2 });
  });

  it("refuses to take a site's parent away", async () => {
    const w = await world();
    expectError(await patch(w, "WC", { parentCode: null }), 400, "VALIDATION_FAILED", "body.parentCode");
  });

  it("refuses a latitude or a longitude alone", async () => {
    const w = await world();
    expectError(await patch(w, "W2", { lat: 21.5 }), 400, "VALIDATION_FAILED", "body.lat");
    expectError(await patch(w, "W2", { lon: 92.5 }), 400, "VALIDATION_FAILED");
    const after = await app.inject({ method: "GET", url: `/api/v1/responses/${w.slug}/locations/W2` });
    expect(after.json()).toMatchObject({ lat: null, lon: null });
    const both = await patch(w, "W2", { lat: 21.5, lon: 92.5 });
    expect(both.statusCode, both.body).toBe(200);
  });

  it("refuses fields it does not know (the code cannot be changed)", async () => {
    const w = await world();
    expectError(await patch(w, "W2", { code: "W2-RENAMED" }), 400, "VALIDATION_FAILED", "body");
  });

  it("answers 404 for an unknown code", async () => {
    const w = await world();
    expectError(await patch(w, "NOPE", { name: "x" }), 404, "NOT_FOUND");
  });

  it("records before and after in the audit log", async () => {
    const w = await world();
    await patch(w, "W2", { name: "District renamed" });
    const res = await app.inject({
      method: "GET",
      url: `/api/v1/responses/${w.slug}/audit?action=location.update`,
      headers: w.headers,
    });
    const [entry] = res.json().items;
    expect(entry).toMatchObject({
      action: "location.update",
      entityType: "location",
      entityId: w.district.id,
    });
    expect(entry.before.name).toBe("District");
    expect(entry.after.name).toBe("District renamed");
  });
});

describe("versions and invariants", () => {
  const history = async (w: World, code: string) => {
    const res = await app.inject({
      method: "GET",
      url: `/api/v1/responses/${w.slug}/locations?history=true&q=${code}`,
      headers: w.headers,
    });
    return (res.json().items as { code: string; name: string; validFrom: string; validTo: string | null }[])
      .filter((i) => i.code === code)
      .sort((a, b) => a.validFrom.localeCompare(b.validFrom));
  };

  it("POST of an existing code with a later validFrom closes the previous version and starts a new one", async () => {
    const w = await world();
    const res = await post(w, {
      code: "W2",
      name: "District (2024 boundaries)",
      kind: "admin",
      level: 2,
      parentCode: "W1",
      validFrom: "2024-03-01",
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      code: "W2",
      name: "District (2024 boundaries)",
      validFrom: "2024-03-01",
    });
    expect(await history(w, "W2")).toMatchObject([
      { name: "District", validFrom: "1900-01-01", validTo: "2024-02-29" },
      { name: "District (2024 boundaries)", validFrom: "2024-03-01", validTo: null },
    ]);
    // The camp, still open, now sits under the new version.
    const camp = await app.inject({ method: "GET", url: `/api/v1/responses/${w.slug}/locations/WC` });
    expect(camp.json()).toMatchObject({ parentCode: "W2", parentId: res.json().id, level: 3 });
    expect(res.json().id).not.toBe(w.district.id);
    const detail = await app.inject({ method: "GET", url: `/api/v1/responses/${w.slug}/locations/W2` });
    expect(detail.json()).toMatchObject({ name: "District (2024 boundaries)", childCount: 1 });
  });

  it("answers 409 CONFLICT naming the code for a validFrom not after the latest version", async () => {
    const w = await world();
    const first = await post(w, {
      code: "W1",
      name: "Region",
      kind: "admin",
      level: 1,
      parentCode: "W0",
      validFrom: "2024-01-01",
    });
    expect(first.statusCode, first.body).toBe(201);
    for (const validFrom of ["2024-01-01", "2023-06-01"]) {
      const res = await post(w, {
        code: "W1",
        name: "Again",
        kind: "admin",
        level: 1,
        parentCode: "W0",
        validFrom,
      });
      expectError(res, 409, "CONFLICT", "body.validFrom");
      expect(res.json().error.message).toContain("W1");
    }
    expect(await history(w, "W1")).toHaveLength(2);
  });

  it("refuses a new version that would be a site while the code holds locations", async () => {
    const w = await world();
    expectError(
      await post(w, {
        code: "W2",
        name: "District as camp",
        kind: "site",
        siteType: "camp",
        parentCode: "W1",
        validFrom: "2024-01-01",
      }),
      400,
      "VALIDATION_FAILED",
      "body.kind",
    );
    expect(await history(w, "W2")).toHaveLength(1);
  });

  it("PATCH refuses a validTo before the version's validFrom", async () => {
    const w = await world();
    await buildLocation(db, w.response.id, { code: "WV", name: "Dated", validFrom: "2020-05-01" });
    expectError(await patch(w, "WV", { validTo: "2020-04-30" }), 400, "VALIDATION_FAILED", "body.validTo");
    const ok = await patch(w, "WV", { validTo: "2020-05-01" });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().validTo).toBe("2020-05-01");
  });

  it("never puts a location under a site (create and PATCH parentCode)", async () => {
    const w = await world();
    const created = await post(w, {
      code: "UNDER-CAMP",
      name: "Block A",
      kind: "admin",
      level: 4,
      parentCode: "WC",
    });
    expectError(created, 400, "VALIDATION_FAILED", "body.parentCode");
    expect(created.json().error.details[0].message).toContain("PARENT_IS_SITE");
    expectError(
      await post(w, {
        code: "CAMP-IN-CAMP",
        name: "Inner camp",
        kind: "site",
        siteType: "camp",
        parentCode: "WC",
      }),
      400,
      "VALIDATION_FAILED",
      "body.parentCode",
    );
    await buildLocation(db, w.response.id, {
      code: "W3",
      name: "Sub-district",
      level: 3,
      parentId: w.district.id,
    });
    const moved = await patch(w, "W3", { parentCode: "WC" });
    expectError(moved, 400, "VALIDATION_FAILED", "body.parentCode");
    const after = await app.inject({ method: "GET", url: `/api/v1/responses/${w.slug}/locations/W3` });
    expect(after.json().parentCode).toBe("W2");
  });
});
