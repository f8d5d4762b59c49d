import { randomUUID } from "node:crypto";
import os from "node:os";
import path from "node:path";
import type { RoleName } from "../../common/permissions.ts";
import { buildApp } from "../app.ts";
import type { App } from "../context.ts";
import type { Db } from "../db/client.ts";
import { roleAssignments, users } from "../db/schema/accounts.ts";
import { activities, activityDonors } from "../db/schema/activities.ts";
import {
  activityTypes,
  indicators,
  locations,
  organisations,
  populationGroups,
  sectors,
} from "../db/schema/reference.ts";
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
  // Uploaded files go to a folder of this test worker, never the repository's ./data.
  const dataDir = path.join(os.tmpdir(), `isx-test-${process.pid}`);
  const env = loadEnv({ LOG_LEVEL: "silent", LOGIN_RATE_LIMIT: "1000", DATA_DIR: dataDir, ...envOverrides });
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

export async function buildActivityType(
  db: Db,
  responseId: string,
  sectorId: string,
  overrides: Partial<typeof activityTypes.$inferInsert> = {},
) {
  const [row] = await db
    .insert(activityTypes)
    .values({ responseId, sectorId, code: `AT-${unique()}`, name: `Activity type ${unique()}`, ...overrides })
    .returning();
  return row!;
}

export async function buildIndicator(
  db: Db,
  responseId: string,
  sectorId: string,
  overrides: Partial<typeof indicators.$inferInsert> = {},
) {
  const [row] = await db
    .insert(indicators)
    .values({
      responseId,
      sectorId,
      code: `IND-${unique()}`,
      name: `Indicator ${unique()}`,
      unit: "people",
      disaggregation: "sex_age",
      ...overrides,
    })
    .returning();
  return row!;
}

export async function buildPopulationGroup(
  db: Db,
  responseId: string,
  overrides: Partial<typeof populationGroups.$inferInsert> = {},
) {
  const [row] = await db
    .insert(populationGroups)
    .values({ responseId, code: `PG-${unique()}`, name: `Population ${unique()}`, ...overrides })
    .returning();
  return row!;
}

/**
 * A 4W record written straight to the database (no API rules), with any reference not given
 * created for it: an organisation, a sector with an activity type, a location. Defaults to a
 * draft reported for March 2024.
 */
export async function buildActivity(
  db: Db,
  responseId: string,
  overrides: Partial<typeof activities.$inferInsert> & { donorIds?: string[] } = {},
) {
  const { donorIds = [], ...values } = overrides;
  const reportingOrgId = values.reportingOrgId ?? (await buildOrganisation(db, responseId)).id;
  const sectorId = values.sectorId ?? (await buildSector(db, responseId)).id;
  const activityTypeId =
    values.activityTypeId ?? (await buildActivityType(db, responseId, values.subSectorId ?? sectorId)).id;
  const locationId = values.locationId ?? (await buildLocation(db, responseId)).id;
  const [row] = await db
    .insert(activities)
    .values({
      responseId,
      status: "ongoing",
      startDate: "2024-03-01",
      endDate: "2024-03-31",
      reportingMonth: "2024-03-01",
      ...values,
      reportingOrgId,
      sectorId,
      activityTypeId,
      locationId,
    })
    .returning();
  if (donorIds.length)
    await db
      .insert(activityDonors)
      .values(donorIds.map((organisationId) => ({ responseId, activityId: row!.id, organisationId })));
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
