import { TZDate } from "@date-fns/tz";
import ical, { ICalCalendarMethod, ICalEventClass } from "ical-generator";
import { tzlib_get_ical_block, tzlib_get_timezones } from "timezones-ical-library";
import type { EventOutput } from "../../../common/schemas/events.ts";
import { fromFloating } from "./recurrence.ts";

/**
 * iCalendar (RFC 5545) for feeds that Outlook and Google Calendar subscribe to, and for a single
 * event's download. Times are written in the event's zone (DTSTART;TZID=…) with a VTIMEZONE for
 * each zone used, and recurrences stay one VEVENT with its RRULE, so clients expand them in local
 * time. ical-generator escapes text values and folds long lines.
 */

const knownZones = new Set(tzlib_get_timezones() as string[]);

/** The VTIMEZONE block of a zone; null (TZID alone, which the big clients still read) if unknown. */
function vtimezone(zone: string): string | null {
  if (!knownZones.has(zone)) return null;
  const block = tzlib_get_ical_block(zone);
  return Array.isArray(block) ? (block[0] ?? null) : null;
}

export interface CalendarOptions {
  name: string;
  description?: string;
  /** Where the web app is served: each event's URL in the calendar points to its page. */
  origin: string;
  responseSlug: string;
  /** How often clients should refresh a feed. */
  ttlSeconds?: number;
}

const compactDate = (localDate: string) => localDate.replaceAll("-", "");

export function buildCalendar(events: EventOutput[], options: CalendarOptions): string {
  const calendar = ical({
    name: options.name,
    description: options.description ?? null,
    prodId: { company: "Intersector", product: "Events", language: "EN" },
    method: ICalCalendarMethod.PUBLISH,
    ttl: options.ttlSeconds ?? 3600,
    timezone: { name: null, generator: vtimezone },
  });
  for (const e of events) {
    const zone = e.timeZone;
    const startTime = e.start.slice(11);
    const exceptions = e.exceptionDates.map((d) => `${compactDate(d)}T${startTime.replace(":", "")}00`);
    const repeating = e.rrule
      ? [
          `RRULE:${e.rrule}`,
          ...(exceptions.length ? [`EXDATE;TZID=${zone}:${exceptions.join(",")}`] : []),
        ].join("\r\n")
      : null;
    const sectors = e.sectors.map((s) => s.name);
    const url = `${options.origin}/r/${options.responseSlug}/events/${e.id}`;
    // The library's document when there is one (and the reader may see it), else the external link.
    const documentUrl = (d: { id: string } | null, fallback: string | null) =>
      d ? `${options.origin}/r/${options.responseSlug}/documents/${d.id}` : fallback;
    const agenda = documentUrl(e.agendaDocument, e.agendaUrl);
    const minutes = documentUrl(e.minutesDocument, e.minutesUrl);
    const details = [
      e.description,
      e.onlineUrl ? `Online: ${e.onlineUrl}` : null,
      agenda ? `Agenda: ${agenda}` : null,
      minutes ? `Minutes: ${minutes}` : null,
      e.platform ? `Platform: ${e.platform.name}` : null,
      sectors.length ? `Sectors: ${sectors.join(", ")}` : null,
      e.organisers.length ? `Organisers: ${e.organisers.map((o) => o.acronym ?? o.name).join(", ")}` : null,
      url,
    ].filter(Boolean);
    const event = calendar.createEvent({
      id: e.uid,
      sequence: e.sequence,
      stamp: new Date(e.updatedAt),
      lastModified: new Date(e.updatedAt),
      start: new TZDate(fromFloating(new Date(`${e.start}:00Z`), zone).getTime(), zone),
      end: new TZDate(fromFloating(new Date(`${e.end}:00Z`), zone).getTime(), zone),
      timezone: zone,
      summary: e.title,
      description: details.join("\n\n"),
      location: e.place ?? (e.onlineUrl ? e.onlineUrl : null),
      url,
      repeating,
      class: e.visibility === "public" ? ICalEventClass.PUBLIC : ICalEventClass.PRIVATE,
    });
    for (const name of [e.type.replaceAll("_", " "), ...sectors]) event.createCategory({ name });
  }
  return calendar.toString();
}
