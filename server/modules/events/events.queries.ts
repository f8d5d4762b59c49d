import { and, asc, eq, gte, inArray, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import type { EventOutput } from "../../../common/schemas/events.ts";
import type { Db } from "../../db/client.ts";
import { eventOrganisers, eventSectors, events } from "../../db/schema/events.ts";
import { platforms } from "../../db/schema/platforms.ts";
import { organisations, sectors } from "../../db/schema/reference.ts";
import { invalid, notFound } from "../../errors.ts";
import { visibleDocumentRefs } from "../documents/documents.refs.ts";
import { fullRule, instantToLocal } from "./recurrence.ts";

/** Reads of events: one row, a filtered set with their sectors and organisers, presented. */

export type EventRow = typeof events.$inferSelect;

export const eventUid = (id: string) => `${id}@intersector`;

export async function getEventRow(db: Db, responseId: string, id: string): Promise<EventRow> {
  const [row] = await db
    .select()
    .from(events)
    .where(and(eq(events.responseId, responseId), eq(events.id, id)));
  if (!row) throw notFound("Event");
  return row;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A platform by id or code; 400 naming the query parameter when unknown. */
export async function resolvePlatform(db: Db, responseId: string, idOrCode: string, path = "query.platform") {
  const [row] = await db
    .select({ id: platforms.id, sectorId: platforms.sectorId })
    .from(platforms)
    .where(
      and(
        eq(platforms.responseId, responseId),
        uuidPattern.test(idOrCode) ? eq(platforms.id, idOrCode) : eq(platforms.code, idOrCode),
      ),
    );
  if (!row) throw invalid("The platform does not exist in this response.", [{ path, message: "unknown" }]);
  return row;
}

/** A sector by id or code with its sub-sectors (and theirs): a filter on PROT finds GBV's events. */
export async function resolveSectorTree(db: Db, responseId: string, idOrCode: string, path = "query.sector") {
  const all = await db
    .select({ id: sectors.id, code: sectors.code, parentId: sectors.parentId })
    .from(sectors)
    .where(eq(sectors.responseId, responseId));
  const root = all.find((s) => (uuidPattern.test(idOrCode) ? s.id === idOrCode : s.code === idOrCode));
  if (!root) throw invalid("The sector does not exist in this response.", [{ path, message: "unknown" }]);
  const ids = [root.id];
  for (let i = 0; i < ids.length; i++) for (const s of all) if (s.parentId === ids[i]) ids.push(s.id);
  return ids;
}

export interface EventFilter {
  ids?: string[];
  platformId?: string;
  /** Events tagged with one of these sectors, or held by a platform linked to one. */
  sectorIds?: string[];
  type?: EventRow["type"];
  /** Signed-out readers see public events only. */
  publicOnly: boolean;
  /** Events that may have an occurrence in [from, to). */
  from?: Date;
  to?: Date;
}

export async function findEventRows(db: Db, responseId: string, filter: EventFilter): Promise<EventRow[]> {
  const where: (SQL | undefined)[] = [eq(events.responseId, responseId)];
  if (filter.ids) where.push(filter.ids.length ? inArray(events.id, filter.ids) : sql`false`);
  if (filter.platformId) where.push(eq(events.platformId, filter.platformId));
  if (filter.type) where.push(eq(events.type, filter.type));
  if (filter.publicOnly) where.push(eq(events.visibility, "public"));
  if (filter.sectorIds) {
    const list = sql.join(
      filter.sectorIds.map((id) => sql`${id}::uuid`),
      sql`, `,
    );
    where.push(sql`(EXISTS (SELECT 1 FROM event_sectors es WHERE es.response_id = ${events.responseId}
        AND es.event_id = ${events.id} AND es.sector_id IN (${list}))
      OR EXISTS (SELECT 1 FROM platforms p WHERE p.response_id = ${events.responseId}
        AND p.id = ${events.platformId} AND p.sector_id IN (${list})))`);
  }
  if (filter.to) where.push(lt(events.startsAt, filter.to));
  if (filter.from) {
    // A one-off event must end after the window starts; a recurring one must not have stopped
    // (a day's margin: UNTIL is a local date). COUNT-limited rules are expanded to find out.
    const dayBefore = new Date(filter.from.getTime() - 24 * 3600 * 1000).toISOString().slice(0, 10);
    where.push(
      or(
        gte(events.endsAt, filter.from),
        and(
          sql`${events.rruleBase} IS NOT NULL`,
          or(isNull(events.recurrenceUntil), gte(events.recurrenceUntil, dayBefore)),
        ),
      ),
    );
  }
  return db
    .select()
    .from(events)
    .where(and(...where))
    .orderBy(asc(events.startsAt), asc(events.title));
}

export async function findEvents(
  db: Db,
  responseId: string,
  filter: EventFilter,
  member: boolean,
): Promise<EventOutput[]> {
  return presentEvents(db, responseId, await findEventRows(db, responseId, filter), member);
}

/**
 * Rows → API shape, with platform, sectors, organisers and agenda and minutes documents in four
 * queries for the lot; signed-in-only documents only for `member` readers.
 */
export async function presentEvents(
  db: Db,
  responseId: string,
  rows: EventRow[],
  member: boolean,
): Promise<EventOutput[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const platformIds = [...new Set(rows.flatMap((r) => (r.platformId ? [r.platformId] : [])))];
  const platformRefs = platformIds.length
    ? await db
        .select({ id: platforms.id, code: platforms.code, name: platforms.name })
        .from(platforms)
        .where(and(eq(platforms.responseId, responseId), inArray(platforms.id, platformIds)))
    : [];
  const sectorRefs = await db
    .select({ eventId: eventSectors.eventId, id: sectors.id, code: sectors.code, name: sectors.name })
    .from(eventSectors)
    .innerJoin(
      sectors,
      and(eq(sectors.responseId, eventSectors.responseId), eq(sectors.id, eventSectors.sectorId)),
    )
    .where(and(eq(eventSectors.responseId, responseId), inArray(eventSectors.eventId, ids)))
    .orderBy(asc(sectors.name));
  const organiserRefs = await db
    .select({
      eventId: eventOrganisers.eventId,
      id: organisations.id,
      name: organisations.name,
      acronym: organisations.acronym,
    })
    .from(eventOrganisers)
    .innerJoin(
      organisations,
      and(
        eq(organisations.responseId, eventOrganisers.responseId),
        eq(organisations.id, eventOrganisers.organisationId),
      ),
    )
    .where(and(eq(eventOrganisers.responseId, responseId), inArray(eventOrganisers.eventId, ids)))
    .orderBy(asc(organisations.name));
  const documentRefs = await visibleDocumentRefs(
    db,
    responseId,
    rows.flatMap((r) => [r.agendaDocumentId, r.minutesDocumentId]),
    member,
  );
  const documentRef = (id: string | null) => (id && documentRefs.get(id)) || null;
  return rows.map((r) => ({
    id: r.id,
    uid: eventUid(r.id),
    title: r.title,
    type: r.type,
    platform: platformRefs.find((p) => p.id === r.platformId) ?? null,
    sectors: sectorRefs.filter((s) => s.eventId === r.id).map(({ id, code, name }) => ({ id, code, name })),
    start: instantToLocal(r.startsAt, r.timeZone),
    end: instantToLocal(r.endsAt, r.timeZone),
    timeZone: r.timeZone,
    startsAt: r.startsAt.toISOString(),
    endsAt: r.endsAt.toISOString(),
    recurrence: r.recurrence,
    rrule: fullRule(r),
    recurrenceUntil: r.recurrenceUntil,
    recurrenceCount: r.recurrenceCount,
    exceptionDates: r.exceptionDates,
    place: r.place,
    onlineUrl: r.onlineUrl,
    agendaDocument: documentRef(r.agendaDocumentId),
    minutesDocument: documentRef(r.minutesDocumentId),
    agendaUrl: r.agendaUrl,
    minutesUrl: r.minutesUrl,
    organisers: organiserRefs
      .filter((o) => o.eventId === r.id)
      .map(({ id, name, acronym }) => ({ id, name, acronym })),
    visibility: r.visibility,
    description: r.description,
    sequence: r.sequence,
    updatedAt: r.updatedAt.toISOString(),
  }));
}

/**
 * The sector scopes a write must be allowed on: the platform's (its sector and that sector's
 * parent) and the tagged sectors' (each with its parent). An empty scope admits response
 * managers only, so a coordinator cannot post under the ISCG or with no sector at all.
 */
export async function writeScopes(
  db: Db,
  responseId: string,
  target: { platformId: string | null; sectorIds: string[] },
): Promise<string[][]> {
  const all = await db
    .select({ id: sectors.id, parentId: sectors.parentId })
    .from(sectors)
    .where(eq(sectors.responseId, responseId));
  const withParent = (id: string) => {
    const s = all.find((x) => x.id === id);
    return s ? [s.id, ...(s.parentId ? [s.parentId] : [])] : [];
  };
  const scopes: string[][] = [];
  if (target.platformId) {
    const [platform] = await db
      .select({ sectorId: platforms.sectorId })
      .from(platforms)
      .where(and(eq(platforms.responseId, responseId), eq(platforms.id, target.platformId)));
    scopes.push(platform?.sectorId ? withParent(platform.sectorId) : []);
  }
  if (target.sectorIds.length) scopes.push(target.sectorIds.flatMap(withParent));
  return scopes.length ? scopes : [[]];
}

export async function sectorIdsOf(db: Db, responseId: string, eventId: string): Promise<string[]> {
  const rows = await db
    .select({ id: eventSectors.sectorId })
    .from(eventSectors)
    .where(and(eq(eventSectors.responseId, responseId), eq(eventSectors.eventId, eventId)));
  return rows.map((r) => r.id);
}
