/**
 * Small-number suppression for public outputs (IASC Operational Guidance on Data Responsibility):
 * a count of people between 1 and threshold − 1 is withheld. Zero is shown (it says "nobody",
 * which identifies no one). When a group holds exactly one withheld cell, the next smallest cell
 * of the group is withheld too, so the withheld value cannot be recovered by subtracting the
 * shown cells from a total. A total printed beside its parts is added up from the shown parts only
 * (`shownTotal`), so it gives nothing withheld back either.
 */

export const isSmall = (value: number | null | undefined, threshold: number): boolean =>
  value != null && value > 0 && value < threshold;

/** The value, or null when it must be withheld. */
export const suppress = (value: number | null | undefined, threshold: number): number | null =>
  value == null ? null : isSmall(value, threshold) ? null : value;

interface Cells<T> {
  rows: T[];
  /** The people figures of a row (read before suppression). */
  values: (row: T) => (number | null)[];
  /** Withhold every people figure of the row. */
  withhold: (row: T) => void;
  group?: (row: T) => string;
}

/**
 * Withholds the rows with a small people figure (primary suppression) and, per group, one more
 * row where only one was withheld (complementary suppression). Mutates and returns the rows.
 */
export function suppressRows<T>(
  { rows, values, withhold, group = () => "" }: Cells<T>,
  threshold: number,
): T[] {
  if (threshold <= 0) return rows;
  const groups = new Map<string, { withheld: number; open: { row: T; size: number }[] }>();
  for (const row of rows) {
    const key = group(row);
    const entry = groups.get(key) ?? { withheld: 0, open: [] };
    groups.set(key, entry);
    const figures = values(row);
    if (figures.some((v) => isSmall(v, threshold))) {
      withhold(row);
      entry.withheld++;
    } else {
      const size = Math.min(...figures.map((v) => (v && v > 0 ? v : Number.POSITIVE_INFINITY)));
      if (Number.isFinite(size)) entry.open.push({ row, size });
    }
  }
  for (const { withheld, open } of groups.values()) {
    if (withheld !== 1 || !open.length) continue;
    const smallest = open.reduce((a, b) => (b.size < a.size ? b : a));
    withhold(smallest.row);
  }
  return rows;
}

/**
 * The total of a group of figures shown beside them (sectors of a month, of the dashboard): the sum
 * of the shown figures only. A sum of all of them would give a withheld one back by subtraction
 * (WASH 700 shown, total 703: Health 3). `partial` says figures were left out. A total made of
 * withheld figures only is withheld too: 0 would say that nobody was counted.
 */
export function shownTotal(
  values: (number | null | undefined)[],
  threshold: number,
): { total: number | null; partial: boolean } {
  const shown = values.filter((v): v is number => v != null && !isSmall(v, threshold));
  const partial = values.some((v) => isSmall(v, threshold));
  const total = shown.reduce((sum, v) => sum + v, 0);
  return { total: !shown.length || (partial && total === 0) ? null : total, partial };
}
