import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import {
  buildActivity,
  buildManagedResponse,
  buildOrganisation,
  buildTestApp,
  buildUser,
  signIn,
} from "../../testing/factories.ts";
import { practiceYears } from "./practices.service.ts";

/** Submitting practices: validation against the reference lists, links, and the faceted search. */

let app: App;
let db: Db;

beforeAll(async () => {
  ({ app, db } = await buildTestApp());
});

const minimalPractice = (over: Record<string, unknown> = {}) => ({
  title: "Community volunteers for protection",
  summary: "Refugee volunteers identify and refer people at risk in the camps.",
  type: "programme_project",
  ...over,
});

async function world() {
  const { response, slug, headers } = await buildManagedResponse(app, db);
  return { response, slug, headers };
}
type World = Awaited<ReturnType<typeof world>>;

const submit = (w: World, payload: object, headers = w.headers) =>
  app.inject({ method: "POST", url: `/api/v1/responses/${w.slug}/practices`, headers, payload });

async function publish(w: World, payload: object) {
  const res = await submit(w, payload);
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().id as string;
  const done = await app.inject({
    method: "POST",
    url: `/api/v1/responses/${w.slug}/practices/${id}/transitions`,
    headers: w.headers,
    payload: { action: "publish" },
  });
  expect(done.statusCode, done.body).toBe(200);
  return id;
}

const search = async (w: World, query: string) => {
  const res = await app.inject({ method: "GET", url: `/api/v1/responses/${w.slug}/practices?${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as {
    items: { id: string; title: string }[];
    total: number;
    facets: Record<string, { value: string; count: number }[]>;
  };
};
const countOf = (facet: { value: string; count: number }[], value: string) =>
  facet.find((f) => f.value === value)?.count ?? 0;

describe("submitting a practice", () => {
  it("stores every field, links organisations of the response or names, and implies the goals of targets", async () => {
    const w = await world();
    const iom = await buildOrganisation(db, w.response.id, {
      name: "International Organization for Migration",
      acronym: "IOM",
    });
    const activity = await buildActivity(db, w.response.id, { reviewState: "approved" });
    const res = await submit(
      w,
      minimalPractice({
        startDate: "2018-03-01",
        endDate: "2020-12-31",
        countries: ["bgd", "BGD", "MMR"],
        regions: ["Asia"],
        subRegions: ["Southern Asia"],
        implementingOrganisations: [{ organisationId: iom.id }],
        partnerOrganisations: [{ name: "Cox's Bazar District Administration" }],
        description: "Volunteers were trained in safe referral.",
        benefitImpact: "Faster referrals.",
        keyLessons: "Recruit women volunteers early.",
        gcmObjectives: [7, 2, 7],
        gcmPrinciples: [1, 8],
        sdgGoals: [16],
        sdgTargets: ["10.7"],
        links: [{ url: "https://example.org/report.pdf", title: "Report", kind: "attachment" }],
        activityIds: [activity.id],
      }),
    );
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      status: "submitted",
      countries: ["BGD", "MMR"],
      gcmObjectives: [7, 2],
      sdgGoals: [10, 16],
      sdgTargets: ["10.7"],
      implementingOrganisations: [{ organisationId: iom.id, name: iom.name, acronym: "IOM" }],
      partnerOrganisations: [{ organisationId: null, name: "Cox's Bazar District Administration" }],
      links: [{ url: "https://example.org/report.pdf", title: "Report", kind: "attachment" }],
      can: { edit: true, review: true, publish: true, resubmit: false },
    });
    expect(body.activities).toHaveLength(1);
    expect(body.activities[0].id).toBe(activity.id);
    const audit = await db.execute<{ action: string }>(
      sql`SELECT action FROM audit_log WHERE entity_id = ${body.id}`,
    );
    expect(audit.rows.map((r) => r.action)).toEqual(["practice.submit"]);
  });

  it.each([
    ["gcmObjectives", [24], "body.gcmObjectives.0", "24 is not a GCM objective (1–23)"],
    ["gcmObjectives", [0], "body.gcmObjectives.0", "0 is not a GCM objective (1–23)"],
    ["gcmPrinciples", [11], "body.gcmPrinciples.0", "11 is not a GCM guiding principle (1–10)"],
    ["sdgGoals", [18], "body.sdgGoals.0", "18 is not an SDG goal (1–17)"],
    ["sdgTargets", ["18.1"], "body.sdgTargets.0", "18.1 is not an SDG target (there is no SDG goal 18)"],
    ["sdgTargets", ["1.9"], "body.sdgTargets.0", "1.9 is not an SDG target (goal 1 has no target 1.9)"],
  ])("refuses %s %j with a 400 naming the value", async (field, value, path, message) => {
    const w = await world();
    const res = await submit(w, minimalPractice({ [field]: value }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toContainEqual({ path, message });
    const count = await db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM practices WHERE response_id = ${w.response.id}`,
    );
    expect(count.rows[0]!.n).toBe(0);
  });

  it("refuses unknown organisations, 4W records of another response, document ids and reversed dates", async () => {
    const w = await world();
    const other = await world();
    const foreignOrg = await buildOrganisation(db, other.response.id);
    const foreignActivity = await buildActivity(db, other.response.id);
    let res = await submit(w, minimalPractice({ partnerOrganisations: [{ organisationId: foreignOrg.id }] }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0]).toEqual({
      path: "body.partnerOrganisations",
      message: `unknown organisation ${foreignOrg.id}`,
    });
    res = await submit(w, minimalPractice({ activityIds: [foreignActivity.id] }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].message).toBe(`unknown activity ${foreignActivity.id}`);
    res = await submit(w, minimalPractice({ documentIds: [foreignActivity.id] }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].path).toBe("body.documentIds");
    res = await submit(w, minimalPractice({ startDate: "2021-01-01", endDate: "2020-01-01" }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].path).toBe("body.endDate");
    res = await submit(w, minimalPractice({ implementingOrganisations: [{}] }));
    expect(res.statusCode).toBe(400);
    res = await submit(w, minimalPractice({ links: [{ url: "javascript:alert(1)" }] }));
    expect(res.statusCode).toBe(400);
  });

  it("lets any signed-in user submit, refuses signed-out and read-only tokens", async () => {
    const w = await world();
    const outsider = await buildUser(db);
    const { headers } = await signIn(app, outsider.email);
    expect((await submit(w, minimalPractice(), headers)).statusCode).toBe(201);
    const anonymous = await submit(w, minimalPractice(), {});
    expect(anonymous.statusCode).toBe(401);
  });

  it("changes only the fields a PATCH sends, keeping the lists and organisations", async () => {
    const w = await world();
    const org = await buildOrganisation(db, w.response.id);
    const created = await submit(
      w,
      minimalPractice({
        countries: ["BGD"],
        gcmObjectives: [5],
        sdgTargets: ["10.7"],
        partnerOrganisations: [{ organisationId: org.id }],
        links: [{ url: "https://example.org/a", title: "A" }],
      }),
    );
    const id = created.json().id;
    const res = await app.inject({
      method: "PATCH",
      url: `/api/v1/responses/${w.slug}/practices/${id}`,
      headers: w.headers,
      payload: { title: "A clearer title", sdgGoals: [16] },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      title: "A clearer title",
      countries: ["BGD"],
      gcmObjectives: [5],
      sdgTargets: ["10.7"],
      // Goals sent join the goals of the targets kept.
      sdgGoals: [10, 16],
      partnerOrganisations: [{ organisationId: org.id }],
      links: [{ url: "https://example.org/a", title: "A", kind: "link" }],
    });
    const bad = await app.inject({
      method: "PATCH",
      url: `/api/v1/responses/${w.slug}/practices/${id}`,
      headers: w.headers,
      payload: { endDate: "2000-01-01", startDate: "2001-01-01" },
    });
    expect(bad.statusCode).toBe(400);
    // Only the end date, before the stored start date, is refused too.
    await app.inject({
      method: "PATCH",
      url: `/api/v1/responses/${w.slug}/practices/${id}`,
      headers: w.headers,
      payload: { startDate: "2020-01-01" },
    });
    const late = await app.inject({
      method: "PATCH",
      url: `/api/v1/responses/${w.slug}/practices/${id}`,
      headers: w.headers,
      payload: { endDate: "2019-01-01" },
    });
    expect(late.statusCode).toBe(400);
    expect(late.json().error.details[0].path).toBe("body.endDate");
  });

  it("counts the years a practice ran", () => {
    const submitted = new Date("2024-05-01T00:00:00Z");
    expect(practiceYears("2019-06-01", "2021-02-01", submitted)).toEqual([2019, 2020, 2021]);
    expect(practiceYears("2022-01-01", null, submitted)).toEqual([2022, 2023, 2024]);
    expect(practiceYears(null, null, submitted)).toEqual([2024]);
  });
});

describe("faceted search", () => {
  async function threePractices() {
    const w = await world();
    const a = await publish(
      w,
      minimalPractice({
        title: "Migration Crisis Operational Framework in Bangladesh",
        summary: "Applying the framework to the refugee influx and cyclone preparedness.",
        type: "strategy_framework",
        gcmObjectives: [2, 7, 23],
        gcmPrinciples: [2],
        sdgTargets: ["10.7"],
        countries: ["BGD"],
        startDate: "2017-09-01",
        endDate: "2019-12-31",
      }),
    );
    const b = await publish(
      w,
      minimalPractice({
        title: "Community protection volunteers",
        summary: "Volunteers refer survivors of violence to services.",
        keyLessons: "Cyclone drills built trust.",
        gcmObjectives: [7, 16],
        countries: ["BGD"],
        startDate: "2019-01-01",
        endDate: "2019-06-30",
      }),
    );
    const c = await publish(
      w,
      minimalPractice({
        title: "LPG for cooking",
        summary: "Liquefied petroleum gas replaced firewood across the camps.",
        type: "programme_project",
        gcmObjectives: [2],
        sdgGoals: [7],
        countries: ["BGD", "MMR"],
        startDate: "2018-08-01",
        endDate: "2018-12-31",
      }),
    );
    // Submitted, not published: never counted in the public search.
    await submit(w, minimalPractice({ title: "Unreviewed", gcmObjectives: [7] }));
    return { w, a, b, c };
  }

  it("counts each facet with the other filters applied", async () => {
    const { w, a, b, c } = await threePractices();
    let result = await search(w, "");
    expect(result.total).toBe(3);
    expect(countOf(result.facets.objective!, "7")).toBe(2);
    expect(countOf(result.facets.objective!, "2")).toBe(2);
    expect(countOf(result.facets.goal!, "10")).toBe(1);
    expect(countOf(result.facets.country!, "MMR")).toBe(1);
    expect(countOf(result.facets.year!, "2019")).toBe(2);

    result = await search(w, "objective=7");
    expect(result.items.map((i) => i.id).sort()).toEqual([a, b].sort());
    // The objective facet ignores its own filter: ticking 7 still shows 2 → 2 practices.
    expect(countOf(result.facets.objective!, "2")).toBe(2);
    expect(countOf(result.facets.objective!, "16")).toBe(1);
    // Other facets count within objective 7.
    expect(countOf(result.facets.type!, "strategy_framework")).toBe(1);
    expect(countOf(result.facets.country!, "MMR")).toBe(0);

    result = await search(w, "objective=7&objective=2&country=MMR");
    expect(result.items.map((i) => i.id)).toEqual([c]);
    expect(countOf(result.facets.country!, "BGD")).toBe(3);

    result = await search(w, "year=2018&type=programme_project");
    expect(result.items.map((i) => i.id)).toEqual([c]);
    result = await search(w, "goal=10");
    expect(result.items.map((i) => i.id)).toEqual([a]);
    result = await search(w, "principle=2");
    expect(result.items.map((i) => i.id)).toEqual([a]);
  });

  it("searches words in English (stemmed) and as typed (simple)", async () => {
    const { w, a, b } = await threePractices();
    let result = await search(w, "q=frameworks");
    expect(result.items.map((i) => i.id)).toEqual([a]);
    result = await search(w, "q=cyclone");
    expect(result.items.map((i) => i.id).sort()).toEqual([a, b].sort());
    result = await search(w, `q=${encodeURIComponent("cyclone objective")}&objective=16`);
    expect(result.total).toBe(0);
    result = await search(w, "q=LPG");
    expect(result.total).toBe(1);
  });

  it("refuses unknown facet values with a 400 naming them", async () => {
    const w = await world();
    const res = await app.inject({
      method: "GET",
      url: `/api/v1/responses/${w.slug}/practices?objective=24&goal=18`,
    });
    expect(res.statusCode).toBe(400);
    const messages = res.json().error.details.map((d: { message: string }) => d.message);
    expect(messages).toContain("24 is not a GCM objective (1–23)");
    expect(messages).toContain("18 is not an SDG goal (1–17)");
  });

  it("documents the search in OpenAPI with every filter optional", async () => {
    const doc = (await app.inject({ method: "GET", url: "/api/v1/openapi.json" })).json();
    const parameters = doc.paths["/api/v1/responses/{slug}/practices"].get.parameters as {
      name: string;
      in: string;
      required?: boolean;
    }[];
    const query = parameters.filter((p) => p.in === "query");
    expect(query.map((p) => p.name)).toEqual(
      expect.arrayContaining(["q", "objective", "goal", "year", "scope"]),
    );
    expect(query.filter((p) => p.required).map((p) => p.name)).toEqual([]);
  });

  it("serves the reference lists", async () => {
    const res = await app.inject({ method: "GET", url: "/api/v1/practice-reference-lists" });
    const body = res.json();
    expect(body.gcmObjectives).toHaveLength(23);
    expect(body.gcmPrinciples).toHaveLength(10);
    expect(body.sdgGoals).toHaveLength(17);
    expect(body.sdgTargets).toHaveLength(169);
  });
});
