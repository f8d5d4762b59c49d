import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { App } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { apiTokens } from "../../db/schema/accounts.ts";
import {
  buildOrganisation,
  buildResponse,
  buildTestApp,
  buildUser,
  signIn,
  testPassword,
} from "../../testing/factories.ts";
import { sha256 } from "./secrets.ts";

/** Signing in and out, sessions, CSRF, rate limiting, password reset and API tokens. */

let app: App;
let db: Db;

beforeAll(async () => {
  ({ app, db } = await buildTestApp());
});

const login = (email: string, password: string) =>
  app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { email, password } });
const session = async (cookie: string) => {
  const res = await app.inject({ method: "GET", url: "/api/v1/auth/session", headers: { cookie } });
  expect(res.statusCode).toBe(200);
  return res.json() as { user: { userId: string } | null; csrfToken: string | null };
};
const cookieOf = (res: Awaited<ReturnType<typeof login>>) =>
  `isx_session=${res.cookies.find((c) => c.name === "isx_session")!.value}`;

describe("signing in", () => {
  it("gives the same 401 INVALID_CREDENTIALS answer for a wrong password and an unknown e-mail", async () => {
    const user = await buildUser(db);
    const wrong = await login(user.email, "not the password at all");
    const unknown = await login(`nobody-${user.id}@example.org`, testPassword);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json().error.code).toBe("INVALID_CREDENTIALS");
    expect(wrong.cookies).toEqual([]);
  });

  it("accepts the e-mail in another case", async () => {
    const user = await buildUser(db);
    const res = await login(user.email.toUpperCase(), testPassword);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().user.userId).toBe(user.id);
  });

  it("refuses a disabled account with the same answer", async () => {
    const user = await buildUser(db, { disabled: true });
    const res = await login(user.email, testPassword);
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe("INVALID_CREDENTIALS");
  });

  it("sets an HttpOnly, SameSite=Lax session cookie and returns the CSRF token", async () => {
    const user = await buildUser(db);
    const res = await login(user.email, testPassword);
    const cookie = res.cookies.find((c) => c.name === "isx_session")!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe("Lax");
    expect(cookie.path).toBe("/");
    expect(new Date(cookie.expires!).getTime()).toBeGreaterThan(Date.now());
    expect(res.json().csrfToken).toEqual(expect.any(String));
    expect((await session(cookieOf(res))).csrfToken).toBe(res.json().csrfToken);
  });

  it("rotates the session: after signing in again, the old cookie no longer works", async () => {
    const user = await buildUser(db);
    const firstRes = await login(user.email, testPassword);
    const first = cookieOf(firstRes);
    // The browser still holds the first cookie (and its CSRF token) when it signs in again.
    const second = await app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { email: user.email, password: testPassword },
      headers: { cookie: first, "x-csrf-token": firstRes.json().csrfToken },
    });
    expect(second.statusCode).toBe(200);
    expect(cookieOf(second)).not.toBe(first);
    expect((await session(first)).user).toBeNull();
    expect((await session(cookieOf(second))).user?.userId).toBe(user.id);
  });

  it("ends the session on logout", async () => {
    const user = await buildUser(db);
    const { cookie, headers } = await signIn(app, user.email);
    const res = await app.inject({ method: "POST", url: "/api/v1/auth/logout", headers });
    expect(res.statusCode).toBe(204);
    expect((await session(cookie)).user).toBeNull();
  });
});

describe("CSRF", () => {
  async function editor() {
    const response = await buildResponse(db);
    const user = await buildUser(db, { role: "response_manager", responseId: response.id });
    return { response, ...(await signIn(app, user.email)) };
  }

  it("refuses a cookie write without X-CSRF-Token (403 CSRF_FAILED) and writes nothing", async () => {
    const { response, cookie } = await editor();
    const res = await app.inject({
      method: "POST",
      url: `/api/v1/responses/${response.slug}/organisations`,
      headers: { cookie },
      payload: { name: "No token NGO", type: "22" },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe("CSRF_FAILED");
    const list = await app.inject({ method: "GET", url: `/api/v1/responses/${response.slug}/organisations` });
    expect(list.json().items).toEqual([]);
  });

  it("refuses a cookie write with a wrong token", async () => {
    const { response, cookie } = await editor();
    const res = await app.inject({
      method: "POST",
      url: `/api/v1/responses/${response.slug}/organisations`,
      headers: { cookie, "x-csrf-token": "guessed" },
      payload: { name: "Wrong token NGO", type: "22" },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe("CSRF_FAILED");
  });

  it("refuses another session's token", async () => {
    const { response, cookie } = await editor();
    const other = await editor();
    const res = await app.inject({
      method: "POST",
      url: `/api/v1/responses/${response.slug}/organisations`,
      headers: { cookie, "x-csrf-token": other.csrfToken },
      payload: { name: "Borrowed token NGO", type: "22" },
    });
    expect(res.statusCode).toBe(403);
  });

  it("accepts the write with the right token", async () => {
    const { response, headers } = await editor();
    const res = await app.inject({
      method: "POST",
      url: `/api/v1/responses/${response.slug}/organisations`,
      headers,
      payload: { name: "Good token NGO", type: "22" },
    });
    expect(res.statusCode).toBe(201);
  });
});

describe("login rate limiting", () => {
  it("answers 429 RATE_LIMITED after LOGIN_RATE_LIMIT attempts, per account", async () => {
    const limited = await buildTestApp({ LOGIN_RATE_LIMIT: "3" });
    const target = await buildUser(db);
    const bystander = await buildUser(db);
    for (let i = 0; i < 3; i++) {
      const res = await limited.app.inject({
        method: "POST",
        url: "/api/v1/auth/login",
        payload: { email: target.email, password: `guess number ${i}` },
      });
      expect(res.statusCode).toBe(401);
    }
    const blocked = await limited.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { email: target.email, password: testPassword },
    });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe("RATE_LIMITED");
    // Someone else signing in from the same address (an office behind one NAT) is not locked out.
    const other = await limited.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { email: bystander.email, password: testPassword },
    });
    expect(other.statusCode, other.body).toBe(200);
    await limited.app.close();
  });
});

describe("password reset", () => {
  const tokenIn = (text: string) => /reset-password\?token=([\w-]+)/.exec(text)?.[1];

  it("mails a link whose token sets a new password once", async () => {
    const reset = await buildTestApp();
    const user = await buildUser(db);
    const asked = await reset.app.inject({
      method: "POST",
      url: "/api/v1/auth/password-reset",
      payload: { email: user.email },
    });
    expect(asked.statusCode).toBe(202);
    // The mail goes after the answer (so timing does not reveal accounts).
    await vi.waitFor(() => expect(reset.mailer.sent).toHaveLength(1));
    expect(reset.mailer.sent[0]!.to).toBe(user.email);
    const token = tokenIn(reset.mailer.sent[0]!.text);
    expect(token).toBeDefined();

    const newPassword = "a brand new passphrase";
    const confirm = await reset.app.inject({
      method: "POST",
      url: "/api/v1/auth/password-reset/confirm",
      payload: { token, password: newPassword },
    });
    expect(confirm.statusCode, confirm.body).toBe(204);
    expect((await login(user.email, testPassword)).statusCode).toBe(401);
    expect((await login(user.email, newPassword)).statusCode).toBe(200);

    const again = await reset.app.inject({
      method: "POST",
      url: "/api/v1/auth/password-reset/confirm",
      payload: { token, password: "yet another passphrase" },
    });
    expect(again.statusCode).toBe(400);
    expect(again.json().error.details[0].path).toBe("body.token");
    expect((await login(user.email, newPassword)).statusCode).toBe(200);
    await reset.app.close();
  });

  it("answers 202 for an unknown e-mail and sends nothing", async () => {
    const reset = await buildTestApp();
    const res = await reset.app.inject({
      method: "POST",
      url: "/api/v1/auth/password-reset",
      payload: { email: "no-such-person@example.org" },
    });
    expect(res.statusCode).toBe(202);
    const disabled = await buildUser(db, { disabled: true });
    await reset.app.inject({
      method: "POST",
      url: "/api/v1/auth/password-reset",
      payload: { email: disabled.email },
    });
    // Mail goes out in the background, in order: once a later request's mail has arrived, the
    // earlier ones (unknown and disabled accounts) have been handled, and sent nothing.
    const known = await buildUser(db);
    await reset.app.inject({
      method: "POST",
      url: "/api/v1/auth/password-reset",
      payload: { email: known.email },
    });
    await vi.waitFor(() => expect(reset.mailer.sent).toHaveLength(1));
    expect(reset.mailer.sent.map((m) => m.to)).toEqual([known.email]);
    await reset.app.close();
  });

  it("refuses a short new password", async () => {
    const res = await app.inject({
      method: "POST",
      url: "/api/v1/auth/password-reset/confirm",
      payload: { token: "x".repeat(40), password: "short" },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].path).toBe("body.password");
  });
});

describe("changing the password", () => {
  it("ends the account's other sessions", async () => {
    const user = await buildUser(db);
    const laptop = await signIn(app, user.email);
    const phone = await signIn(app, user.email);
    const res = await app.inject({
      method: "POST",
      url: "/api/v1/auth/password",
      headers: laptop.headers,
      payload: { currentPassword: testPassword, newPassword: "my fresh long passphrase" },
    });
    expect(res.statusCode, res.body).toBe(204);
    expect((await session(phone.cookie)).user).toBeNull();
    expect((await login(user.email, "my fresh long passphrase")).statusCode).toBe(200);
  });

  it("refuses a wrong current password", async () => {
    const user = await buildUser(db);
    const { headers, cookie } = await signIn(app, user.email);
    const res = await app.inject({
      method: "POST",
      url: "/api/v1/auth/password",
      headers,
      payload: { currentPassword: "wrong wrong wrong", newPassword: "my fresh long passphrase" },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].path).toBe("body.currentPassword");
    expect((await session(cookie)).user).not.toBeNull();
  });
});

describe("API tokens", () => {
  async function tokenWorld(scope: "read" | "write") {
    const response = await buildResponse(db);
    const user = await buildUser(db, { role: "response_manager", responseId: response.id });
    const { headers } = await signIn(app, user.email);
    const res = await app.inject({
      method: "POST",
      url: "/api/v1/auth/tokens",
      headers,
      payload: { name: `${scope} script`, scope },
    });
    expect(res.statusCode, res.body).toBe(201);
    return { response, user, headers, created: res.json() as { id: string; token: string; scope: string } };
  }
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  it("shows the token once, starting with isx_, and it authenticates", async () => {
    const { user, headers, created } = await tokenWorld("read");
    expect(created.token).toMatch(/^isx_[\w-]{20,}$/);
    const listed = await app.inject({ method: "GET", url: "/api/v1/auth/tokens", headers });
    expect(listed.json().items).toHaveLength(1);
    expect(JSON.stringify(listed.json())).not.toContain(created.token);
    const me = await app.inject({
      method: "GET",
      url: "/api/v1/auth/session",
      headers: bearer(created.token),
    });
    expect(me.json().user.userId).toBe(user.id);
  });

  it("a read-scope token reads but cannot write (403 FORBIDDEN)", async () => {
    const { response, created } = await tokenWorld("read");
    const read = await app.inject({
      method: "GET",
      url: `/api/v1/responses/${response.slug}/audit`,
      headers: bearer(created.token),
    });
    expect(read.statusCode, read.body).toBe(200);
    const write = await app.inject({
      method: "POST",
      url: `/api/v1/responses/${response.slug}/organisations`,
      headers: bearer(created.token),
      payload: { name: "Token NGO", type: "22" },
    });
    expect(write.statusCode).toBe(403);
    expect(write.json().error.code).toBe("FORBIDDEN");
    const mint = await app.inject({
      method: "POST",
      url: "/api/v1/auth/tokens",
      headers: bearer(created.token),
      payload: { name: "escalate", scope: "write" },
    });
    expect(mint.statusCode).toBe(403);
  });

  it("a write-scope token writes without any CSRF token", async () => {
    const { response, created } = await tokenWorld("write");
    const org = await buildOrganisation(db, response.id);
    const res = await app.inject({
      method: "PATCH",
      url: `/api/v1/responses/${response.slug}/organisations/${org.id}`,
      headers: bearer(created.token),
      payload: { acronym: "TOK" },
    });
    expect(res.statusCode, res.body).toBe(200);
  });

  it("a revoked or unknown token answers 401", async () => {
    const { headers, created } = await tokenWorld("write");
    const revoke = await app.inject({ method: "DELETE", url: `/api/v1/auth/tokens/${created.id}`, headers });
    expect(revoke.statusCode).toBe(204);
    const res = await app.inject({
      method: "GET",
      url: "/api/v1/auth/session",
      headers: bearer(created.token),
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe("UNAUTHENTICATED");
    const unknown = await app.inject({
      method: "GET",
      url: "/api/v1/responses",
      headers: bearer("isx_made_up_token"),
    });
    expect(unknown.statusCode).toBe(401);
  });

  it("stores the token's hash, never the token", async () => {
    const { user, created } = await tokenWorld("read");
    const rows = await db.select().from(apiTokens).where(eq(apiTokens.userId, user.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).toBe(sha256(created.token));
    expect(JSON.stringify(rows)).not.toContain(created.token);
  });
});

describe("password change hardening", () => {
  it("refuses API tokens, even write tokens, and rate-limits guesses of the current password", async () => {
    const limited = await buildTestApp({ LOGIN_RATE_LIMIT: "3" });
    const user = await buildUser(db);
    const session = await signIn(limited.app, user.email);
    const issued = await limited.app.inject({
      method: "POST",
      url: "/api/v1/auth/tokens",
      headers: session.headers,
      payload: { name: "w", scope: "write" },
    });
    const bearer = { authorization: `Bearer ${issued.json().token}` };
    const viaToken = await limited.app.inject({
      method: "POST",
      url: "/api/v1/auth/password",
      headers: bearer,
      payload: { currentPassword: user.password, newPassword: "another long passphrase" },
    });
    expect(viaToken.statusCode).toBe(403);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await limited.app.inject({
        method: "POST",
        url: "/api/v1/auth/password",
        headers: session.headers,
        payload: { currentPassword: `guess number ${i}`, newPassword: "another long passphrase" },
      });
      statuses.push(res.statusCode);
    }
    // Three attempts a minute per account: the refused token attempt counted as the first.
    expect(statuses).toEqual([400, 400, 429, 429]);
    await limited.app.close();
  });

  it("voids reset links still outstanding when the password changes", async () => {
    const reset = await buildTestApp();
    const user = await buildUser(db);
    await reset.app.inject({
      method: "POST",
      url: "/api/v1/auth/password-reset",
      payload: { email: user.email },
    });
    await vi.waitFor(() => expect(reset.mailer.sent).toHaveLength(1));
    const token = /token=([\w-]+)/.exec(reset.mailer.sent[0]!.text)![1]!;
    const session = await signIn(reset.app, user.email);
    const changed = await reset.app.inject({
      method: "POST",
      url: "/api/v1/auth/password",
      headers: session.headers,
      payload: { currentPassword: user.password, newPassword: "changed by the owner" },
    });
    expect(changed.statusCode).toBe(204);
    const late = await reset.app.inject({
      method: "POST",
      url: "/api/v1/auth/password-reset/confirm",
      payload: { token, password: "changed by whoever read the mail" },
    });
    expect(late.statusCode).toBe(400);
    await reset.app.close();
  });

  it("audits sign-out", async () => {
    const user = await buildUser(db);
    const session = await signIn(app, user.email);
    await app.inject({ method: "POST", url: "/api/v1/auth/logout", headers: session.headers });
    const { platformAuditLog } = await import("../../db/schema/audit.ts");
    const rows = await db.select().from(platformAuditLog).where(eq(platformAuditLog.entityId, user.id));
    expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(["session.start", "session.end"]));
  });
});
