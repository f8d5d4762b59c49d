import fs from "node:fs";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { expandAnswer } from "../../../common/analysis-rows.ts";
import type { gapsOutput } from "../../../common/schemas/analysis.ts";
import type { App } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { planFigures } from "../../db/schema/plans.ts";
import { locations } from "../../db/schema/reference.ts";
import {
  buildActivity,
  buildActivityType,
  buildLocation,
  buildOrganisation,
  buildResponse,
  buildSector,
  buildTestApp,
  buildUser,
  signIn,
} from "../../testing/factories.ts";

/**
 * Gaps and duplication on the real Cox's Bazar camp outlines (ISCG/NPM, 2019) in shared/data:
 * a 4W record placed by a point resolves to its camp's code, and records written against the
 * block layer's zero-padded camp names ("Camp 01E") join through the camp code (CampSSID), never
 * through names.
 */

const dataDir = path.resolve(import.meta.dirname, "../../../../shared/data");
const cxb = (file: string) => path.join(dataDir, "locations/bgd-coxs-bazar", file);
const hasData = fs.existsSync(cxb("190310_Outline_Rohingya_Refugee_Camp_A1.geojson"));
const suite = hasData ? describe : describe.skip;

let app: App;
let db: Db;

suite(
  hasData
    ? "analysis on the Cox's Bazar camp outlines"
    : `analysis on camp outlines: skipped, no data at ${dataDir}`,
  () => {
    let slug: string;
    let headers: Record<string, string>;
    let responseId: string;
    let codeOf: (code: string) => Promise<string>;

    beforeAll(async () => {
      ({ app, db } = await buildTestApp());
      const response = await buildResponse(db);
      slug = response.slug;
      responseId = response.id;
      const bgd = await buildLocation(db, responseId, { code: "BGD", name: "Bangladesh", level: 0 });
      const division = await buildLocation(db, responseId, {
        code: "BD20",
        name: "Chattogram",
        level: 1,
        parentId: bgd.id,
      });
      await buildLocation(db, responseId, {
        code: "BD2022",
        name: "Cox's Bazar",
        level: 2,
        parentId: division.id,
      });
      const manager = await buildUser(db, { role: "response_manager", responseId });
      headers = (await signIn(app, manager.email)).headers;
      const imported = await app.inject({
        method: "POST",
        url: `/api/v1/responses/${slug}/locations/import?codeProperty=SSID&nameProperty=New_Camp_N&parentCode=BD2022&level=camp`,
        headers: { ...headers, "content-type": "application/geo+json" },
        payload: fs.readFileSync(cxb("190310_Outline_Rohingya_Refugee_Camp_A1.geojson")),
      });
      expect(imported.statusCode, imported.body.slice(0, 300)).toBe(200);
      codeOf = async (code: string) => {
        const [row] = await db
          .select({ id: locations.id })
          .from(locations)
          .where(and(eq(locations.responseId, responseId), eq(locations.code, code)));
        return row!.id;
      };
    });

    it("puts a record found by a point in Camp 1E and one written as 'Camp 01E' in the same camp", async () => {
      // The 2018 centroid of Camp 1E, as a partner's GPS reading.
      const lookup = await app.inject({
        method: "GET",
        url: `/api/v1/responses/${slug}/locations/lookup?lat=21.21653313&lon=92.15565977`,
      });
      const byPoint = lookup.json().items[0] as { id: string; code: string };
      expect(byPoint.code).toBe("CXB-201");

      // The block layer spells the camp "Camp 01E"; its CampSSID is the key.
      const blocks = JSON.parse(
        fs.readFileSync(cxb("190310_Outline_Rohingya_Refugee_CampBlock_A2.geojson"), "utf8"),
      ) as {
        features: { properties: { CampName: string; CampSSID: string } }[];
      };
      const block = blocks.features.find((f) => f.properties.CampName === "Camp 01E")!;
      expect(block.properties.CampSSID).toBe("CXB-201");
      const byBlock = await codeOf(block.properties.CampSSID);
      expect(byBlock).toBe(byPoint.id);

      const wash = await buildSector(db, responseId, { code: "WASH", name: "WASH" });
      const latrines = await buildActivityType(db, responseId, wash.id, {
        code: "WASH-LAT",
        name: "Latrine desludging",
      });
      const month = {
        reportingMonth: "2026-10-01",
        startDate: "2026-10-01",
        endDate: "2026-10-31",
        reviewState: "approved" as const,
      };
      const [first, second] = [
        await buildOrganisation(db, responseId, { name: "Partner One", acronym: "P1" }),
        await buildOrganisation(db, responseId, { name: "Partner Two", acronym: "P2" }),
      ];
      await buildActivity(db, responseId, {
        ...month,
        sectorId: wash.id,
        activityTypeId: latrines.id,
        reportingOrgId: first!.id,
        locationId: byPoint.id,
        reachedTotal: 400,
      });
      await buildActivity(db, responseId, {
        ...month,
        sectorId: wash.id,
        activityTypeId: latrines.id,
        reportingOrgId: second!.id,
        locationId: byBlock,
        reachedTotal: 250,
      });
      const kutupalong = await codeOf("CXB-221");
      await db.insert(planFigures).values([
        {
          responseId,
          year: 2026,
          metric: "in_need",
          sectorId: wash.id,
          locationId: byPoint.id,
          value: 1000,
          asOf: "2026-01-15",
        },
        {
          responseId,
          year: 2026,
          metric: "in_need",
          sectorId: wash.id,
          locationId: kutupalong,
          value: 5000,
          asOf: "2026-01-15",
        },
      ]);

      const gaps = expandAnswer(
        (
          await app.inject({
            method: "GET",
            url: `/api/v1/responses/${slug}/analysis/gaps?sector=${wash.id}&level=site`,
            headers,
          })
        ).json() as z.infer<typeof gapsOutput>,
      );
      expect(
        gaps.rows.map((r) => [
          r.location.code,
          r.location.name,
          r.reached,
          r.partners,
          r.unmet,
          r.highNeedNoPartner,
        ]),
      ).toEqual([
        ["CXB-221", "Kutupalong RC", null, 0, 5000, true],
        ["CXB-201", "Camp 1E", 650, 2, 350, false],
      ]);

      // Rolled up to the district the camps were imported under.
      const district = expandAnswer(
        (
          await app.inject({
            method: "GET",
            url: `/api/v1/responses/${slug}/analysis/gaps?sector=${wash.id}&level=2`,
            headers,
          })
        ).json() as z.infer<typeof gapsOutput>,
      );
      expect(district.rows).toEqual([
        expect.objectContaining({
          location: expect.objectContaining({ code: "BD2022" }),
          reached: 650,
          partners: 2,
          unmet: 5350,
        }),
      ]);

      const duplication = (
        await app.inject({
          method: "GET",
          url: `/api/v1/responses/${slug}/analysis/duplication?from=2026-10`,
          headers,
        })
      ).json() as { findings: { kind: string; location: { code: string }; organisations: string[] }[] };
      expect(duplication.findings).toEqual([
        expect.objectContaining({
          kind: "same_activity",
          location: expect.objectContaining({ code: "CXB-201" }),
          organisations: ["P1", "P2"],
        }),
      ]);
    });
  },
);
