import { parse } from "csv-parse/sync";
import ICAL from "ical.js";
import { beforeAll, describe, expect, it } from "vitest";
import { isStale, staleBefore } from "../../../common/schemas/contacts.ts";
import type { App } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { contacts } from "../../db/schema/contacts.ts";
import { platforms } from "../../db/schema/platforms.ts";
import {
  buildManagedResponse,
  buildOrganisation,
  buildSector,
  buildTestApp,
  buildUser,
  signIn,
} from "../../testing/factories.ts";

/** The contact list: CRUD, validation, who sees it, stale flags, CSV and vCard downloads. */

let app: App;
let db: Db;

beforeAll(async () => {
  ({ app, db } = await buildTestApp());
});

async function world() {
  const { response, headers } = await buildManagedResponse(app, db);
  const org = await buildOrganisation(db, response.id, { name: "Shapla Relief", acronym: "SR" });
  const wash = await buildSector(db, response.id, { code: "WASH", name: "WASH" });
  const [platform] = await db
    .insert(platforms)
    .values({
      responseId: response.id,
      code: "WASH-SC",
      name: "WASH Sector",
      type: "sector",
      sectorId: wash.id,
    })
    .returning();
  return { response, slug: response.slug, headers, org, wash, platform: platform! };
}
type World = Awaited<ReturnType<typeof world>>;

const url = (w: World, rest = "") => `/api/v1/responses/${w.slug}/contacts${rest}`;
const send = (w: World, method: "POST" | "PATCH" | "DELETE", rest: string, payload?: object) =>
  app.inject({ method, url: url(w, rest), headers: w.headers, ...(payload ? { payload } : {}) });
const get = (w: World, rest = "", headers: Record<string, string> = w.headers) =>
  app.inject({ method: "GET", url: url(w, rest), headers });

const person = (w: World, overrides: object = {}) => ({
  name: "রাশেদা বেগম",
  organisationId: w.org.id,
  title: "WASH Sector Coordinator",
  email: "rasheda@example.org",
  phones: ["+880 1712-345678"],
  platforms: [{ platformId: w.platform.id, role: "chair" }],
  sectorIds: [w.wash.id],
  ...overrides,
});

async function create(w: World, overrides: object = {}) {
  const res = await send(w, "POST", "", person(w, overrides));
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; email: string };
}

describe("stale computation", () => {
  const now = new Date("2026-11-23T12:00:00Z");
  it("cuts six calendar months back", () => {
    expect(staleBefore(now).toISOString()).toBe("2026-05-23T12:00:00.000Z");
  });
  it("flags entries not confirmed since the cut, or never confirmed and created before it", () => {
    const old = new Date("2026-05-23T11:59:59Z");
    const fresh = new Date("2026-05-23T12:00:00Z");
    expect(isStale({ confirmedAt: old, createdAt: old }, now)).toBe(true);
    expect(isStale({ confirmedAt: fresh, createdAt: old }, now)).toBe(false);
    expect(isStale({ confirmedAt: null, createdAt: old }, now)).toBe(true);
    expect(isStale({ confirmedAt: null, createdAt: fresh }, now)).toBe(false);
    expect(isStale({ confirmedAt: old, createdAt: new Date("2020-01-01") }, now)).toBe(true);
  });
});

describe("contacts", () => {
  it("creates, reads, updates and deletes an entry, normalising phones and auditing each write", async () => {
    const w = await world();
    const created = await create(w);
    const detail = (await get(w, `/${created.id}`)).json();
    expect(detail).toMatchObject({
      name: "রাশেদা বেগম",
      phones: ["+8801712345678"],
      organisation: { id: w.org.id, acronym: "SR" },
      platforms: [{ id: w.platform.id, code: "WASH-SC", role: "chair", sectorId: w.wash.id }],
      sectors: [{ id: w.wash.id, code: "WASH" }],
      confirmedAt: null,
      stale: false,
      canEdit: true,
    });
    let res = await send(w, "PATCH", `/${created.id}`, { title: "Deputy coordinator", phones: [] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      title: "Deputy coordinator",
      phones: [],
      sectors: [{ code: "WASH" }],
    });
    res = await send(w, "DELETE", `/${created.id}`);
    expect(res.statusCode).toBe(204);
    expect((await get(w, `/${created.id}`)).statusCode).toBe(404);
    const audit = await app.inject({
      method: "GET",
      url: `/api/v1/responses/${w.slug}/audit?entityType=contact`,
      headers: w.headers,
    });
    const actions = (audit.json().items as { action: string }[]).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["contact.create", "contact.update", "contact.delete"]));
  });

  it("refuses bad input with the field and the reason, and leaves nothing behind", async () => {
    const w = await world();
    const cases: [object, string][] = [
      [{ phones: ["01712345678"] }, "body.phones.0"],
      [{ phones: ["+880 17x"] }, "body.phones.0"],
      [{ email: "not an address" }, "body.email"],
      [{ name: "" }, "body.name"],
      [{ platforms: [{ platformId: w.platform.id, role: "king" }] }, "body.platforms.0.role"],
    ];
    for (const [overrides, path] of cases) {
      const res = await send(w, "POST", "", person(w, overrides));
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    const phone = await send(w, "POST", "", person(w, { phones: ["12345"] }));
    expect(phone.json().error.details[0].message).toMatch(/international format/);
    // References of another response, or none at all.
    const stranger = await buildOrganisation(db, (await buildManagedResponse(app, db)).response.id);
    let res = await send(w, "POST", "", person(w, { organisationId: stranger.id }));
    expect(res.statusCode).toBe(400);
    res = await send(w, "POST", "", person(w, { platforms: [{ platformId: stranger.id, role: "chair" }] }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].path).toBe("body.platforms.0.platformId");
    res = await send(w, "POST", "", person(w, { sectorIds: [stranger.id] }));
    expect(res.json().error.details[0].path).toBe("body.sectorIds.0");
    res = await send(w, "POST", "", person(w, { userId: stranger.id }));
    expect(res.json().error.details[0].path).toBe("body.userId");
    expect((await get(w)).json().total).toBe(0);
    // The same address twice in a response is one person.
    await create(w);
    res = await send(w, "POST", "", person(w, { email: "RASHEDA@example.org", name: "Another" }));
    expect(res.statusCode).toBe(409);
    expect(res.json().error.details[0].path).toBe("body.email");
    // An organisation with contacts is merged, not deleted.
    res = await app.inject({
      method: "DELETE",
      url: `/api/v1/responses/${w.slug}/organisations/${w.org.id}`,
      headers: w.headers,
    });
    expect(res.statusCode).toBe(409);
  });

  it("moves contacts to the survivor when their organisation is merged", async () => {
    const w = await world();
    const dup = await buildOrganisation(db, w.response.id, { name: "Shapla Relief Bangladesh" });
    const c = await create(w, { organisationId: dup.id });
    const res = await app.inject({
      method: "POST",
      url: `/api/v1/responses/${w.slug}/organisations/${dup.id}/merge`,
      headers: w.headers,
      payload: { intoId: w.org.id },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect((await get(w, `/${c.id}`)).json().organisation.id).toBe(w.org.id);
  });

  it("is for signed-in users only: visitors get 401 everywhere, exports included", async () => {
    const w = await world();
    const c = await create(w);
    for (const rest of [
      "",
      `/${c.id}`,
      "?format=csv",
      "?format=vcf",
      `?platform=${w.platform.id}&format=vcf`,
    ]) {
      const res = await get(w, rest, {});
      expect(res.statusCode, rest).toBe(401);
      expect(res.json().error.code).toBe("UNAUTHENTICATED");
      expect(res.body).not.toContain("rasheda");
    }
    for (const [method, rest] of [
      ["POST", ""],
      ["PATCH", `/${c.id}`],
      ["DELETE", `/${c.id}`],
      ["POST", "/request-confirmation"],
    ] as const) {
      const res = await app.inject({ method, url: url(w, rest), payload: {} });
      expect(res.statusCode, `${method} ${rest}`).toBe(401);
    }
    // Any signed-in user reads, with no editing rights of their own.
    const viewer = await buildUser(db, { role: "viewer", responseId: w.response.id });
    const { headers } = await signIn(app, viewer.email);
    const list = await get(w, "", headers);
    expect(list.statusCode).toBe(200);
    expect(list.json().items[0]).toMatchObject({ email: "rasheda@example.org", canEdit: false });
  });

  it("flags stale entries, counts them and filters by stale, organisation, platform, sector, chairs and text", async () => {
    const w = await world();
    const fresh = await create(w, { name: "Fresh Person", email: "fresh@example.org" });
    const never = await create(w, { name: "Never Confirmed", email: "never@example.org", platforms: [] });
    const lapsed = await create(w, {
      name: "Lapsed Person",
      email: "lapsed@example.org",
      sectorIds: [],
      platforms: [{ platformId: w.platform.id, role: "member_representative" }],
    });
    const other = await buildOrganisation(db, w.response.id, { name: "Other Org" });
    await create(w, {
      name: "Other Person",
      email: "other@example.org",
      organisationId: other.id,
      platforms: [],
      sectorIds: [],
    });
    const { eq } = await import("drizzle-orm");
    const longAgo = new Date("2024-01-15T00:00:00Z");
    await db.update(contacts).set({ createdAt: longAgo }).where(eq(contacts.id, never.id));
    await db
      .update(contacts)
      .set({ createdAt: longAgo, confirmedAt: new Date("2024-06-01T00:00:00Z") })
      .where(eq(contacts.id, lapsed.id));
    await db
      .update(contacts)
      .set({ createdAt: longAgo, confirmedAt: new Date() })
      .where(eq(contacts.id, fresh.id));

    const all = (await get(w)).json();
    expect(all.total).toBe(4);
    expect(all.staleCount).toBe(2);
    const names = (r: { items: { name: string }[] }) => r.items.map((c) => c.name);
    expect(names((await get(w, "?stale=true")).json())).toEqual(["Lapsed Person", "Never Confirmed"]);
    expect(names((await get(w, "?stale=false")).json())).toEqual(["Fresh Person", "Other Person"]);
    expect(names((await get(w, `?organisation=${other.id}`)).json())).toEqual(["Other Person"]);
    expect(names((await get(w, `?platform=${w.platform.id}`)).json())).toEqual([
      "Fresh Person",
      "Lapsed Person",
    ]);
    expect(names((await get(w, `?sector=${w.wash.id}`)).json())).toEqual(["Fresh Person", "Never Confirmed"]);
    // Chairs and co-chairs only: Lapsed Person sits on the platform as a member's representative.
    expect(names((await get(w, "?chairs=true")).json())).toEqual(["Fresh Person"]);
    expect((await get(w, "?chairs=yes")).statusCode).toBe(400);
    expect(names((await get(w, "?q=lapsed%40")).json())).toEqual(["Lapsed Person"]);
    expect(names((await get(w, "?q=shapla&stale=true")).json())).toEqual([
      "Lapsed Person",
      "Never Confirmed",
    ]);
    const page = (await get(w, "?limit=3")).json();
    expect(page.items).toHaveLength(3);
    expect(names((await get(w, `?limit=3&cursor=${page.nextCursor}`)).json())).toEqual(["Other Person"]);
  });

  it("documents its endpoints in the OpenAPI document", async () => {
    const doc = (await app.inject({ method: "GET", url: "/api/v1/openapi.json" })).json();
    const create = doc.paths["/api/v1/responses/{slug}/contacts"].post;
    expect(create.requestBody.content["application/json"].schema.properties.phones.type).toBe("array");
    expect(doc.paths["/api/v1/responses/{slug}/contact-confirmations/confirm"].post).toBeDefined();
  });

  it("downloads a platform's list as CSV (formula-like cells quoted) and vCard that parsers read back", async () => {
    const w = await world();
    await create(w, { title: '=HYPERLINK("http://evil")' });
    await create(w, {
      name: "မောင်မောင် (Maung Maung)",
      email: "maung@example.org",
      title: "Focal point; Cox's Bazar, Ukhiya\\Teknaf",
      phones: ["+95 9 123 456 789", "+880 1812 000111"],
      platforms: [{ platformId: w.platform.id, role: "focal_point" }],
    });
    await create(w, { name: "Not On It", email: "not@example.org", platforms: [] });

    const csvRes = await get(w, `?platform=${w.platform.id}&format=csv`);
    expect(csvRes.statusCode).toBe(200);
    expect(csvRes.headers["content-disposition"]).toContain(`${w.slug}-WASH-SC-contacts.csv`);
    const rows = parse(csvRes.body, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.name).sort()).toEqual(["রাশেদা বেগম", "မောင်မောင် (Maung Maung)"].sort());
    const rasheda = rows.find((r) => r.name === "রাশেদা বেগম")!;
    expect(rasheda.title).toBe('\'=HYPERLINK("http://evil")');
    expect(rasheda.platforms).toBe("WASH-SC (chair)");
    expect(rasheda.stale).toBe("false");

    const vcfRes = await get(w, `?platform=${w.platform.id}&format=vcf`);
    expect(vcfRes.headers["content-type"]).toBe("text/vcard; charset=utf-8");
    expect(vcfRes.headers["content-disposition"]).toContain(".vcf");
    // Several cards parse as a list of jCard components, one card as the component itself.
    const parsed = ICAL.parse(vcfRes.body) as unknown[];
    const jcards = (Array.isArray(parsed[0]) ? parsed : [parsed]) as ConstructorParameters<
      typeof ICAL.Component
    >[0][];
    const cards = jcards.map((jcal) => new ICAL.Component(jcal));
    expect(cards).toHaveLength(2);
    const byName = new Map(cards.map((c) => [c.getFirstPropertyValue("fn"), c]));
    expect([...byName.keys()].sort()).toEqual(["রাশেদা বেগম", "မောင်မောင် (Maung Maung)"].sort());
    const maung = byName.get("မောင်မောင် (Maung Maung)")!;
    expect(maung.getFirstPropertyValue("version")).toBe("4.0");
    expect(maung.getFirstPropertyValue("email")).toBe("maung@example.org");
    expect(maung.getFirstPropertyValue("title")).toBe("Focal point; Cox's Bazar, Ukhiya\\Teknaf");
    expect(maung.getAllProperties("tel").map((p) => p.getFirstValue())).toEqual([
      "tel:+959123456789",
      "tel:+8801812000111",
    ]);
    expect(String(maung.getFirstPropertyValue("org"))).toBe("Shapla Relief");
    expect(maung.getFirstPropertyValue("note")).toBe("Focal point, WASH Sector");
    // Every physical line stays within 75 octets (folded without cutting a character).
    for (const line of vcfRes.body.split("\r\n")) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
  });
});
