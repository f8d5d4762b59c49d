import {
  date,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { eventTypes, eventVisibilities, recurrenceKinds } from "../../../common/schemas/events.ts";
import { idColumn, responseIdColumn, timestamps } from "./columns.ts";
import { documents } from "./documents.ts";
import { platforms } from "./platforms.ts";
import { organisations, sectors } from "./reference.ts";
import { responses } from "./tenancy.ts";

/**
 * A meeting or event. Its first occurrence is kept as instants plus the IANA zone it happens in,
 * so a recurrence repeats at the same local time across daylight-saving changes.
 */
export const events = pgTable(
  "events",
  {
    responseId: responseIdColumn().references(() => responses.id, { onDelete: "cascade" }),
    id: idColumn(),
    title: text("title").notNull(),
    type: text("type", { enum: eventTypes }).notNull(),
    platformId: uuid("platform_id"),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
    timeZone: text("time_zone").notNull(),
    recurrence: text("recurrence", { enum: recurrenceKinds }).notNull().default("none"),
    /** The rule without DTSTART, UNTIL or COUNT (those are the columns below); null when none. */
    rruleBase: text("rrule_base"),
    recurrenceUntil: date("recurrence_until"),
    recurrenceCount: integer("recurrence_count"),
    /** Local dates (YYYY-MM-DD) whose occurrence is cancelled. */
    exceptionDates: date("exception_dates").array().notNull().default([]),
    place: text("place"),
    onlineUrl: text("online_url"),
    /** The agenda and the minutes: documents of the library. */
    agendaDocumentId: uuid("agenda_document_id"),
    minutesDocumentId: uuid("minutes_document_id"),
    /** Agenda and minutes kept outside the library (external links), the fallback. */
    agendaUrl: text("agenda_url"),
    minutesUrl: text("minutes_url"),
    visibility: text("visibility", { enum: eventVisibilities }).notNull().default("public"),
    description: text("description"),
    /** iCal SEQUENCE: bumped on every change so subscribed calendars take the new version. */
    sequence: integer("sequence").notNull().default(0),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.responseId, t.id] }),
    // No ON DELETE action: a composite SET NULL would clear response_id too; deleting a
    // platform that has events is refused by this key (move or delete the events first).
    foreignKey({
      columns: [t.responseId, t.platformId],
      foreignColumns: [platforms.responseId, platforms.id],
    }),
    // No ON DELETE action either: deleting a document an event links is refused with a message
    // naming the event (documents.refs), so the link is changed first.
    foreignKey({
      columns: [t.responseId, t.agendaDocumentId],
      foreignColumns: [documents.responseId, documents.id],
    }),
    foreignKey({
      columns: [t.responseId, t.minutesDocumentId],
      foreignColumns: [documents.responseId, documents.id],
    }),
    index("events_starts_idx").on(t.responseId, t.startsAt),
    index("events_platform_idx").on(t.responseId, t.platformId),
  ],
);

/** The sectors an event concerns (its sub-sectors are found through the sector tree). */
export const eventSectors = pgTable(
  "event_sectors",
  {
    responseId: responseIdColumn(),
    eventId: uuid("event_id").notNull(),
    sectorId: uuid("sector_id").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.responseId, t.eventId, t.sectorId] }),
    foreignKey({
      columns: [t.responseId, t.eventId],
      foreignColumns: [events.responseId, events.id],
    }).onDelete("cascade"),
    foreignKey({
      columns: [t.responseId, t.sectorId],
      foreignColumns: [sectors.responseId, sectors.id],
    }).onDelete("cascade"),
    index("event_sectors_sector_idx").on(t.responseId, t.sectorId),
  ],
);

/** Organising organisations. */
export const eventOrganisers = pgTable(
  "event_organisers",
  {
    responseId: responseIdColumn(),
    eventId: uuid("event_id").notNull(),
    organisationId: uuid("organisation_id").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.responseId, t.eventId, t.organisationId] }),
    foreignKey({
      columns: [t.responseId, t.eventId],
      foreignColumns: [events.responseId, events.id],
    }).onDelete("cascade"),
    foreignKey({
      columns: [t.responseId, t.organisationId],
      foreignColumns: [organisations.responseId, organisations.id],
    }).onDelete("cascade"),
  ],
);
