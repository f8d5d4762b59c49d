import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { buildManagedResponse, buildTestApp, buildUser, signIn } from "../../testing/factories.ts";

/** Data-subject requests: an administrator exports or erases one person's account data. */

let app: App;
let db: Db;
let admin: Awaited<ReturnType<typeof signIn>>;
let adminId: string;

beforeAll(async () => {
  ({ app, db } = await buildTestApp());
  const user = await buildUser(db, { isAdmin: true });
  adminId = user.id;
  admin = await signIn(app, user.email);
});

describe("account data export and erasure", () => {
  it("exports the account, its roles, sessions, tokens and the changes it made", async () => {
    const { slug, manager, headers } = await buildManagedResponse(app, db);
    await app.inject({
      method: "POST",
      url: `/api/v1/responses/${slug}/organisations`,
      headers,
      payload: { name: "Exported NGO", type: "22" },
    });
    await app.inject({
      method: "POST",
      url: "/api/v1/auth/tokens",
      headers,
      payload: { name: "sync script" },
    });
    const res = await app.inject({
      method: "GET",
      url: `/api/v1/users/${manager.id}/export`,
      headers: admin.headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["content-disposition"]).toContain(`account-${manager.id}.json`);
    const data = res.json();
    expect(data.account.email).toBe(manager.email);
    expect(data.account.roles).toEqual([
      expect.objectContaining({ role: "response_manager", responseSlug: slug }),
    ]);
    expect(data.sessions).toHaveLength(1);
    expect(data.apiTokens).toEqual([expect.objectContaining({ name: "sync script", scope: "read" })]);
    expect(data.actions.map((a: { action: string }) => a.action)).toEqual(
      expect.arrayContaining(["organisation.create", "session.start", "api_token.create"]),
    );
    expect(JSON.stringify(data)).not.toMatch(/password_hash|passwordHash|token_hash/);
  });

  it("erases the account but keeps its audit entries without naming the person", async () => {
    const { slug, manager, headers } = await buildManagedResponse(app, db);
    await app.inject({
      method: "POST",
      url: `/api/v1/responses/${slug}/organisations`,
      headers,
      payload: { name: "Erased NGO", type: "22" },
    });
    // A role change writes the person's e-mail into the audit log; erasure must remove it.
    await app.inject({
      method: "PUT",
      url: `/api/v1/responses/${slug}/members/${manager.id}`,
      headers: admin.headers,
      payload: { roles: [{ role: "response_manager" }, { role: "viewer" }] },
    });
    const like = `%${manager.email}%`;
    const mentions = async () => {
      const result = await db.execute<{ n: number }>(sql`
        SELECT (SELECT count(*) FROM audit_log WHERE actor_label = ${manager.email} OR after::text LIKE ${like} OR before::text LIKE ${like})::int
             + (SELECT count(*) FROM platform_audit_log WHERE actor_label = ${manager.email} OR after::text LIKE ${like} OR before::text LIKE ${like})::int AS n`);
      return result.rows[0]!.n;
    };
    expect(await mentions()).toBeGreaterThan(0);
    const res = await app.inject({
      method: "DELETE",
      url: `/api/v1/users/${manager.id}`,
      headers: admin.headers,
    });
    expect(res.statusCode, res.body).toBe(204);
    expect((await db.execute(sql`SELECT 1 FROM users WHERE id = ${manager.id}`)).rows).toHaveLength(0);
    expect((await db.execute(sql`SELECT 1 FROM sessions WHERE user_id = ${manager.id}`)).rows).toHaveLength(
      0,
    );
    const audit = await app.inject({
      method: "GET",
      url: `/api/v1/responses/${slug}/audit?action=organisation.create`,
      headers: admin.headers,
    });
    const [entry] = audit.json().items;
    expect(entry.after.name).toBe("Erased NGO");
    expect(entry.actorLabel).toBe(`deleted account ${manager.id.slice(0, 8)}`);
    expect(await mentions()).toBe(0);
    expect(
      (await app.inject({ method: "GET", url: "/api/v1/auth/session", headers })).json().user,
    ).toBeNull();
  });

  it("refuses to erase your own account, and answers 404 for an unknown one", async () => {
    expect(
      (await app.inject({ method: "DELETE", url: `/api/v1/users/${adminId}`, headers: admin.headers }))
        .statusCode,
    ).toBe(409);
    const unknown = await app.inject({
      method: "DELETE",
      url: "/api/v1/users/00000000-0000-4000-8000-000000000000",
      headers: admin.headers,
    });
    expect(unknown.statusCode).toBe(404);
  });

  it("is for administrators only", async () => {
    const { manager, headers } = await buildManagedResponse(app, db);
    expect(
      (await app.inject({ method: "GET", url: `/api/v1/users/${manager.id}/export`, headers })).statusCode,
    ).toBe(403);
    expect(
      (await app.inject({ method: "DELETE", url: `/api/v1/users/${manager.id}`, headers })).statusCode,
    ).toBe(403);
    expect((await app.inject({ method: "GET", url: `/api/v1/users/${manager.id}/export` })).statusCode).toBe(
      401,
    );
  });
});

describe("many accounts", () => {
  it("finds and updates an account beyond the first 500 by e-mail", async () => {
    // Bulk accounts sort after the other tests' users (user-…) and before this one (zzz-…).
    const { users } = await import("../../db/schema/accounts.ts");
    const stamp = Date.now();
    await db.insert(users).values(
      Array.from({ length: 510 }, (_, i) => ({
        email: `v-bulk-${stamp}-${i}@example.org`,
        name: `Bulk ${i}`,
      })),
    );
    const late = await buildUser(db);
    await db.execute(sql`UPDATE users SET email = ${`zzz-${late.email}`} WHERE id = ${late.id}`);
    expect(
      (await app.inject({ method: "GET", url: `/api/v1/users/${late.id}`, headers: admin.headers }))
        .statusCode,
    ).toBe(200);
    const patch = await app.inject({
      method: "PATCH",
      url: `/api/v1/users/${late.id}`,
      headers: admin.headers,
      payload: { name: "Found" },
    });
    expect(patch.json().name).toBe("Found");
  });
});
