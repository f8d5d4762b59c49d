import { describe, expect, it } from "vitest";
import { shownTotal } from "./suppression.ts";

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
});
