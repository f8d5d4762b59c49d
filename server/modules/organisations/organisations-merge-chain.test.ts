import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { auditLog } from "../../db/schema/audit.ts";
import {
  buildManagedResponse,
  buildOrganisation,
  buildTestApp,
  buildUser,
  signIn,
} from "../../testing/factories.ts";

/** Hierarchies and merges that span more than two organisations. */

let app: App;
let db: Db;

beforeAll(async () => {
  ({ app, db } = await buildTestApp());
});

describe("organisation hierarchy", () => {
  it("refuses a parent that would make a loop (A under B under A)", async () => {
    const { response, slug, headers } = await buildManagedResponse(app, db);
    const a = await buildOrganisation(db, response.id);
    const b = await buildOrganisation(db, response.id, { parentId: a.id });
    const res = await app.inject({
      method: "PATCH",
      url: `/api/v1/responses/${slug}/organisations/${a.id}`,
      headers,
      payload: { parentId: b.id },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toEqual([{ path: "body.parentId", message: "cycle" }]);
  });
});

describe("merge chains", () => {
  it("points organisations merged earlier straight at the final survivor", async () => {
    const { response, slug, headers } = await buildManagedResponse(app, db);
    const a = await buildOrganisation(db, response.id);
    const b = await buildOrganisation(db, response.id);
    const c = await buildOrganisation(db, response.id);
    const merge = (from: string, into: string) =>
      app.inject({
        method: "POST",
        url: `/api/v1/responses/${slug}/organisations/${from}/merge`,
        headers,
        payload: { intoId: into },
      });
    expect((await merge(a.id, b.id)).statusCode).toBe(200);
    expect((await merge(b.id, c.id)).statusCode).toBe(200);
    const redirect = await app.inject({
      method: "GET",
      url: `/api/v1/responses/${slug}/organisations/${a.id}`,
    });
    expect(redirect.statusCode).toBe(308);
    expect(redirect.headers.location).toBe(`/api/v1/responses/${slug}/organisations/${c.id}`);
    const survivor = await app.inject({
      method: "GET",
      url: `/api/v1/responses/${slug}/organisations/${c.id}`,
    });
    expect(survivor.json().aliases).toEqual(expect.arrayContaining([a.name, b.name]));
  });

  it("moves the duplicate's editors to the survivor, audits each move, and keeps one role for an editor of both", async () => {
    const { response, slug, headers } = await buildManagedResponse(app, db);
    const duplicate = await buildOrganisation(db, response.id);
    const survivor = await buildOrganisation(db, response.id);
    const onlyDuplicate = await buildUser(db, {
      role: "organisation_editor",
      responseId: response.id,
      organisationId: duplicate.id,
    });
    const both = await buildUser(db, {
      role: "organisation_editor",
      responseId: response.id,
      organisationId: duplicate.id,
    });
    const { roleAssignments } = await import("../../db/schema/accounts.ts");
    await db.insert(roleAssignments).values({
      responseId: response.id,
      userId: both.id,
      role: "organisation_editor",
      organisationId: survivor.id,
    });
    const res = await app.inject({
      method: "POST",
      url: `/api/v1/responses/${slug}/organisations/${duplicate.id}/merge`,
      headers,
      payload: { intoId: survivor.id },
    });
    expect(res.statusCode, res.body).toBe(200);
    const rolesOf = (userId: string) =>
      db
        .select()
        .from(roleAssignments)
        .where(and(eq(roleAssignments.responseId, response.id), eq(roleAssignments.userId, userId)));
    expect((await rolesOf(onlyDuplicate.id)).map((r) => r.organisationId)).toEqual([survivor.id]);
    expect((await rolesOf(both.id)).map((r) => r.organisationId)).toEqual([survivor.id]);
    const audits = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.responseId, response.id), eq(auditLog.action, "user.role.change")));
    expect(audits.map((a) => a.entityId).sort()).toEqual([onlyDuplicate.id, both.id].sort());
    expect(audits[0]!.reason).toContain("merged into");
    // The moved editor can now edit the survivor, as the audit says.
    const editor = await signIn(app, onlyDuplicate.email);
    const edit = await app.inject({
      method: "PATCH",
      url: `/api/v1/responses/${slug}/organisations/${survivor.id}`,
      headers: editor.headers,
      payload: { acronym: "SRV" },
    });
    expect(edit.statusCode).toBe(200);
  });
});

describe("list cursors", () => {
  it("refuses a name cursor reused with sort=recent (400, not a failed cast)", async () => {
    const { response, slug } = await buildManagedResponse(app, db);
    await buildOrganisation(db, response.id);
    await buildOrganisation(db, response.id);
    const first = await app.inject({
      method: "GET",
      url: `/api/v1/responses/${slug}/organisations?limit=1&sort=name`,
    });
    const cursor = first.json().nextCursor;
    const res = await app.inject({
      method: "GET",
      url: `/api/v1/responses/${slug}/organisations?limit=1&sort=recent&cursor=${cursor}`,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].path).toBe("querystring.cursor");
  });
});
