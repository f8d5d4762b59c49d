import { useMemo } from "react";
import { useTranslation } from "react-i18next";

/** The last `count` months as YYYY-MM, newest first, counting the current month. */
export function recentMonths(count: number, now = new Date()): string[] {
  const months: string[] = [];
  for (let i = 0; i < count; i++) {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1));
    months.push(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`);
  }
  return months;
}

/** "October 2026" (or the reader's language's way) for YYYY-MM or YYYY-MM-DD. */
export function useMonthLabel(style: "long" | "short" = "long") {
  const { i18n } = useTranslation();
  const lng = i18n.language;
  return useMemo(() => {
    const format = new Intl.DateTimeFormat(lng, { month: style, year: "numeric", timeZone: "UTC" });
    return (month: string) => {
      const d = new Date(`${month.slice(0, 7)}-01T00:00:00Z`);
      return Number.isNaN(d.getTime()) ? month : format.format(d);
    };
  }, [lng, style]);
}
