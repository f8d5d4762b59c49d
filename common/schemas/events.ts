import { z } from "zod";
import { documentRef } from "./documents.ts";

/** Meetings and events of a response: coordination meetings, trainings, workshops, … */
export const eventTypes = [
  "coordination_meeting",
  "training",
  "workshop",
  "assessment",
  "distribution",
  "public_event",
] as const;
export type EventType = (typeof eventTypes)[number];

/** `custom` carries its own RRULE (RFC 5545); weekly and monthly repeat the first occurrence. */
export const recurrenceKinds = ["none", "weekly", "monthly", "custom"] as const;
export type RecurrenceKind = (typeof recurrenceKinds)[number];

/** Who sees an event: everyone (and every feed), or signed-in users only. */
export const eventVisibilities = ["public", "signed_in"] as const;
export type EventVisibility = (typeof eventVisibilities)[number];

/** True when the runtime (Node or the browser) knows the IANA time zone. */
export function isTimeZone(zone: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The zone a response's events default to, by its country; UTC where we do not know it. */
const countryZones: Record<string, string> = {
  BGD: "Asia/Dhaka",
  MMR: "Asia/Yangon",
  AFG: "Asia/Kabul",
  SDN: "Africa/Khartoum",
  SSD: "Africa/Juba",
  ETH: "Africa/Addis_Ababa",
  SOM: "Africa/Mogadishu",
  YEM: "Asia/Aden",
  SYR: "Asia/Damascus",
  UKR: "Europe/Kyiv",
  COD: "Africa/Kinshasa",
  HTI: "America/Port-au-Prince",
  CHE: "Europe/Zurich",
};
export const defaultTimeZoneFor = (countryIso3: string | null | undefined): string =>
  (countryIso3 && countryZones[countryIso3.toUpperCase()]) || "UTC";

/** A wall-clock time in the event's zone, to the minute: "2026-11-24T10:00". */
export const localDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, "use YYYY-MM-DDTHH:mm (local time in the event's time zone)")
  .refine((v) => !Number.isNaN(Date.parse(`${v}:00Z`)) && new Date(`${v}:00Z`).toISOString().startsWith(v), {
    message: "not a real date and time",
  });
const localDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "use YYYY-MM-DD")
  .refine((v) => !Number.isNaN(Date.parse(v)) && new Date(v).toISOString().startsWith(v), {
    message: "not a real date",
  });

const httpUrl = z
  .url({ protocol: /^https?$/, message: "an http(s) link" })
  .max(1000)
  .nullable()
  .optional();

export const timeZone = z
  .string()
  .trim()
  .max(64)
  .refine(isTimeZone, { message: "not an IANA time zone such as Asia/Dhaka" });

const eventFields = {
  title: z.string().trim().min(2).max(200),
  type: z.enum(eventTypes),
  platformId: z.uuid().nullable().optional(),
  sectorIds: z.array(z.uuid()).max(20).default([]),
  /** Local wall-clock start and end in `timeZone`. */
  start: localDateTime,
  end: localDateTime,
  /** IANA zone; without it, the response's zone (from its country). */
  timeZone: timeZone.optional(),
  recurrence: z.enum(recurrenceKinds).default("none"),
  /** For `custom`: the rule's body, e.g. FREQ=MONTHLY;BYDAY=1TU (no DTSTART, UNTIL or COUNT). */
  rrule: z.string().trim().max(500).nullable().optional(),
  /** The last local date an occurrence may fall on; or a number of occurrences. Not both. */
  recurrenceUntil: localDate.nullable().optional(),
  recurrenceCount: z.number().int().min(1).max(500).nullable().optional(),
  /** Local dates whose occurrence is cancelled. */
  exceptionDates: z.array(localDate).max(100).default([]),
  place: z.string().trim().max(300).nullable().optional(),
  onlineUrl: httpUrl,
  /** The agenda and minutes: documents of the library (of this response, visible to the writer). */
  agendaDocumentId: z.uuid().nullable().optional(),
  minutesDocumentId: z.uuid().nullable().optional(),
  /** Agenda and minutes kept outside the library: external links, shown when no document is set. */
  agendaUrl: httpUrl,
  minutesUrl: httpUrl,
  organiserIds: z.array(z.uuid()).max(20).default([]),
  visibility: z.enum(eventVisibilities).default("public"),
  description: z.string().trim().max(8000).nullable().optional(),
};

export const eventInput = z.strictObject(eventFields);
export type EventInput = z.input<typeof eventInput>;

/** Only the fields sent change (start and end go together when either is sent). */
export const eventUpdate = z
  .strictObject({
    ...eventFields,
    recurrence: z.enum(recurrenceKinds),
    sectorIds: z.array(z.uuid()).max(20),
    exceptionDates: z.array(localDate).max(100),
    organiserIds: z.array(z.uuid()).max(20),
    visibility: z.enum(eventVisibilities),
  })
  .partial();
export type EventUpdate = z.input<typeof eventUpdate>;

const ref = z.object({ id: z.uuid(), code: z.string(), name: z.string() });
const orgRef = z.object({ id: z.uuid(), name: z.string(), acronym: z.string().nullable() });

export const eventOutput = z.object({
  id: z.uuid(),
  /** Stable across edits; what calendar clients key on. */
  uid: z.string(),
  title: z.string(),
  type: z.enum(eventTypes),
  platform: ref.nullable(),
  sectors: z.array(ref),
  start: z.string(),
  end: z.string(),
  timeZone: z.string(),
  /** The first occurrence as instants (ISO 8601, UTC). */
  startsAt: z.string(),
  endsAt: z.string(),
  recurrence: z.enum(recurrenceKinds),
  /** The full RRULE as the iCal feed writes it (with UNTIL in UTC or COUNT), or null. */
  rrule: z.string().nullable(),
  recurrenceUntil: z.string().nullable(),
  recurrenceCount: z.number().int().nullable(),
  exceptionDates: z.array(z.string()),
  place: z.string().nullable(),
  onlineUrl: z.string().nullable(),
  /** Null when none is set, or when the reader may not see it (a signed-in-only document). */
  agendaDocument: documentRef.nullable(),
  minutesDocument: documentRef.nullable(),
  agendaUrl: z.string().nullable(),
  minutesUrl: z.string().nullable(),
  organisers: z.array(orgRef),
  visibility: z.enum(eventVisibilities),
  description: z.string().nullable(),
  sequence: z.number().int(),
  updatedAt: z.string(),
});
export type EventOutput = z.infer<typeof eventOutput>;

/** One occurrence of an event in a window: recurring events give one per date. */
export const eventOccurrence = z.object({
  eventId: z.uuid(),
  title: z.string(),
  type: z.enum(eventTypes),
  startsAt: z.string(),
  endsAt: z.string(),
  timeZone: z.string(),
  recurring: z.boolean(),
  platform: ref.nullable(),
  sectors: z.array(ref),
  place: z.string().nullable(),
  onlineUrl: z.string().nullable(),
  visibility: z.enum(eventVisibilities),
});
export type EventOccurrence = z.infer<typeof eventOccurrence>;

/** Ids or codes: `sector=WASH` reads better in a feed address than a uuid. */
const idOrCode = z.string().trim().min(1).max(60);

export const eventFilters = z.object({
  platform: idOrCode.optional().describe("Platform id or code"),
  sector: idOrCode.optional().describe("Sector id or code (its sub-sectors included)"),
  type: z.enum(eventTypes).optional(),
});

export const occurrencesQuery = eventFilters.extend({
  from: z.iso.datetime({ offset: true }).optional().describe("Window start (default: now)"),
  to: z.iso.datetime({ offset: true }).optional().describe("Window end (default: 31 days after from)"),
  limit: z.coerce.number().int().min(1).max(2000).default(500),
});

export const occurrencesOutput = z.object({
  from: z.string(),
  to: z.string(),
  items: z.array(eventOccurrence),
  /** True when the window held more occurrences than `limit`. */
  truncated: z.boolean(),
});
export type OccurrencesOutput = z.infer<typeof occurrencesOutput>;
