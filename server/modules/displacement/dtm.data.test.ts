import fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { locations } from "../../db/schema/reference.ts";
import { buildResponse, buildTestApp, buildUser, signIn } from "../../testing/factories.ts";

/**
 * The round import against IOM's DTM Haiti site list (2013, 352 sites, HXL beta hashtags such as
 * `#households_num` that the import does not know): the columns are mapped by header name with
 * the `mapping` parameter; SSID is recognised as the site code by its header. Expected values are
 * computed here from the raw file, not with the importer's parsing.
 */

const file = path.resolve(import.meta.dirname, "../../../../shared/data/dtm/haiti/iom-haiti-dtm.csv");
const suite = fs.existsSync(file) ? describe : describe.skip;

let app: App;
let db: Db;

beforeAll(async () => {
  ({ app, db } = await buildTestApp());
});

const communeCode = (name: string) =>
  `HT-${name
    .trim()
    .toUpperCase()
    .replace(/[^A-Z]+/g, "-")}`;

suite("DTM Haiti site list", () => {
  it("imports 352 sites with 70,910 households and 278,945 individuals, summing per commune", async () => {
    const bytes = fs.readFileSync(file);
    const records = parse(bytes, { bom: true, from_line: 3, relax_column_count: true }) as string[][];
    const header = (parse(bytes, { bom: true, to_line: 1 }) as string[][])[0]!;
    const col = (name: string) => header.indexOf(name);
    const [ssid, commune, hh, ind] = ["SSID", "Commune", "Number of Households", "Number of Individuals"].map(
      col,
    );
    expect(records).toHaveLength(352);
    const expectedByCommune = new Map<string, { households: number; individuals: number }>();
    for (const r of records) {
      const key = communeCode(r[commune!]!);
      const sum = expectedByCommune.get(key) ?? { households: 0, individuals: 0 };
      sum.households += Number(r[hh!]);
      sum.individuals += Number(r[ind!]);
      expectedByCommune.set(key, sum);
    }
    expect(expectedByCommune.get("HT-DELMAS")!.individuals).toBe(108_579);

    // The gazetteer the import needs: communes (adm3) and the sites within them.
    const response = await buildResponse(db, { countryIso3: "HTI", suppressionThreshold: 5 });
    const communes = await db
      .insert(locations)
      .values(
        [...expectedByCommune.keys()].map((code) => ({
          responseId: response.id,
          code,
          name: code.slice(3),
          kind: "admin" as const,
          level: 3,
        })),
      )
      .returning();
    const communeId = new Map(communes.map((c) => [c.code, c.id]));
    await db.insert(locations).values(
      records.map((r) => ({
        responseId: response.id,
        code: r[ssid!]!,
        name: r[col("Camp Name")]!,
        kind: "site" as const,
        level: 4,
        parentId: communeId.get(communeCode(r[commune!]!))!,
      })),
    );
    const manager = await buildUser(db, { role: "response_manager", responseId: response.id });
    const { headers } = await signIn(app, manager.email);
    const base = `/api/v1/responses/${response.slug}/displacement/rounds`;
    expect(
      (
        await app.inject({
          method: "POST",
          url: base,
          headers,
          payload: { code: "R2013", name: "Site list 2013", assessedOn: "2013-06-30" },
        })
      ).statusCode,
    ).toBe(201);

    const mapping = JSON.stringify({
      "Number of Households": "households",
      "Number of Individuals": "individuals",
    });
    const res = await app.inject({
      method: "POST",
      url: `${base}/R2013/import?mapping=${encodeURIComponent(mapping)}`,
      headers: { ...headers, "content-type": "text/csv" },
      payload: bytes,
    });
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    expect(report.issues.filter((i: { severity: string }) => i.severity === "error")).toEqual([]);
    expect(report).toMatchObject({ rows: 352, figures: 352, created: 352, written: true });

    const all = (await app.inject({ method: "GET", url: `${base}/R2013/population`, headers })).json();
    expect(all.items).toHaveLength(352);
    expect(all.total).toEqual({ households: 70_910, individuals: 278_945 });
    for (const [code, expected] of expectedByCommune) {
      const within = (
        await app.inject({ method: "GET", url: `${base}/R2013/population?location=${code}`, headers })
      ).json();
      expect(within.total, code).toEqual(expected);
    }

    // The public sees no count of people below the threshold; the sites with fewer than 5 are withheld.
    const pub = (await app.inject({ method: "GET", url: `${base}/R2013/population` })).json();
    const small = records.filter((r) => Number(r[ind!]) > 0 && Number(r[ind!]) < 5).map((r) => r[ssid!]);
    expect(small.length).toBeGreaterThan(0);
    for (const row of pub.items) {
      if (small.includes(row.location.code)) expect(row.suppressed).toBe(true);
      for (const v of [row.households, row.individuals]) if (v !== null) expect(v === 0 || v >= 5).toBe(true);
    }

    // Imported again: nothing changes.
    const again = await app.inject({
      method: "POST",
      url: `${base}/R2013/import?mapping=${encodeURIComponent(mapping)}`,
      headers: { ...headers, "content-type": "text/csv" },
      payload: bytes,
    });
    expect(again.json()).toMatchObject({ created: 0, updated: 0, unchanged: 352 });
  });
});
