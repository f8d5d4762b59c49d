import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { activities } from "../../db/schema/activities.ts";
import { auditLog } from "../../db/schema/audit.ts";
import { buildActivity } from "../../testing/factories.ts";
import { buildAnalysisFixture, getAnswer, openAnalysisApi, signedInAs } from "./analysis-fixture.ts";

/** The duplication review on the hand-checked fixture (analysis-fixture.ts). */

let app: App;
let db: Db;
let world: Awaited<ReturnType<typeof buildAnalysisFixture>>;
let viewer: Record<string, string>;
let washCoordinator: Record<string, string>;
let healthCoordinator: Record<string, string>;
let base: string;

beforeAll(async () => {
  ({ app, db, world, base, viewer, washCoordinator, healthCoordinator } = await openAnalysisApi());
});

const get = (url: string, headers: Record<string, string> = {}) => getAnswer(app, url, headers);

describe("duplication", () => {
  const findings = async (headers: Record<string, string>, state = "open") =>
    (await get(`${base}/duplication?from=2026-03&state=${state}`, headers)).findings as {
      key: string;
      kind: string;
      location: { code: string };
      organisations: string[];
      limit: number | null;
      limitKind: string | null;
      records: { id: string }[];
    }[];

  it("finds the same activity by two organisations, a partner reported twice, and reach above need", async () => {
    const found = await findings(viewer);
    const summary = found.map((f) => [f.kind, f.location.code, f.organisations, f.limit, f.limitKind]).sort();
    expect(summary).toEqual([
      ["over_reach", "CXB-202", ["INGO-2"], 300, "in_need"],
      ["same_activity", "CXB-201", ["INGO-1", "INGO-2"], null, null],
      ["shared_partner", "CXB-202", ["NNGO-3"], null, null],
    ]);
    const shared = found.find((f) => f.kind === "shared_partner");
    expect(shared!.records.map((r) => r.id).sort()).toEqual(
      [world.records.r3.id, world.records.r4.id].sort(),
    );
  });

  it("finds the same activity when the periods overlap, whatever month each was reported in", async () => {
    const other = await buildAnalysisFixture(db);
    const { campC, campD } = other.places;
    const { ingo1, ingo2, nngo3 } = other.organisations;
    const record = (values: Parameters<typeof buildActivity>[2]) =>
      buildActivity(db, other.response.id, { reviewState: "approved", reachedTotal: 100, ...values });
    const washT1 = { sectorId: other.sectors.wash.id, activityTypeId: other.activityTypes.t1.id };
    const healthT2 = { sectorId: other.sectors.health.id, activityTypeId: other.activityTypes.t2.id };
    // Camp C: INGO-1 January to March (reported in January), INGO-2 in February: they overlap.
    const long = await record({
      ...washT1,
      reportingOrgId: ingo1.id,
      locationId: campC.id,
      reportingMonth: "2026-01-01",
      startDate: "2026-01-01",
      endDate: "2026-03-31",
    });
    const feb = await record({
      ...washT1,
      reportingOrgId: ingo2.id,
      locationId: campC.id,
      reportingMonth: "2026-02-01",
      startDate: "2026-02-01",
      endDate: "2026-02-28",
    });
    // Camp D: INGO-1 in January, INGO-2 in April: no overlap.
    for (const [org, m] of [
      [ingo1, "01"],
      [ingo2, "04"],
    ] as const)
      await record({
        ...washT1,
        reportingOrgId: org.id,
        locationId: campD.id,
        reportingMonth: `2026-${m}-01`,
        startDate: `2026-${m}-01`,
        endDate: `2026-${m}-28`,
      });
    // Camp C, Health: both reported for March, one 1–10 March, the other 20–31 March: no overlap.
    for (const [org, start, end] of [
      [ingo1, "01", "10"],
      [nngo3, "20", "31"],
    ] as const)
      await record({
        ...healthT2,
        reportingOrgId: org.id,
        locationId: campC.id,
        reportingMonth: "2026-03-01",
        startDate: `2026-03-${start}`,
        endDate: `2026-03-${end}`,
      });
    const member = await signedInAs(app, db, other.response.id, {
      role: "sector_coordinator",
      sectorId: other.sectors.wash.id,
    });
    const url = `/api/v1/responses/${other.response.slug}/analysis/duplication`;
    type Found = {
      key: string;
      kind: string;
      location: { code: string };
      month: string;
      organisations: string[];
      records: { id: string }[];
    };
    const sameActivity = async (query: string, code: string) =>
      ((await get(`${url}?${query}&state=all`, member)).findings as Found[]).filter(
        (f) => f.kind === "same_activity" && f.location.code === code,
      );
    const found = await sameActivity("from=2026-01&to=2026-04", "CXB-203");
    expect(found.map((f) => [f.month, f.organisations, f.records.map((r) => r.id).sort()])).toEqual([
      ["2026-02", ["INGO-1", "INGO-2"], [long.id, feb.id].sort()],
    ]);
    expect(await sameActivity("from=2026-01&to=2026-04", "CXB-204")).toEqual([]);
    // The finding is named by the month its overlap starts: the same key in every view that shows
    // it, so a review made in one view holds in the others. March alone does not show it.
    expect((await sameActivity("from=2026-02", "CXB-203")).map((f) => f.key)).toEqual([found[0]!.key]);
    expect(await sameActivity("from=2026-03", "CXB-203")).toEqual([]);
    const review = await app.inject({
      method: "PUT",
      url: `${url}/reviews`,
      headers: member,
      payload: { key: found[0]!.key, reason: "Different households, checked with both" },
    });
    expect(review.statusCode, review.body).toBe(204);
    expect((await sameActivity("from=2026-01&to=2026-03", "CXB-203"))[0]).toMatchObject({
      key: found[0]!.key,
      review: { reason: "Different households, checked with both" },
    });
  });

  it("finds more people reached than live in a place", async () => {
    const other = await buildAnalysisFixture(db);
    // Camp A, Health, March: 3 (r6) + 2,100 reached, 2,000 people live there (round R1).
    await buildActivity(db, other.response.id, {
      sectorId: other.sectors.health.id,
      activityTypeId: other.activityTypes.t2.id,
      reportingOrgId: other.organisations.nngo3.id,
      locationId: other.places.campA.id,
      reachedTotal: 2100,
      reportingMonth: "2026-03-01",
      startDate: "2026-03-01",
      endDate: "2026-03-31",
      reviewState: "approved",
    });
    const member = await signedInAs(app, db, other.response.id, { role: "viewer" });
    const body = await get(
      `/api/v1/responses/${other.response.slug}/analysis/duplication?from=2026-03`,
      member,
    );
    const over = body.findings.filter(
      (f: { kind: string; location: { code: string } }) =>
        f.kind === "over_reach" && f.location.code === "CXB-201",
    );
    expect(over).toEqual([
      expect.objectContaining({
        sector: expect.objectContaining({ code: "HEA" }),
        reached: 2103,
        limit: 2000,
        limitKind: "population",
      }),
    ]);
  });

  it("is for members: the public gets 401", async () => {
    const res = await app.inject({ method: "GET", url: `${base}/duplication` });
    expect(res.statusCode).toBe(401);
  });

  it("is marked reviewed by the sector's coordinator, with a reason, until its records change", async () => {
    const finding = (await findings(viewer)).find((f) => f.kind === "same_activity")!;
    const put = (headers: Record<string, string>, payload: { key: string; reason: string }) =>
      app.inject({ method: "PUT", url: `${base}/duplication/reviews`, headers, payload });
    expect((await put(viewer, { key: finding.key, reason: "Different blocks" })).statusCode).toBe(403);
    expect((await put(healthCoordinator, { key: finding.key, reason: "Different blocks" })).statusCode).toBe(
      403,
    );
    const short = await put(washCoordinator, { key: finding.key, reason: "no" });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.details[0].path).toBe("body.reason");
    expect(
      (await put(washCoordinator, { key: "same_activity:nonsense", reason: "Different blocks" })).statusCode,
    ).toBe(400);
    expect(
      (await put(washCoordinator, { key: finding.key, reason: "Different blocks of the camp" })).statusCode,
    ).toBe(204);

    expect((await findings(viewer)).map((f) => f.key)).not.toContain(finding.key);
    const reviewed = await get(`${base}/duplication?from=2026-03&state=reviewed`, viewer);
    expect(reviewed.findings[0]).toMatchObject({
      key: finding.key,
      review: { reason: "Different blocks of the camp" },
    });
    const [logged] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, "duplication_review"), eq(auditLog.responseId, world.response.id)));
    expect(logged).toMatchObject({ responseId: world.response.id, action: "create" });

    // A record of the finding changes: the reviewer did not see this, so the finding is open again.
    await db
      .update(activities)
      .set({ reachedTotal: 420, version: 2 })
      .where(eq(activities.id, world.records.r1.id));
    expect((await findings(viewer)).map((f) => f.key)).toContain(finding.key);
  });
});
