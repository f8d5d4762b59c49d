import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../db/client.ts";
import { testDatabase } from "../testing/test-db.ts";
import { rohingyaResponse } from "./demo/rohingya.ts";
import { seedDemoActivities } from "./demo-activities-write.ts";
import { seedDemoPractices } from "./demo-practices.ts";
import { seedResponse } from "./seed-demo.ts";

/** The demo practices: three published practices of the Rohingya response, tagged and linked. */

let db: Db;
let responseId: string;

beforeAll(async () => {
  db = (await testDatabase()).db;
  responseId = await seedResponse(db, { ...rohingyaResponse, slug: `rohingya-${randomUUID().slice(0, 8)}` });
  await seedDemoActivities(db, responseId, "rohingya", { now: new Date(Date.UTC(2026, 10, 23)) });
  await seedDemoPractices(db, responseId);
});

describe("demo practices", () => {
  it("publishes three practices, the Bangladesh MCOF among them, tagged with valid GCM and SDG ids", async () => {
    const rows = (
      await db.execute<{
        title: string;
        status: string;
        gcm_objectives: number[];
        sdg_goals: number[];
        sdg_targets: string[];
        organisations: { organisationId: string | null; name: string | null }[];
        activity_ids: string[];
      }>(sql`SELECT title, status, gcm_objectives, sdg_goals, sdg_targets, organisations, activity_ids
             FROM practices WHERE response_id = ${responseId} ORDER BY title`)
    ).rows;
    expect(rows.map((r) => r.title)).toEqual([
      "Bangladesh Migration Crisis Operational Framework",
      "Cyclone Preparedness Programme volunteers in the refugee camps",
      "Liquefied petroleum gas for cooking in the camps",
    ]);
    expect(rows.every((r) => r.status === "published")).toBe(true);
    const mcof = rows[0]!;
    expect(mcof.gcm_objectives).toEqual(expect.arrayContaining([2, 7, 23]));
    expect(mcof.sdg_targets).toContain("10.7");
    expect(mcof.sdg_goals).toEqual(expect.arrayContaining([10, 16, 17]));
    // IOM is linked as the response's organisation, the ministry (not a 4W partner) by name.
    expect(mcof.organisations[0]!.organisationId).not.toBeNull();
    expect(mcof.organisations).toContainEqual({
      role: "partner",
      organisationId: null,
      name: "Ministry of Disaster Management and Relief",
    });
    // Each applies approved 4W records of the demo.
    for (const r of rows) expect(r.activity_ids.length, r.title).toBeGreaterThan(0);
    const audit = await db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM audit_log WHERE response_id = ${responseId} AND action = 'practice.publish'`,
    );
    expect(audit.rows[0]!.n).toBe(3);
  });
});
