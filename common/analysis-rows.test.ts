import { describe, expect, it } from "vitest";
import { compactRows, expandAnswer } from "./analysis-rows.ts";

const campA = { id: "a", code: "CXB-201", name: "Camp 1E" };
const campB = { id: "b", code: "CXB-202", name: "Camp 2W" };
const wash = { id: "w", code: "WASH", name: "WASH" };
const rows = [
  { location: campA, sector: wash, reached: 400, suppressed: false },
  { location: campB, sector: wash, reached: null, suppressed: true },
  { location: campA, sector: wash, reached: 3, suppressed: false },
];

describe("compactRows and expandAnswer", () => {
  it("list each place and sector once, and give the rows back as they were", () => {
    const compact = compactRows(rows);
    expect(compact.places).toEqual([campA, campB]);
    expect(compact.sectors).toEqual([wash]);
    expect(compact.rows.map((r) => [r.place, r.sector])).toEqual([
      [0, 0],
      [1, 0],
      [0, 0],
    ]);
    expect(expandAnswer({ threshold: 5, ...compact })).toEqual({ threshold: 5, rows });
  });

  it("refuse a row pointing at a place the answer does not list", () => {
    const answer = { places: [campA], sectors: [wash], rows: [{ place: 1, sector: 0, reached: 1 }] };
    expect(() => expandAnswer(answer)).toThrow("points at place 1, which it does not list");
  });
});
