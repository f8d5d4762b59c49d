import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

// The translations of the web app: en.json is complete, the others fall back to it key by key. A
// translated string must name the same {{placeholders}} as the English one, use only the plural
// forms its language has (i18next picks them with Intl.PluralRules; `_zero` is used for 0 in any
// language), and carry no key that English does not have.

type Tree = { [key: string]: string | Tree };
const read = (lang: string): Tree =>
  JSON.parse(readFileSync(new URL(`../web/i18n/${lang}.json`, import.meta.url), "utf8"));

function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === "string") out.set(prefix + key, value);
    else for (const [k, v] of flatten(value, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}

const PLURAL = /^(.*)_(zero|one|two|few|many|other)$/;
const placeholders = (text: string) =>
  [...text.matchAll(/\{\{\s*([^}]+?)\s*\}\}/g)].map((m) => m[1]!.split(",")[0]!.trim()).sort();

const en = flatten(read("en"));

describe.each(["bn", "my"])("%s.json", (lang) => {
  const strings = flatten(read(lang));
  const categories = new Set<string>(new Intl.PluralRules(lang).resolvedOptions().pluralCategories);
  /** The English string a translated key stands for: the same key, or `_other` of a plural. */
  const english = (key: string) => {
    if (en.has(key)) return en.get(key);
    const plural = key.match(PLURAL);
    return plural ? en.get(`${plural[1]}_other`) : undefined;
  };

  it("has no key that en.json lacks", () => {
    expect([...strings.keys()].filter((key) => english(key) === undefined)).toEqual([]);
  });

  it("uses only the plural forms of its language", () => {
    const wrong = [...strings.keys()].filter((key) => {
      const plural = key.match(PLURAL);
      return plural && plural[2] !== "zero" && !categories.has(plural[2]!);
    });
    expect(wrong).toEqual([]);
  });

  it("gives every plural form of its language once it translates a plural", () => {
    const incomplete: string[] = [];
    const bases = new Set(
      [...strings.keys()].map((key) => key.match(PLURAL)?.[1]).filter((base) => base !== undefined),
    );
    for (const base of bases) {
      if (!en.has(`${base}_other`)) continue;
      for (const category of categories)
        if (!strings.has(`${base}_${category}`)) incomplete.push(`${base}_${category}`);
    }
    expect(incomplete).toEqual([]);
  });

  it("keeps the {{placeholders}} of the English strings", () => {
    const mismatched: string[] = [];
    for (const [key, text] of strings) {
      const source = english(key);
      if (source === undefined) continue;
      const want = placeholders(source);
      const got = placeholders(text);
      if (JSON.stringify(got) !== JSON.stringify(want)) mismatched.push(`${key}: ${got} ≠ ${want}`);
    }
    expect(mismatched).toEqual([]);
  });

  it("is not left empty", () => {
    expect([...strings].filter(([, text]) => text.trim() === "").map(([key]) => key)).toEqual([]);
  });
});
