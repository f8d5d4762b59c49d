import { describe, expect, it } from "vitest";
import type { ErrorBody } from "../../../common/errors.ts";
import { AppError } from "../../errors.ts";
import {
  checkCustomRule,
  checkFirstOccurrence,
  expand,
  fullRule,
  instantToLocal,
  localToInstant,
  type Recurring,
  ruleBaseFor,
} from "./recurrence.ts";

/** Recurrences repeat in local time: the same wall clock across daylight-saving changes. */

const weekly = (start: string, end: string, timeZone: string, extra: Partial<Recurring> = {}): Recurring => ({
  startsAt: localToInstant(start, timeZone),
  endsAt: localToInstant(end, timeZone),
  timeZone,
  rruleBase: ruleBaseFor("weekly", null, start),
  recurrenceUntil: null,
  recurrenceCount: null,
  exceptionDates: [],
  ...extra,
});

const details = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return (error as AppError).details as ErrorBody["error"]["details"];
  }
  throw new Error("expected a validation error");
};

describe("local times and zones", () => {
  it("converts wall clock to instants and back, with the zone's offset on each date", () => {
    expect(localToInstant("2026-03-23T10:00", "Europe/Zurich").toISOString()).toBe(
      "2026-03-23T09:00:00.000Z",
    );
    expect(localToInstant("2026-03-30T10:00", "Europe/Zurich").toISOString()).toBe(
      "2026-03-30T08:00:00.000Z",
    );
    expect(localToInstant("2026-11-24T10:00", "Asia/Dhaka").toISOString()).toBe("2026-11-24T04:00:00.000Z");
    expect(instantToLocal(new Date("2026-11-24T04:00:00Z"), "Asia/Dhaka")).toBe("2026-11-24T10:00");
  });
});

describe("expand", () => {
  it("keeps a weekly Zurich meeting at 10:00 local across the end-of-March change", () => {
    const event = weekly("2026-03-16T10:00", "2026-03-16T11:30", "Europe/Zurich");
    const got = expand(event, new Date("2026-03-01T00:00:00Z"), new Date("2026-04-14T00:00:00Z"));
    expect(got.map((o) => o.startsAt.toISOString())).toEqual([
      "2026-03-16T09:00:00.000Z",
      "2026-03-23T09:00:00.000Z",
      // Clocks go forward on Sunday 29 March: 10:00 CEST is 08:00 UTC.
      "2026-03-30T08:00:00.000Z",
      "2026-04-06T08:00:00.000Z",
      "2026-04-13T08:00:00.000Z",
    ]);
    expect(got.map((o) => instantToLocal(o.endsAt, "Europe/Zurich").slice(11))).toEqual(
      Array(5).fill("11:30"),
    );
  });

  it("keeps the local time when clocks go back too (October, Europe/Zurich)", () => {
    const event = weekly("2026-10-19T10:00", "2026-10-19T11:00", "Europe/Zurich");
    const got = expand(event, new Date("2026-10-19T00:00:00Z"), new Date("2026-10-27T00:00:00Z"));
    expect(got.map((o) => o.startsAt.toISOString())).toEqual([
      "2026-10-19T08:00:00.000Z",
      "2026-10-26T09:00:00.000Z",
    ]);
  });

  it("repeats an Asia/Dhaka meeting at the same UTC time (no daylight saving)", () => {
    const event = weekly("2026-11-17T10:00", "2026-11-17T11:30", "Asia/Dhaka");
    const got = expand(event, new Date("2026-11-23T00:00:00Z"), new Date("2026-12-08T00:00:00Z"));
    expect(got.map((o) => o.startsAt.toISOString())).toEqual([
      "2026-11-24T04:00:00.000Z",
      "2026-12-01T04:00:00.000Z",
    ]);
  });

  it("honours until (a local date), count and cancelled dates, and finds an occurrence still running", () => {
    const base = weekly("2026-11-03T10:00", "2026-11-03T12:00", "Asia/Dhaka");
    const window = [new Date("2026-11-01T00:00:00Z"), new Date("2027-01-01T00:00:00Z")] as const;
    expect(expand({ ...base, recurrenceUntil: "2026-11-17" }, ...window)).toHaveLength(3);
    expect(expand({ ...base, recurrenceCount: 2 }, ...window)).toHaveLength(2);
    const skipped = expand({ ...base, recurrenceCount: 3, exceptionDates: ["2026-11-10"] }, ...window);
    expect(skipped.map((o) => instantToLocal(o.startsAt, "Asia/Dhaka"))).toEqual([
      "2026-11-03T10:00",
      "2026-11-17T10:00",
    ]);
    // 11:00 local on the 10th: the 10:00–12:00 occurrence is under way and overlaps the window.
    const during = expand(
      base,
      localToInstant("2026-11-10T11:00", "Asia/Dhaka"),
      new Date("2026-11-11T00:00:00Z"),
    );
    expect(during.map((o) => instantToLocal(o.startsAt, "Asia/Dhaka"))).toEqual(["2026-11-10T10:00"]);
  });

  it("expands a custom rule (first Tuesday of the month) and a one-off event", () => {
    const event: Recurring = {
      ...weekly("2026-12-01T14:00", "2026-12-01T16:00", "Asia/Yangon"),
      rruleBase: checkCustomRule("FREQ=MONTHLY;BYDAY=1TU"),
    };
    const got = expand(event, new Date("2026-11-01T00:00:00Z"), new Date("2027-03-01T00:00:00Z"));
    expect(got.map((o) => instantToLocal(o.startsAt, "Asia/Yangon").slice(0, 10))).toEqual([
      "2026-12-01",
      "2027-01-05",
      "2027-02-02",
    ]);
    const once = { ...event, rruleBase: null };
    expect(expand(once, new Date("2026-11-01T00:00:00Z"), new Date("2027-03-01T00:00:00Z"))).toHaveLength(1);
    expect(expand(once, new Date("2026-12-02T00:00:00Z"), new Date("2027-03-01T00:00:00Z"))).toHaveLength(0);
  });
});

describe("rules", () => {
  it("builds weekly and monthly rules from the first occurrence, and writes UNTIL in UTC", () => {
    expect(ruleBaseFor("weekly", null, "2026-11-24T10:00")).toBe("FREQ=WEEKLY;BYDAY=TU");
    expect(ruleBaseFor("monthly", null, "2026-11-24T10:00")).toBe("FREQ=MONTHLY");
    expect(ruleBaseFor("none", null, "2026-11-24T10:00")).toBeNull();
    const event = weekly("2026-11-24T10:00", "2026-11-24T11:00", "Asia/Dhaka", {
      recurrenceUntil: "2026-12-22",
    });
    // The end of 22 December in Dhaka (UTC+6) is 17:59:59 UTC.
    expect(fullRule(event)).toBe("FREQ=WEEKLY;BYDAY=TU;UNTIL=20261222T175959Z");
    expect(fullRule({ ...event, recurrenceUntil: null, recurrenceCount: 4 })).toBe(
      "FREQ=WEEKLY;BYDAY=TU;COUNT=4",
    );
  });

  it("refuses malformed custom rules with the reason", () => {
    expect(details(() => checkCustomRule("FREQ=FOO"))[0]!.message).toContain("FREQ=FOO");
    expect(details(() => checkCustomRule("BYDAY=MO"))[0]!.message).toContain("FREQ is required");
    expect(details(() => checkCustomRule("FREQ=WEEKLY;COUNT=3"))[0]!.message).toContain("recurrenceCount");
    expect(details(() => checkCustomRule("FREQ=WEEKLY;BYDAY=XX"))[0]!.message).toContain("BYDAY=XX");
    expect(details(() => checkCustomRule("FREQ=MINUTELY"))[0]!.path).toBe("body.rrule");
    expect(details(() => checkCustomRule("FREQ=WEEKLY;X-FOO=1"))[0]!.message).toContain("not supported");
    expect(checkCustomRule("rrule:freq=monthly;byday=1tu")).toBe("FREQ=MONTHLY;BYDAY=1TU");
  });

  it("refuses a rule that never happens and a start the rule does not give", () => {
    const never: Recurring = {
      ...weekly("2026-02-28T10:00", "2026-02-28T11:00", "UTC"),
      rruleBase: "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
    };
    expect(details(() => checkFirstOccurrence(never))[0]!.message).toBe("no occurrence");
    const offRule: Recurring = {
      ...weekly("2026-12-02T10:00", "2026-12-02T11:00", "UTC"),
      rruleBase: "FREQ=MONTHLY;BYDAY=1TU",
    };
    const [problem] = details(() => checkFirstOccurrence(offRule));
    expect(problem).toEqual({
      path: "body.start",
      message: "the rule does not give this date; its first occurrence is 2027-01-05T10:00",
    });
  });
});
