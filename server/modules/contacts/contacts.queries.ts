import { and, asc, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { ContactPlatformRole } from "../../../common/schemas/contacts.ts";
import type { Db } from "../../db/client.ts";
import {
  contactConfirmations,
  contactPlatforms,
  contactSectors,
  contacts,
} from "../../db/schema/contacts.ts";
import { platforms } from "../../db/schema/platforms.ts";
import { organisations, sectors } from "../../db/schema/reference.ts";

export type ContactRow = typeof contacts.$inferSelect;

/** A contact with what it links to, before presentation. */
export interface ContactRecord extends ContactRow {
  organisation: { id: string; name: string; acronym: string | null };
  platforms: { id: string; code: string; name: string; role: ContactPlatformRole; sectorId: string | null }[];
  sectors: { id: string; code: string; name: string }[];
  confirmationRequestedAt: Date | null;
}

export interface ContactQuery {
  ids?: string[];
  q?: string;
  organisationId?: string;
  platformId?: string;
  sectorId?: string;
  /** Only people who chair or co-chair a platform. */
  chairs?: boolean;
}

/** The response's contacts matching the filters, by name, with their links (a few hundred at most). */
export async function queryContacts(
  db: Db,
  responseId: string,
  query: ContactQuery,
): Promise<ContactRecord[]> {
  const where: SQL[] = [eq(contacts.responseId, responseId)];
  if (query.ids) where.push(query.ids.length ? inArray(contacts.id, query.ids) : sql`false`);
  if (query.organisationId) where.push(eq(contacts.organisationId, query.organisationId));
  if (query.platformId)
    where.push(sql`EXISTS (SELECT 1 FROM contact_platforms cp WHERE cp.response_id = ${contacts.responseId}
      AND cp.contact_id = ${contacts.id} AND cp.platform_id = ${query.platformId})`);
  if (query.chairs)
    where.push(sql`EXISTS (SELECT 1 FROM contact_platforms cp WHERE cp.response_id = ${contacts.responseId}
      AND cp.contact_id = ${contacts.id} AND cp.role IN ('chair', 'co_chair'))`);
  if (query.sectorId)
    where.push(sql`EXISTS (SELECT 1 FROM contact_sectors cs WHERE cs.response_id = ${contacts.responseId}
      AND cs.contact_id = ${contacts.id} AND cs.sector_id = ${query.sectorId})`);
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(sql`(${contacts.name} ILIKE ${like} OR ${contacts.email} ILIKE ${like}
      OR ${contacts.title} ILIKE ${like} OR ${organisations.name} ILIKE ${like} OR ${organisations.acronym} ILIKE ${like})`);
  }
  const rows = await db
    .select({
      contact: contacts,
      organisation: { id: organisations.id, name: organisations.name, acronym: organisations.acronym },
      confirmationRequestedAt: sql<Date | null>`(SELECT max(c.created_at) FROM contact_confirmations c
        WHERE c.response_id = ${contacts.responseId} AND c.contact_id = ${contacts.id})`.mapWith(
        (v: string | Date | null) => (v === null ? null : new Date(v)),
      ),
    })
    .from(contacts)
    .innerJoin(
      organisations,
      and(eq(organisations.responseId, contacts.responseId), eq(organisations.id, contacts.organisationId)),
    )
    .where(and(...where))
    .orderBy(asc(sql`lower(${contacts.name})`), asc(contacts.id));
  if (!rows.length) return [];
  const ids = rows.map((r) => r.contact.id);
  const seats = await db
    .select({
      contactId: contactPlatforms.contactId,
      role: contactPlatforms.role,
      id: platforms.id,
      code: platforms.code,
      name: platforms.name,
      sectorId: platforms.sectorId,
    })
    .from(contactPlatforms)
    .innerJoin(
      platforms,
      and(
        eq(platforms.responseId, contactPlatforms.responseId),
        eq(platforms.id, contactPlatforms.platformId),
      ),
    )
    .where(and(eq(contactPlatforms.responseId, responseId), inArray(contactPlatforms.contactId, ids)))
    .orderBy(asc(platforms.name));
  const links = await db
    .select({ contactId: contactSectors.contactId, id: sectors.id, code: sectors.code, name: sectors.name })
    .from(contactSectors)
    .innerJoin(
      sectors,
      and(eq(sectors.responseId, contactSectors.responseId), eq(sectors.id, contactSectors.sectorId)),
    )
    .where(and(eq(contactSectors.responseId, responseId), inArray(contactSectors.contactId, ids)))
    .orderBy(asc(sectors.name));
  return rows.map((r) => ({
    ...r.contact,
    organisation: r.organisation,
    confirmationRequestedAt: r.confirmationRequestedAt,
    platforms: seats
      .filter((s) => s.contactId === r.contact.id)
      .map(({ id, code, name, role, sectorId }) => ({ id, code, name, role, sectorId })),
    sectors: links
      .filter((l) => l.contactId === r.contact.id)
      .map(({ id, code, name }) => ({ id, code, name })),
  }));
}

/** Each sector of the response with its parent: a coordinator of the parent covers the child. */
export async function sectorParents(db: Db, responseId: string): Promise<Map<string, string | null>> {
  const rows = await db
    .select({ id: sectors.id, parentId: sectors.parentId })
    .from(sectors)
    .where(eq(sectors.responseId, responseId));
  return new Map(rows.map((r) => [r.id, r.parentId]));
}

/** Open (unused, unexpired) confirmation links of the given contacts are void once a new one is sent. */
export async function voidOpenConfirmations(db: Db, responseId: string, contactIds: string[]) {
  if (!contactIds.length) return;
  await db
    .update(contactConfirmations)
    .set({ usedAt: new Date() })
    .where(
      and(
        eq(contactConfirmations.responseId, responseId),
        inArray(contactConfirmations.contactId, contactIds),
        sql`${contactConfirmations.usedAt} IS NULL`,
      ),
    );
}
