import { describe, expect, it } from "vitest";
import { coreHashtag, coreHashtags } from "./hxl-core-tags.ts";
import {
  checkHashtag,
  explainMalformed,
  matches,
  normaliseHashtag,
  parseHashtag,
  parseTagPattern,
} from "./hxl-tags.ts";

describe("parseHashtag and normaliseHashtag", () => {
  it("normalises case, spaces before +, attribute order and duplicates", () => {
    expect(normaliseHashtag("#adm2 +name")).toBe("#adm2+name");
    expect(normaliseHashtag("#Adm2+Name")).toBe("#adm2+name");
    expect(normaliseHashtag("  #reached +f +children  ")).toBe("#reached+children+f");
    expect(normaliseHashtag("#reached+children+f")).toBe("#reached+children+f");
    expect(normaliseHashtag("#Targeted+F+f+CHILDREN")).toBe("#targeted+children+f");
    expect(parseHashtag("#Reached +F +children")).toEqual({
      hashtag: "#reached+children+f",
      tag: "#reached",
      attributes: ["children", "f"],
    });
  });

  it("accepts beta and custom tokens (letters, digits, _)", () => {
    expect(normaliseHashtag("#x_border_country")).toBe("#x_border_country");
    expect(normaliseHashtag("#people_num")).toBe("#people_num");
    expect(normaliseHashtag("#adm1")).toBe("#adm1");
  });

  it("rejects what libhxl rejects: no #, a space after +, a token starting with a digit, inner words", () => {
    for (const bad of [
      "adm1",
      "#foo + a +b",
      "#1st",
      "#",
      "# org",
      "#org name",
      "#org+",
      "#org+f!",
      "",
      "Sector",
    ]) {
      expect(parseHashtag(bad), bad).toBeNull();
    }
    expect(normaliseHashtag("#foo +a +b")).toBe("#foo+a+b");
  });
});

describe("tag patterns and matches()", () => {
  it("parses patterns leniently, as libhxl does", () => {
    const expected = { tag: "#tag", include: ["foo"], exclude: ["xxx"], absolute: false };
    expect(parseTagPattern("tag+foo-xxx")).toEqual(expected);
    expect(parseTagPattern("#tag+foo-xxx")).toEqual(expected);
    expect(parseTagPattern("   tag +foo  -xxx  ")).toEqual(expected);
    expect(parseTagPattern("#Org+Name!")).toEqual({
      tag: "#org",
      include: ["name"],
      exclude: [],
      absolute: true,
    });
    expect(() => parseTagPattern("#foo+a-b!")).toThrow(/absolute/);
    expect(() => parseTagPattern("not a pattern")).toThrow(/not a hashtag pattern/);
  });

  it("matches when the pattern's attributes are a subset of the column's", () => {
    expect(matches("#reached+f", "#reached+children+f")).toBe(true);
    expect(matches("#reached+f", "#reached +F")).toBe(true);
    expect(matches("#reached", "#reached+m")).toBe(true);
    expect(matches("#reached+f", "#reached+m")).toBe(false);
    expect(matches("#reached+f", "#targeted+f")).toBe(false);
    expect(matches("#Tag+fOO", "#tag+foo")).toBe(true);
  });

  it("honours -attribute exclusions, absolute patterns and the #* wildcard", () => {
    expect(matches("#reached+f-children", "#reached+f")).toBe(true);
    expect(matches("#reached+f-children", "#reached+children+f")).toBe(false);
    expect(matches("#foo+a!", "#foo+a")).toBe(true);
    expect(matches("#foo+a!", "#foo")).toBe(false);
    expect(matches("#foo+a!", "#foo+a+b")).toBe(false);
    expect(matches("#*", "#org")).toBe(true);
    expect(matches("#*+f", "#reached+f")).toBe(true);
    expect(matches("#*-f", "#reached+f")).toBe(false);
    expect(matches("#*", null)).toBe(false);
    expect(matches("#*", "not a tag")).toBe(false);
  });
});

describe("core hashtags and warnings", () => {
  it("holds the 45 core hashtags: 43 Released, #delivery Rejected, #modality blank", () => {
    expect(coreHashtags).toHaveLength(45);
    expect(coreHashtags.filter((h) => h.status === "Released")).toHaveLength(43);
    expect(coreHashtags.filter((h) => h.status === "Rejected").map((h) => h.tag)).toEqual(["#delivery"]);
    expect(coreHashtags.filter((h) => h.status === null).map((h) => h.tag)).toEqual(["#modality"]);
    const numbers = coreHashtags.filter((h) => h.datatype === "number").map((h) => h.tag);
    expect(numbers).toEqual(["#affected", "#inneed", "#population", "#reached", "#targeted", "#value"]);
    expect(coreHashtag("#date")?.datatype).toBe("date");
  });

  it("warns UNKNOWN_HASHTAG for beta and custom tags, REJECTED_HASHTAG for #delivery, nothing for core tags", () => {
    const check = (raw: string) => checkHashtag(parseHashtag(raw)!);
    expect(check("#people_num")?.code).toBe("UNKNOWN_HASHTAG");
    expect(check("#lat_deg")?.code).toBe("UNKNOWN_HASHTAG");
    expect(check("#x_restrictiontype")).toMatchObject({ code: "UNKNOWN_HASHTAG", message: /custom \(#x_\)/ });
    expect(check("#delivery+type")).toMatchObject({
      code: "REJECTED_HASHTAG",
      message: /#delivery was rejected/,
    });
    expect(check("#adm2+name")).toBeNull();
    expect(check("#modality")).toBeNull();
    expect(check("#Reached+F")).toBeNull();
  });

  it("suggests the fix for a hashtag-row cell without #", () => {
    expect(explainMalformed(" country ")).toMatch(/did you mean #country\?/);
    expect(explainMalformed("#org + name")).toMatch(/not a valid hashtag/);
  });
});
