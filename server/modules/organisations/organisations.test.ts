import { parse } from "csv-parse/sync";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { roleAssignments } from "../../db/schema/accounts.ts";
import { organisations, sectorLeads } from "../../db/schema/reference.ts";
import {
  buildManagedResponse,
  buildOrganisation,
  buildSector,
  buildTestApp,
  buildUser,
  signIn,
} from "../../testing/factories.ts";

/** Organisations: creating, finding by any spelling, merging duplicates, deleting and downloading. */

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

const url = (w: World, rest = "") => `/api/v1/responses/${w.slug}/organisations${rest}`;
const create = (w: World, payload: object) =>
  app.inject({ method: "POST", url: url(w), headers: w.headers, payload });
const merge = (w: World, duplicateId: string, intoId: string) =>
  app.inject({
    method: "POST",
    url: url(w, `/${duplicateId}/merge`),
    headers: w.headers,
    payload: { intoId },
  });
const search = async (w: World, q: string) => {
  const res = await app.inject({ method: "GET", url: url(w, `?q=${encodeURIComponent(q)}`) });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().items as { name: string }[]).map((o) => o.name);
};

describe("creating organisations", () => {
  it("creates one with its IATI type, identifier and aliases", async () => {
    const w = await world();
    const res = await create(w, {
      name: "BRAC",
      type: "22",
      iatiId: "BD-NAB-0042",
      aliases: ["Bangladesh Rural Advancement Committee", " BRAC "],
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ name: "BRAC", type: "22", iatiId: "BD-NAB-0042", mergedIntoId: null });
    // Aliases are trimmed and deduplicated.
    expect(res.json().aliases).toEqual(["Bangladesh Rural Advancement Committee", "BRAC"]);
  });

  it("refuses a second organisation with the same name in another case (409)", async () => {
    const w = await world();
    expect((await create(w, { name: "Save the Children", type: "21" })).statusCode).toBe(201);
    const res = await create(w, { name: "SAVE THE CHILDREN", type: "21" });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: "CONFLICT", details: [{ path: "body.name" }] });
  });

  it("allows the same name in another response", async () => {
    const w = await world();
    const other = await world();
    expect((await create(w, { name: "Shared NGO", type: "22" })).statusCode).toBe(201);
    expect((await create(other, { name: "Shared NGO", type: "22" })).statusCode).toBe(201);
  });

  it("refuses a type outside the IATI list with path body.type", async () => {
    const w = await world();
    const res = await create(w, { name: "Mystery Org", type: "99" });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe("VALIDATION_FAILED");
    expect(res.json().error.details.map((d: { path: string }) => d.path)).toEqual(["body.type"]);
  });

  it("refuses a malformed IATI identifier and an unknown parent", async () => {
    const w = await world();
    const bad = await create(w, { name: "Bad id", type: "22", iatiId: "not an id" });
    expect(bad.json().error.details[0].path).toBe("body.iatiId");
    const orphan = await create(w, {
      name: "Orphan",
      type: "22",
      parentId: "00000000-0000-4000-8000-000000000000",
    });
    expect(orphan.statusCode).toBe(400);
    expect(orphan.json().error.details[0].path).toBe("body.parentId");
  });
});

describe("search", () => {
  async function searchWorld() {
    const w = await world();
    await buildOrganisation(db, w.response.id, {
      name: "Bangladesh Rural Advancement Committee",
      acronym: "BRAC",
      type: "22",
      aliases: ["Building Resources Across Communities"],
    });
    await buildOrganisation(db, w.response.id, {
      name: "International Organization for Migration",
      acronym: "IOM",
      type: "40",
      aliases: ["OIM"],
    });
    await buildOrganisation(db, w.response.id, { name: "Mukti Cox's Bazar", acronym: "MUKTI", type: "22" });
    return w;
  }

  it("finds an organisation by acronym", async () => {
    const w = await searchWorld();
    expect(await search(w, "IOM")).toEqual(["International Organization for Migration"]);
  });

  it("finds an organisation by alias, also with a typo in it", async () => {
    const w = await searchWorld();
    expect(await search(w, "OIM")).toEqual(["International Organization for Migration"]);
    expect(await search(w, "Building Resources Accross Comunities")).toEqual([
      "Bangladesh Rural Advancement Committee",
    ]);
  });

  it("finds an organisation by name with a typo", async () => {
    const w = await searchWorld();
    expect((await search(w, "Internatonal Organisation for Migraton"))[0]).toBe(
      "International Organization for Migration",
    );
    expect(await search(w, "Mukti Coxs Bazar")).toContain("Mukti Cox's Bazar");
  });
});

describe("merging duplicates", () => {
  async function mergeWorld() {
    const w = await world();
    const survivor = await buildOrganisation(db, w.response.id, {
      name: "Action Against Hunger",
      acronym: "ACF",
      type: "21",
      aliases: ["Action contre la Faim"],
    });
    const duplicate = await buildOrganisation(db, w.response.id, {
      name: "Action Against Hunger (ACF)",
      acronym: "AAH",
      type: "21",
      aliases: ["ACF-International"],
    });
    return { w, survivor, duplicate };
  }

  it("moves role assignments and sector leads to the survivor without duplicating a shared lead", async () => {
    const { w, survivor, duplicate } = await mergeWorld();
    const wash = await buildSector(db, w.response.id, { code: "WASH" });
    const nutrition = await buildSector(db, w.response.id, { code: "NUT" });
    await db.insert(sectorLeads).values([
      { responseId: w.response.id, sectorId: wash.id, organisationId: duplicate.id, role: "lead" },
      { responseId: w.response.id, sectorId: nutrition.id, organisationId: duplicate.id, role: "co_lead" },
      { responseId: w.response.id, sectorId: nutrition.id, organisationId: survivor.id, role: "co_lead" },
    ]);
    const editor = await buildUser(db, {
      role: "organisation_editor",
      responseId: w.response.id,
      organisationId: duplicate.id,
    });

    const res = await merge(w, duplicate.id, survivor.id);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().id).toBe(survivor.id);

    const leads = await db.select().from(sectorLeads).where(eq(sectorLeads.responseId, w.response.id));
    expect(leads.map((l) => [l.sectorId, l.organisationId, l.role]).sort()).toEqual(
      [
        [wash.id, survivor.id, "lead"],
        [nutrition.id, survivor.id, "co_lead"],
      ].sort(),
    );
    const roles = await db
      .select()
      .from(roleAssignments)
      .where(and(eq(roleAssignments.responseId, w.response.id), eq(roleAssignments.userId, editor.id)));
    expect(roles.map((r) => r.organisationId)).toEqual([survivor.id]);

    // The editor now edits the survivor through the API.
    const { headers } = await signIn(app, editor.email);
    const edit = await app.inject({
      method: "PATCH",
      url: url(w, `/${survivor.id}`),
      headers,
      payload: { acronym: "ACF" },
    });
    expect(edit.statusCode, edit.body).toBe(200);
  });

  it("keeps the duplicate's name, acronym and aliases as aliases of the survivor", async () => {
    const { w, survivor, duplicate } = await mergeWorld();
    const res = await merge(w, duplicate.id, survivor.id);
    expect(res.json().aliases).toEqual([
      "Action contre la Faim",
      "Action Against Hunger (ACF)",
      "AAH",
      "ACF-International",
    ]);
    expect(await search(w, "AAH")).toEqual(["Action Against Hunger"]);
  });

  it("answers 308 to the survivor for the merged organisation and hides it from the list", async () => {
    const { w, survivor, duplicate } = await mergeWorld();
    await merge(w, duplicate.id, survivor.id);
    const res = await app.inject({ method: "GET", url: url(w, `/${duplicate.id}`) });
    expect(res.statusCode).toBe(308);
    expect(res.headers.location).toBe(url(w, `/${survivor.id}`));
    const listed = await app.inject({ method: "GET", url: url(w) });
    expect(listed.json().items.map((o: { id: string }) => o.id)).toEqual([survivor.id]);
    const withMerged = await app.inject({ method: "GET", url: url(w, "?includeMerged=true") });
    expect(withMerged.json().items).toHaveLength(2);
  });

  it("refuses to merge an organisation into itself (400)", async () => {
    const { w, survivor } = await mergeWorld();
    const res = await merge(w, survivor.id, survivor.id);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].path).toBe("body.intoId");
  });

  it("refuses to merge an organisation that was already merged (409) and editing it", async () => {
    const { w, survivor, duplicate } = await mergeWorld();
    const third = await buildOrganisation(db, w.response.id, { name: "Third org" });
    await merge(w, duplicate.id, survivor.id);
    const again = await merge(w, duplicate.id, third.id);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe("CONFLICT");
    const edit = await app.inject({
      method: "PATCH",
      url: url(w, `/${duplicate.id}`),
      headers: w.headers,
      payload: { acronym: "X" },
    });
    expect(edit.statusCode).toBe(409);
    const [row] = await db.select().from(organisations).where(eq(organisations.id, duplicate.id));
    expect(row!.mergedIntoId).toBe(survivor.id);
  });

  it("refuses to merge into an organisation that was itself merged", async () => {
    const { w, survivor, duplicate } = await mergeWorld();
    const third = await buildOrganisation(db, w.response.id, { name: "Third org" });
    await merge(w, duplicate.id, survivor.id);
    const res = await merge(w, third.id, duplicate.id);
    expect(res.statusCode).toBe(400);
  });
});

describe("editing", () => {
  it("changes only the fields sent: aliases survive an acronym change", async () => {
    const w = await world();
    const org = await buildOrganisation(db, w.response.id, {
      name: "Relief International",
      aliases: ["RI", "Relief Intl"],
    });
    const res = await app.inject({
      method: "PATCH",
      url: url(w, `/${org.id}`),
      headers: w.headers,
      payload: { acronym: "RI" },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      acronym: "RI",
      aliases: ["RI", "Relief Intl"],
      name: "Relief International",
    });
  });

  it("refuses renaming onto another organisation's name", async () => {
    const w = await world();
    await buildOrganisation(db, w.response.id, { name: "Taken Name" });
    const org = await buildOrganisation(db, w.response.id, { name: "Free Name" });
    const res = await app.inject({
      method: "PATCH",
      url: url(w, `/${org.id}`),
      headers: w.headers,
      payload: { name: "taken name" },
    });
    expect(res.statusCode).toBe(409);
  });
});

describe("deleting", () => {
  it("refuses to delete a referenced organisation (409) and deletes an unreferenced one (204)", async () => {
    const w = await world();
    const lead = await buildOrganisation(db, w.response.id);
    const sector = await buildSector(db, w.response.id);
    await db
      .insert(sectorLeads)
      .values({ responseId: w.response.id, sectorId: sector.id, organisationId: lead.id, role: "lead" });
    const referenced = await app.inject({ method: "DELETE", url: url(w, `/${lead.id}`), headers: w.headers });
    expect(referenced.statusCode).toBe(409);
    expect(referenced.json().error.code).toBe("CONFLICT");

    const unused = await buildOrganisation(db, w.response.id);
    const res = await app.inject({ method: "DELETE", url: url(w, `/${unused.id}`), headers: w.headers });
    expect(res.statusCode).toBe(204);
    expect(await db.select().from(organisations).where(eq(organisations.id, unused.id))).toEqual([]);
    const gone = await app.inject({ method: "GET", url: url(w, `/${unused.id}`) });
    expect(gone.statusCode).toBe(404);
  });

  it("refuses to delete the survivor of a merge", async () => {
    const w = await world();
    const survivor = await buildOrganisation(db, w.response.id);
    const duplicate = await buildOrganisation(db, w.response.id);
    await merge(w, duplicate.id, survivor.id);
    const res = await app.inject({ method: "DELETE", url: url(w, `/${survivor.id}`), headers: w.headers });
    expect(res.statusCode).toBe(409);
  });
});

describe("downloads", () => {
  it("CSV and HXL list every organisation with headers, hashtags and type labels", async () => {
    const w = await world();
    await buildOrganisation(db, w.response.id, {
      name: "UNICEF",
      acronym: "UNICEF",
      type: "40",
      iatiId: "XM-DAC-41122",
      aliases: ["United Nations Children's Fund"],
    });
    for (let i = 0; i < 3; i++)
      await buildOrganisation(db, w.response.id, { name: `Local NGO ${i}`, type: "22" });
    await buildOrganisation(db, w.response.id, { name: "@SUM(A1:A9)", type: "90" });

    const csv = await app.inject({ method: "GET", url: url(w, "?format=csv&limit=1") });
    expect(csv.statusCode).toBe(200);
    const rows = parse(csv.body.replace(/^\uFEFF/, "")) as string[][];
    expect(rows[0]).toEqual(["name", "acronym", "type_code", "type", "iati_id", "aliases"]);
    expect(rows).toHaveLength(6);
    expect(rows.find((r) => r[0] === "UNICEF")).toEqual([
      "UNICEF",
      "UNICEF",
      "40",
      "Multilateral",
      "XM-DAC-41122",
      "United Nations Children's Fund",
    ]);
    expect(rows.some((r) => r[0] === "'@SUM(A1:A9)")).toBe(true);

    const hxl = await app.inject({ method: "GET", url: url(w, "?format=hxl&type=22") });
    const tagged = parse(hxl.body) as string[][];
    expect(tagged[1]).toEqual([
      "#org+name",
      "#org+acronym",
      "#org+type+code",
      "#org+type+name",
      "#org+code+iati",
      "#org+name+alt",
    ]);
    expect(
      tagged
        .slice(2)
        .map((r) => r[0])
        .sort(),
    ).toEqual(["Local NGO 0", "Local NGO 1", "Local NGO 2"]);
  });
});
