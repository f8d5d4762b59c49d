import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { roleAssignments } from "../../db/schema/accounts.ts";
import {
  buildOrganisation,
  buildResponse,
  buildSector,
  buildTestApp,
  buildUser,
  signIn,
} from "../../testing/factories.ts";

/** Accounts: creating them with roles, disabling them, and a response's members. */

let app: App;
let db: Db;

beforeAll(async () => {
  ({ app, db } = await buildTestApp());
});

async function adminSession() {
  const admin = await buildUser(db, { isAdmin: true });
  return { admin, ...(await signIn(app, admin.email)) };
}

const createUser = (headers: Record<string, string>, payload: object) =>
  app.inject({ method: "POST", url: "/api/v1/users", headers, payload });
const uniqueEmail = () => `person-${crypto.randomUUID().slice(0, 8)}@example.org`;

function expectError(
  res: Awaited<ReturnType<typeof createUser>>,
  status: number,
  code: string,
  path?: string,
) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json().error.code).toBe(code);
  if (path) expect(res.json().error.details.map((d: { path: string }) => d.path)).toContain(path);
}

describe("creating accounts", () => {
  it("creates a user with roles in a response", async () => {
    const { headers } = await adminSession();
    const response = await buildResponse(db);
    const sector = await buildSector(db, response.id);
    const org = await buildOrganisation(db, response.id);
    const email = uniqueEmail();
    const res = await createUser(headers, {
      email: email.toUpperCase(),
      name: "Coordinator",
      password: "a long enough password",
      roles: [
        { responseSlug: response.slug, role: "sector_coordinator", sectorId: sector.id },
        { responseSlug: response.slug, role: "organisation_editor", organisationId: org.id },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ email, isAdmin: false, disabled: false, locale: "en" });
    expect(
      res
        .json()
        .roles.map((r: { role: string; sectorId: string | null; organisationId: string | null }) => [
          r.role,
          r.sectorId,
          r.organisationId,
        ])
        .sort(),
    ).toEqual(
      [
        ["organisation_editor", null, org.id],
        ["sector_coordinator", sector.id, null],
      ].sort(),
    );
    expect((await signIn(app, email, "a long enough password")).csrfToken).toBeTruthy();
  });

  it("refuses a sector coordinator without a sector", async () => {
    const { headers } = await adminSession();
    const response = await buildResponse(db);
    expectError(
      await createUser(headers, {
        email: uniqueEmail(),
        name: "No sector",
        roles: [{ responseSlug: response.slug, role: "sector_coordinator" }],
      }),
      400,
      "VALIDATION_FAILED",
      "body.roles.0.sectorId",
    );
  });

  it("refuses a sector of another response and writes no account", async () => {
    const { headers } = await adminSession();
    const response = await buildResponse(db);
    const elsewhere = await buildResponse(db);
    const foreign = await buildSector(db, elsewhere.id);
    const email = uniqueEmail();
    expectError(
      await createUser(headers, {
        email,
        name: "Wrong sector",
        roles: [
          { responseSlug: response.slug, role: "viewer" },
          { responseSlug: response.slug, role: "sector_coordinator", sectorId: foreign.id },
        ],
      }),
      400,
      "VALIDATION_FAILED",
      "body.roles.1.sectorId",
    );
    const listed = await app.inject({ method: "GET", url: `/api/v1/users?q=${email}`, headers });
    expect(listed.json().items).toEqual([]);
  });

  it("refuses an unknown response and an editor without an organisation", async () => {
    const { headers } = await adminSession();
    expectError(
      await createUser(headers, {
        email: uniqueEmail(),
        name: "Lost",
        roles: [{ responseSlug: "no-such-response", role: "viewer" }],
      }),
      400,
      "VALIDATION_FAILED",
      "body.roles.0.responseSlug",
    );
    const response = await buildResponse(db);
    expectError(
      await createUser(headers, {
        email: uniqueEmail(),
        name: "No org",
        roles: [{ responseSlug: response.slug, role: "organisation_editor" }],
      }),
      400,
      "VALIDATION_FAILED",
      "body.roles.0.organisationId",
    );
  });

  it("answers 409 for an e-mail already used, in any case", async () => {
    const { headers } = await adminSession();
    const existing = await buildUser(db);
    expectError(
      await createUser(headers, { email: existing.email.toUpperCase(), name: "Twin" }),
      409,
      "CONFLICT",
      "body.email",
    );
  });

  it("refuses a malformed e-mail and a short password", async () => {
    const { headers } = await adminSession();
    expectError(
      await createUser(headers, { email: "not-an-email", name: "X" }),
      400,
      "VALIDATION_FAILED",
      "body.email",
    );
    expectError(
      await createUser(headers, { email: uniqueEmail(), name: "X", password: "short" }),
      400,
      "VALIDATION_FAILED",
      "body.password",
    );
  });
});

describe("disabling accounts", () => {
  it("ends the user's sessions at once and stops them signing in", async () => {
    const { headers } = await adminSession();
    const response = await buildResponse(db);
    const user = await buildUser(db, { role: "response_manager", responseId: response.id });
    const theirs = await signIn(app, user.email);
    const res = await app.inject({
      method: "PATCH",
      url: `/api/v1/users/${user.id}`,
      headers,
      payload: { disabled: true },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().disabled).toBe(true);

    const session = await app.inject({
      method: "GET",
      url: "/api/v1/auth/session",
      headers: { cookie: theirs.cookie },
    });
    expect(session.json().user).toBeNull();
    const write = await app.inject({
      method: "PATCH",
      url: `/api/v1/responses/${response.slug}`,
      headers: theirs.headers,
      payload: { name: "Still here?" },
    });
    expect(write.statusCode).toBe(401);
    const login = await app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { email: user.email, password: user.password },
    });
    expect(login.statusCode).toBe(401);
  });

  it("also stops the user's API tokens", async () => {
    const { headers } = await adminSession();
    const user = await buildUser(db);
    const theirs = await signIn(app, user.email);
    const token = await app.inject({
      method: "POST",
      url: "/api/v1/auth/tokens",
      headers: theirs.headers,
      payload: { name: "script", scope: "read" },
    });
    await app.inject({
      method: "PATCH",
      url: `/api/v1/users/${user.id}`,
      headers,
      payload: { disabled: true },
    });
    const res = await app.inject({
      method: "GET",
      url: "/api/v1/auth/session",
      headers: { authorization: `Bearer ${token.json().token}` },
    });
    expect(res.statusCode).toBe(401);
  });

  it("refuses an administrator disabling themselves or dropping their own admin role (409)", async () => {
    const { admin, headers } = await adminSession();
    expectError(
      await app.inject({
        method: "PATCH",
        url: `/api/v1/users/${admin.id}`,
        headers,
        payload: { disabled: true },
      }),
      409,
      "CONFLICT",
    );
    expectError(
      await app.inject({
        method: "PATCH",
        url: `/api/v1/users/${admin.id}`,
        headers,
        payload: { isAdmin: false },
      }),
      409,
      "CONFLICT",
    );
    const me = await app.inject({
      method: "GET",
      url: "/api/v1/auth/session",
      headers: { cookie: headers.cookie! },
    });
    expect(me.json().user).toMatchObject({ userId: admin.id, isAdmin: true });
  });

  it("re-enabling lets the user sign in again", async () => {
    const { headers } = await adminSession();
    const user = await buildUser(db, { disabled: true });
    await app.inject({
      method: "PATCH",
      url: `/api/v1/users/${user.id}`,
      headers,
      payload: { disabled: false },
    });
    expect((await signIn(app, user.email)).csrfToken).toBeTruthy();
  });

  it("answers 404 for an unknown user", async () => {
    const { headers } = await adminSession();
    expectError(
      await app.inject({
        method: "PATCH",
        url: "/api/v1/users/00000000-0000-4000-8000-000000000000",
        headers,
        payload: { name: "Ghost" },
      }),
      404,
      "NOT_FOUND",
    );
  });
});

describe("members of a response", () => {
  async function membersWorld() {
    const here = await buildResponse(db);
    const there = await buildResponse(db);
    const manager = await buildUser(db, { role: "response_manager", responseId: here.id });
    const member = await buildUser(db, { role: "viewer", responseId: here.id });
    await db
      .insert(roleAssignments)
      .values({ responseId: there.id, userId: member.id, role: "response_manager" });
    return { here, there, member, headers: (await signIn(app, manager.email)).headers };
  }
  const rolesIn = async (responseId: string, userId: string) =>
    (
      await db
        .select()
        .from(roleAssignments)
        .where(and(eq(roleAssignments.responseId, responseId), eq(roleAssignments.userId, userId)))
    )
      .map((r) => r.role)
      .sort();

  it("PUT replaces the roles within that response only", async () => {
    const { here, there, member, headers } = await membersWorld();
    const sector = await buildSector(db, here.id);
    const res = await app.inject({
      method: "PUT",
      url: `/api/v1/responses/${here.slug}/members/${member.id}`,
      headers,
      payload: { roles: [{ role: "sector_coordinator", sectorId: sector.id }] },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().roles).toEqual([
      { role: "sector_coordinator", sectorId: sector.id, organisationId: null },
    ]);
    expect(await rolesIn(here.id, member.id)).toEqual(["sector_coordinator"]);
    expect(await rolesIn(there.id, member.id)).toEqual(["response_manager"]);
  });

  it("PUT with no roles removes the user from the response", async () => {
    const { here, there, member, headers } = await membersWorld();
    const res = await app.inject({
      method: "PUT",
      url: `/api/v1/responses/${here.slug}/members/${member.id}`,
      headers,
      payload: { roles: [] },
    });
    expect(res.statusCode).toBe(200);
    expect(await rolesIn(here.id, member.id)).toEqual([]);
    expect(await rolesIn(there.id, member.id)).toEqual(["response_manager"]);
    const members = await app.inject({
      method: "GET",
      url: `/api/v1/responses/${here.slug}/members`,
      headers,
    });
    expect(members.json().items.map((m: { id: string }) => m.id)).not.toContain(member.id);
  });

  it("refuses a sector of another response", async () => {
    const { here, there, member, headers } = await membersWorld();
    const foreign = await buildSector(db, there.id);
    const res = await app.inject({
      method: "PUT",
      url: `/api/v1/responses/${here.slug}/members/${member.id}`,
      headers,
      payload: { roles: [{ role: "sector_coordinator", sectorId: foreign.id }] },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].path).toBe("body.roles.0.sectorId");
    expect(await rolesIn(here.id, member.id)).toEqual(["viewer"]);
  });

  it("answers 404 for an unknown user", async () => {
    const { here, headers } = await membersWorld();
    const res = await app.inject({
      method: "PUT",
      url: `/api/v1/responses/${here.slug}/members/00000000-0000-4000-8000-000000000000`,
      headers,
      payload: { roles: [{ role: "viewer" }] },
    });
    expect(res.statusCode).toBe(404);
  });

  it("lists members with their roles in this response", async () => {
    const { here, member, headers } = await membersWorld();
    const res = await app.inject({ method: "GET", url: `/api/v1/responses/${here.slug}/members`, headers });
    const found = res.json().items.find((m: { id: string }) => m.id === member.id);
    expect(found.roles).toEqual([{ role: "viewer", sectorId: null, organisationId: null }]);
  });
});
