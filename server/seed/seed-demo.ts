import { eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { roleAssignments, users } from "../db/schema/accounts.ts";
import {
  activityTypes,
  indicators,
  locations,
  organisations,
  populationGroups,
  sectorLeads,
  sectors,
} from "../db/schema/reference.ts";
import { responses } from "../db/schema/tenancy.ts";
import { loadEnv } from "../env.ts";
import { type FileStore, fileStoreFor } from "../files/store.ts";
import { recordAudit, systemActor } from "../modules/audit/audit.service.ts";
import { hashPassword, randomPassword } from "../modules/auth/secrets.ts";
import type { DemoResponse, DemoSector } from "./demo/demo-types.ts";
import { myanmarResponse } from "./demo/myanmar.ts";
import { rohingyaResponse } from "./demo/rohingya.ts";
import { myanmarStructure, rohingyaStructure } from "./demo/structures.ts";
import { seedDemoActivities } from "./demo-activities-write.ts";
import { myanmarContacts, rohingyaContacts, seedDemoContacts } from "./demo-contacts.ts";
import { seedDemoContent } from "./demo-content.ts";
import { seedDemoDuplicates } from "./demo-duplicates.ts";
import { seedDemoEvents } from "./demo-events.ts";
import { seedDemoPlans } from "./demo-plans.ts";
import { seedDemoPractices } from "./demo-practices.ts";
import { seedDemoStructure } from "./demo-structure.ts";

export const demoResponses: DemoResponse[] = [rohingyaResponse, myanmarResponse];
export const demoEmailDomain = "demo.intersector.org";

export interface DemoAccount {
  email: string;
  role: string;
  password: string;
}

/** Inserts one demo response with its gazetteer, organisations, sectors and population groups. */
export async function seedResponse(db: Db, demo: DemoResponse): Promise<string> {
  return db.transaction(async (tx) => {
    const [response] = await tx
      .insert(responses)
      .values({
        slug: demo.slug,
        name: demo.name,
        countryIso3: demo.countryIso3,
        languages: demo.languages,
        startsOn: demo.startsOn,
        endsOn: demo.endsOn ?? null,
      })
      .returning();
    const responseId = response!.id;

    // Parents come before children in the demo lists; insert level by level to resolve ids.
    const locationIds = new Map<string, string>();
    const levels = [0, 1, 2, 3, 4, "site"] as const;
    for (const level of levels) {
      const batch = demo.locations.filter((l) => l.level === level);
      if (batch.length === 0) continue;
      const rows = await tx
        .insert(locations)
        .values(
          batch.map((l) => {
            const parentId = l.parent ? locationIds.get(l.parent) : undefined;
            if (l.parent && !parentId)
              throw new Error(`Demo location ${l.code}: parent ${l.parent} is not seeded before it`);
            const parentLevel = l.parent ? demo.locations.find((p) => p.code === l.parent)?.level : undefined;
            return {
              responseId,
              code: l.code,
              name: l.name,
              names: l.names ?? {},
              kind: level === "site" ? ("site" as const) : ("admin" as const),
              level: level === "site" ? (typeof parentLevel === "number" ? parentLevel + 1 : 5) : level,
              siteType: level === "site" ? (l.siteType ?? "camp") : null,
              parentId: parentId ?? null,
              lat: l.lat ?? null,
              lon: l.lon ?? null,
            };
          }),
        )
        .returning({ id: locations.id, code: locations.code });
      for (const r of rows) locationIds.set(r.code, r.id);
    }

    const orgIds = new Map<string, string>();
    const orgRows = await tx
      .insert(organisations)
      .values(
        demo.organisations.map((o) => ({
          responseId,
          name: o.name,
          acronym: o.acronym ?? null,
          type: o.type,
          iatiId: o.iatiId ?? null,
          aliases: o.aliases ?? [],
        })),
      )
      .returning({ id: organisations.id, name: organisations.name, acronym: organisations.acronym });
    for (const o of orgRows) {
      orgIds.set(o.name, o.id);
      if (o.acronym) orgIds.set(o.acronym, o.id);
    }
    for (const o of demo.organisations.filter((o) => o.parent)) {
      await tx.execute(
        sql`UPDATE organisations SET parent_id = ${orgIds.get(o.parent!)!} WHERE response_id = ${responseId} AND id = ${orgIds.get(o.name)!}`,
      );
    }

    const insertSector = async (s: DemoSector, parentId: string | null) => {
      const [row] = await tx
        .insert(sectors)
        .values({ responseId, code: s.code, name: s.name, kind: s.kind, parentId })
        .returning({ id: sectors.id });
      const sectorId = row!.id;
      const leads = [
        ...s.leads.map((o) => ({ o, role: "lead" as const })),
        ...(s.coLeads ?? []).map((o) => ({ o, role: "co_lead" as const })),
      ];
      if (leads.length) {
        await tx.insert(sectorLeads).values(
          leads.map(({ o, role }) => {
            const organisationId = orgIds.get(o);
            if (!organisationId) throw new Error(`Demo sector ${s.code}: unknown lead ${o}`);
            return { responseId, sectorId, organisationId, role };
          }),
        );
      }
      if (s.activityTypes.length)
        await tx
          .insert(activityTypes)
          .values(s.activityTypes.map((a) => ({ responseId, sectorId, code: a.code, name: a.name })));
      if (s.indicators.length)
        await tx.insert(indicators).values(s.indicators.map((i) => ({ responseId, sectorId, ...i })));
      for (const child of s.children ?? []) await insertSector(child, sectorId);
    };
    for (const s of demo.sectors) await insertSector(s, null);

    await tx.insert(populationGroups).values(demo.populationGroups.map((g) => ({ responseId, ...g })));
    await recordAudit(tx, {
      responseId,
      actor: systemActor,
      action: "response.seed",
      entityType: "response",
      entityId: responseId,
      after: {
        slug: demo.slug,
        locations: demo.locations.length,
        organisations: demo.organisations.length,
        sectors: demo.sectors.length,
      },
    });
    return responseId;
  });
}

/** True when the database has no response yet (a fresh install). */
export async function isEmpty(db: Db): Promise<boolean> {
  const result = await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM responses`);
  return (result.rows[0]?.n ?? 0) === 0;
}

/** Removes the demo responses (their data cascades) and the demo accounts. */
export async function removeDemo(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    const ids = await tx
      .select({ id: responses.id })
      .from(responses)
      .where(
        inArray(
          responses.slug,
          demoResponses.map((d) => d.slug),
        ),
      );
    if (ids.length) {
      const idList = ids.map((r) => r.id);
      await tx.execute(sql`DELETE FROM audit_log WHERE response_id IN ${idList}`);
      // Everything else of a response cascades from it (foreign keys ON DELETE CASCADE).
      await tx.delete(responses).where(inArray(responses.id, idList));
    }
    await tx.delete(users).where(sql`${users.email} LIKE ${`%@${demoEmailDomain}`}`);
    await recordAudit(tx, {
      responseId: null,
      actor: systemActor,
      action: "demo.remove",
      entityType: "response",
    });
  });
}

/**
 * Seeds both demo responses and one account per role, each with a fresh random password that is
 * returned (to print once) and never stored in clear.
 */
export async function seedDemo(db: Db, store: FileStore = fileStoreFor(loadEnv())): Promise<DemoAccount[]> {
  const ids: Record<string, string> = {};
  for (const demo of demoResponses) ids[demo.slug] = await seedResponse(db, demo);
  // A year of 4W records per response, the same on every fresh install (seeded by the slug).
  for (const demo of demoResponses) await seedDemoActivities(db, ids[demo.slug]!, demo.slug);
  for (const demo of demoResponses) {
    await seedDemoDuplicates(db, ids[demo.slug]!);
    await seedDemoPlans(db, ids[demo.slug]!, demo.slug);
  }
  // The coordination structure seats the 4W partners of each sector, so it comes after them.
  await seedDemoStructure(db, ids.rohingya!, rohingyaStructure);
  await seedDemoStructure(db, ids.myanmar!, myanmarStructure);
  // People on the demo platforms (so after the structure); some confirmed recently, some stale.
  await seedDemoContacts(db, ids.rohingya!, rohingyaContacts);
  await seedDemoContacts(db, ids.myanmar!, myanmarContacts);
  // A month of meetings around today on the demo platforms (so after the structure).
  for (const demo of demoResponses) await seedDemoEvents(db, ids[demo.slug]!, demo.slug);
  // Practices link to 4W records of the response, so they come after them.
  await seedDemoPractices(db, ids.rohingya!);
  // Stories and documents name sectors, locations, organisations and platforms, so they come last;
  // their files (generated here) go to the configured file store.
  for (const demo of demoResponses) await seedDemoContent(db, ids[demo.slug]!, demo.slug, store);
  const rohingya = ids.rohingya!;
  const [wash] = await db
    .select({ id: sectors.id })
    .from(sectors)
    .where(sql`${sectors.responseId} = ${rohingya} AND ${sectors.code} = 'WASH'`);
  const [partner] = await db
    .select({ id: organisations.id })
    .from(organisations)
    .where(
      sql`${organisations.responseId} = ${rohingya} AND ${organisations.acronym} = 'BRAC' OR ${organisations.responseId} = ${rohingya} AND ${organisations.name} = 'BRAC'`,
    );
  const plan = [
    { local: "admin", name: "Demo Administrator", isAdmin: true, role: null },
    {
      local: "manager",
      name: "Demo Response Manager",
      isAdmin: false,
      role: { role: "response_manager" as const, sectorId: null, organisationId: null },
    },
    {
      local: "coordinator",
      name: "Demo WASH Coordinator",
      isAdmin: false,
      role: { role: "sector_coordinator" as const, sectorId: wash?.id ?? null, organisationId: null },
    },
    {
      local: "editor",
      name: "Demo Partner Focal Point",
      isAdmin: false,
      role: { role: "organisation_editor" as const, sectorId: null, organisationId: partner?.id ?? null },
    },
    {
      local: "viewer",
      name: "Demo Viewer",
      isAdmin: false,
      role: { role: "viewer" as const, sectorId: null, organisationId: null },
    },
  ];
  const accounts: DemoAccount[] = [];
  for (const p of plan) {
    const password = randomPassword();
    const email = `${p.local}@${demoEmailDomain}`;
    await db.transaction(async (tx) => {
      const [user] = await tx
        .insert(users)
        .values({ email, name: p.name, isAdmin: p.isAdmin, passwordHash: await hashPassword(password) })
        .returning({ id: users.id });
      if (p.role)
        await tx.insert(roleAssignments).values({ responseId: rohingya, userId: user!.id, ...p.role });
      await recordAudit(tx, {
        responseId: null,
        actor: systemActor,
        action: "user.create",
        entityType: "user",
        entityId: user!.id,
        after: { email, isAdmin: p.isAdmin, role: p.role?.role },
      });
    });
    accounts.push({ email, role: p.isAdmin ? "administrator" : p.role!.role, password });
  }
  return accounts;
}

/** Used by `seed --reset` and tests: the id of a seeded response by slug. */
export async function responseIdBySlug(db: Db, slug: string): Promise<string | null> {
  const [row] = await db.select({ id: responses.id }).from(responses).where(eq(responses.slug, slug));
  return row?.id ?? null;
}
