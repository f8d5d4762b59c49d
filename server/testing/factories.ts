import { randomUUID } from "node:crypto";
import type { RoleName } from "../../common/permissions.ts";
import { buildApp } from "../app.ts";
import type { App } from "../context.ts";
import type { Db } from "../db/client.ts";
import { roleAssignments, users } from "../db/schema/accounts.ts";
import { locations, organisations, sectors } from "../db/schema/reference.ts";
import { responses } from "../db/schema/tenancy.ts";
import { loadEnv } from "../env.ts";
import { memoryMailer } from "../mail.ts";
import { hashPassword } from "../modules/auth/secrets.ts";
import { testDatabase } from "./test-db.ts";

const unique = () => randomUUID().slice(0, 8);

/** The app over the worker's test database, with mail kept in memory. */
export async function buildTestApp(envOverrides: Record<string, string> = {}) {
  const database = await testDatabase();
  const mailer = memoryMailer();
  const env = loadEnv({ LOG_LEVEL: "silent", LOGIN_RATE_LIMIT: "1000", ...envOverrides });
  const app = await buildApp({ database, env, mailer }, { logger: false });
  await app.ready();
  return { app, db: database.db, database, mailer };
}

export async function buildResponse(db: Db, overrides: Partial<typeof responses.$inferInsert> = {}) {
  const slug = `test-${unique()}`;
  const [row] = await db
    .insert(responses)
    .values({
      slug,
      name: `Test response ${slug}`,
      countryIso3: "BGD",
      languages: ["en", "bn"],
      startsOn: "2024-01-01",
      ...overrides,
    })
    .returning();
  return row!;
}

export async function buildOrganisation(
  db: Db,
  responseId: string,
  overrides: Partial<typeof organisations.$inferInsert> = {},
) {
  const [row] = await db
    .insert(organisations)
    .values({ responseId, name: `Organisation ${unique()}`, type: "22", ...overrides })
    .returning();
  return row!;
}

export async function buildSector(
  db: Db,
  responseId: string,
  overrides: Partial<typeof sectors.$inferInsert> = {},
) {
  const [row] = await db
    .insert(sectors)
    .values({ responseId, code: `S${unique()}`, name: `Sector ${unique()}`, kind: "sector", ...overrides })
    .returning();
  return row!;
}

export async function buildLocation(
  db: Db,
  responseId: string,
  overrides: Partial<typeof locations.$inferInsert> = {},
) {
  const [row] = await db
    .insert(locations)
    .values({
      responseId,
      code: `L${unique()}`,
      name: `Location ${unique()}`,
      kind: "admin",
      level: 0,
      ...overrides,
    })
    .returning();
  return row!;
}

export const testPassword = "correct horse battery staple";

export interface UserSpec {
  isAdmin?: boolean;
  role?: RoleName;
  responseId?: string;
  sectorId?: string | null;
  organisationId?: string | null;
  disabled?: boolean;
}

// Hashing is deliberately slow; tests share one hash of the common password.
let passwordHash: Promise<string> | undefined;

export async function buildUser(db: Db, spec: UserSpec = {}) {
  passwordHash ??= hashPassword(testPassword);
  const email = `user-${unique()}@example.org`;
  const [user] = await db
    .insert(users)
    .values({
      email,
      name: `User ${email}`,
      isAdmin: !!spec.isAdmin,
      passwordHash: await passwordHash,
      disabledAt: spec.disabled ? new Date() : null,
    })
    .returning();
  if (spec.role && spec.responseId) {
    await db.insert(roleAssignments).values({
      responseId: spec.responseId,
      userId: user!.id,
      role: spec.role,
      sectorId: spec.sectorId ?? null,
      organisationId: spec.organisationId ?? null,
    });
  }
  return { ...user!, password: testPassword };
}

export interface SignedIn {
  cookie: string;
  csrfToken: string;
  /** Headers for a write: the session cookie and the CSRF token. */
  headers: Record<string, string>;
}

/** Signs in through the API like a browser would. */
export async function signIn(app: App, email: string, password = testPassword): Promise<SignedIn> {
  const res = await app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
  const setCookie = res.cookies.find((c) => c.name === "isx_session");
  const cookie = `isx_session=${setCookie!.value}`;
  const csrfToken = (res.json() as { csrfToken: string }).csrfToken;
  return { cookie, csrfToken, headers: { cookie, "x-csrf-token": csrfToken } };
}

/** A fresh response and a signed-in response manager of it: the usual start of an API test. */
export async function buildManagedResponse(app: App, db: Db) {
  const response = await buildResponse(db);
  const manager = await buildUser(db, { role: "response_manager", responseId: response.id });
  const { headers } = await signIn(app, manager.email);
  return { response, slug: response.slug, manager, headers };
}
