import fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { and, count, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { LocationImportReport } from "../../../common/schemas/locations.ts";
import type { App } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { locations } from "../../db/schema/reference.ts";
import { buildLocation, buildResponse, buildTestApp, buildUser, signIn } from "../../testing/factories.ts";

/**
 * The gazetteer importer against real files in shared/data (beside the repository). Expected
 * values are computed here from the raw files, not with the importer's own parsing.
 */

const dataDir = path.resolve(import.meta.dirname, "../../../../shared/data");
const hasData = fs.existsSync(path.join(dataDir, "locations"));
const cxb = (file: string) => path.join(dataDir, "locations/bgd-coxs-bazar", file);

let app: App;
let db: Db;

async function responseWithDistrict() {
  const response = await buildResponse(db);
  const bgd = await buildLocation(db, response.id, { code: "BGD", name: "Bangladesh", level: 0 });
  const division = await buildLocation(db, response.id, {
    code: "BD20",
    name: "Chattogram",
    level: 1,
    parentId: bgd.id,
  });
  await buildLocation(db, response.id, {
    code: "BD2022",
    name: "Cox's Bazar",
    level: 2,
    parentId: division.id,
  });
  const manager = await buildUser(db, { role: "response_manager", responseId: response.id });
  return { response, headers: (await signIn(app, manager.email)).headers };
}

async function importFile(
  slug: string,
  headers: Record<string, string>,
  body: Buffer | string,
  type: string,
  query = "",
) {
  const res = await app.inject({
    method: "POST",
    url: `/api/v1/responses/${slug}/locations/import${query}`,
    headers: { ...headers, "content-type": type },
    payload: body,
  });
  expect(res.statusCode, res.body.slice(0, 500)).toBe(200);
  return res.json() as LocationImportReport;
}

async function rowCount(responseId: string) {
  const [row] = await db.select({ n: count() }).from(locations).where(eq(locations.responseId, responseId));
  return row!.n;
}

const suite = hasData ? describe : describe.skip;

suite(
  hasData
    ? "gazetteer import of real data (shared/data)"
    : `gazetteer import of real data: skipped, no data at ${dataDir}`,
  () => {
    beforeAll(async () => {
      ({ app, db } = await buildTestApp());
    });

    it("imports the 35 camp outlines of Cox's Bazar (2019) and finds a camp by a point in it", async () => {
      const bytes = fs.readFileSync(cxb("190310_Outline_Rohingya_Refugee_Camp_A1.geojson"));
      const features = (
        JSON.parse(bytes.toString("utf8")) as {
          features: { properties: { SSID: string; New_Camp_N: string } }[];
        }
      ).features;
      const expected = new Map(features.map((f) => [f.properties.SSID, f.properties.New_Camp_N]));
      expect(expected.size).toBe(35);

      const { response, headers } = await responseWithDistrict();
      const report = await importFile(
        response.slug,
        headers,
        bytes,
        "application/geo+json",
        "?codeProperty=SSID&nameProperty=New_Camp_N&parentCode=BD2022&level=camp",
      );
      expect(report.issues.filter((i) => i.severity === "error")).toEqual([]);
      expect(report).toMatchObject({ rows: 35, created: 35, invalid: 0 });

      const sites = await db
        .select({ code: locations.code, name: locations.name, level: locations.level })
        .from(locations)
        .where(and(eq(locations.responseId, response.id), eq(locations.kind, "site")));
      expect(sites).toHaveLength(35);
      expect(new Map(sites.map((s) => [s.code, s.name]))).toEqual(expected);
      expect(new Set(sites.map((s) => s.level))).toEqual(new Set([3]));

      const kutupalong = await app.inject({
        method: "GET",
        url: `/api/v1/responses/${response.slug}/locations/CXB-221`,
      });
      expect(kutupalong.json()).toMatchObject({
        name: "Kutupalong RC",
        parentCode: "BD2022",
        siteType: "camp",
        hasGeometry: true,
      });

      // The 2018 centroid of Camp 1E.
      const lookup = await app.inject({
        method: "GET",
        url: `/api/v1/responses/${response.slug}/locations/lookup?lat=21.21653313&lon=92.15565977`,
      });
      expect(lookup.json().items[0].code).toBe("CXB-201");

      const again = await importFile(
        response.slug,
        headers,
        bytes,
        "application/geo+json",
        "?codeProperty=SSID&nameProperty=New_Camp_N&parentCode=BD2022&level=camp",
      );
      // Outlines equal to the stored ones (after jsonb) count as unchanged.
      expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 35 });
      expect(await rowCount(response.id)).toBe(3 + 35);
    });

    it("refuses the 2018 centroids, whose SSIDs repeat, naming every duplicate and writing nothing", async () => {
      const raw = parse(fs.readFileSync(cxb("180320_Outline_Rohingya_refugee_camps_sites_centroids.csv")), {
        columns: true,
        bom: true,
      }) as Record<string, string>[];
      expect(raw).toHaveLength(118);
      // Expected, from the raw rows: every SSID seen more than once, and the line of its first use.
      const firstLine = new Map<string, number>();
      const duplicates: { code: string; line: number; first: number }[] = [];
      raw.forEach((r, i) => {
        const code = r.New_Camp_S!;
        const line = i + 2;
        if (firstLine.has(code)) duplicates.push({ code, line, first: firstLine.get(code)! });
        else firstLine.set(code, line);
      });
      expect(duplicates.length).toBeGreaterThan(0);

      const gazetteer = stringify([
        ["code", "name", "parent", "level", "lat", "lon"],
        ...raw.map((r) => [r.New_Camp_S, r.New_Camp_N, "BD2022", "camp", r.latitude, r.longitude]),
      ]);
      const { response, headers } = await responseWithDistrict();
      const before = await rowCount(response.id);
      const report = await importFile(response.slug, headers, gazetteer, "text/csv");

      const reported = report.issues.filter((i) => i.code === "DUPLICATE_CODE");
      expect(reported.map((i) => [i.value, i.row, i.column])).toEqual(
        duplicates.map((d) => [d.code, d.line, "code"]),
      );
      for (const [index, issue] of reported.entries())
        expect(issue.message).toContain(`row ${duplicates[index]!.first}`);
      expect(report).toMatchObject({ rows: 118, created: 0, updated: 0 });
      expect(await rowCount(response.id)).toBe(before);
    });

    it("imports Myanmar's states, districts and townships with each township under its district", async () => {
      const raw = parse(
        fs.readFileSync(path.join(dataDir, "locations/mmr/mmr_pcodes_adm1_adm2_adm3.derived.csv")),
        { columns: true, bom: true },
      ) as Record<string, string>[];
      // Expected distinct codes and parents, straight from the raw rows.
      const adm1 = new Map<string, string[]>();
      const adm2 = new Map<string, string[]>();
      const adm3 = new Map<string, string[]>();
      for (const r of raw) {
        if (r.adm1_pcode) adm1.set(r.adm1_pcode, [r.adm1_name_en!, r.adm1_name_my!, "MMR", "1"]);
        if (r.adm2_pcode) adm2.set(r.adm2_pcode, [r.adm2_name_en!, r.adm2_name_my!, r.adm1_pcode!, "2"]);
        if (r.adm3_pcode) adm3.set(r.adm3_pcode, [r.adm3_name_en!, r.adm3_name_my!, r.adm2_pcode!, "3"]);
      }
      expect([adm1.size, adm2.size, adm3.size].every((n) => n > 0)).toBe(true);

      const rows = [
        ["MMR", "Myanmar", "မြန်မာ", "", "0"],
        ...[adm1, adm2, adm3].flatMap((level) => [...level].map(([code, rest]) => [code, ...rest])),
      ];
      const file = stringify([
        ["pcode", "name", "name_my", "parent", "level"],
        ...rows.map(([code, name, my, parent, level]) => [code, name, my, parent, level]),
      ]);

      const response = await buildResponse(db, { countryIso3: "MMR", languages: ["en", "my"] });
      const manager = await buildUser(db, { role: "response_manager", responseId: response.id });
      const { headers } = await signIn(app, manager.email);
      const report = await importFile(response.slug, headers, file, "text/csv");
      expect(report.issues.filter((i) => i.severity === "error")).toEqual([]);
      expect(report.created).toBe(1 + adm1.size + adm2.size + adm3.size);

      const perLevel = await db
        .select({ level: locations.level, n: count() })
        .from(locations)
        .where(eq(locations.responseId, response.id))
        .groupBy(locations.level)
        .orderBy(locations.level);
      expect(perLevel).toEqual([
        { level: 0, n: 1 },
        { level: 1, n: adm1.size },
        { level: 2, n: adm2.size },
        { level: 3, n: adm3.size },
      ]);

      const parents = await db.execute<{ code: string; parent: string; names: Record<string, string> }>(sql`
      SELECT l.code, p.code AS parent, l.names FROM locations l JOIN locations p ON p.response_id = l.response_id AND p.id = l.parent_id
      WHERE l.response_id = ${response.id} AND l.level = 3`);
      expect(parents.rows).toHaveLength(adm3.size);
      for (const row of parents.rows) {
        expect(row.parent, row.code).toBe(adm3.get(row.code)![2]);
        // The importer trims cells: some raw Myanmar names start with a space.
        if (adm3.get(row.code)![1]!.trim()) expect(row.names.my).toBe(adm3.get(row.code)![1]!.trim());
      }
    });
  },
);
