import { and, eq, inArray, sql } from "drizzle-orm";
import { can, type Principal, type Target } from "../../../common/permissions.ts";
import { type ContactOutput, isStale } from "../../../common/schemas/contacts.ts";
import type { Db } from "../../db/client.ts";
import { users } from "../../db/schema/accounts.ts";
import { contactPlatforms, contactSectors, contacts } from "../../db/schema/contacts.ts";
import { platforms } from "../../db/schema/platforms.ts";
import { sectors } from "../../db/schema/reference.ts";
import { conflict, invalid, notFound } from "../../errors.ts";
import { type Actor, recordAudit } from "../audit/audit.service.ts";
import { requireActiveOrganisations } from "../organisations/organisations.service.ts";
import { type ContactRecord, queryContacts } from "./contacts.queries.ts";

export async function getContact(db: Db, responseId: string, id: string): Promise<ContactRecord> {
  const [row] = await queryContacts(db, responseId, { ids: [id] });
  if (!row) throw notFound("Contact");
  return row;
}

/** What an entry is, for permissions: its organisation, and its sectors and platforms' sectors with their parents. */
export function contactTarget(
  responseId: string,
  entry: { organisationId: string; sectorIds: string[]; platformSectorIds: (string | null)[] },
  parents: Map<string, string | null>,
): Target {
  const direct = [...entry.sectorIds, ...entry.platformSectorIds].filter((s): s is string => !!s);
  const withParents = direct.flatMap((id) => {
    const parent = parents.get(id);
    return parent ? [id, parent] : [id];
  });
  return { responseId, organisationId: entry.organisationId, sectorIds: [...new Set(withParents)] };
}

export const recordTarget = (responseId: string, c: ContactRecord, parents: Map<string, string | null>) =>
  contactTarget(
    responseId,
    {
      organisationId: c.organisationId,
      sectorIds: c.sectors.map((s) => s.id),
      platformSectorIds: c.platforms.map((p) => p.sectorId),
    },
    parents,
  );

export function presentContact(
  c: ContactRecord,
  now: Date,
  principal: Principal | null,
  parents: Map<string, string | null>,
): ContactOutput {
  return {
    id: c.id,
    name: c.name,
    title: c.title,
    email: c.email,
    phones: c.phones,
    organisation: c.organisation,
    platforms: c.platforms.map(({ id, code, name, role, sectorId }) => ({ id, code, name, role, sectorId })),
    sectors: c.sectors,
    userId: c.userId,
    confirmedAt: c.confirmedAt?.toISOString() ?? null,
    confirmationRequestedAt: c.confirmationRequestedAt?.toISOString() ?? null,
    stale: isStale(c, now),
    canEdit: can(principal, "contact:update", recordTarget(c.responseId, c, parents)),
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

export interface ContactWrite {
  name?: string;
  organisationId?: string;
  title?: string | null;
  email?: string;
  phones?: string[];
  platforms?: { platformId: string; role: ContactRecord["platforms"][number]["role"] }[];
  sectorIds?: string[];
  userId?: string | null;
  /** Set only by the person's own confirmation. */
  confirmedAt?: Date;
}

/** The sector of each platform named (checking they exist in the response). */
export async function platformSectors(
  db: Db,
  responseId: string,
  platformIds: string[],
): Promise<(string | null)[]> {
  if (!platformIds.length) return [];
  if (new Set(platformIds).size !== platformIds.length)
    throw invalid("A person sits on a platform once.", [{ path: "body.platforms", message: "duplicate" }]);
  const rows = await db
    .select({ id: platforms.id, sectorId: platforms.sectorId })
    .from(platforms)
    .where(and(eq(platforms.responseId, responseId), inArray(platforms.id, platformIds)));
  platformIds.forEach((id, i) => {
    if (!rows.some((r) => r.id === id))
      throw invalid("The platform does not exist in this response.", [
        { path: `body.platforms.${i}.platformId`, message: "unknown" },
      ]);
  });
  return rows.map((r) => r.sectorId);
}

async function checkReferences(db: Db, responseId: string, input: ContactWrite, selfId?: string) {
  if (input.email) {
    const [clash] = await db
      .select({ id: contacts.id })
      .from(contacts)
      .where(and(eq(contacts.responseId, responseId), sql`lower(${contacts.email}) = lower(${input.email})`));
    if (clash && clash.id !== selfId)
      throw conflict(`Another contact already has the address ${input.email}.`, [
        { path: "body.email", message: "already used" },
      ]);
  }
  if (input.organisationId)
    await requireActiveOrganisations(db, responseId, [input.organisationId], "body.organisationId");
  if (input.sectorIds?.length) {
    if (new Set(input.sectorIds).size !== input.sectorIds.length)
      throw invalid("A sector is listed once.", [{ path: "body.sectorIds", message: "duplicate" }]);
    const found = await db
      .select({ id: sectors.id })
      .from(sectors)
      .where(and(eq(sectors.responseId, responseId), inArray(sectors.id, input.sectorIds)));
    input.sectorIds.forEach((id, i) => {
      if (!found.some((f) => f.id === id))
        throw invalid("The sector does not exist in this response.", [
          { path: `body.sectorIds.${i}`, message: "unknown" },
        ]);
    });
  }
  if (input.userId) {
    const [user] = await db.select({ id: users.id }).from(users).where(eq(users.id, input.userId));
    if (!user) throw invalid("No account has this id.", [{ path: "body.userId", message: "unknown" }]);
  }
}

async function setLinks(db: Db, responseId: string, contactId: string, input: ContactWrite) {
  if (input.platforms) {
    await db
      .delete(contactPlatforms)
      .where(and(eq(contactPlatforms.responseId, responseId), eq(contactPlatforms.contactId, contactId)));
    if (input.platforms.length)
      await db
        .insert(contactPlatforms)
        .values(
          input.platforms.map((p) => ({ responseId, contactId, platformId: p.platformId, role: p.role })),
        );
  }
  if (input.sectorIds) {
    await db
      .delete(contactSectors)
      .where(and(eq(contactSectors.responseId, responseId), eq(contactSectors.contactId, contactId)));
    if (input.sectorIds.length)
      await db
        .insert(contactSectors)
        .values(input.sectorIds.map((sectorId) => ({ responseId, contactId, sectorId })));
  }
}

/** The audit's picture of an entry: its columns and links. */
const snapshot = (c: ContactRecord) => ({
  ...c,
  organisation: undefined,
  confirmationRequestedAt: undefined,
  platforms: c.platforms.map((p) => ({ platformId: p.id, role: p.role })),
  sectorIds: c.sectors.map((s) => s.id),
});

export async function createContact(
  db: Db,
  responseId: string,
  actor: Actor,
  input: Required<Pick<ContactWrite, "name" | "organisationId" | "email">> & ContactWrite,
): Promise<ContactRecord> {
  return db.transaction(async (tx) => {
    await checkReferences(tx, responseId, input);
    const { platforms: seats, sectorIds, ...columns } = input;
    const [row] = await tx
      .insert(contacts)
      .values({ ...columns, responseId })
      .returning();
    await setLinks(tx, responseId, row!.id, { platforms: seats, sectorIds });
    const created = await getContact(tx, responseId, row!.id);
    await recordAudit(tx, {
      responseId,
      actor,
      action: "contact.create",
      entityType: "contact",
      entityId: row!.id,
      after: snapshot(created),
    });
    return created;
  });
}

export async function updateContact(
  db: Db,
  responseId: string,
  actor: Actor,
  before: ContactRecord,
  changes: ContactWrite,
  action = "contact.update",
): Promise<ContactRecord> {
  return db.transaction(async (tx) => {
    await checkReferences(tx, responseId, changes, before.id);
    const { platforms: seats, sectorIds, ...columns } = changes;
    await tx
      .update(contacts)
      .set({ ...columns, updatedAt: new Date() })
      .where(and(eq(contacts.responseId, responseId), eq(contacts.id, before.id)));
    await setLinks(tx, responseId, before.id, { platforms: seats, sectorIds });
    const after = await getContact(tx, responseId, before.id);
    await recordAudit(tx, {
      responseId,
      actor,
      action,
      entityType: "contact",
      entityId: before.id,
      before: snapshot(before),
      after: snapshot(after),
    });
    return after;
  });
}

export async function deleteContact(db: Db, responseId: string, actor: Actor, row: ContactRecord) {
  await db.transaction(async (tx) => {
    await tx.delete(contacts).where(and(eq(contacts.responseId, responseId), eq(contacts.id, row.id)));
    await recordAudit(tx, {
      responseId,
      actor,
      action: "contact.delete",
      entityType: "contact",
      entityId: row.id,
      before: snapshot(row),
    });
  });
}
