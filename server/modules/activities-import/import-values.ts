/**
 * Reading cell text as dates and numbers. ISO dates (YYYY-MM-DD, and YYYY-MM for months) are
 * always accepted. Slash or dot dates (25/12/2024, 12.25.2024) only with a declared date format
 * (DMY or MDY): without one, every such date is an AMBIGUOUS_DATE error, even 25/12/2024 that
 * could only be read one way, so the rule stays simple and a file never half-guesses.
 */
export type DateFormat = "DMY" | "MDY";

export type Parsed<T> = { ok: true; value: T } | { ok: false; code: string; message: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = (code: string, message: string): Parsed<never> => ({ ok: false, code, message });

function validDay(y: number, m: number, d: number): string | null {
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1900 || y > 2100) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1) return null;
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** A day: ISO, or D/M/Y or M/D/Y with the declared format. */
export function parseDay(text: string, format: DateFormat | undefined): Parsed<string> {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (iso) {
    const day = validDay(Number(iso[1]), Number(iso[2]), Number(iso[3]));
    return day ? ok(day) : fail("INVALID_DATE", `"${text}" is not a date of the calendar.`);
  }
  const slash = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(text);
  if (slash) {
    if (!format)
      return fail(
        "AMBIGUOUS_DATE",
        `"${text}" could be day/month/year or month/day/year: write dates as YYYY-MM-DD, or declare the file's date format (DMY or MDY).`,
      );
    const [a, b] = [Number(slash[1]), Number(slash[2])];
    const day = format === "DMY" ? validDay(Number(slash[3]), b, a) : validDay(Number(slash[3]), a, b);
    return day
      ? ok(day)
      : fail(
          "INVALID_DATE",
          `"${text}" is not a date of the calendar read as ${format === "DMY" ? "day/month/year" : "month/day/year"}.`,
        );
  }
  return fail("INVALID_DATE", `"${text}" is not a date: write YYYY-MM-DD.`);
}

/** A month, stored as its first day: YYYY-MM, YYYY-MM-01 (any ISO day is refused unless the 1st), MM/YYYY with a declared format, or a day. */
export function parseMonth(text: string, format: DateFormat | undefined): Parsed<string> {
  const month = /^(\d{4})-(\d{1,2})$/.exec(text);
  if (month) {
    const day = validDay(Number(month[1]), Number(month[2]), 1);
    return day ? ok(day) : fail("INVALID_DATE", `"${text}" is not a month: write YYYY-MM.`);
  }
  const slashMonth = /^(\d{1,2})[/.](\d{4})$/.exec(text);
  if (slashMonth) {
    if (!format)
      return fail(
        "AMBIGUOUS_DATE",
        `"${text}": write months as YYYY-MM, or declare the file's date format (DMY or MDY).`,
      );
    const day = validDay(Number(slashMonth[2]), Number(slashMonth[1]), 1);
    return day ? ok(day) : fail("INVALID_DATE", `"${text}" is not a month: write YYYY-MM.`);
  }
  const parsed = parseDay(text, format);
  if (!parsed.ok) return parsed;
  if (!parsed.value.endsWith("-01"))
    return fail("INVALID_DATE", `"${text}" is a day, not a month: write the month as YYYY-MM.`);
  return parsed;
}

/**
 * A plain decimal number (`1234`, `12.5`, `-3` refused by the rules later). Thousands separators
 * (`1,234`, `1 234`, `1.234.567`) and decimal commas are refused: the same text means different
 * numbers in different locales.
 */
export function parseNumber(text: string, whole: boolean): Parsed<number> {
  const t = text.trim();
  if (/^-?\d+(\.\d+)?$/.test(t)) {
    const n = Number(t);
    if (whole && !Number.isInteger(n)) return fail("INVALID_NUMBER", `"${text}" must be a whole number.`);
    return ok(n);
  }
  if (/^-?\d{1,3}([,\s\u00a0'.]\d{3})+([.,]\d+)?$/.test(t) || /^-?\d+,\d+$/.test(t))
    return fail(
      "THOUSANDS_SEPARATOR",
      `"${text}" has a thousands separator or a decimal comma: write plain digits with a point for decimals (1234.5).`,
    );
  return fail("INVALID_NUMBER", `"${text}" is not a number: write plain digits (1234 or 1234.5).`);
}

/**
 * True for cell text a spreadsheet would run as a formula (CSV injection), which an import refuses:
 * - text starting with `=`;
 * - text starting with `+`, `-` or `@` directly followed by something other than a space, that
 *   calls a function (a name directly followed by "(", as in `HYPERLINK(`) or holds a DDE pipe `|`.
 * So `-5`, `+3.5`, `+880 1712-345678`, `- none`, `-`, `@home` and `-A1` stay text (harmless even
 * where a spreadsheet would compute them), while `+HYPERLINK("http://x")`, `@SUM(A1)` and
 * `-2+3+cmd|' /C calc'!A0` are refused. A cell quoted as our exports quote it (`'=…`) is text.
 */
export function looksLikeFormula(text: string): boolean {
  if (text.startsWith("=")) return true;
  return /^[+\-@]\S/.test(text) && /[A-Za-z_][\w.]*\(|\|/.test(text);
}
