import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import {
  buildManagedResponse,
  buildOrganisation,
  buildResponse,
  buildSector,
  buildTestApp,
} from "../../testing/factories.ts";

/** Sectors: leads, nesting, the catalogue of activity types and indicators, population groups. */

let app: App;
let db: Db;

beforeAll(async () => {
  ({ app, db } = await buildTestApp());
});

async function world() {
  const { response, headers } = await buildManagedResponse(app, db);
  const unicef = await buildOrganisation(db, response.id, { name: "UNICEF", acronym: "UNICEF", type: "40" });
  const oxfam = await buildOrganisation(db, response.id, { name: "Oxfam", type: "21" });
  const brac = await buildOrganisation(db, response.id, { name: "BRAC", type: "22" });
  return { response, slug: response.slug, headers, unicef, oxfam, brac };
}
type World = Awaited<ReturnType<typeof world>>;

const url = (w: World, rest = "") => `/api/v1/responses/${w.slug}${rest}`;
const send = (w: World, method: "POST" | "PATCH" | "PUT" | "DELETE", rest: string, payload?: object) =>
  app.inject({ method, url: url(w, rest), headers: w.headers, ...(payload ? { payload } : {}) });
const createSector = (w: World, payload: object) => send(w, "POST", "/sectors", payload);
const getSector = async (w: World, code: string) => {
  const res = await app.inject({ method: "GET", url: url(w, `/sectors/${code}`) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const ids = (orgs: { id: string }[]) => orgs.map((o) => o.id).sort();

function expectError(res: Awaited<ReturnType<typeof send>>, status: number, code: string, path?: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json().error.code).toBe(code);
  if (path) expect(res.json().error.details.map((d: { path: string }) => d.path)).toContain(path);
}

describe("creating sectors", () => {
  it("creates a sector with a lead and a co-lead", async () => {
    const w = await world();
    const res = await createSector(w, {
      code: "WASH",
      name: "Water, Sanitation and Hygiene",
      leadIds: [w.unicef.id],
      coLeadIds: [w.oxfam.id],
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ code: "WASH", kind: "sector", parentId: null });
    expect(ids(res.json().leads)).toEqual([w.unicef.id]);
    expect(ids(res.json().coLeads)).toEqual([w.oxfam.id]);
  });

  it("refuses an unknown lead organisation (400) and writes nothing", async () => {
    const w = await world();
    const stranger = await buildOrganisation(db, (await buildResponse(db)).id);
    expectError(
      await createSector(w, { code: "HLTH", name: "Health", leadIds: [stranger.id] }),
      400,
      "VALIDATION_FAILED",
      "body.leadIds",
    );
    expect((await app.inject({ method: "GET", url: url(w, "/sectors/HLTH") })).statusCode).toBe(404);
  });

  it("refuses the same organisation as lead and co-lead", async () => {
    const w = await world();
    expectError(
      await createSector(w, {
        code: "EDU",
        name: "Education",
        leadIds: [w.unicef.id],
        coLeadIds: [w.unicef.id],
      }),
      400,
      "VALIDATION_FAILED",
      "body.coLeadIds",
    );
  });

  it("refuses an organisation that was merged into another as a lead", async () => {
    const w = await world();
    const merged = await send(w, "POST", `/organisations/${w.brac.id}/merge`, { intoId: w.oxfam.id });
    expect(merged.statusCode).toBe(200);
    expectError(
      await createSector(w, { code: "FSS", name: "Food Security", leadIds: [w.brac.id] }),
      400,
      "VALIDATION_FAILED",
      "body.leadIds",
    );
  });

  it("answers 409 for a code already used", async () => {
    const w = await world();
    await buildSector(db, w.response.id, { code: "PROT" });
    expectError(
      await createSector(w, { code: "PROT", name: "Protection again" }),
      409,
      "CONFLICT",
      "body.code",
    );
  });

  it("needs a parent for a sub-sector", async () => {
    const w = await world();
    expectError(
      await createSector(w, { code: "CP", name: "Child Protection", kind: "sub_sector" }),
      400,
      "VALIDATION_FAILED",
      "body.parentId",
    );
  });

  it("nests one level deep only", async () => {
    const w = await world();
    const protection = await createSector(w, { code: "PROT", name: "Protection" });
    const cp = await createSector(w, {
      code: "CP",
      name: "Child Protection",
      kind: "sub_sector",
      parentId: protection.json().id,
    });
    expect(cp.statusCode, cp.body).toBe(201);
    expect(cp.json().parentId).toBe(protection.json().id);
    expectError(
      await createSector(w, { code: "CP-X", name: "Too deep", kind: "sub_sector", parentId: cp.json().id }),
      400,
      "VALIDATION_FAILED",
      "body.parentId",
    );
  });
});

describe("editing sectors", () => {
  it("replaces the leads", async () => {
    const w = await world();
    await createSector(w, { code: "WASH", name: "WASH", leadIds: [w.unicef.id], coLeadIds: [w.oxfam.id] });
    const res = await send(w, "PATCH", "/sectors/WASH", {
      leadIds: [w.oxfam.id],
      coLeadIds: [w.unicef.id, w.brac.id],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(ids(res.json().leads)).toEqual([w.oxfam.id]);
    expect(ids(res.json().coLeads)).toEqual([w.unicef.id, w.brac.id].sort());
  });

  it("changes only what is sent: a rename keeps the kind, the parent and the leads", async () => {
    const w = await world();
    const protection = await createSector(w, { code: "PROT", name: "Protection" });
    await createSector(w, {
      code: "GBV",
      name: "GBV",
      kind: "sub_sector",
      parentId: protection.json().id,
      leadIds: [w.unicef.id],
      coLeadIds: [w.oxfam.id],
    });
    const res = await send(w, "PATCH", "/sectors/GBV", { name: "Gender-Based Violence" });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      name: "Gender-Based Violence",
      kind: "sub_sector",
      parentId: protection.json().id,
    });
    expect(ids(res.json().leads)).toEqual([w.unicef.id]);
    expect(ids(res.json().coLeads)).toEqual([w.oxfam.id]);
  });

  it("refuses to put a sector that has sub-sectors under another sector", async () => {
    const w = await world();
    const protection = await createSector(w, { code: "PROT", name: "Protection" });
    await createSector(w, {
      code: "CP",
      name: "Child Protection",
      kind: "sub_sector",
      parentId: protection.json().id,
    });
    const shelter = await createSector(w, { code: "SHEL", name: "Shelter" });
    expectError(
      await send(w, "PATCH", "/sectors/PROT", { kind: "sub_sector", parentId: shelter.json().id }),
      400,
      "VALIDATION_FAILED",
      "body.parentId",
    );
    expect((await getSector(w, "PROT")).parentId).toBeNull();
  });

  it("refuses to make a sector its own parent", async () => {
    const w = await world();
    const res = await createSector(w, { code: "LOG", name: "Logistics" });
    expectError(
      await send(w, "PATCH", "/sectors/LOG", { parentId: res.json().id, kind: "sub_sector" }),
      400,
      "VALIDATION_FAILED",
      "body.parentId",
    );
  });

  it("refuses the same organisation as lead and co-lead on edit", async () => {
    const w = await world();
    await createSector(w, { code: "WASH", name: "WASH", leadIds: [w.unicef.id] });
    expectError(
      await send(w, "PATCH", "/sectors/WASH", { coLeadIds: [w.unicef.id] }),
      400,
      "VALIDATION_FAILED",
      "body.coLeadIds",
    );
    expect(ids((await getSector(w, "WASH")).coLeads)).toEqual([]);
  });
});

describe("deleting sectors", () => {
  it("refuses to delete a sector with sub-sectors (409), then deletes it once they are gone", async () => {
    const w = await world();
    const protection = await createSector(w, { code: "PROT", name: "Protection" });
    await createSector(w, {
      code: "CP",
      name: "Child Protection",
      kind: "sub_sector",
      parentId: protection.json().id,
    });
    expectError(await send(w, "DELETE", "/sectors/PROT"), 409, "CONFLICT");
    expect((await send(w, "DELETE", "/sectors/CP")).statusCode).toBe(204);
    expect((await send(w, "DELETE", "/sectors/PROT")).statusCode).toBe(204);
    expect((await app.inject({ method: "GET", url: url(w, "/sectors/PROT") })).statusCode).toBe(404);
  });
});

describe("activity types and indicators", () => {
  it("creates an activity type (201), then updates it (200)", async () => {
    const w = await world();
    await buildSector(db, w.response.id, { code: "WASH" });
    const created = await send(w, "PUT", "/sectors/WASH/activity-types/WASH-HP", {
      code: "WASH-HP",
      name: "Hygiene promotion",
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().created).toBe(true);
    const updated = await send(w, "PUT", "/sectors/WASH/activity-types/WASH-HP", {
      code: "WASH-HP",
      name: "Hygiene promotion sessions",
    });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(updated.json()).toMatchObject({ id: created.json().id, created: false });
    expect((await getSector(w, "WASH")).activityTypes).toEqual([
      { id: created.json().id, code: "WASH-HP", name: "Hygiene promotion sessions" },
    ]);
  });

  it("creates and updates an indicator with unit and disaggregation", async () => {
    const w = await world();
    await buildSector(db, w.response.id, { code: "NUT" });
    const created = await send(w, "PUT", "/sectors/NUT/indicators/NUT-1", {
      code: "NUT-1",
      name: "Children screened",
      unit: "children",
    });
    expect(created.statusCode, created.body).toBe(201);
    const updated = await send(w, "PUT", "/sectors/NUT/indicators/NUT-1", {
      code: "NUT-1",
      name: "Children screened",
      unit: "children",
      disaggregation: "sex_age",
    });
    expect(updated.statusCode).toBe(200);
    expect((await getSector(w, "NUT")).indicators).toEqual([
      {
        id: created.json().id,
        code: "NUT-1",
        name: "Children screened",
        unit: "children",
        disaggregation: "sex_age",
      },
    ]);
  });

  it("refuses a code already used by another sector (409)", async () => {
    const w = await world();
    await buildSector(db, w.response.id, { code: "WASH" });
    await buildSector(db, w.response.id, { code: "HLTH" });
    expect(
      (
        await send(w, "PUT", "/sectors/WASH/indicators/IND-1", {
          code: "IND-1",
          name: "People reached",
          unit: "people",
        })
      ).statusCode,
    ).toBe(201);
    expectError(
      await send(w, "PUT", "/sectors/HLTH/indicators/IND-1", {
        code: "IND-1",
        name: "People treated",
        unit: "people",
      }),
      409,
      "CONFLICT",
      "body.code",
    );
    expect((await getSector(w, "HLTH")).indicators).toEqual([]);
  });

  it("refuses a body code that differs from the URL (400)", async () => {
    const w = await world();
    await buildSector(db, w.response.id, { code: "WASH" });
    expectError(
      await send(w, "PUT", "/sectors/WASH/activity-types/AT-1", { code: "AT-2", name: "Latrines" }),
      400,
      "VALIDATION_FAILED",
      "body.code",
    );
    expect((await getSector(w, "WASH")).activityTypes).toEqual([]);
  });

  it("deletes an activity type and answers 404 for one that does not exist", async () => {
    const w = await world();
    await buildSector(db, w.response.id, { code: "WASH" });
    await send(w, "PUT", "/sectors/WASH/activity-types/AT-1", { code: "AT-1", name: "Latrines" });
    expect((await send(w, "DELETE", "/sectors/WASH/activity-types/AT-1")).statusCode).toBe(204);
    expectError(await send(w, "DELETE", "/sectors/WASH/activity-types/AT-1"), 404, "NOT_FOUND");
  });
});

describe("population groups", () => {
  it("creates (201) then renames (200) a population group", async () => {
    const w = await world();
    const created = await send(w, "PUT", "/population-groups/HOST", { code: "HOST", name: "Host community" });
    expect(created.statusCode, created.body).toBe(201);
    const renamed = await send(w, "PUT", "/population-groups/HOST", {
      code: "HOST",
      name: "Host communities",
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({
      id: created.json().id,
      code: "HOST",
      name: "Host communities",
      created: false,
    });
    const list = await app.inject({ method: "GET", url: url(w, "/population-groups") });
    expect(list.json().items).toEqual([{ id: created.json().id, code: "HOST", name: "Host communities" }]);
  });

  it("refuses a name that is too short", async () => {
    const w = await world();
    expectError(
      await send(w, "PUT", "/population-groups/REF", { code: "REF", name: "R" }),
      400,
      "VALIDATION_FAILED",
      "body.name",
    );
  });
});

describe("listing and downloading", () => {
  it("lists sectors with leads and downloads them as HXL", async () => {
    const w = await world();
    const wash = await createSector(w, {
      code: "WASH",
      name: "WASH",
      leadIds: [w.unicef.id],
      coLeadIds: [w.oxfam.id, w.brac.id],
    });
    await createSector(w, { code: "HP", name: "Hygiene", kind: "sub_sector", parentId: wash.json().id });
    await send(w, "PUT", "/sectors/WASH/activity-types/AT-1", { code: "AT-1", name: "Latrines" });
    const list = await app.inject({ method: "GET", url: url(w, "/sectors?q=hyg") });
    expect(list.json().items.map((s: { code: string }) => s.code)).toEqual(["HP"]);
    const hxl = await app.inject({ method: "GET", url: url(w, "/sectors?format=hxl") });
    const rows = parse(hxl.body) as string[][];
    expect(rows[1]).toEqual([
      "#sector+code",
      "#sector+name",
      "#sector+type",
      "#sector+code+parent",
      "#org+lead",
      "#org+colead",
      "#activity+code",
      "#indicator+code",
    ]);
    expect(rows.find((r) => r[0] === "WASH")).toEqual([
      "WASH",
      "WASH",
      "sector",
      "",
      "UNICEF",
      "BRAC; Oxfam",
      "AT-1",
      "",
    ]);
    expect(rows.find((r) => r[0] === "HP")?.[3]).toBe("WASH");
  });
});
