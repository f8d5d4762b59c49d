import { expect } from "vitest";
import { expandAnswer } from "../../../common/analysis-rows.ts";
import { gapsOutput, presenceOutput } from "../../../common/schemas/analysis.ts";
import type { App } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { displacementRounds, needsSeverity, populationFigures } from "../../db/schema/displacement.ts";
import { planFigures } from "../../db/schema/plans.ts";
import {
  buildActivity,
  buildActivityType,
  buildIndicator,
  buildLocation,
  buildOrganisation,
  buildResponse,
  buildSector,
  buildTestApp,
  buildUser,
  signIn,
} from "../../testing/factories.ts";

/**
 * A small response whose gaps, duplication and progress are worked out by hand in
 * analysis.test.ts and duplication.test.ts. March 2026, approved unless said otherwise:
 *
 * | record | reporting → implementing | sector | type | place  | reached |
 * | r1     | INGO-1                   | WASH   | T1   | Camp A | 400     |
 * | r2     | INGO-2                   | WASH   | T1   | Camp A | 300     |
 * | r3     | INGO-1 → NNGO-3          | WASH   | T1   | Camp B | 3       |
 * | r4     | NNGO-3                   | WASH   | T1   | Camp B | 100     |
 * | r5     | INGO-2                   | Health | T2   | Camp B | 350     |
 * | r6     | INGO-2                   | Health | T2   | Camp A | 3       |
 * | r7     | INGO-1 (submitted)       | WASH   | T1   | Camp D | 50      |
 * | r8     | INGO-1                   | WASH   | T1   | Camp S (sensitive) | 60 |
 *
 * Plan 2026: WASH in need Camp A 1,000, Camp B 500; Health in need Camp B 200 (as of 15 Jan),
 * then 300 (as of 1 Mar). WASH indicator target 2,000 (r1, r2 carry the indicator).
 * Round R1 (10 Jan 2026): population Camp A 2,000, Camp B 800; WASH severity Camp A 4,
 * Camp B 3, Camp C 5 (nobody there). Funding WASH: required 1,000,000; received 200,000 by
 * INGO-1 and 100,000 by NNGO-3 (a national NGO).
 */
export async function buildAnalysisFixture(db: Db) {
  const response = await buildResponse(db, { suppressionThreshold: 5 });
  const r = response.id;
  const country = await buildLocation(db, r, { code: "BGD", name: "Bangladesh", level: 0 });
  const upazila = await buildLocation(db, r, {
    code: "BD2022",
    name: "Ukhia",
    level: 3,
    parentId: country.id,
  });
  const site = (code: string, name: string, sensitive = false) =>
    buildLocation(db, r, { code, name, kind: "site", level: 4, parentId: upazila.id, sensitive });
  const campA = await site("CXB-201", "Camp A");
  const campB = await site("CXB-202", "Camp B");
  const campC = await site("CXB-203", "Camp C");
  const campD = await site("CXB-204", "Camp D");
  const campS = await site("CXB-299", "Camp S", true);
  const wash = await buildSector(db, r, { code: "WASH", name: "WASH" });
  const health = await buildSector(db, r, { code: "HEA", name: "Health" });
  const t1 = await buildActivityType(db, r, wash.id, { code: "WASH-T1", name: "Hygiene kits" });
  const t2 = await buildActivityType(db, r, health.id, { code: "HEA-T2", name: "Consultations" });
  const indicator = await buildIndicator(db, r, wash.id, {
    code: "WASH-I1",
    name: "People with hygiene kits",
  });
  const ingo1 = await buildOrganisation(db, r, { name: "INGO One", acronym: "INGO-1", type: "21" });
  const ingo2 = await buildOrganisation(db, r, { name: "INGO Two", acronym: "INGO-2", type: "21" });
  const nngo3 = await buildOrganisation(db, r, { name: "NNGO Three", acronym: "NNGO-3", type: "22" });
  const march = { reportingMonth: "2026-03-01", startDate: "2026-03-01", endDate: "2026-03-31" };
  const record = (values: Parameters<typeof buildActivity>[2]) =>
    buildActivity(db, r, { ...march, reviewState: "approved", ...values });
  const washT1 = { sectorId: wash.id, activityTypeId: t1.id };
  const healthT2 = { sectorId: health.id, activityTypeId: t2.id };
  const records = {
    r1: await record({
      ...washT1,
      reportingOrgId: ingo1.id,
      locationId: campA.id,
      reachedTotal: 400,
      indicatorId: indicator.id,
    }),
    r2: await record({
      ...washT1,
      reportingOrgId: ingo2.id,
      locationId: campA.id,
      reachedTotal: 300,
      indicatorId: indicator.id,
    }),
    r3: await record({
      ...washT1,
      reportingOrgId: ingo1.id,
      implementingOrgId: nngo3.id,
      locationId: campB.id,
      reachedTotal: 3,
    }),
    r4: await record({ ...washT1, reportingOrgId: nngo3.id, locationId: campB.id, reachedTotal: 100 }),
    r5: await record({ ...healthT2, reportingOrgId: ingo2.id, locationId: campB.id, reachedTotal: 350 }),
    r6: await record({ ...healthT2, reportingOrgId: ingo2.id, locationId: campA.id, reachedTotal: 3 }),
    r7: await record({
      ...washT1,
      reportingOrgId: ingo1.id,
      locationId: campD.id,
      reachedTotal: 50,
      reviewState: "submitted",
    }),
    r8: await record({ ...washT1, reportingOrgId: ingo1.id, locationId: campS.id, reachedTotal: 60 }),
  };
  const figure = (values: Omit<typeof planFigures.$inferInsert, "responseId" | "year">) => ({
    responseId: r,
    year: 2026,
    ...values,
  });
  await db.insert(planFigures).values([
    figure({ metric: "in_need", sectorId: wash.id, locationId: campA.id, value: 1000, asOf: "2026-01-15" }),
    figure({ metric: "in_need", sectorId: wash.id, locationId: campB.id, value: 500, asOf: "2026-01-15" }),
    figure({
      metric: "in_need",
      sectorId: health.id,
      locationId: campB.id,
      value: 200,
      asOf: "2026-01-15",
    }),
    figure({
      metric: "in_need",
      sectorId: health.id,
      locationId: campB.id,
      value: 300,
      asOf: "2026-03-01",
    }),
    figure({
      metric: "target",
      sectorId: wash.id,
      indicatorId: indicator.id,
      value: 2000,
      asOf: "2026-01-15",
    }),
    figure({ metric: "funding_required", sectorId: wash.id, value: 1_000_000, asOf: "2026-02-01" }),
    figure({
      metric: "funding_received",
      sectorId: wash.id,
      organisationId: ingo1.id,
      value: 200_000,
      asOf: "2026-02-01",
    }),
    figure({
      metric: "funding_received",
      sectorId: wash.id,
      organisationId: nngo3.id,
      value: 100_000,
      asOf: "2026-02-01",
    }),
  ]);
  const [round] = await db
    .insert(displacementRounds)
    .values({ responseId: r, code: "R1", name: "Round 1", assessedOn: "2026-01-10" })
    .returning();
  await db.insert(populationFigures).values([
    { responseId: r, roundId: round!.id, locationId: campA.id, individuals: 2000, households: 400 },
    { responseId: r, roundId: round!.id, locationId: campB.id, individuals: 800, households: 160 },
  ]);
  await db.insert(needsSeverity).values([
    {
      responseId: r,
      roundId: round!.id,
      locationId: campA.id,
      sectorId: wash.id,
      severity: 4,
      priorityNeeds: ["latrines"],
    },
    {
      responseId: r,
      roundId: round!.id,
      locationId: campB.id,
      sectorId: wash.id,
      severity: 3,
      priorityNeeds: ["water"],
    },
    {
      responseId: r,
      roundId: round!.id,
      locationId: campC.id,
      sectorId: wash.id,
      severity: 5,
      priorityNeeds: ["water", "latrines"],
    },
  ]);
  return {
    response,
    places: { country, upazila, campA, campB, campC, campD, campS },
    sectors: { wash, health },
    organisations: { ingo1, ingo2, nngo3 },
    activityTypes: { t1, t2 },
    indicator,
    records,
  };
}

/** The session headers of a new user of `responseId` with the given role. */
export async function signedInAs(
  app: App,
  db: Db,
  responseId: string,
  spec: Omit<Parameters<typeof buildUser>[1], "responseId">,
) {
  return (await signIn(app, (await buildUser(db, { responseId, ...spec })).email)).headers;
}

/**
 * The fixture behind the API: a test app, the world above, its analysis path, and the session
 * headers of a viewer and of the WASH and Health coordinators.
 */
export async function openAnalysisApi() {
  const { app, db } = await buildTestApp();
  const world = await buildAnalysisFixture(db);
  const responseId = world.response.id;
  const as = (spec: Parameters<typeof signedInAs>[3]) => signedInAs(app, db, responseId, spec);
  return {
    app,
    db,
    world,
    base: `/api/v1/responses/${world.response.slug}/analysis`,
    viewer: await as({ role: "viewer" }),
    washCoordinator: await as({ role: "sector_coordinator", sectorId: world.sectors.wash.id }),
    healthCoordinator: await as({ role: "sector_coordinator", sectorId: world.sectors.health.id }),
  };
}

/** Answers the server sends without checking them against their schema (analysis.routes.ts). */
const uncheckedAnswers = [
  { path: "/analysis/presence", schema: presenceOutput },
  { path: "/analysis/gaps", schema: gapsOutput },
];

/**
 * An analysis answer, the status checked to be 200, and presence and gaps checked against their
 * schema: nothing missing, nothing more (parsing drops keys the schema does not name). Presence
 * and gaps name places and sectors once; the tests read their rows with them in (`expandAnswer`).
 */
export async function getAnswer(app: App, url: string, headers: Record<string, string> = {}) {
  const res = await app.inject({ method: "GET", url, headers });
  expect(res.statusCode, res.body).toBe(200);
  const body = res.json();
  const path = new URL(url, "http://test").pathname;
  const unchecked = uncheckedAnswers.find((a) => path.endsWith(a.path));
  if (unchecked) expect(unchecked.schema.parse(body), url).toStrictEqual(body);
  return "places" in body ? expandAnswer(body) : body;
}
