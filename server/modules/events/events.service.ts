import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import type { ErrorDetail } from "../../../common/errors.ts";
import {
  defaultTimeZoneFor,
  type EventOccurrence,
  type eventInput,
  type eventUpdate,
} from "../../../common/schemas/events.ts";
import type { Db } from "../../db/client.ts";
import { eventOrganisers, eventSectors, events } from "../../db/schema/events.ts";
import { platforms } from "../../db/schema/platforms.ts";
import { sectors } from "../../db/schema/reference.ts";
import { invalid } from "../../errors.ts";
import { type Actor, recordAudit } from "../audit/audit.service.ts";
import { requireLinkableDocument } from "../documents/documents.refs.ts";
import { requireActiveOrganisations } from "../organisations/organisations.service.ts";
import {
  type EventFilter,
  type EventRow,
  findEventRows,
  presentEvents,
  sectorIdsOf,
} from "./events.queries.ts";
import { checkFirstOccurrence, expand, instantToLocal, localToInstant, ruleBaseFor } from "./recurrence.ts";

/** Writes of events (each audited in its transaction) and the occurrences of a window. */

type Input = z.infer<typeof eventInput>;
type Update = z.infer<typeof eventUpdate>;

/** The stored columns of an event, checked as a whole (after merging an update into the row). */
function toColumns(input: Input, responseCountry: string) {
  const timeZone = input.timeZone ?? defaultTimeZoneFor(responseCountry);
  const startsAt = localToInstant(input.start, timeZone);
  const endsAt = localToInstant(input.end, timeZone);
  const problems: ErrorDetail[] = [];
  if (endsAt <= startsAt) problems.push({ path: "body.end", message: "must be after the start" });
  else if (endsAt.getTime() - startsAt.getTime() > 31 * 24 * 3600 * 1000)
    problems.push({ path: "body.end", message: "an event lasts at most 31 days" });
  const recurring = input.recurrence !== "none";
  if (input.rrule && input.recurrence !== "custom")
    problems.push({ path: "body.rrule", message: "a rule is only for a custom recurrence" });
  if (!recurring && (input.recurrenceUntil || input.recurrenceCount || input.exceptionDates.length))
    problems.push({
      path: input.recurrenceUntil
        ? "body.recurrenceUntil"
        : input.recurrenceCount
          ? "body.recurrenceCount"
          : "body.exceptionDates",
      message: "only for a recurring event",
    });
  if (input.recurrenceUntil && input.recurrenceCount)
    problems.push({ path: "body.recurrenceCount", message: "give an end date or a count, not both" });
  if (input.recurrenceUntil && input.recurrenceUntil < input.start.slice(0, 10))
    problems.push({ path: "body.recurrenceUntil", message: "is before the first occurrence" });
  if (problems.length) throw invalid("The event is not valid.", problems);
  const columns = {
    title: input.title,
    type: input.type,
    platformId: input.platformId ?? null,
    startsAt,
    endsAt,
    timeZone,
    recurrence: input.recurrence,
    rruleBase: ruleBaseFor(input.recurrence, input.rrule, input.start),
    recurrenceUntil: recurring ? (input.recurrenceUntil ?? null) : null,
    recurrenceCount: recurring ? (input.recurrenceCount ?? null) : null,
    exceptionDates: recurring ? [...new Set(input.exceptionDates)].sort() : [],
    place: input.place ?? null,
    onlineUrl: input.onlineUrl ?? null,
    agendaDocumentId: input.agendaDocumentId ?? null,
    minutesDocumentId: input.minutesDocumentId ?? null,
    agendaUrl: input.agendaUrl ?? null,
    minutesUrl: input.minutesUrl ?? null,
    visibility: input.visibility,
    description: input.description ?? null,
  };
  checkFirstOccurrence(columns);
  return columns;
}

/** `member`: whether the writer may see signed-in-only documents (nobody links what they cannot read). */
async function checkReferences(db: Db, responseId: string, input: Input, member: boolean) {
  if (input.platformId) {
    const [found] = await db
      .select({ id: platforms.id })
      .from(platforms)
      .where(and(eq(platforms.responseId, responseId), eq(platforms.id, input.platformId)));
    if (!found)
      throw invalid("The platform does not exist in this response.", [
        { path: "body.platformId", message: "unknown" },
      ]);
  }
  const wanted = [...new Set(input.sectorIds)];
  if (wanted.length) {
    const found = await db.select({ id: sectors.id }).from(sectors).where(eq(sectors.responseId, responseId));
    const missing = wanted.filter((id) => !found.some((s) => s.id === id));
    if (missing.length)
      throw invalid(
        "Some sectors do not exist in this response.",
        missing.map((id) => ({ path: "body.sectorIds", message: `unknown sector ${id}` })),
      );
  }
  await requireActiveOrganisations(db, responseId, input.organiserIds, "body.organiserIds");
  await requireLinkableDocument(db, responseId, input.agendaDocumentId, member, "body.agendaDocumentId");
  await requireLinkableDocument(db, responseId, input.minutesDocumentId, member, "body.minutesDocumentId");
}

async function setLinks(
  db: Db,
  responseId: string,
  eventId: string,
  input: Pick<Input, "sectorIds" | "organiserIds">,
) {
  const where = <T extends typeof eventSectors | typeof eventOrganisers>(t: T) =>
    and(eq(t.responseId, responseId), eq(t.eventId, eventId));
  await db.delete(eventSectors).where(where(eventSectors));
  await db.delete(eventOrganisers).where(where(eventOrganisers));
  const sectorIds = [...new Set(input.sectorIds)];
  const organiserIds = [...new Set(input.organiserIds)];
  if (sectorIds.length)
    await db.insert(eventSectors).values(sectorIds.map((sectorId) => ({ responseId, eventId, sectorId })));
  if (organiserIds.length)
    await db
      .insert(eventOrganisers)
      .values(organiserIds.map((organisationId) => ({ responseId, eventId, organisationId })));
}

export async function createEvent(
  db: Db,
  responseId: string,
  responseCountry: string,
  actor: Actor,
  input: Input,
  member: boolean,
): Promise<EventRow> {
  const columns = toColumns(input, responseCountry);
  return db.transaction(async (tx) => {
    await checkReferences(tx, responseId, input, member);
    const [row] = await tx
      .insert(events)
      .values({ ...columns, responseId })
      .returning();
    await setLinks(tx, responseId, row!.id, input);
    await recordAudit(tx, {
      responseId,
      actor,
      action: "event.create",
      entityType: "event",
      entityId: row!.id,
      after: { ...row, sectorIds: input.sectorIds, organiserIds: input.organiserIds },
    });
    return row!;
  });
}

/** The event as input, so an update merges into it and is checked as a whole. */
export async function asInput(db: Db, responseId: string, row: EventRow): Promise<Input> {
  const organisers = await db
    .select({ id: eventOrganisers.organisationId })
    .from(eventOrganisers)
    .where(and(eq(eventOrganisers.responseId, responseId), eq(eventOrganisers.eventId, row.id)));
  return {
    title: row.title,
    type: row.type,
    platformId: row.platformId,
    sectorIds: await sectorIdsOf(db, responseId, row.id),
    start: instantToLocal(row.startsAt, row.timeZone),
    end: instantToLocal(row.endsAt, row.timeZone),
    timeZone: row.timeZone,
    recurrence: row.recurrence,
    rrule: row.recurrence === "custom" ? row.rruleBase : null,
    recurrenceUntil: row.recurrenceUntil,
    recurrenceCount: row.recurrenceCount,
    exceptionDates: row.exceptionDates,
    place: row.place,
    onlineUrl: row.onlineUrl,
    agendaDocumentId: row.agendaDocumentId,
    minutesDocumentId: row.minutesDocumentId,
    agendaUrl: row.agendaUrl,
    minutesUrl: row.minutesUrl,
    organiserIds: organisers.map((o) => o.id),
    visibility: row.visibility,
    description: row.description,
  };
}

/** Merges the fields sent into the current input; a recurrence switched off drops its settings. */
export function mergeUpdate(current: Input, changes: Update): Input {
  const merged = { ...current, ...changes } as Input;
  if (changes.recurrence && changes.recurrence !== "custom" && changes.rrule === undefined)
    merged.rrule = null;
  if (changes.recurrence === "none") {
    merged.recurrenceUntil = changes.recurrenceUntil ?? null;
    merged.recurrenceCount = changes.recurrenceCount ?? null;
    merged.exceptionDates = changes.exceptionDates ?? [];
  }
  if (changes.recurrenceUntil && changes.recurrenceCount === undefined) merged.recurrenceCount = null;
  if (changes.recurrenceCount && changes.recurrenceUntil === undefined) merged.recurrenceUntil = null;
  return merged;
}

export async function updateEvent(
  db: Db,
  responseId: string,
  responseCountry: string,
  actor: Actor,
  before: EventRow,
  merged: Input,
  member: boolean,
): Promise<void> {
  const columns = toColumns(merged, responseCountry);
  await db.transaction(async (tx) => {
    await checkReferences(tx, responseId, merged, member);
    const beforeLinks = await asInput(tx, responseId, before);
    const [after] = await tx
      .update(events)
      .set({ ...columns, sequence: before.sequence + 1, updatedAt: new Date() })
      .where(and(eq(events.responseId, responseId), eq(events.id, before.id)))
      .returning();
    await setLinks(tx, responseId, before.id, merged);
    await recordAudit(tx, {
      responseId,
      actor,
      action: "event.update",
      entityType: "event",
      entityId: before.id,
      before: { ...before, sectorIds: beforeLinks.sectorIds, organiserIds: beforeLinks.organiserIds },
      after: { ...after, sectorIds: merged.sectorIds, organiserIds: merged.organiserIds },
    });
  });
}

export async function deleteEvent(db: Db, responseId: string, actor: Actor, row: EventRow): Promise<void> {
  await db.transaction(async (tx) => {
    const links = await asInput(tx, responseId, row);
    await tx.delete(events).where(and(eq(events.responseId, responseId), eq(events.id, row.id)));
    await recordAudit(tx, {
      responseId,
      actor,
      action: "event.delete",
      entityType: "event",
      entityId: row.id,
      // Sectors and organisers go with the event (cascade); the audit keeps what they were.
      before: { ...row, sectorIds: links.sectorIds, organiserIds: links.organiserIds },
    });
  });
}

/** Occurrences overlapping [from, to), recurrences expanded in their zone, in time order. */
export async function listOccurrences(
  db: Db,
  responseId: string,
  filter: EventFilter & { from: Date; to: Date },
  limit: number,
): Promise<{ items: EventOccurrence[]; truncated: boolean }> {
  const rows = await findEventRows(db, responseId, filter);
  // Occurrences carry no agenda or minutes: presented as for a visitor.
  const presented = await presentEvents(db, responseId, rows, false);
  const items: EventOccurrence[] = [];
  for (const [i, row] of rows.entries()) {
    const e = presented[i]!;
    for (const o of expand(row, filter.from, filter.to, limit + 1))
      items.push({
        eventId: e.id,
        title: e.title,
        type: e.type,
        startsAt: o.startsAt.toISOString(),
        endsAt: o.endsAt.toISOString(),
        timeZone: e.timeZone,
        recurring: e.recurrence !== "none",
        platform: e.platform,
        sectors: e.sectors,
        place: e.place,
        onlineUrl: e.onlineUrl,
        visibility: e.visibility,
      });
  }
  items.sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.title.localeCompare(b.title));
  return { items: items.slice(0, limit), truncated: items.length > limit };
}
