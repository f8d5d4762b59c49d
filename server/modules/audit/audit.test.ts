import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { platformAuditLog } from "../../db/schema/audit.ts";
import {
  buildManagedResponse,
  buildOrganisation,
  buildSector,
  buildTestApp,
  buildUser,
  signIn,
} from "../../testing/factories.ts";

/** The audit trail: every write leaves who, what, before and after; secrets never do. */

let app: App;
let db: Db;

beforeAll(async () => {
  ({ app, db } = await buildTestApp());
});

interface Entry {
  id: number;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

async function world() {
  return buildManagedResponse(app, db);
}
type World = Awaited<ReturnType<typeof world>>;

const write = (
  w: World,
  method: "POST" | "PATCH" | "PUT",
  path: string,
  payload: object | string,
  type?: string,
) =>
  app.inject({
    method,
    url: `/api/v1/responses/${w.slug}${path}`,
    headers: { ...w.headers, ...(type ? { "content-type": type } : {}) },
    payload,
  });

async function audit(w: World, query = "") {
  const res = await app.inject({
    method: "GET",
    url: `/api/v1/responses/${w.slug}/audit?${query}`,
    headers: w.headers,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { items: Entry[]; nextCursor: string | null };
}

describe("writes leave audit rows", () => {
  it("organisation create, update and merge record actor, before and after", async () => {
    const w = await world();
    const created = await write(w, "POST", "/organisations", { name: "Audit NGO", type: "22" });
    const id = created.json().id as string;
    await write(w, "PATCH", `/organisations/${id}`, { acronym: "ANGO" });
    const survivor = await buildOrganisation(db, w.response.id, { name: "Audit Survivor" });
    await write(w, "POST", `/organisations/${id}/merge`, { intoId: survivor.id });

    const { items } = await audit(w, "entityType=organisation");
    const byAction = new Map(items.map((i) => [i.action, i]));
    expect(byAction.get("organisation.create")).toMatchObject({
      actorLabel: w.manager.email,
      entityId: id,
      before: null,
      after: { name: "Audit NGO", acronym: null },
    });
    expect(byAction.get("organisation.update")).toMatchObject({
      actorLabel: w.manager.email,
      before: { acronym: null },
      after: { acronym: "ANGO" },
    });
    const merged = byAction.get("organisation.merge")!;
    expect(merged).toMatchObject({
      actorLabel: w.manager.email,
      entityId: id,
      after: { mergedInto: survivor.id },
    });
    expect((merged.before as { duplicate: { name: string } }).duplicate.name).toBe("Audit NGO");
  });

  it("a location import records one row per location", async () => {
    const w = await world();
    const res = await write(
      w,
      "POST",
      "/locations/import",
      "code,name,parent,level\nAU0,Audit land,,0\nAU1,Audit region,AU0,1\n",
      "text/csv",
    );
    expect(res.json().created).toBe(2);
    const { items } = await audit(w, "action=location.import");
    expect(items.map((i) => [i.action, i.after?.code, i.actorLabel]).sort()).toEqual([
      ["location.import.create", "AU0", w.manager.email],
      ["location.import.create", "AU1", w.manager.email],
    ]);
  });

  it("a sector update records the old and new name", async () => {
    const w = await world();
    const sector = await buildSector(db, w.response.id, { code: "AUD", name: "Old name" });
    await write(w, "PATCH", "/sectors/AUD", { name: "New name" });
    const [entry] = (await audit(w, "action=sector.update")).items;
    expect(entry).toMatchObject({
      entityId: sector.id,
      before: { name: "Old name" },
      after: { name: "New name" },
      actorLabel: w.manager.email,
    });
  });

  it("a role change records the roles before and after", async () => {
    const w = await world();
    const member = await buildUser(db, { role: "viewer", responseId: w.response.id });
    const res = await write(w, "PUT", `/members/${member.id}`, { roles: [{ role: "response_manager" }] });
    expect(res.statusCode, res.body).toBe(200);
    const [entry] = (await audit(w, "action=user.role")).items;
    expect(entry).toMatchObject({ action: "user.role.change", entityType: "user", entityId: member.id });
    expect((entry!.before as { roles: { role: string }[] }).roles.map((r) => r.role)).toEqual(["viewer"]);
    expect((entry!.after as { roles: { role: string }[] }).roles.map((r) => r.role)).toEqual([
      "response_manager",
    ]);
  });

  it("a refused write leaves no row", async () => {
    const w = await world();
    await buildOrganisation(db, w.response.id, { name: "Taken" });
    const before = (await audit(w)).items.length;
    const res = await write(w, "POST", "/organisations", { name: "taken", type: "22" });
    expect(res.statusCode).toBe(409);
    expect((await audit(w)).items.length).toBe(before);
  });
});

describe("secrets", () => {
  it("never appear in audit rows: no password hash, password or token", async () => {
    const admin = await buildUser(db, { isAdmin: true });
    const { headers } = await signIn(app, admin.email);
    const password = "an audited secret passphrase";
    const created = await app.inject({
      method: "POST",
      url: "/api/v1/users",
      headers,
      payload: { email: `secret-${admin.id}@example.org`, name: "Secret keeper", password },
    });
    expect(created.statusCode, created.body).toBe(201);
    const userId = created.json().id as string;
    await app.inject({
      method: "PATCH",
      url: `/api/v1/users/${userId}`,
      headers,
      payload: { name: "Secret keeper 2" },
    });
    const token = await app.inject({
      method: "POST",
      url: "/api/v1/auth/tokens",
      headers,
      payload: { name: "secret token", scope: "read" },
    });

    const rows = await db
      .select()
      .from(platformAuditLog)
      .where(sql`${platformAuditLog.entityId} IN (${userId}, ${token.json().id})`);
    expect(rows.map((r) => r.action).sort()).toEqual(["api_token.create", "user.create", "user.update"]);
    const text = JSON.stringify(rows);
    expect(text).not.toMatch(/argon2/);
    expect(text).not.toMatch(/password_?hash/i);
    expect(text).not.toContain(password);
    expect(text).not.toContain(token.json().token);
  });
});

describe("the response audit endpoint", () => {
  async function busyWorld() {
    const w = await world();
    const helper = await buildUser(db, { role: "response_manager", responseId: w.response.id });
    const other = { ...w, headers: (await signIn(app, helper.email)).headers };
    for (let i = 0; i < 3; i++)
      await write(w, "POST", "/organisations", { name: `Paged NGO ${i}`, type: "22" });
    await write(other, "POST", "/organisations", { name: "Helper NGO", type: "22" });
    await buildSector(db, w.response.id, { code: "FIL" });
    await write(w, "PATCH", "/sectors/FIL", { name: "Filtered sector" });
    return { w, helper };
  }

  it("filters by action prefix, entity type and actor", async () => {
    const { w, helper } = await busyWorld();
    expect((await audit(w, "action=organisation.")).items.map((i) => i.action)).toEqual(
      Array(4).fill("organisation.create"),
    );
    expect((await audit(w, "entityType=sector")).items.map((i) => i.action)).toEqual(["sector.update"]);
    const byHelper = (await audit(w, `actor=${encodeURIComponent(helper.email)}`)).items;
    expect(byHelper.map((i) => i.after?.name)).toEqual(["Helper NGO"]);
    expect((await audit(w, "action=organisation.delete")).items).toEqual([]);
  });

  it("pages newest first with the cursor, without gaps or repeats", async () => {
    const { w } = await busyWorld();
    const all = (await audit(w, "limit=200")).items;
    expect(all.length).toBe(5);
    expect(all.map((i) => i.id)).toEqual([...all.map((i) => i.id)].sort((a, b) => b - a));
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page = await audit(w, `limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.map((i) => i.id));
  });

  it("answers 400 for a cursor that is not a number", async () => {
    const w = await world();
    const res = await app.inject({
      method: "GET",
      url: `/api/v1/responses/${w.slug}/audit?cursor=abc`,
      headers: w.headers,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].path).toBe("querystring.cursor");
  });

  it("shows one response's changes only", async () => {
    const { w } = await busyWorld();
    const other = await world();
    expect((await audit(other)).items).toEqual([]);
    expect((await audit(w)).items.length).toBeGreaterThan(0);
  });
});

describe("the platform audit log", () => {
  it("shows user.create and session.start to administrators", async () => {
    const admin = await buildUser(db, { isAdmin: true });
    const { headers } = await signIn(app, admin.email);
    const email = `platform-${admin.id}@example.org`;
    const created = await app.inject({
      method: "POST",
      url: "/api/v1/users",
      headers,
      payload: { email, name: "Platform person", password: "platform passphrase 1" },
    });
    const userId = created.json().id as string;
    await signIn(app, email, "platform passphrase 1");

    const res = await app.inject({ method: "GET", url: `/api/v1/audit?entityId=${userId}`, headers });
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as Entry[];
    expect(items.map((i) => i.action)).toEqual(["session.start", "user.create"]);
    expect(items[1]).toMatchObject({ actorLabel: admin.email, after: { email } });
    const starts = await app.inject({
      method: "GET",
      url: `/api/v1/audit?action=session.start&entityId=${admin.id}`,
      headers,
    });
    expect(starts.json().items.length).toBeGreaterThanOrEqual(1);
    const rows = await db.select().from(platformAuditLog).where(eq(platformAuditLog.entityId, userId));
    expect(rows).toHaveLength(2);
  });
});
