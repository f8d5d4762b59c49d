import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { buildActivity, buildTestApp } from "../../testing/factories.ts";
import { activityWorld } from "./activities.world.ts";
import { addMonths } from "./activities-summary.service.ts";

/** The organisation summary: counts per month and review state, rejected records, who may read it. */

let app: App;
let db: Db;

beforeAll(async () => {
  ({ app, db } = await buildTestApp());
});

const world = () => activityWorld(app, db);

type Summary = {
  organisation: { id: string; name: string };
  from: string;
  to: string;
  months: { month: string; draft: number; submitted: number; approved: number; rejected: number }[];
  lockedMonths: string[];
  rejected: {
    id: string;
    reportingMonth: string;
    rejectionReason: string | null;
    activityType: { name: string };
  }[];
  rejectedTotal: number;
};

async function seeded() {
  const w = await world();
  // Each record at a location of its own (buildActivity makes one), so no two share a natural key.
  const record = (month: string, reviewState: "draft" | "submitted" | "approved" | "rejected", extra = {}) =>
    buildActivity(db, w.responseId, {
      reportingOrgId: w.org.id,
      sectorId: w.sector.id,
      activityTypeId: w.type.id,
      startDate: `${month}-01`,
      endDate: `${month}-28`,
      reportingMonth: `${month}-01`,
      reviewState,
      ...extra,
    });
  await record("2024-03", "draft");
  await record("2024-03", "draft");
  await record("2024-03", "submitted");
  await record("2024-02", "approved");
  await record("2024-01", "rejected", { rejectionReason: "Women and men swapped" });
  await record("2023-06", "rejected", { rejectionReason: "Old one" });
  // Another organisation's records are not counted.
  await buildActivity(db, w.responseId, { reportingOrgId: w.otherOrg.id, reportingMonth: "2024-03-01" });
  expect((await w.lock("2024-02")).statusCode).toBe(201);
  const summary = (query: string, h: object = w.headers) => w.call("GET", `/summary?${query}`, h);
  return { ...w, summary };
}

describe("the organisation summary", () => {
  it("counts the organisation's records per month and review state, newest month first", async () => {
    const w = await seeded();
    const editor = await w.login("organisation_editor");
    const res = await w.summary(`organisation=${w.org.id}&from=2024-01&to=2024-04`, editor);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as Summary;
    expect(body.organisation).toMatchObject({ id: w.org.id, name: w.org.name });
    expect(body.months).toEqual([
      { month: "2024-04", draft: 0, submitted: 0, approved: 0, rejected: 0 },
      { month: "2024-03", draft: 2, submitted: 1, approved: 0, rejected: 0 },
      { month: "2024-02", draft: 0, submitted: 0, approved: 1, rejected: 0 },
      { month: "2024-01", draft: 0, submitted: 0, approved: 0, rejected: 1 },
    ]);
    expect(body.lockedMonths).toEqual(["2024-02"]);
    // Rejected records of any month, with their reasons, newest first.
    expect(body.rejectedTotal).toBe(2);
    expect(body.rejected.map((r) => [r.reportingMonth, r.rejectionReason])).toEqual([
      ["2024-01", "Women and men swapped"],
      ["2023-06", "Old one"],
    ]);
    expect(body.rejected[0]!.activityType.name).toBe("Latrine construction");
  });

  it("covers the 12 months up to the current one by default", async () => {
    const w = await seeded();
    const res = await w.summary(`organisation=${w.org.id}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as Summary;
    const now = new Date().toISOString().slice(0, 7);
    expect(body.to).toBe(now);
    expect(body.from).toBe(addMonths(now, -11));
    expect(body.months).toHaveLength(12);
    expect(body.months[0]!.month).toBe(now);
  });

  it("refuses an empty or too long month range", async () => {
    const w = await seeded();
    const empty = await w.summary(`organisation=${w.org.id}&from=2024-05&to=2024-04`);
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.details[0].path).toBe("querystring.to");
    expect((await w.summary(`organisation=${w.org.id}&from=2020-01&to=2024-04`)).statusCode).toBe(400);
    expect((await w.summary("organisation=not-a-uuid")).statusCode).toBe(400);
  });

  it("is for the organisation's editors, response managers and administrators only", async () => {
    const w = await seeded();
    const query = `organisation=${w.org.id}&from=2024-01&to=2024-03`;
    expect((await w.summary(query)).statusCode).toBe(200); // the manager
    expect((await w.summary(query, await w.login("administrator"))).statusCode).toBe(200);
    expect((await w.summary(query, await w.login("organisation_editor"))).statusCode).toBe(200);

    expect((await w.summary(query, {})).statusCode).toBe(401);
    const otherEditor = await w.login("organisation_editor", { organisationId: w.otherOrg.id });
    expect((await w.summary(query, otherEditor)).json().error.code).toBe("FORBIDDEN");
    expect((await w.summary(query, await w.login("sector_coordinator"))).statusCode).toBe(403);
    expect((await w.summary(query, await w.login("viewer"))).statusCode).toBe(403);
    // The other organisation's own editor reads that one.
    expect((await w.summary(`organisation=${w.otherOrg.id}`, otherEditor)).statusCode).toBe(200);
  });

  it("answers 404 for an organisation of another response", async () => {
    const w = await seeded();
    const other = await world();
    const res = await w.summary(`organisation=${other.org.id}`);
    expect(res.statusCode).toBe(404);
  });

  it("lets a read-only API token of an editor read it", async () => {
    const w = await seeded();
    const editor = await w.login("organisation_editor");
    const created = await app.inject({
      method: "POST",
      url: "/api/v1/auth/tokens",
      headers: editor,
      payload: { name: "read script", scope: "read" },
    });
    expect(created.statusCode, created.body).toBe(201);
    const bearer = { authorization: `Bearer ${created.json().token as string}` };
    expect((await w.summary(`organisation=${w.org.id}`, bearer)).statusCode).toBe(200);
    expect((await w.summary(`organisation=${w.otherOrg.id}`, bearer)).statusCode).toBe(403);
  });
});
