import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { buildActivity, buildSector, buildTestApp } from "../../testing/factories.ts";
import { buildAnalysisFixture, getAnswer, signedInAs } from "./analysis-fixture.ts";

/**
 * A sector's figures include its sub-sectors' records, and each sub-sector can be asked for on
 * its own. On the hand-checked fixture (analysis-fixture.ts) with a Hygiene sub-sector of WASH
 * and, at Camp C in March 2026: WASH's own record, 3 people (INGO-1), and a Hygiene record, 50
 * people (INGO-2). WASH at Camp C is 53 and Hygiene 50: both above the threshold (5), but shown
 * together they give the 3 back. The public sees WASH at Camp C withheld.
 */

let app: App;
let db: Db;
let world: Awaited<ReturnType<typeof buildAnalysisFixture>>;
let hygieneId: string;
let base: string;
let viewer: Record<string, string>;

beforeAll(async () => {
  ({ app, db } = await buildTestApp());
  world = await buildAnalysisFixture(db);
  const r = world.response.id;
  const { wash } = world.sectors;
  hygieneId = (await buildSector(db, r, { code: "WASH-HY", name: "Hygiene", parentId: wash.id })).id;
  const march = { reportingMonth: "2026-03-01", startDate: "2026-03-01", endDate: "2026-03-31" };
  const atCampC = {
    ...march,
    sectorId: wash.id,
    activityTypeId: world.activityTypes.t1.id,
    locationId: world.places.campC.id,
    reviewState: "approved" as const,
  };
  await buildActivity(db, r, { ...atCampC, reportingOrgId: world.organisations.ingo1.id, reachedTotal: 3 });
  await buildActivity(db, r, {
    ...atCampC,
    subSectorId: hygieneId,
    reportingOrgId: world.organisations.ingo2.id,
    reachedTotal: 50,
  });
  base = `/api/v1/responses/${world.response.slug}/analysis`;
  viewer = await signedInAs(app, db, r, { role: "viewer" });
});

const get = (url: string, headers: Record<string, string> = {}) => getAnswer(app, url, headers);

type Row = { location: { code: string }; sector: { code: string }; reached: number | null };
const reachedAt = (rows: Row[], code: string, sector = "WASH") =>
  rows.find((r) => r.location.code === code && r.sector.code === sector)?.reached;

describe("a sector beside its sub-sectors, for the public", () => {
  it("withholds the sector's figure where its own records are few, in presence and gaps", async () => {
    const washQuery = `level=site&sector=${world.sectors.wash.id}`;
    for (const endpoint of ["presence", "gaps"]) {
      const wash = (await get(`${base}/${endpoint}?${washQuery}`)).rows as Row[];
      const hygiene = (await get(`${base}/${endpoint}?level=site&sector=${hygieneId}`)).rows as Row[];
      expect(reachedAt(hygiene, "CXB-203", "WASH-HY"), endpoint).toBe(50);
      expect(reachedAt(wash, "CXB-203"), endpoint).toBeNull();
      // Every place both answers show: the sector minus its sub-sector is never a small number.
      for (const row of wash) {
        const part = reachedAt(hygiene, row.location.code, "WASH-HY");
        if (row.reached == null || part == null) continue;
        expect(row.reached - part === 0 || row.reached - part >= 5, row.location.code).toBe(true);
      }
      // Members see the figure.
      expect(reachedAt((await get(`${base}/${endpoint}?${washQuery}`, viewer)).rows, "CXB-203")).toBe(53);
    }
    // Without a sector, WASH is the same total, withheld alike.
    expect(reachedAt((await get(`${base}/presence?level=site`)).rows, "CXB-203")).toBeNull();
  });

  it("leaves the place's monthly total without the sector, and says it is partial", async () => {
    const profile = await get(`${base}/locations/${world.places.campC.id}`);
    expect(
      profile.sectors.find((s: { sector: { code: string } }) => s.sector.code === "WASH").reached,
    ).toBeNull();
    expect(profile.monthly.find((m: { month: string }) => m.month === "2026-03")).toMatchObject({
      reached: null,
      partial: true,
    });
    const full = await get(`${base}/locations/${world.places.campC.id}`, viewer);
    expect(full.monthly.find((m: { month: string }) => m.month === "2026-03")).toMatchObject({
      reached: 53,
      partial: false,
    });
  });

  it("keeps the sector's figure where its own records are many", async () => {
    // Camp A: WASH's own records 700 people; a Hygiene record of 40 there changes nothing.
    await buildActivity(db, world.response.id, {
      reportingMonth: "2026-03-01",
      startDate: "2026-03-01",
      endDate: "2026-03-31",
      sectorId: world.sectors.wash.id,
      subSectorId: hygieneId,
      activityTypeId: world.activityTypes.t1.id,
      locationId: world.places.campA.id,
      reportingOrgId: world.organisations.nngo3.id,
      reviewState: "approved",
      reachedTotal: 40,
    });
    const wash = (await get(`${base}/presence?level=site&sector=${world.sectors.wash.id}`)).rows as Row[];
    expect(reachedAt(wash, "CXB-201")).toBe(740);
  });
});
