import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { documents } from "../../db/schema/documents.ts";
import {
  buildManagedResponse,
  buildOrganisation,
  buildResponse,
  buildSector,
  buildTestApp,
  buildUser,
  signIn,
} from "../../testing/factories.ts";
import { structureTemplates } from "./templates.ts";

/** The coordination structure: platforms in a tree, chairs, members, templates, the matrix. */

let app: App;
let db: Db;

beforeAll(async () => {
  ({ app, db } = await buildTestApp());
});

async function world() {
  const { response, headers } = await buildManagedResponse(app, db);
  const iom = await buildOrganisation(db, response.id, {
    name: "International Organization for Migration",
    acronym: "IOM",
    type: "40",
  });
  const unhcr = await buildOrganisation(db, response.id, { name: "UNHCR", acronym: "UNHCR", type: "40" });
  const brac = await buildOrganisation(db, response.id, { name: "BRAC", type: "22" });
  return { response, slug: response.slug, headers, iom, unhcr, brac };
}
type World = Awaited<ReturnType<typeof world>>;

const url = (w: World, rest = "") => `/api/v1/responses/${w.slug}${rest}`;
const send = (w: World, method: "POST" | "PATCH" | "PUT" | "DELETE", rest: string, payload?: object) =>
  app.inject({ method, url: url(w, rest), headers: w.headers, ...(payload ? { payload } : {}) });
const get = (w: World, rest: string) => app.inject({ method: "GET", url: url(w, rest) });

async function create(w: World, payload: object) {
  const res = await send(w, "POST", "/platforms", payload);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; code: string };
}

describe("platforms", () => {
  it("builds a tree with chairs, a linked sector and members with their representing role", async () => {
    const w = await world();
    const wash = await buildSector(db, w.response.id, { code: "WASH", name: "WASH" });
    const iscg = await create(w, {
      code: "ISCG",
      name: "Inter Sector Coordination Group",
      type: "iscg",
      meetingFrequency: "monthly",
      torUrl: "https://example.org/iscg-tor.pdf",
      chairs: [{ organisationId: w.iom.id, role: "chair", roleTitle: "Senior Coordinator" }],
    });
    const sector = await create(w, {
      code: "WASH",
      name: "WASH Sector",
      type: "sector",
      parentId: iscg.id,
      sectorId: wash.id,
    });
    let res = await send(w, "PUT", `/platforms/${sector.id}/members/${w.brac.id}`, {
      representativeRole: "WASH programme manager",
    });
    expect(res.statusCode, res.body).toBe(201);
    res = await send(w, "PUT", `/platforms/${sector.id}/members/${w.brac.id}`, {
      representativeRole: "Head of WASH",
    });
    expect(res.statusCode, res.body).toBe(200);

    const detail = (await get(w, `/platforms/${sector.id}`)).json();
    expect(detail).toMatchObject({
      code: "WASH",
      parent: { id: iscg.id, code: "ISCG" },
      sector: { id: wash.id, code: "WASH" },
      members: [{ id: w.brac.id, representativeRole: "Head of WASH" }],
    });
    const top = (await get(w, `/platforms/${iscg.id}`)).json();
    expect(top.children.map((c: { code: string }) => c.code)).toEqual(["WASH"]);
    expect(top.chairs).toEqual([
      expect.objectContaining({ id: w.iom.id, role: "chair", roleTitle: "Senior Coordinator" }),
    ]);

    const list = (await get(w, "/platforms")).json();
    expect(list.items.map((p: { code: string }) => p.code)).toEqual(["ISCG", "WASH"]);
    const csv = parse((await get(w, "/platforms?format=hxl")).body, { bom: true }) as string[][];
    expect(csv[1]).toContain("#group+code+parent");
    expect(csv[3]![csv[0]!.indexOf("parent")]).toBe("ISCG");

    res = await send(w, "DELETE", `/platforms/${sector.id}/members/${w.brac.id}`);
    expect(res.statusCode).toBe(204);
    expect((await get(w, `/platforms/${sector.id}`)).json().members).toEqual([]);
  });

  it("refuses cycles, duplicates, unknown references and deleting a parent", async () => {
    const w = await world();
    const a = await create(w, { code: "HCT", name: "Humanitarian Country Team", type: "hct" });
    const b = await create(w, {
      code: "ICCG",
      name: "Inter-Cluster Coordination Group",
      type: "iscg",
      parentId: a.id,
    });
    let res = await send(w, "PATCH", `/platforms/${a.id}`, { parentId: b.id });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0]).toMatchObject({ path: "body.parentId", message: "cycle" });
    res = await send(w, "PATCH", `/platforms/${a.id}`, { parentId: a.id });
    expect(res.statusCode).toBe(400);
    res = await send(w, "POST", "/platforms", { code: "HCT", name: "Another", type: "hct" });
    expect(res.statusCode).toBe(409);
    res = await send(w, "POST", "/platforms", {
      code: "HCT2",
      name: "humanitarian country team",
      type: "hct",
    });
    expect(res.statusCode).toBe(409);
    res = await send(w, "POST", "/platforms", {
      code: "X1",
      name: "Two chairs",
      type: "task_force",
      chairs: [
        { organisationId: w.iom.id, role: "chair", roleTitle: "Chief of Mission" },
        { organisationId: w.unhcr.id, role: "chair", roleTitle: "Representative" },
      ],
    });
    expect(res.statusCode).toBe(400);
    res = await send(w, "POST", "/platforms", {
      code: "X2",
      name: "Bad link",
      type: "sector",
      sectorId: w.iom.id,
    });
    expect(res.statusCode).toBe(400);
    res = await send(w, "POST", "/platforms", {
      code: "X3",
      name: "Bad ToR",
      type: "other",
      torUrl: "javascript:alert(1)",
    });
    expect(res.statusCode).toBe(400);
    res = await send(w, "DELETE", `/platforms/${a.id}`);
    expect(res.statusCode).toBe(409);
    res = await send(w, "DELETE", `/platforms/${b.id}`);
    expect(res.statusCode).toBe(204);
    const audit = (
      await app.inject({ method: "GET", url: url(w, "/audit?entityType=platform"), headers: w.headers })
    ).json();
    expect(JSON.stringify(audit)).toContain("platform.delete");
  });

  it("points at its terms of reference in the library, of its own response only, hidden from visitors when signed-in only", async () => {
    const w = await world();
    const tor = async (responseId: string, visibility: "public" | "signed_in", title: string) => {
      const [row] = await db
        .insert(documents)
        .values({ responseId, title, type: "terms_of_reference", visibility })
        .returning();
      return row!;
    };
    const open = await tor(w.response.id, "public", "ISCG terms of reference 2025");
    const internal = await tor(w.response.id, "signed_in", "ISCG terms of reference (draft for partners)");
    const elsewhere = await tor((await buildResponse(db)).id, "public", "Another response's terms");

    const iscg = await create(w, {
      code: "ISCG",
      name: "ISCG",
      type: "iscg",
      torDocumentId: open.id,
      torUrl: "https://example.org/old-tor.pdf",
    });
    expect((await get(w, `/platforms/${iscg.id}`)).json()).toMatchObject({
      torDocument: { id: open.id, title: "ISCG terms of reference 2025" },
      torUrl: "https://example.org/old-tor.pdf",
    });

    let res = await send(w, "PATCH", `/platforms/${iscg.id}`, { torDocumentId: elsewhere.id });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toEqual([{ path: "body.torDocumentId", message: "unknown" }]);
    res = await send(w, "POST", "/platforms", {
      code: "X",
      name: "X",
      type: "other",
      torDocumentId: elsewhere.id,
    });
    expect(res.statusCode).toBe(400);

    res = await send(w, "PATCH", `/platforms/${iscg.id}`, { torDocumentId: internal.id });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().torDocument.title).toBe("ISCG terms of reference (draft for partners)");
    // A visitor learns there are terms of reference only through the fallback link.
    const visitor = await get(w, `/platforms/${iscg.id}`);
    expect(visitor.json().torDocument).toBeNull();
    expect(visitor.body).not.toContain("draft for partners");
    const member = await app.inject({
      method: "GET",
      url: url(w, `/platforms/${iscg.id}`),
      headers: w.headers,
    });
    expect(member.json().torDocument.id).toBe(internal.id);

    // The terms cannot disappear under the platform: the delete names it.
    res = await send(w, "DELETE", `/documents/${internal.id}`);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toContain("ISCG");
    res = await send(w, "PATCH", `/platforms/${iscg.id}`, { torDocumentId: null });
    expect(res.json().torDocument).toBeNull();
    expect((await send(w, "DELETE", `/documents/${internal.id}`)).statusCode).toBe(204);
  });

  it("lets a sector coordinator edit their sector's platform but not move it", async () => {
    const w = await world();
    const wash = await buildSector(db, w.response.id, { code: "WASH" });
    const top = await create(w, { code: "ISCG", name: "ISCG", type: "iscg" });
    const platform = await create(w, {
      code: "WASH",
      name: "WASH Sector",
      type: "sector",
      sectorId: wash.id,
    });
    const coordinator = await buildUser(db, {
      role: "sector_coordinator",
      responseId: w.response.id,
      sectorId: wash.id,
    });
    const headers = (await signIn(app, coordinator.email)).headers;
    const as = (method: "PATCH" | "PUT", rest: string, payload: object) =>
      app.inject({ method, url: url(w, rest), headers, payload });
    expect((await as("PATCH", `/platforms/${platform.id}`, { meetingFrequency: "weekly" })).statusCode).toBe(
      200,
    );
    expect(
      (await as("PUT", `/platforms/${platform.id}/members/${w.brac.id}`, { representativeRole: null }))
        .statusCode,
    ).toBe(201);
    expect((await as("PATCH", `/platforms/${platform.id}`, { parentId: top.id })).statusCode).toBe(403);
    expect((await as("PATCH", `/platforms/${top.id}`, { meetingFrequency: "weekly" })).statusCode).toBe(403);
  });

  it("copies a template idempotently, linking sectors by code", async () => {
    const w = await world();
    const prot = await buildSector(db, w.response.id, { code: "PROT", name: "Protection" });
    await create(w, { code: "HCT", name: "Humanitarian Country Team", type: "hct" });
    const templates = (await app.inject({ method: "GET", url: "/api/v1/platform-templates" })).json();
    expect(templates.map((t: { id: string }) => t.id)).toEqual(["iasc", "unct", "refugee"]);
    const first = await send(w, "POST", "/platform-templates/iasc/copy");
    expect(first.statusCode, first.body).toBe(200);
    const total = templates[0].platforms;
    expect(first.json()).toEqual({ created: total - 1, skipped: 1 });
    const again = await send(w, "POST", "/platform-templates/iasc/copy");
    expect(again.json()).toEqual({ created: 0, skipped: total });
    const list = (await get(w, "/platforms?limit=500")).json().items as {
      code: string;
      sectorId: string | null;
      parentId: string | null;
    }[];
    expect(list).toHaveLength(total);
    expect(list.find((p) => p.code === "PROT")!.sectorId).toBe(prot.id);
    expect(list[0]!.code).toBe("HCT");
    expect(list.filter((p) => p.parentId === null)).toHaveLength(1);
    expect((await send(w, "POST", "/platform-templates/nope/copy")).statusCode).toBe(400);
  });

  // The IASC copy is tested above over an existing platform; these two start from an empty structure.
  it.each([
    ["unct", "UNCT"],
    ["refugee", "RCF"],
  ] as const)(
    "copies the %s template into an empty structure, with its tree, idempotently",
    async (id, root) => {
      const w = await world();
      const prot = await buildSector(db, w.response.id, { code: "PROT", name: "Protection" });
      const template = structureTemplates.find((t) => t.id === id)!;
      const total = template.platforms.length;
      const first = await send(w, "POST", `/platform-templates/${id}/copy`);
      expect(first.statusCode, first.body).toBe(200);
      expect(first.json()).toEqual({ created: total, skipped: 0 });
      const again = await send(w, "POST", `/platform-templates/${id}/copy`);
      expect(again.statusCode, again.body).toBe(200);
      expect(again.json()).toEqual({ created: 0, skipped: total });

      const list = (await get(w, "/platforms?limit=500")).json().items as {
        id: string;
        code: string;
        sectorId: string | null;
        parentId: string | null;
      }[];
      expect(list.map((p) => p.code).sort()).toEqual(template.platforms.map((p) => p.code).sort());
      expect(list.filter((p) => p.parentId === null).map((p) => p.code)).toEqual([root]);
      const idOf = new Map(list.map((p) => [p.code, p.id]));
      for (const p of template.platforms)
        expect(list.find((x) => x.code === p.code)!.parentId).toBe(p.parent ? idOf.get(p.parent) : null);
      // The refugee model's Protection Sector links the response's sector of that code.
      if (id === "refugee") expect(list.find((p) => p.code === "PROT")!.sectorId).toBe(prot.id);
    },
  );

  it("answers the representation matrix as JSON, CSV and XLSX, filtered by organisation", async () => {
    const w = await world();
    const hct = await create(w, {
      code: "SEG",
      name: "Strategic Executive Group",
      type: "seg",
      chairs: [{ organisationId: w.iom.id, role: "co_chair", roleTitle: "Chief of Mission" }],
    });
    const cash = await create(w, {
      code: "CWG",
      name: "Cash Working Group",
      type: "working_group",
      parentId: hct.id,
    });
    await send(w, "PUT", `/platforms/${cash.id}/members/${w.brac.id}`, {
      representativeRole: "Cash focal point",
    });
    await send(w, "PUT", `/platforms/${cash.id}/members/${w.iom.id}`, { representativeRole: "Cash officer" });
    const json = (await get(w, "/representation")).json();
    expect(json.platforms.map((p: { code: string }) => p.code)).toEqual(["SEG", "CWG"]);
    const iomRow = json.items.find((r: { id: string }) => r.id === w.iom.id);
    expect(iomRow.seats).toEqual({
      [hct.id]: { representativeRole: "Chief of Mission", chair: "co_chair" },
      [cash.id]: { representativeRole: "Cash officer", chair: null },
    });
    const mine = (await get(w, `/representation?organisation=${w.brac.id}`)).json();
    expect(mine.items.map((r: { id: string }) => r.id)).toEqual([w.brac.id]);

    const csv = parse((await get(w, "/representation?format=hxl")).body, { bom: true }) as string[][];
    expect(csv[0]).toEqual(["organisation", "acronym", "SEG", "CWG"]);
    expect(csv[1]).toEqual([
      "#org+name",
      "#org+acronym",
      "#contact+role+platform_seg",
      "#contact+role+platform_cwg",
    ]);
    expect(csv).toContainEqual([
      "International Organization for Migration",
      "IOM",
      "Chief of Mission (co-chair)",
      "Cash officer",
    ]);

    const res = await get(w, "/representation?format=xlsx");
    expect(res.headers["content-type"]).toContain("spreadsheetml");
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = book.getWorksheet("Representation")!;
    expect(sheet.getRow(2).values).toEqual([
      undefined,
      "Organisation",
      "Acronym",
      "Strategic Executive Group",
      "Cash Working Group",
    ]);
    expect(sheet.rowCount).toBe(5);
  });

  it("moves seats on organisation merge and unlinks platforms when their sector is deleted", async () => {
    const w = await world();
    const sector = await buildSector(db, w.response.id, { code: "CCCM" });
    const p = await create(w, {
      code: "CCCM",
      name: "Site Management",
      type: "sector",
      sectorId: sector.id,
      chairs: [{ organisationId: w.unhcr.id, role: "chair", roleTitle: "Sector coordinator" }],
    });
    const dup = await buildOrganisation(db, w.response.id, { name: "UNHCR Bangladesh", type: "40" });
    await send(w, "PUT", `/platforms/${p.id}/members/${dup.id}`, {
      representativeRole: "Site management officer",
    });
    await send(w, "PUT", `/platforms/${p.id}/members/${w.unhcr.id}`, {
      representativeRole: "Head of Field Office",
    });
    const merge = await send(w, "POST", `/organisations/${dup.id}/merge`, { intoId: w.unhcr.id });
    expect(merge.statusCode, merge.body).toBe(200);
    const detail = (await get(w, `/platforms/${p.id}`)).json();
    expect(detail.members).toEqual([
      expect.objectContaining({ id: w.unhcr.id, representativeRole: "Head of Field Office" }),
    ]);
    const del = await send(w, "DELETE", `/sectors/${sector.code}`);
    expect(del.statusCode, del.body).toBe(204);
    expect((await get(w, `/platforms/${p.id}`)).json().sector).toBeNull();
    // A member organisation cannot be deleted; it is merged instead.
    expect((await send(w, "DELETE", `/organisations/${w.unhcr.id}`)).statusCode).toBe(409);
  });
});
