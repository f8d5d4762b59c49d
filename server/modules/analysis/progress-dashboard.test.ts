import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { planFigures } from "../../db/schema/plans.ts";
import { buildActivity, buildSector } from "../../testing/factories.ts";
import { buildAnalysisFixture, getAnswer, openAnalysisApi, signedInAs } from "./analysis-fixture.ts";

/** Progress against targets, the dashboard's key figures and a place's profile, on the hand-checked fixture. */

let app: App;
let db: Db;
let world: Awaited<ReturnType<typeof buildAnalysisFixture>>;
let viewer: Record<string, string>;
let base: string;

beforeAll(async () => {
  ({ app, db, world, base, viewer } = await openAnalysisApi());
});

const get = (url: string, headers: Record<string, string> = {}) => getAnswer(app, url, headers);

describe("progress and dashboard", () => {
  it("compares achieved with target per indicator, and funding received with required", async () => {
    const body = await get(`${base}/progress?year=2026`, viewer);
    expect(body.indicators).toEqual([
      expect.objectContaining({
        indicator: expect.objectContaining({ code: "WASH-I1" }),
        target: 2000,
        achieved: 700,
        progress: 0.35,
      }),
    ]);
    expect(body.funding).toEqual([
      expect.objectContaining({
        sector: expect.objectContaining({ code: "WASH" }),
        required: 1_000_000,
        received: 300_000,
        receivedLocal: 100_000,
      }),
    ]);
  });

  it("counts progress within a place against the targets given for it", async () => {
    const other = await buildAnalysisFixture(db);
    const { campA, campB, campD, upazila } = other.places;
    const target = (locationId: string, value: number, asOf = "2026-01-15") => ({
      responseId: other.response.id,
      year: 2026,
      metric: "target" as const,
      sectorId: other.sectors.wash.id,
      indicatorId: other.indicator.id,
      locationId,
      value,
      asOf,
    });
    // Camp A's target was revised from 500 to 800; Camp B's is 400; the overall target stays 2,000.
    await db
      .insert(planFigures)
      .values([target(campA.id, 500), target(campA.id, 800, "2026-02-01"), target(campB.id, 400)]);
    await buildActivity(db, other.response.id, {
      sectorId: other.sectors.wash.id,
      activityTypeId: other.activityTypes.t1.id,
      indicatorId: other.indicator.id,
      reportingOrgId: other.organisations.ingo2.id,
      locationId: campB.id,
      reachedTotal: 120,
      reportingMonth: "2026-03-01",
      startDate: "2026-03-01",
      endDate: "2026-03-31",
      reviewState: "approved",
    });
    const member = await signedInAs(app, db, other.response.id, { role: "viewer" });
    const progressOf = async (location?: string) =>
      (
        await get(
          `/api/v1/responses/${other.response.slug}/analysis/progress?year=2026${location ? `&location=${location}` : ""}`,
          member,
        )
      ).indicators.map((i: { target: number; achieved: number; progress: number }) => [
        i.target,
        i.achieved,
        i.progress,
      ]);
    // Camp A: r1 400 + r2 300 against 800; Camp B: 120 against 400.
    expect(await progressOf(campA.id)).toEqual([[800, 700, 0.875]]);
    expect(await progressOf(campB.id)).toEqual([[400, 120, 0.3]]);
    // The district has no target of its own: its camps' targets add up, 800 + 400; 820 / 1,200.
    expect(await progressOf(upazila.id)).toEqual([[1200, 820, 0.683]]);
    // Camp D: neither a target nor a record with the indicator.
    expect(await progressOf(campD.id)).toEqual([]);
    // No place: the overall target.
    expect(await progressOf()).toEqual([[2000, 820, 0.41]]);
    // A target for the district itself wins over its camps' (820 / 1,500).
    await db.insert(planFigures).values(target(upazila.id, 1500));
    expect(await progressOf(upazila.id)).toEqual([[1500, 820, 0.547]]);
  });

  it("gives key figures per sector with their dates, the latest need figure winning", async () => {
    const body = await get(`${base}/dashboard?year=2026`, viewer);
    const sector = (code: string) =>
      body.sectors.find((s: { sector: { code: string } }) => s.sector.code === code);
    expect(sector("WASH")).toMatchObject({
      inNeed: 1500,
      reached: 913,
      partners: 3,
      fundingRequired: 1_000_000,
      figuresAsOf: "2026-01-15",
      fundingAsOf: "2026-02-01",
    });
    expect(sector("HEA")).toMatchObject({
      inNeed: 300,
      reached: 353,
      figuresAsOf: "2026-03-01",
      fundingAsOf: null,
    });
    expect(body.totals).toMatchObject({ population: 2800, populationAsOf: "2026-01-10", localShare: 0.333 });
  });

  it("gives a sector's own key figures when a sector is asked, its sub-sectors included", async () => {
    const other = await buildAnalysisFixture(db);
    const { wash } = other.sectors;
    const hygiene = await buildSector(db, other.response.id, {
      code: "WASH-HY",
      name: "Hygiene",
      parentId: wash.id,
    });
    await buildActivity(db, other.response.id, {
      sectorId: wash.id,
      subSectorId: hygiene.id,
      reportingOrgId: other.organisations.ingo2.id,
      locationId: other.places.campB.id,
      reachedTotal: 40,
      reportingMonth: "2026-03-01",
      startDate: "2026-03-01",
      endDate: "2026-03-31",
      reviewState: "approved",
    });
    const member = await signedInAs(app, db, other.response.id, { role: "viewer" });
    const url = `/api/v1/responses/${other.response.slug}/analysis/dashboard?year=2026`;
    const body = await get(`${url}&sector=${wash.id}`, member);
    // WASH: in need 1,000 + 500; reached 913 + 40 (the sub-sector's record); INGO-1, INGO-2, NNGO-3;
    // its funding and local share (100,000 of 300,000), not the whole response's.
    const washFigures = {
      inNeed: 1500,
      reached: 953,
      partners: 3,
      fundingRequired: 1_000_000,
      fundingReceived: 300_000,
    };
    expect(body.totals).toMatchObject({
      ...washFigures,
      localShare: 0.333,
      reachedPartial: false,
      figuresAsOf: "2026-01-15",
      fundingAsOf: "2026-02-01",
    });
    expect(body.sectors).toEqual([
      expect.objectContaining({ sector: expect.objectContaining({ code: "WASH" }), ...washFigures }),
    ]);
    const sub = await get(`${url}&sector=${hygiene.id}`, member);
    expect(sub.totals).toMatchObject({ reached: 40, partners: 1, inNeed: null, fundingRequired: null });
    expect(sub.sectors.map((s: { sector: { code: string } }) => s.sector.code)).toEqual(["WASH-HY"]);
  });

  it("profiles a place: partners, needs and population", async () => {
    const body = await get(`${base}/locations/${world.places.campB.id}`, viewer);
    expect(body.location.parents.map((p: { code: string }) => p.code)).toEqual(["BGD", "BD2022"]);
    const wash = body.sectors.find((s: { sector: { code: string } }) => s.sector.code === "WASH");
    expect(wash).toMatchObject({
      inNeed: 500,
      reached: 103,
      severity: 3,
      activities: 2,
      priorityNeeds: ["water"],
    });
    expect(wash.organisations.map((o: { acronym: string }) => o.acronym)).toEqual(["NNGO-3"]);
    expect(body.population).toEqual([
      expect.objectContaining({ individuals: 800, households: 160, sites: 1 }),
    ]);
  });
});
