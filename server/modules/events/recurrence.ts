import { TZDate } from "@date-fns/tz";
import * as rruleNs from "rrule";
import type { ErrorDetail } from "../../../common/errors.ts";
import type { RecurrenceKind } from "../../../common/schemas/events.ts";
import { invalid } from "../../errors.ts";

// rrule ships a UMD "main" and an ESM "module" without an exports map: Node's ESM loader sees the
// UMD build (named exports under `default`), vitest and bundlers see the ESM build.
const { RRule } = (rruleNs as unknown as { default?: typeof rruleNs }).default ?? rruleNs;
type RRuleOptions = ReturnType<typeof RRule.parseString>;

/**
 * Recurrences repeat in the event's local time: a weekly 10:00 Europe/Zurich meeting stays at
 * 10:00 in Zurich when the clocks change. The rule is expanded over "floating" wall-clock times
 * (UTC fields standing for local fields), and each occurrence is then placed in its zone.
 */

/** Local wall-clock fields of an instant in a zone, as a floating Date (UTC fields = local). */
export function toFloating(instant: Date, zone: string): Date {
  const local = new TZDate(instant.getTime(), zone);
  return new Date(
    Date.UTC(
      local.getFullYear(),
      local.getMonth(),
      local.getDate(),
      local.getHours(),
      local.getMinutes(),
      local.getSeconds(),
    ),
  );
}

/** The instant a floating wall-clock time happens at in a zone (a time skipped by DST moves on). */
export function fromFloating(floating: Date, zone: string): Date {
  return new Date(
    new TZDate(
      floating.getUTCFullYear(),
      floating.getUTCMonth(),
      floating.getUTCDate(),
      floating.getUTCHours(),
      floating.getUTCMinutes(),
      floating.getUTCSeconds(),
      zone,
    ).getTime(),
  );
}

/** "2026-11-24T10:00" in a zone → the instant. */
export const localToInstant = (local: string, zone: string) => fromFloating(new Date(`${local}:00Z`), zone);
/** The instant → "2026-11-24T10:00" in the zone. */
export const instantToLocal = (instant: Date, zone: string) =>
  toFloating(instant, zone).toISOString().slice(0, 16);

const allowedParts: Record<string, RegExp> = {
  FREQ: /^(DAILY|WEEKLY|MONTHLY|YEARLY)$/,
  INTERVAL: /^([1-9]\d{0,2})$/,
  BYDAY: /^([+-]?[1-5]?(MO|TU|WE|TH|FR|SA|SU))(,[+-]?[1-5]?(MO|TU|WE|TH|FR|SA|SU))*$/,
  BYMONTHDAY: /^(-?([1-9]|[12]\d|3[01]))(,-?([1-9]|[12]\d|3[01]))*$/,
  BYMONTH: /^([1-9]|1[0-2])(,([1-9]|1[0-2]))*$/,
  BYSETPOS: /^(-?[1-9]\d{0,2})(,-?[1-9]\d{0,2})*$/,
  WKST: /^(MO|TU|WE|TH|FR|SA|SU)$/,
};

/**
 * Checks a custom rule body (FREQ=MONTHLY;BYDAY=1TU) part by part: the rrule package accepts
 * unknown values silently (FREQ=FOO gives no frequency), so it is not asked to judge.
 */
export function checkCustomRule(rule: string, path = "body.rrule"): string {
  const body = rule.replace(/^RRULE:/i, "").toUpperCase();
  const parts = body.split(";").filter(Boolean);
  const seen = new Set<string>();
  const problems: ErrorDetail[] = [];
  for (const part of parts) {
    const [key = "", value = "", ...rest] = part.split("=");
    if (key === "UNTIL" || key === "COUNT" || key === "DTSTART") {
      problems.push({
        path,
        message: `${key} is not part of the rule: use recurrenceUntil or recurrenceCount (the start is the event's)`,
      });
    } else if (!(key in allowedParts)) {
      problems.push({
        path,
        message: `${key || part} is not supported (use ${Object.keys(allowedParts).join(", ")})`,
      });
    } else if (rest.length || !allowedParts[key]!.test(value)) {
      problems.push({ path, message: `${key}=${value} is not a valid value` });
    } else if (seen.has(key)) {
      problems.push({ path, message: `${key} appears twice` });
    }
    seen.add(key);
  }
  if (!seen.has("FREQ"))
    problems.push({ path, message: "FREQ is required (DAILY, WEEKLY, MONTHLY or YEARLY)" });
  if (problems.length) throw invalid("The recurrence rule is not valid.", problems);
  return parts.join(";");
}

const weekdayCodes = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"] as const;

/** The stored rule body for a recurrence kind, given the first occurrence's local start. */
export function ruleBaseFor(kind: RecurrenceKind, custom: string | null | undefined, localStart: string) {
  if (kind === "none") return null;
  if (kind === "custom") {
    if (!custom)
      throw invalid("A custom recurrence needs a rule.", [{ path: "body.rrule", message: "required" }]);
    return checkCustomRule(custom);
  }
  const weekday = weekdayCodes[new Date(`${localStart}:00Z`).getUTCDay()]!;
  // Weekly on the first occurrence's weekday; monthly on its day of the month.
  return kind === "weekly" ? `FREQ=WEEKLY;BYDAY=${weekday}` : "FREQ=MONTHLY";
}

export interface Recurring {
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  rruleBase: string | null;
  recurrenceUntil: string | null;
  recurrenceCount: number | null;
  exceptionDates: string[];
}

/** UNTIL per RFC 5545: in UTC when DTSTART has a TZID; the end of the local day given. */
export function untilInstant(until: string, zone: string): Date {
  return fromFloating(new Date(`${until}T23:59:59Z`), zone);
}

const icalUtc = (d: Date) => `${d.toISOString().replace(/[-:]/g, "").slice(0, 15)}Z`;

/** The full RRULE the iCal feed writes: the base with UNTIL (UTC) or COUNT. */
export function fullRule(event: Recurring): string | null {
  if (!event.rruleBase) return null;
  if (event.recurrenceUntil)
    return `${event.rruleBase};UNTIL=${icalUtc(untilInstant(event.recurrenceUntil, event.timeZone))}`;
  if (event.recurrenceCount) return `${event.rruleBase};COUNT=${event.recurrenceCount}`;
  return event.rruleBase;
}

function ruleOf(event: Recurring) {
  const options: Partial<RRuleOptions> = RRule.parseString(event.rruleBase!);
  return new RRule({
    ...options,
    dtstart: toFloating(event.startsAt, event.timeZone),
    until: event.recurrenceUntil ? new Date(`${event.recurrenceUntil}T23:59:59Z`) : null,
    count: event.recurrenceCount ?? null,
  });
}

/**
 * Refuses a rule that never yields an occurrence (30 February), and a start the rule does not
 * give: RFC 5545 leaves such a set undefined, and calendar clients disagree on it.
 */
export function checkFirstOccurrence(event: Recurring) {
  if (!event.rruleBase) return;
  const start = toFloating(event.startsAt, event.timeZone);
  const first = ruleOf(event).after(start, true);
  if (!first)
    throw invalid("The recurrence never happens: check the rule, the end date or the count.", [
      { path: "body.rrule", message: "no occurrence" },
    ]);
  if (first.getTime() !== start.getTime())
    throw invalid("The start must be one of the rule's occurrences.", [
      {
        path: "body.start",
        message: `the rule does not give this date; its first occurrence is ${first.toISOString().slice(0, 16)}`,
      },
    ]);
}

export interface Occurrence {
  startsAt: Date;
  endsAt: Date;
}

/**
 * The occurrences that overlap [from, to). An occurrence keeps the first one's duration in
 * local time, so a 10:00–11:30 meeting stays 10:00–11:30 on the day the clocks change.
 */
export function expand(event: Recurring, from: Date, to: Date, limit = 2000): Occurrence[] {
  if (!event.rruleBase) return event.endsAt > from && event.startsAt < to ? [event] : [];
  const zone = event.timeZone;
  const floatingStart = toFloating(event.startsAt, zone);
  const duration = toFloating(event.endsAt, zone).getTime() - floatingStart.getTime();
  // A day either side covers any zone offset between floating and real time.
  const day = 24 * 3600 * 1000;
  const candidates = ruleOf(event).between(
    new Date(from.getTime() - duration - day),
    new Date(to.getTime() + day),
    true,
    (_date, i) => i < limit + 64,
  );
  const skip = new Set(event.exceptionDates);
  const out: Occurrence[] = [];
  for (const floating of candidates) {
    if (skip.has(floating.toISOString().slice(0, 10))) continue;
    const startsAt = fromFloating(floating, zone);
    const endsAt = fromFloating(new Date(floating.getTime() + duration), zone);
    if (endsAt > from && startsAt < to) out.push({ startsAt, endsAt });
  }
  return out;
}

/** The first local start on or after `localStart` that a rule gives (to place a demo meeting). */
export function firstOccurrenceFrom(ruleBase: string, localStart: string): string {
  const dtstart = new Date(`${localStart}:00Z`);
  const rule = new RRule({ ...RRule.parseString(ruleBase), dtstart });
  const first = rule.after(dtstart, true);
  if (!first) throw new Error(`The rule ${ruleBase} gives no occurrence after ${localStart}`);
  return first.toISOString().slice(0, 16);
}
