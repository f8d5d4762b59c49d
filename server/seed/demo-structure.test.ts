import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../db/client.ts";
import { testDatabase } from "../testing/test-db.ts";
import { myanmarResponse } from "./demo/myanmar.ts";
import { rohingyaResponse } from "./demo/rohingya.ts";
import { myanmarStructure, rohingyaStructure } from "./demo/structures.ts";
import { seedDemoActivities } from "./demo-activities-write.ts";
import { seedDemoStructure } from "./demo-structure.ts";
import { seedResponse } from "./seed-demo.ts";

/** The demo coordination structures: one tree each, sectors linked, chairs and seats filled. */

let db: Db;
const ids: Record<string, string> = {};
const rows = async <T>(query: ReturnType<typeof sql>) =>
  (await db.execute<T & Record<string, unknown>>(query)).rows as T[];

beforeAll(async () => {
  db = (await testDatabase()).db;
  const suffix = randomUUID().slice(0, 8);
  ids.rohingya = await seedResponse(db, { ...rohingyaResponse, slug: `rohingya-${suffix}` });
  // 4W records for one response only: the other checks the structure without partners.
  await seedDemoActivities(db, ids.rohingya, "rohingya", { now: new Date(Date.UTC(2026, 10, 23)) });
  await seedDemoStructure(db, ids.rohingya, rohingyaStructure);
  ids.myanmar = await seedResponse(db, { ...myanmarResponse, slug: `myanmar-${suffix}` });
  await seedDemoStructure(db, ids.myanmar, myanmarStructure);
});

describe("demo coordination structures", () => {
  it("runs SEG → ISCG → ROCT → sectors and working groups for the Rohingya response", async () => {
    const platforms = await rows<{ code: string; parent: string | null; sector: string | null }>(sql`
      SELECT p.code, pp.code AS parent, s.code AS sector FROM platforms p
      LEFT JOIN platforms pp ON pp.response_id = p.response_id AND pp.id = p.parent_id
      LEFT JOIN sectors s ON s.response_id = p.response_id AND s.id = p.sector_id
      WHERE p.response_id = ${ids.rohingya!}`);
    const by = new Map(platforms.map((p) => [p.code, p]));
    expect(platforms.filter((p) => !p.parent).map((p) => p.code)).toEqual(["SEG"]);
    expect(by.get("ISCG")!.parent).toBe("SEG");
    expect(by.get("ROCT")!.parent).toBe("ISCG");
    expect(by.get("GBV")).toMatchObject({ parent: "PROT", sector: "GBV" });
    expect(by.get("HOSOG")!.parent).toBe("ISCG");
    for (const code of ["WASH", "HEALTH", "PROT", "IMAWG", "CWG", "CwC", "GH", "PSEA"])
      expect(by.get(code)?.parent, code).toBe("ROCT");
    // Every seeded sector has its platform.
    const unlinked = await rows<{ code: string }>(sql`
      SELECT code FROM sectors s WHERE response_id = ${ids.rohingya!}
        AND NOT EXISTS (SELECT 1 FROM platforms p WHERE p.response_id = s.response_id AND p.sector_id = s.id)`);
    expect(unlinked).toEqual([]);
  });

  it("chairs sector platforms with the sector's leads and seats its 4W partners", async () => {
    const [wash] = await rows<{ chairs: string[]; members: number }>(sql`
      SELECT array(SELECT o.acronym || ':' || c.role FROM platform_chairs c
          JOIN organisations o ON o.response_id = c.response_id AND o.id = c.organisation_id
          WHERE c.response_id = p.response_id AND c.platform_id = p.id ORDER BY c.role) AS chairs,
        (SELECT count(*)::int FROM platform_members m WHERE m.response_id = p.response_id AND m.platform_id = p.id) AS members
      FROM platforms p WHERE p.response_id = ${ids.rohingya!} AND p.code = 'WASH'`);
    expect(wash!.chairs).toEqual(["UNICEF:chair", "ACF:co_chair"]);
    expect(wash!.members).toBeGreaterThan(3);
    const [seg] = await rows<{ role_title: string }>(sql`
      SELECT c.role_title FROM platform_chairs c JOIN platforms p ON p.response_id = c.response_id AND p.id = c.platform_id
      WHERE c.response_id = ${ids.rohingya!} AND p.code = 'SEG' AND c.role = 'chair'`);
    expect(seg!.role_title).toBe("UN Resident Coordinator");
  });

  it("gives Myanmar an HCT with the ICCG and clusters, and the UN country team with SMT, PMT, OMT", async () => {
    const platforms = await rows<{ code: string; parent: string | null }>(sql`
      SELECT p.code, pp.code AS parent FROM platforms p
      LEFT JOIN platforms pp ON pp.response_id = p.response_id AND pp.id = p.parent_id
      WHERE p.response_id = ${ids.myanmar!} ORDER BY p.code`);
    const parent = Object.fromEntries(platforms.map((p) => [p.code, p.parent]));
    expect(platforms.filter((p) => !p.parent).map((p) => p.code)).toEqual(["HCT", "UNCT"]);
    expect(parent).toMatchObject({
      ICCG: "HCT",
      WASH: "ICCG",
      MA: "PROT",
      SMT: "UNCT",
      PMT: "UNCT",
      OMT: "UNCT",
    });
  });
});
