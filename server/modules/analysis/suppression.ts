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

/**
 * The value, or null when it must be withheld: when it is small, or when `part`, a part of it that
 * a reader could subtract out of other answers (a sector's own records beside its sub-sectors',
 * `directReachedSql`), is small.
 */
export const suppress = (
  value: number | null | undefined,
  threshold: number,
  part?: number | null,
): number | null => (value == null || isSmall(value, threshold) || isSmall(part, threshold) ? null : value);

interface Cells<T> {
  rows: T[];
  /** The people figures of a row (read before suppression). */
  values: (row: T) => (number | null)[];
  /** Withhold every people figure of the row. */
  withhold: (row: T) => void;
  /** The group whose total a reader can find elsewhere (a sector's places). */
  group?: (row: T) => string;
  /**
   * Several groupings when a row lies in more than one such total: a cell of a place and month is
   * part of the month's total over places and of the place's total over months.
   */
  groups?: ((row: T) => string)[];
}

/**
 * Withholds the rows with a small people figure (primary suppression) and, in every group of every
 * grouping, one more row where only one was withheld (complementary suppression). With several
 * groupings a complementary row can leave another group with a single withheld row, so the rule
 * runs again until no group has exactly one; every round withholds a row, so it ends. Mutates and
 * returns the rows.
 */
export function suppressRows<T>(
  { rows, values, withhold, group = () => "", groups = [group] }: Cells<T>,
  threshold: number,
): T[] {
  if (threshold <= 0) return rows;
  // Figures are read once, before anything is withheld (withholding clears them).
  const cells = rows.map((row) => {
    const figures = values(row);
    const withheld = figures.some((v) => isSmall(v, threshold));
    // The smallest positive figure: the cheapest row to withhold in its place.
    const size = Math.min(...figures.map((v) => (v && v > 0 ? v : Number.POSITIVE_INFINITY)));
    return { row, withheld, size };
  });
  for (const cell of cells) if (cell.withheld) withhold(cell.row);
  for (let changed = true; changed; ) {
    changed = false;
    for (const key of groups) {
      const byGroup = new Map<string, typeof cells>();
      for (const cell of cells) {
        const members = byGroup.get(key(cell.row)) ?? [];
        members.push(cell);
        byGroup.set(key(cell.row), members);
      }
      for (const members of byGroup.values()) {
        if (members.filter((c) => c.withheld).length !== 1) continue;
        const open = members.filter((c) => !c.withheld && Number.isFinite(c.size));
        if (!open.length) continue;
        const smallest = open.reduce((a, b) => (b.size < a.size ? b : a));
        smallest.withheld = true;
        withhold(smallest.row);
        changed = true;
      }
    }
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
  /** Each value's part that a reader could subtract out, as `suppress` takes it. */
  parts: (number | null | undefined)[] = [],
): { total: number | null; partial: boolean } {
  const withheld = values.map((v, i) => isSmall(v, threshold) || isSmall(parts[i], threshold));
  const shown = values.filter((v, i): v is number => v != null && !withheld[i]);
  const partial = withheld.some(Boolean);
  const total = shown.reduce((sum, v) => sum + v, 0);
  return { total: !shown.length || (partial && total === 0) ? null : total, partial };
}
