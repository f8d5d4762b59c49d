import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { gcmObjectives, sdgGoals, sdgTargets } from "../../../common/reference/index.ts";

/**
 * The reference lists in code equal the source files in shared/data (beside the repository): the
 * 23 GCM objectives, the 17 SDG goals and their 169 targets, same ids and titles. Read here from the
 * raw files, not with the generator's parsing.
 */

const dir = path.resolve(import.meta.dirname, "../../../../shared/data/gcm");
const read = (file: string) => fs.readFileSync(path.join(dir, file), "utf8");

/** [code, English name] of each item of an IATI-style codelist. */
function codelist(xml: string): [string, string][] {
  const out: [string, string][] = [];
  const item = /<codelist-item>\s*<code>([^<]+)<\/code>\s*<name>\s*<narrative>([^<]+)<\/narrative>/g;
  for (const m of xml.matchAll(item)) out.push([m[1]!.trim(), m[2]!.trim().replaceAll("&amp;", "&")]);
  return out;
}

describe.skipIf(!fs.existsSync(dir))("practice reference lists against shared/data/gcm", () => {
  it("has the 23 GCM objectives of both GCM files, same ids and titles", () => {
    for (const file of ["gcm_small.json", "gcm_objectives_actions.json"]) {
      const source = (JSON.parse(read(file)) as { id: string; title: string }[]).map((o) => ({
        id: Number(o.id),
        title: o.title,
      }));
      expect(source).toHaveLength(23);
      expect(gcmObjectives.map((o) => ({ ...o }))).toEqual(source);
    }
  });

  it("has the 17 SDG goals (titles without their 'Goal n.' prefix)", () => {
    const source = codelist(read("UNSDG-Goals.xml"));
    expect(source).toHaveLength(17);
    expect(sdgGoals.map((g) => [String(g.id), `Goal ${g.id}. ${g.title}`])).toEqual(source);
  });

  it("has the 169 SDG targets, same codes and titles", () => {
    const source = codelist(read("UNSDG-Targets.xml"));
    expect(source).toHaveLength(169);
    expect(sdgTargets.map((t) => [t.id, t.title])).toEqual(source);
  });
});
