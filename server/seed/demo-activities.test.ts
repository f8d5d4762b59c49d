import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../db/client.ts";
import { testDatabase } from "../testing/test-db.ts";
import { myanmarResponse } from "./demo/myanmar.ts";
import { rohingyaResponse } from "./demo/rohingya.ts";
import { generateDemoActivities } from "./demo-activities.ts";
import { seedDemoActivities } from "./demo-activities-write.ts";
import { loadDemoReference } from "./demo-reference.ts";
import { seedResponse } from "./seed-demo.ts";

/** The demo 4W records keep every rule of a record, and come out the same for the same seed. */

const now = new Date(Date.UTC(2026, 10, 23));
let db: Db;
const ids: Record<string, string> = {};

const one = async <T>(query: ReturnType<typeof sql>) =>
  (await db.execute<T & Record<string, unknown>>(query)).rows as T[];

beforeAll(async () => {
  db = (await testDatabase()).db;
  for (const demo of [rohingyaResponse, myanmarResponse]) {
    const slug = `${demo.slug}-${randomUUID().slice(0, 8)}`;
    ids[demo.slug] = await seedResponse(db, { ...demo, slug });
    await seedDemoActivities(db, ids[demo.slug]!, demo.slug, { now });
  }
});

describe.each(["rohingya", "myanmar"])("demo activities of %s", (slug) => {
  const id = () => ids[slug]!;

  it("seeds a year of records, mostly approved, with every review state and one audit entry", async () => {
    const states = await one<{ review_state: string; n: number }>(sql`
      SELECT review_state, count(*)::int AS n FROM activities WHERE response_id = ${id()} GROUP BY 1`);
    const by = Object.fromEntries(states.map((s) => [s.review_state, s.n]));
    const total = states.reduce((a, s) => a + s.n, 0);
    expect(total).toBeGreaterThan(2000);
    expect(total).toBeLessThan(4500);
    expect((by.approved ?? 0) / total).toBeGreaterThan(0.6);
    for (const s of ["submitted", "draft", "rejected"]) expect(by[s]).toBeGreaterThan(0);
    const [months] = await one<{ first: string; last: string; n: number }>(sql`
      SELECT min(reporting_month)::text AS first, max(reporting_month)::text AS last,
        count(DISTINCT reporting_month)::int AS n FROM activities WHERE response_id = ${id()}`);
    expect(months).toEqual({ first: "2025-11-01", last: "2026-10-01", n: 12 });
    const [audit] = await one<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM audit_log WHERE response_id = ${id()} AND action = 'activity.seed' AND actor_id IS NULL`);
    expect(audit!.n).toBe(1);
    const [rejected] = await one<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM activities WHERE response_id = ${id()}
        AND (review_state = 'rejected') <> (rejection_reason IS NOT NULL)`);
    expect(rejected!.n).toBe(0);
  });

  it("breaks no rule of a record", async () => {
    const [broken] = await one<Record<string, number>>(sql`
      SELECT
        count(*) FILTER (WHERE coalesce(women,0) + coalesce(men,0) + coalesce(girls,0) + coalesce(boys,0) > coalesce(reached_total, 0))::int AS sums,
        count(*) FILTER (WHERE (elderly IS NOT NULL OR persons_with_disabilities IS NOT NULL) AND reached_total IS NULL)::int AS no_total,
        count(*) FILTER (WHERE elderly > reached_total OR persons_with_disabilities > reached_total)::int AS elderly,
        count(*) FILTER (WHERE reporting_month < date_trunc('month', start_date) OR reporting_month > end_date OR end_date < start_date)::int AS months,
        count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM activity_types t WHERE t.response_id = a.response_id AND t.id = a.activity_type_id
          AND t.sector_id IN (a.sector_id, a.sub_sector_id)))::int AS types,
        count(*) FILTER (WHERE a.indicator_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM indicators i WHERE i.response_id = a.response_id
          AND i.id = a.indicator_id AND i.sector_id IN (a.sector_id, a.sub_sector_id)))::int AS indicators,
        count(*) FILTER (WHERE a.sub_sector_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM sectors s WHERE s.response_id = a.response_id
          AND s.id = a.sub_sector_id AND s.parent_id = a.sector_id))::int AS sub_sectors,
        count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM locations l WHERE l.response_id = a.response_id AND l.id = a.location_id
          AND l.valid_from <= a.start_date AND (l.valid_to IS NULL OR l.valid_to >= a.end_date)))::int AS locations,
        count(*) FILTER (WHERE a.unit IS DISTINCT FROM (SELECT unit FROM indicators i WHERE i.response_id = a.response_id AND i.id = a.indicator_id))::int AS units
      FROM activities a WHERE a.response_id = ${id()}`);
    expect(broken).toEqual({
      sums: 0,
      no_total: 0,
      elderly: 0,
      months: 0,
      types: 0,
      indicators: 0,
      sub_sectors: 0,
      locations: 0,
      units: 0,
    });
    const [externalIds] = await one<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM (SELECT 1 FROM activities WHERE response_id = ${id()} AND external_id IS NOT NULL
        GROUP BY reporting_org_id, external_id HAVING count(*) > 1) d`);
    expect(externalIds!.n).toBe(0);
  });

  it("has near-duplicates, every sector, every kind of partner and donors", async () => {
    const [dups] = await one<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM (SELECT 1 FROM activities WHERE response_id = ${id()}
        GROUP BY activity_type_id, location_id, reporting_month HAVING count(DISTINCT reporting_org_id) >= 2) d`);
    expect(dups!.n).toBeGreaterThanOrEqual(3);
    const [sectors] = await one<{ missing: number }>(sql`
      SELECT count(*)::int AS missing FROM sectors s WHERE s.response_id = ${id()}
        AND EXISTS (SELECT 1 FROM activity_types t WHERE t.response_id = s.response_id AND t.sector_id = s.id)
        AND NOT EXISTS (SELECT 1 FROM activities a WHERE a.response_id = s.response_id AND s.id IN (a.sector_id, a.sub_sector_id))`);
    expect(sectors!.missing).toBe(0);
    const types = await one<{ type: string }>(sql`
      SELECT DISTINCT o.type FROM activities a JOIN organisations o ON o.response_id = a.response_id AND o.id = a.reporting_org_id
      WHERE a.response_id = ${id()} ORDER BY 1`);
    expect(types.map((t) => t.type)).toEqual(expect.arrayContaining(["21", "22", "40"]));
    const [kinds] = await one<Record<string, boolean>>(sql`
      SELECT
        EXISTS (SELECT 1 FROM activities a JOIN organisations o ON o.response_id = a.response_id AND o.id = a.reporting_org_id
          WHERE a.response_id = ${id()} AND o.name ~* 'red (cross|crescent)') AS red_cross,
        EXISTS (SELECT 1 FROM activities a JOIN organisations r ON r.response_id = a.response_id AND r.id = a.reporting_org_id
          JOIN organisations i ON i.response_id = a.response_id AND i.id = a.implementing_org_id
          WHERE a.response_id = ${id()} AND r.type = '40' AND i.type = '22') AS un_with_nngo,
        EXISTS (SELECT 1 FROM activity_donors d JOIN organisations o ON o.response_id = d.response_id AND o.id = d.organisation_id
          WHERE d.response_id = ${id()} AND o.acronym = 'ECHO') AS echo,
        EXISTS (SELECT 1 FROM activities a JOIN population_groups g ON g.response_id = a.response_id AND g.id = a.population_group_id
          WHERE a.response_id = ${id()} AND g.code = ${slug === "rohingya" ? "HOST" : "IDP"}) AS group_present`);
    expect(kinds).toEqual({ red_cross: true, un_with_nngo: true, echo: true, group_present: true });
  });

  it("is deterministic: the same seed and month give the same records", async () => {
    const ref = await loadDemoReference(db, id());
    const a = generateDemoActivities(ref, { seed: 42, now });
    const b = generateDemoActivities(ref, { seed: 42, now });
    expect(b).toEqual(a);
    expect(generateDemoActivities(ref, { seed: 43, now })).not.toEqual(a);
  });
});
