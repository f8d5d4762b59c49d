import { describe, expect, it } from "vitest";
import { shownTotal, suppress, suppressRows } from "./suppression.ts";

describe("shownTotal", () => {
  it("adds up the shown figures only, so the withheld ones cannot be recovered by subtraction", () => {
    expect(shownTotal([700, 3], 5)).toEqual({ total: 700, partial: true });
    expect(shownTotal([700, 350], 5)).toEqual({ total: 1050, partial: false });
  });

  it("withholds a total made of withheld figures only, rather than say nobody", () => {
    expect(shownTotal([3, 2], 5)).toEqual({ total: null, partial: true });
    expect(shownTotal([0, 3], 5)).toEqual({ total: null, partial: true });
    expect(shownTotal([0, null], 5)).toEqual({ total: 0, partial: false });
    expect(shownTotal([null], 5)).toEqual({ total: null, partial: false });
  });

  it("adds up everything for members (no threshold)", () => {
    expect(shownTotal([700, 3, null], 0)).toEqual({ total: 703, partial: false });
  });

  it("leaves out a figure whose subtractable part is small, as withheld", () => {
    expect(shownTotal([700, 53], 5, [null, 3])).toEqual({ total: 700, partial: true });
    expect(shownTotal([700, 53], 5, [null, 0])).toEqual({ total: 753, partial: false });
  });
});

describe("suppress", () => {
  it("withholds a small figure, or one whose subtractable part is small", () => {
    expect(suppress(3, 5)).toBeNull();
    expect(suppress(0, 5)).toBe(0);
    expect(suppress(53, 5)).toBe(53);
    expect(suppress(53, 5, 3)).toBeNull();
    expect(suppress(53, 5, 0)).toBe(53);
    expect(suppress(53, 5, 12)).toBe(53);
    expect(suppress(53, 0, 3)).toBe(53);
  });
});

describe("suppressRows", () => {
  const grid = () =>
    // place × month; B in February is small.
    [
      { place: "A", month: "02", reached: 350 as number | null },
      { place: "A", month: "03", reached: 700 as number | null },
      { place: "B", month: "02", reached: 2 as number | null },
      { place: "B", month: "03", reached: 103 as number | null },
      { place: "C", month: "02", reached: 80 as number | null },
      { place: "C", month: "03", reached: 90 as number | null },
    ];
  const shown = (rows: ReturnType<typeof grid>) => rows.map((r) => r.reached);
  const cells = (rows: ReturnType<typeof grid>) => ({
    rows,
    values: (r: (typeof rows)[number]) => [r.reached],
    withhold: (r: (typeof rows)[number]) => {
      r.reached = null;
    },
  });

  it("withholds the next smallest of a group holding one withheld cell", () => {
    const rows = grid();
    suppressRows({ ...cells(rows), group: (r) => r.month }, 5);
    expect(shown(rows)).toEqual([350, 700, null, 103, null, 90]);
  });

  it("protects every grouping at once: a month's places and a place's months", () => {
    // February: C (80) joins B; then B's months: B March (103); C's months: C March (90).
    const rows = grid();
    suppressRows({ ...cells(rows), groups: [(r) => r.month, (r) => r.place] }, 5);
    expect(shown(rows)).toEqual([350, 700, null, null, null, null]);
  });
});
