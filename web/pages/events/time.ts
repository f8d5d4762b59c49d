import { TZDate } from "@date-fns/tz";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";

/**
 * Calendar arithmetic in a time zone: the calendar shows a response's events in the response's
 * local time (Cox's Bazar for the Rohingya response) or, on request, in the reader's own.
 */

/** "2026-11-24" for an instant, in the zone. */
export function localDay(instant: Date | string, zone: string): string {
  const d = new TZDate(new Date(instant).getTime(), zone);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

/** Midnight starting a local day, as an instant. */
export const dayStart = (day: string, zone: string) => {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, d, 0, 0, zone).getTime());
};

export const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** Monday = 0 … Sunday = 6 of a local day. */
export const weekdayOf = (day: string) => (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;

export const mondayOf = (day: string) => addDays(day, -weekdayOf(day));

export const addMonths = (day: string, n: number) => {
  const d = new Date(`${day.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + n);
  return d.toISOString().slice(0, 10);
};

/** The six weeks a month view shows, Monday first. */
export function monthGrid(day: string): string[] {
  const first = mondayOf(`${day.slice(0, 7)}-01`);
  return Array.from({ length: 42 }, (_, i) => addDays(first, i));
}

/** Minutes since local midnight of an instant, in the zone. */
export function minutesOfDay(instant: Date | string, zone: string) {
  const d = new TZDate(new Date(instant).getTime(), zone);
  return d.getHours() * 60 + d.getMinutes();
}

export const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Formatting in the reader's language and the calendar's zone. */
export function useZonedFormat(zone: string) {
  const { i18n } = useTranslation();
  const lng = i18n.language;
  return useMemo(() => {
    const make = (options: Intl.DateTimeFormatOptions) =>
      new Intl.DateTimeFormat(lng, { timeZone: zone, ...options });
    const time = make({ hour: "2-digit", minute: "2-digit" });
    const longDay = make({ weekday: "long", day: "numeric", month: "long", year: "numeric" });
    const shortDay = make({ weekday: "short", day: "numeric", month: "short" });
    const zoneName = make({ timeZoneName: "short" });
    // Local days are formatted at their UTC noon in UTC, so no zone can move them.
    const plain = (options: Intl.DateTimeFormatOptions) =>
      new Intl.DateTimeFormat(lng, { timeZone: "UTC", ...options });
    const month = plain({ month: "long", year: "numeric" });
    const weekdayShort = plain({ weekday: "short" });
    const dayNumber = plain({ day: "numeric" });
    const dayLong = plain({ weekday: "long", day: "numeric", month: "long" });
    const dayMedium = plain({ day: "numeric", month: "short", year: "numeric" });
    const hour = plain({ hour: "numeric" });
    const noon = (day: string) => new Date(`${day}T12:00:00Z`);
    return {
      time: (iso: string) => time.format(new Date(iso)),
      range: (from: string, to: string) =>
        localDay(from, zone) === localDay(to, zone)
          ? `${time.format(new Date(from))}–${time.format(new Date(to))}`
          : `${shortDay.format(new Date(from))} ${time.format(new Date(from))} – ${shortDay.format(new Date(to))} ${time.format(new Date(to))}`,
      longDay: (iso: string) => longDay.format(new Date(iso)),
      zoneAbbreviation: (iso: string) =>
        zoneName.formatToParts(new Date(iso)).find((p) => p.type === "timeZoneName")?.value ?? zone,
      month: (day: string) => month.format(noon(day)),
      weekdayShort: (day: string) => weekdayShort.format(noon(day)),
      dayNumber: (day: string) => dayNumber.format(noon(day)),
      dayLong: (day: string) => dayLong.format(noon(day)),
      dayMedium: (day: string) => dayMedium.format(noon(day)),
      /** An hour of the day (the week grid's rows): "8 AM", "08", … as the language writes it. */
      hour: (h: number) => hour.format(new Date(Date.UTC(2000, 0, 1, h))),
    };
  }, [lng, zone]);
}
