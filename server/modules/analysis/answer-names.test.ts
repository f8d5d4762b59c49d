import { describe, expect, it } from "vitest";
import { expandAnswer } from "../../../common/analysis-rows.ts";
import { AnswerNames } from "./answer-names.ts";

const camp = (id: string, code: string) => ({ id, code, name: `Camp ${code}` });
const [c3, c1, c2] = [camp("c3", "CXB-203"), camp("c1", "CXB-201"), camp("c2", "CXB-202")];
const wash = { id: "w", code: "WASH", name: "WASH" };
const health = { id: "h", code: "HEA", name: "Health" };
const unknown = (id: string) => ({ id, code: "?", name: "?" });

describe("AnswerNames", () => {
  it("gives positions in code order, so rows sort by sector and place code as numbers", () => {
    const names = new AnswerNames([c3, c1, c2], [wash, health], unknown);
    expect([names.place("c1"), names.place("c2"), names.place("c3")]).toEqual([0, 1, 2]);
    expect([names.sector("h"), names.sector("w")]).toEqual([0, 1]);
  });

  it("lists only the places and sectors the rows point at, and renumbers the rows in place", () => {
    const names = new AnswerNames([c3, c1, c2], [wash, health], unknown);
    const rows = [
      { place: names.place("c3"), sector: names.sector("w"), reached: 7 },
      { place: names.place("c1"), sector: names.sector("w"), reached: 9 },
    ];
    const answer = names.answer(rows);
    expect(answer.places).toEqual([c1, c3]);
    expect(answer.sectors).toEqual([wash]);
    expect(answer.rows).toBe(rows);
    expect(rows).toEqual([
      { place: 1, sector: 0, reached: 7 },
      { place: 0, sector: 0, reached: 9 },
    ]);
    expect(expandAnswer(answer).rows).toEqual([
      { location: c3, sector: wash, reached: 7 },
      { location: c1, sector: wash, reached: 9 },
    ]);
  });

  it("names an id it was not given with the fallback, after the listed ones", () => {
    const names = new AnswerNames([c1], [wash], unknown);
    const late = names.place("c9");
    expect(late).toBe(1);
    expect(names.place("c9")).toBe(late);
    const answer = names.answer([
      { place: late, sector: 0 },
      { place: 0, sector: 0 },
    ]);
    expect(answer.places).toEqual([c1, unknown("c9")]);
    expect(answer.rows).toEqual([
      { place: 1, sector: 0 },
      { place: 0, sector: 0 },
    ]);
  });

  it("answers no rows with empty lists", () => {
    expect(new AnswerNames([c1], [wash], unknown).answer([])).toEqual({ places: [], sectors: [], rows: [] });
  });
});
