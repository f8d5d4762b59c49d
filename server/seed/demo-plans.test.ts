import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../db/client.ts";
import { gaps } from "../modules/analysis/analysis.service.ts";
import { dashboard } from "../modules/analysis/dashboard.service.ts";
import { findDuplication } from "../modules/analysis/duplication.service.ts";
import { testDatabase } from "../testing/test-db.ts";
import { rohingyaResponse } from "./demo/rohingya.ts";
import { seedDemoActivities } from "./demo-activities-write.ts";
import { seedDemoDuplicates } from "./demo-duplicates.ts";
import { seedDemoPlans } from "./demo-plans.ts";
import { seedResponse } from "./seed-demo.ts";

/** The demo plan and displacement data: plausible sizes, history, and findings for the pages to show. */

let db: Db;
let responseId: string;
const now = new Date(Date.UTC(2026, 10, 23));
const rows = async <T>(query: ReturnType<typeof sql>) =>
  (await db.execute<T & Record<string, unknown>>(query)).rows as T[];

beforeAll(async () => {
  db = (await testDatabase()).db;
  responseId = await seedResponse(db, { ...rohingyaResponse, slug: `rohingya-${randomUUID().slice(0, 8)}` });
  await seedDemoActivities(db, responseId, "rohingya", { now });
  expect(await seedDemoDuplicates(db, responseId)).toBe(8);
  await seedDemoPlans(db, responseId, "rohingya", now);
});

describe("demo plan and displacement data", () => {
  it("has three rounds covering every site, with about a million people in the camps", async () => {
    const rounds = await rows<{ code: string; assessed_on: string; sites: number; individuals: number }>(sql`
      SELECT r.code, r.assessed_on::text, count(*)::int AS sites, sum(p.individuals)::int AS individuals
      FROM displacement_rounds r JOIN population_figures p ON p.response_id = r.response_id AND p.round_id = r.id
      WHERE r.response_id = ${responseId} GROUP BY 1, 2 ORDER BY 2`);
    const [{ sites } = { sites: 0 }] = await rows<{ sites: number }>(
      sql`SELECT count(*)::int AS sites FROM locations WHERE response_id = ${responseId} AND kind = 'site'`,
    );
    expect(rounds.map((r) => [r.code, r.assessed_on])).toEqual([
      ["R1", "2025-12-10"],
      ["R2", "2026-05-10"],
      ["R3", "2026-10-10"],
    ]);
    for (const round of rounds) {
      expect(round.sites).toBe(sites);
      expect(round.individuals).toBeGreaterThan(700_000);
      expect(round.individuals).toBeLessThan(1_700_000);
    }
  });

  it("never puts more people in need at a site than live there, and keeps revised figures as history", async () => {
    const [over] = await rows<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM plan_figures f
      JOIN population_figures p ON p.response_id = f.response_id AND p.location_id = f.location_id
      JOIN displacement_rounds r ON r.response_id = p.response_id AND r.id = p.round_id AND r.code = 'R3'
      WHERE f.response_id = ${responseId} AND f.metric = 'in_need' AND f.as_of = '2026-01-15' AND f.value > p.individuals`);
    expect(over!.n).toBe(0);
    const dates = await rows<{ as_of: string }>(sql`
      SELECT DISTINCT as_of::text FROM plan_figures WHERE response_id = ${responseId} AND metric = 'in_need' ORDER BY 1`);
    expect(dates.map((d) => d.as_of)).toEqual(["2026-01-15", "2026-07-01"]);
  });

  it("gives the dashboard its key figures and the gaps page places with no partner", async () => {
    const audience = { responseId, isPublic: true, threshold: 5 };
    const figures = await dashboard(db, audience, { format: "json" });
    expect(figures.totals.inNeed).toBeGreaterThan(700_000);
    expect(figures.totals.fundingReceived).toBeLessThan(figures.totals.fundingRequired!);
    expect(figures.totals.localShare).toBeGreaterThan(0);
    expect(figures.sectors.filter((s) => s.inNeed && s.reached).length).toBeGreaterThan(5);
    const found = await gaps(db, audience, { format: "json", level: "site" });
    const flagged = found.rows.filter((r) => r.highNeedNoPartner).length;
    expect(flagged).toBeGreaterThan(5);
    expect(flagged).toBeLessThan(found.rows.length / 3);
  });

  it("has duplication findings in WASH for the duplication review page", async () => {
    const [wash] = await rows<{ id: string }>(
      sql`SELECT id FROM sectors WHERE response_id = ${responseId} AND code = 'WASH'`,
    );
    const result = await findDuplication(
      db,
      {
        responseId,
        isPublic: false,
        level: "site",
        sectorId: wash!.id,
        from: "2026-05-01",
        to: "2026-10-01",
      },
      "open",
    );
    expect(result.findings.map((f) => f.kind).sort()).toEqual(["same_activity", "shared_partner"]);
  });
});
