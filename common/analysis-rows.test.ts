import { describe, expect, it } from "vitest";
import { expandAnswer } from "./analysis-rows.ts";

const campA = { id: "a", code: "CXB-201", name: "Camp 1E" };
const campB = { id: "b", code: "CXB-202", name: "Camp 2W" };
const wash = { id: "w", code: "WASH", name: "WASH" };

describe("expandAnswer", () => {
  it("puts each row's place and sector back in, and drops the lists", () => {
    const answer = {
      threshold: 5,
      places: [campA, campB],
      sectors: [wash],
      rows: [
        { place: 1, sector: 0, reached: null, suppressed: true },
        { place: 0, sector: 0, reached: 400, suppressed: false },
      ],
    };
    expect(expandAnswer(answer)).toEqual({
      threshold: 5,
      rows: [
        { location: campB, sector: wash, reached: null, suppressed: true },
        { location: campA, sector: wash, reached: 400, suppressed: false },
      ],
    });
  });

  it("refuses a row pointing at a place the answer does not list", () => {
    const answer = { places: [campA], sectors: [wash], rows: [{ place: 1, sector: 0, reached: 1 }] };
    expect(() => expandAnswer(answer)).toThrow("points at place 1, which it does not list");
  });
});
