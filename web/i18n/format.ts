import { useMemo } from "react";
import { useTranslation } from "react-i18next";

/** Dates and numbers written the way the reader's language writes them (Intl). */
export function useFormat() {
  const { i18n } = useTranslation();
  const lng = i18n.language;
  return useMemo(() => {
    const number = new Intl.NumberFormat(lng);
    const day = new Intl.DateTimeFormat(lng, { dateStyle: "medium", timeZone: "UTC" });
    const moment = new Intl.DateTimeFormat(lng, { dateStyle: "medium", timeStyle: "short" });
    const decimal = new Intl.NumberFormat(lng, { maximumFractionDigits: 5 });
    const percent = new Intl.NumberFormat(lng, { style: "percent", maximumFractionDigits: 0 });
    const month = new Intl.DateTimeFormat(lng, { month: "short", year: "numeric", timeZone: "UTC" });
    const list = new Intl.ListFormat(lng, { type: "conjunction" });
    const compact = new Intl.NumberFormat(lng, { notation: "compact", maximumFractionDigits: 1 });
    return {
      number: (value: number) => number.format(value),
      decimal: (value: number) => decimal.format(value),
      /** A share such as 0.42 written as "42%". */
      percent: (value: number) => percent.format(value),
      /** A large number in short ("1.1B"), for headline figures; tables keep the full number. */
      compact: (value: number) => compact.format(value),
      /** Names joined the way the language joins them ("A, B and C"). */
      list: (items: string[]) => list.format(items),
      /** A month such as 2026-10 ("Oct 2026"). */
      month: (yearMonth: string) => {
        const d = new Date(`${yearMonth.slice(0, 7)}-01T00:00:00Z`);
        return Number.isNaN(d.getTime()) ? yearMonth : month.format(d);
      },
      /** A calendar date such as 2017-08-25 (no time zone shift). */
      date: (iso: string) => {
        const d = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
        return Number.isNaN(d.getTime()) ? iso : day.format(d);
      },
      dateTime: (iso: string) => {
        const d = new Date(iso);
        return Number.isNaN(d.getTime()) ? iso : moment.format(d);
      },
    };
  }, [lng]);
}
