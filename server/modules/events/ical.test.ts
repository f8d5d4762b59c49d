import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import type { EventOutput } from "../../../common/schemas/events.ts";
import { buildCalendar } from "./ical.ts";

/**
 * The feeds are read back with ical.js (Mozilla's RFC 5545 parser, used by Thunderbird): the
 * recurrence is expanded by the parser from our VTIMEZONE and RRULE, not by our own code.
 */

const base: EventOutput = {
  id: "7d9f4c1e-8a64-4b5f-9c1e-2f4a6b8c0d1e",
  uid: "7d9f4c1e-8a64-4b5f-9c1e-2f4a6b8c0d1e@intersector",
  title: "WASH; Hygiene, and \\ sanitation",
  type: "coordination_meeting",
  platform: { id: "11111111-1111-4111-8111-111111111111", code: "WASH", name: "WASH Sector" },
  sectors: [{ id: "22222222-2222-4222-8222-222222222222", code: "WASH", name: "WASH" }],
  start: "2026-03-16T10:00",
  end: "2026-03-16T11:30",
  timeZone: "Europe/Zurich",
  startsAt: "2026-03-16T09:00:00.000Z",
  endsAt: "2026-03-16T10:30:00.000Z",
  recurrence: "weekly",
  rrule: "FREQ=WEEKLY;BYDAY=MO;COUNT=5",
  recurrenceUntil: null,
  recurrenceCount: 5,
  exceptionDates: ["2026-04-06"],
  place: "Palais des Nations, Room XII",
  onlineUrl: "https://meet.example.org/wash",
  agendaDocument: null,
  minutesDocument: null,
  agendaUrl: null,
  minutesUrl: null,
  organisers: [{ id: "33333333-3333-4333-8333-333333333333", name: "UNICEF", acronym: "UNICEF" }],
  visibility: "public",
  description: "Line one\nLine two, with a comma; and a semicolon",
  sequence: 3,
  updatedAt: "2026-03-01T12:00:00.000Z",
};

function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const zone of calendar.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(zone);
  return calendar;
}

describe("buildCalendar", () => {
  const text = buildCalendar([base], {
    name: "Test response: meetings",
    origin: "https://portal.example.org",
    responseSlug: "test",
  });

  it("writes one VEVENT with its RRULE, a VTIMEZONE, a stable UID and escaped text", () => {
    expect(text).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(text).toContain("BEGIN:VTIMEZONE\r\nTZID:Europe/Zurich");
    expect(text).toContain("DTSTART;TZID=Europe/Zurich:20260316T100000");
    expect(text).toContain("RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=5");
    expect(text).toContain("EXDATE;TZID=Europe/Zurich:20260406T100000");
    expect(text).toContain("SUMMARY:WASH\\; Hygiene\\, and \\\\ sanitation");
    expect(text.match(/BEGIN:VEVENT/g)).toHaveLength(1);
    const event = parse(text).getFirstSubcomponent("vevent")!;
    expect(event.getFirstPropertyValue("uid")).toBe(base.uid);
    expect(event.getFirstPropertyValue("sequence")).toBe(3);
    expect(event.getFirstPropertyValue("summary")).toBe(base.title);
    expect(String(event.getFirstPropertyValue("description"))).toContain(
      "Line two, with a comma; and a semicolon",
    );
    expect(event.getFirstPropertyValue("dtstamp")!.toString()).toBe("2026-03-01T12:00:00Z");
    expect(event.getFirstPropertyValue("url")).toBe(`https://portal.example.org/r/test/events/${base.id}`);
  });

  it("expands, through the parser, to 10:00 Zurich time on both sides of the March change", () => {
    const vevent = parse(text).getFirstSubcomponent("vevent")!;
    const event = new ICAL.Event(vevent);
    const iterator = event.iterator();
    const starts: string[] = [];
    // The parser's expansion applies COUNT and skips the EXDATE (6 April) itself.
    for (let next = iterator.next(); next; next = iterator.next()) starts.push(next.toJSDate().toISOString());
    expect(starts).toEqual([
      "2026-03-16T09:00:00.000Z",
      "2026-03-23T09:00:00.000Z",
      "2026-03-30T08:00:00.000Z",
      "2026-04-13T08:00:00.000Z",
    ]);
    const duration = event.duration.toSeconds();
    expect(duration).toBe(90 * 60);
  });

  it("writes a one-off event in Asia/Dhaka without RRULE", () => {
    const once = buildCalendar(
      [
        {
          ...base,
          recurrence: "none",
          rrule: null,
          recurrenceCount: null,
          exceptionDates: [],
          timeZone: "Asia/Dhaka",
        },
      ],
      { name: "x", origin: "https://portal.example.org", responseSlug: "test" },
    );
    expect(once).not.toContain("RRULE");
    expect(once).toContain("DTSTART;TZID=Asia/Dhaka:20260316T100000");
    const event = new ICAL.Event(parse(once).getFirstSubcomponent("vevent")!);
    expect(event.startDate.toJSDate().toISOString()).toBe("2026-03-16T04:00:00.000Z");
  });
});
