import { eq, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { expandAnswer } from "../../../common/analysis-rows.ts";
import type { Db } from "../../db/client.ts";
import { activities } from "../../db/schema/activities.ts";
import { responses } from "../../db/schema/tenancy.ts";
import {
  buildActivity,
  buildActivityType,
  buildIndicator,
  buildLocation,
  buildOrganisation,
  buildResponse,
  buildSector,
} from "../../testing/factories.ts";
import { testDatabase } from "../../testing/test-db.ts";
import { periodsOf } from "./analysis.queries.ts";
import { presence } from "./analysis.service.ts";
import { progress } from "./progress.service.ts";

/**
 * `activity_cells` is kept by triggers on `activities` (migration 0014). After every kind of
 * write, its rows must equal the records added up again from scratch, in every month, quarter
 * and year, and hold no empty cell.
 */

let db: Db;

beforeAll(async () => {
  db = (await testDatabase()).db;
});

type Cell = Record<string, string | number>;

const cellColumns = sql`period_months::int AS period_months, period_start::text AS period_start, sector_id,
  location_id, organisation_id, review_state, sub_sector_id, indicator_id, activities::int AS activities,
  reached::float8 AS reached, reached_count::int AS reached_count, quantity::float8 AS quantity,
  quantity_count::int AS quantity_count`;

async function storedCells(responseId: string): Promise<Cell[]> {
  const result = await db.execute<Cell>(sql`SELECT ${cellColumns} FROM activity_cells
    WHERE response_id = ${responseId} ORDER BY 1, 2, 3, 4, 5, 6, 7, 8`);
  return result.rows;
}

/** The cells as the migration's backfill computes them from the records. */
async function recomputedCells(responseId: string): Promise<Cell[]> {
  const result = await db.execute<Cell>(sql`SELECT ${cellColumns} FROM (
    SELECT p.months AS period_months, date_trunc(p.unit, r.reporting_month)::date AS period_start, r.sector_id,
      r.location_id, coalesce(r.implementing_org_id, r.reporting_org_id) AS organisation_id, r.review_state,
      coalesce(r.sub_sector_id, '00000000-0000-0000-0000-000000000000') AS sub_sector_id,
      coalesce(r.indicator_id, '00000000-0000-0000-0000-000000000000') AS indicator_id,
      count(*) AS activities, coalesce(sum(r.reached_total), 0) AS reached, count(r.reached_total) AS reached_count,
      coalesce(sum(r.quantity), 0) AS quantity, count(r.quantity) AS quantity_count
    FROM activities r CROSS JOIN (VALUES (1, 'month'), (3, 'quarter'), (12, 'year')) AS p(months, unit)
    WHERE r.response_id = ${responseId} AND r.review_state IN ('approved', 'submitted')
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8) c ORDER BY 1, 2, 3, 4, 5, 6, 7, 8`);
  return result.rows;
}

async function expectInStep(responseId: string) {
  const stored = await storedCells(responseId);
  expect(stored).toEqual(await recomputedCells(responseId));
  expect(stored.filter((c) => c.activities === 0)).toEqual([]);
}

async function buildWorld() {
  const response = await buildResponse(db);
  const r = response.id;
  const camp = await buildLocation(db, r, { kind: "site", level: 4 });
  const otherCamp = await buildLocation(db, r, { kind: "site", level: 4 });
  const wash = await buildSector(db, r);
  const hygiene = await buildSector(db, r, { parentId: wash.id });
  const health = await buildSector(db, r);
  const kits = await buildActivityType(db, r, wash.id);
  const consultations = await buildActivityType(db, r, health.id);
  const indicator = await buildIndicator(db, r, wash.id);
  const ingo = await buildOrganisation(db, r);
  const nngo = await buildOrganisation(db, r);
  const record = (month: string, values: Parameters<typeof buildActivity>[2] = {}) =>
    buildActivity(db, r, {
      reportingOrgId: ingo.id,
      sectorId: wash.id,
      activityTypeId: kits.id,
      locationId: camp.id,
      reportingMonth: `${month}-01`,
      startDate: `${month}-01`,
      endDate: `${month}-28`,
      reviewState: "approved",
      reachedTotal: 100,
      ...values,
    });
  return { r, camp, otherCamp, wash, hygiene, health, kits, consultations, indicator, ingo, nngo, record };
}

describe("periodsOf", () => {
  it("covers a range with the fewest whole years, quarters and months", () => {
    expect(periodsOf("2024-01-01", "2024-12-01")).toEqual([{ months: 12, start: "2024-01-01" }]);
    expect(periodsOf("2024-10-01", "2024-12-01")).toEqual([{ months: 3, start: "2024-10-01" }]);
    expect(periodsOf("2024-06-01", "2024-06-01")).toEqual([{ months: 1, start: "2024-06-01" }]);
    expect(periodsOf("2023-11-01", "2025-04-01")).toEqual([
      { months: 1, start: "2023-11-01" },
      { months: 1, start: "2023-12-01" },
      { months: 12, start: "2024-01-01" },
      { months: 3, start: "2025-01-01" },
      { months: 1, start: "2025-04-01" },
    ]);
    // A quarter that starts in range but ends after it is taken month by month.
    expect(periodsOf("2024-04-01", "2024-05-01")).toEqual([
      { months: 1, start: "2024-04-01" },
      { months: 1, start: "2024-05-01" },
    ]);
    expect(periodsOf("2024-05-01", "2024-04-01")).toEqual([]);
  });
});

describe("activity_cells", () => {
  it("follows inserts, updates and deletes of records, in every month, quarter and year", async () => {
    const w = await buildWorld();
    const a = await w.record("2024-03", { indicatorId: w.indicator.id, quantity: 7 });
    const b = await w.record("2024-03", { reportingOrgId: w.nngo.id, reachedTotal: null });
    const c = await w.record("2024-04", { reviewState: "submitted", subSectorId: w.hygiene.id });
    const d = await w.record("2024-12", { reviewState: "draft", reachedTotal: 900 });
    await w.record("2025-01", {
      sectorId: w.health.id,
      activityTypeId: w.consultations.id,
      implementingOrgId: w.nngo.id,
    });
    await expectInStep(w.r);
    // The draft counts nowhere; the year 2024 adds up March, April and the approved records only.
    const year = (await storedCells(w.r)).filter(
      (x) => x.period_months === 12 && x.period_start === "2024-01-01",
    );
    expect(year.reduce((sum, x) => sum + Number(x.activities), 0)).toBe(3);
    expect(year.reduce((sum, x) => sum + Number(x.reached), 0)).toBe(200);

    // A changed figure, place, month, organisation and review state move the record between cells.
    await db.update(activities).set({ reachedTotal: null, quantity: null }).where(eq(activities.id, a.id));
    await expectInStep(w.r);
    await db
      .update(activities)
      .set({ locationId: w.otherCamp.id, reportingMonth: "2024-07-01", endDate: "2024-07-28" })
      .where(eq(activities.id, b.id));
    await expectInStep(w.r);
    await db.update(activities).set({ implementingOrgId: w.nngo.id }).where(eq(activities.id, c.id));
    await db
      .update(activities)
      .set({ reviewState: "submitted" })
      .where(inArray(activities.id, [d.id, a.id]));
    await expectInStep(w.r);
    await db.update(activities).set({ reviewState: "rejected" }).where(eq(activities.id, c.id));
    await expectInStep(w.r);
    // A change that moves no figure leaves the cells as they were.
    const before = await storedCells(w.r);
    await db.update(activities).set({ notes: "checked" }).where(eq(activities.responseId, w.r));
    expect(await storedCells(w.r)).toEqual(before);

    await db.delete(activities).where(inArray(activities.id, [a.id, b.id]));
    await expectInStep(w.r);
    await db.delete(activities).where(eq(activities.responseId, w.r));
    expect(await storedCells(w.r)).toEqual([]);
  });

  it("leaves the cells as they were when the writing transaction fails", async () => {
    const w = await buildWorld();
    await w.record("2024-02");
    const before = await storedCells(w.r);
    await expect(
      db.transaction(async (tx) => {
        await tx.insert(activities).values({
          responseId: w.r,
          reportingOrgId: w.ingo.id,
          sectorId: w.wash.id,
          activityTypeId: w.kits.id,
          locationId: w.camp.id,
          status: "ongoing",
          reportingMonth: "2024-05-01",
          startDate: "2024-05-01",
          endDate: "2024-05-30",
          reviewState: "approved",
          reachedTotal: 50,
        });
        throw new Error("stop");
      }),
    ).rejects.toThrow("stop");
    expect(await storedCells(w.r)).toEqual(before);
  });

  it("keeps each response's cells apart, and drops them with the response", async () => {
    const one = await buildWorld();
    const two = await buildWorld();
    await one.record("2024-02");
    await two.record("2024-02", { reachedTotal: 5 });
    await two.record("2024-02", {
      reachedTotal: 6,
      activityTypeId: two.kits.id,
      locationId: two.otherCamp.id,
    });
    await expectInStep(one.r);
    await expectInStep(two.r);
    await db.delete(responses).where(eq(responses.id, two.r));
    expect(await storedCells(two.r)).toEqual([]);
    await expectInStep(one.r);
    expect(await storedCells(one.r)).toHaveLength(3);
  });

  it("answers a window of several period lengths as its months' records added up", async () => {
    const w = await buildWorld();
    // A record in every month from June 2023 to September 2024, by one of two organisations (a
    // partner counted once however many months it reports), in one of two places.
    const months = Array.from({ length: 16 }, (_, i) => {
      const d = new Date(Date.UTC(2023, 5 + i, 1));
      return d.toISOString().slice(0, 7);
    });
    for (const [i, month] of months.entries())
      await w.record(month, {
        reportingOrgId: i % 3 === 0 ? w.nngo.id : w.ingo.id,
        locationId: i % 2 === 0 ? w.camp.id : w.otherCamp.id,
        indicatorId: w.indicator.id,
        quantity: i + 1,
        reachedTotal: 10 * (i + 1),
      });
    const audience = { responseId: w.r, isPublic: false, threshold: 0 };
    for (const [from, to] of [
      ["2023-08", "2024-07"], // two months, three quarters, a month
      ["2023-11", "2024-04"],
      ["2024-01", "2024-12"],
      ["2023-06", "2024-09"],
    ] as const) {
      const expected = await db.execute<{
        location_id: string;
        organisations: number;
        activities: number;
        reached: number;
      }>(sql`
        SELECT location_id, count(DISTINCT reporting_org_id)::int AS organisations, count(*)::int AS activities,
          sum(reached_total)::float8 AS reached
        FROM activities WHERE response_id = ${w.r}
          AND reporting_month BETWEEN ${`${from}-01`}::date AND ${`${to}-01`}::date
        GROUP BY 1 ORDER BY 1`);
      const answer = await presence(db, audience, { from, to, level: "site", format: "json" });
      const got = expandAnswer(answer)
        .rows.map((r) => ({
          location_id: r.location.id,
          organisations: r.organisations,
          activities: r.activities,
          reached: r.reached,
        }))
        .sort((a, b) => (a.location_id < b.location_id ? -1 : 1));
      expect(got, `${from} to ${to}`).toEqual(expected.rows);
      const achieved = await progress(db, audience, { from, to, format: "json" });
      const quantity = months
        .map((m, i) => (m >= from && m <= to ? i + 1 : 0))
        .reduce((sum, q) => sum + q, 0);
      const row = achieved.indicators.find((r) => r.indicator.id === w.indicator.id);
      expect(row?.achieved, `${from} to ${to}`).toBe(
        w.indicator.disaggregation === "none" ? quantity : quantity * 10,
      );
    }
  });
});
