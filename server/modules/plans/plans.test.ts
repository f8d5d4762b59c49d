import { parse } from "csv-parse/sync";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import {
  buildIndicator,
  buildLocation,
  buildManagedResponse,
  buildPopulationGroup,
  buildResponse,
  buildSector,
  buildTestApp,
  buildUser,
  signIn,
} from "../../testing/factories.ts";

/** The response plan: objectives, dated figures with their history, all-or-nothing writes, rights. */

let app: App;
let db: Db;

beforeAll(async () => {
  ({ app, db } = await buildTestApp());
});

async function world() {
  const { response, slug, headers } = await buildManagedResponse(app, db);
  const wash = await buildSector(db, response.id, { code: "WASH", name: "Water, sanitation and hygiene" });
  const hygiene = await buildSector(db, response.id, {
    code: "HYG",
    name: "Hygiene",
    parentId: wash.id,
    kind: "sub_sector",
  });
  const health = await buildSector(db, response.id, { code: "HEALTH", name: "Health" });
  const ukhia = await buildLocation(db, response.id, { code: "BD4101", name: "Ukhia", level: 1 });
  const camp = await buildLocation(db, response.id, {
    code: "CXB-201",
    name: "Camp 1E",
    kind: "site",
    level: 2,
    parentId: ukhia.id,
  });
  const refugees = await buildPopulationGroup(db, response.id, { code: "REF", name: "Rohingya refugees" });
  const latrines = await buildIndicator(db, response.id, wash.id, {
    code: "WASH-01",
    name: "Latrines built",
    unit: "latrines",
    disaggregation: "none",
  });
  const consults = await buildIndicator(db, response.id, health.id, {
    code: "HEA-01",
    name: "Consultations",
  });
  return { response, slug, headers, wash, hygiene, health, ukhia, camp, refugees, latrines, consults };
}
type World = Awaited<ReturnType<typeof world>>;

const url = (w: World, rest: string) => `/api/v1/responses/${w.slug}/plans${rest}`;
const send = (
  w: World,
  method: "POST" | "PATCH" | "PUT" | "DELETE",
  rest: string,
  payload?: object,
  headers = w.headers,
) => app.inject({ method, url: url(w, rest), headers, ...(payload ? { payload } : {}) });
const get = (w: World, rest: string, headers: Record<string, string> = {}) =>
  app.inject({ method: "GET", url: url(w, rest), headers });

const figureCount = async (responseId: string) =>
  (
    await db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM plan_figures WHERE response_id = ${responseId}`,
    )
  ).rows[0]!.n;

describe("plan objectives", () => {
  it("creates strategic and sector objectives, shows them as a tree, and refuses what would break it", async () => {
    const w = await world();
    const so1 = await send(w, "POST", "/2025/objectives", {
      kind: "strategic",
      code: "SO1",
      title: "Protect refugees",
    });
    expect(so1.statusCode, so1.body).toBe(201);
    const sector = await send(w, "POST", "/2025/objectives", {
      kind: "sector",
      code: "WASH-SO1",
      title: "Safe water for all camps",
      sectorId: w.wash.id,
      parentId: so1.json().id,
    });
    expect(sector.statusCode, sector.body).toBe(201);
    const plan = await get(w, "/2025");
    expect(plan.statusCode).toBe(200);
    expect(plan.json().objectives).toHaveLength(1);
    expect(plan.json().objectives[0].children[0]).toMatchObject({
      code: "WASH-SO1",
      sector: { code: "WASH" },
    });

    // Duplicate code, missing sector, a parent from another year's plan.
    expect(
      (await send(w, "POST", "/2025/objectives", { kind: "strategic", code: "so1", title: "Again" }))
        .statusCode,
    ).toBe(409);
    const noSector = await send(w, "POST", "/2025/objectives", {
      kind: "sector",
      code: "X",
      title: "No sector",
    });
    expect(noSector.statusCode).toBe(400);
    expect(noSector.json().error.details[0].path).toBe("body.sectorId");
    const otherYear = await send(w, "POST", "/2026/objectives", {
      kind: "sector",
      code: "H1",
      title: "Health",
      sectorId: w.health.id,
      parentId: so1.json().id,
    });
    expect(otherYear.statusCode).toBe(400);
    expect(otherYear.json().error.details[0].path).toBe("body.parentId");

    const patched = await send(w, "PATCH", `/2025/objectives/${sector.json().id}`, {
      title: "Safe water in every camp",
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().title).toBe("Safe water in every camp");
    const badPatch = await send(w, "PATCH", `/2025/objectives/${sector.json().id}`, { sectorId: null });
    expect(badPatch.statusCode).toBe(400);
    // A strategic objective with sector objectives stays until they go.
    expect((await send(w, "DELETE", `/2025/objectives/${so1.json().id}`)).statusCode).toBe(409);
    expect((await send(w, "DELETE", `/2025/objectives/${sector.json().id}`)).statusCode).toBe(204);
    expect((await send(w, "DELETE", `/2025/objectives/${so1.json().id}`)).statusCode).toBe(204);
    expect((await get(w, "/2025")).json().objectives).toEqual([]);
    const audit = await db.execute<{ action: string }>(
      sql`SELECT action FROM audit_log WHERE response_id = ${w.response.id} AND entity_type = 'plan_objective' ORDER BY id`,
    );
    expect(audit.rows.map((r) => r.action)).toEqual([
      "plan_objective.create",
      "plan_objective.create",
      "plan_objective.update",
      "plan_objective.delete",
      "plan_objective.delete",
    ]);
  });

  it("lets a coordinator write their sector's objectives only", async () => {
    const w = await world();
    const coordinator = await buildUser(db, {
      role: "sector_coordinator",
      responseId: w.response.id,
      sectorId: w.wash.id,
    });
    const { headers } = await signIn(app, coordinator.email);
    const own = await send(
      w,
      "POST",
      "/2025/objectives",
      { kind: "sector", code: "HYG-1", title: "Hygiene kits", sectorId: w.hygiene.id },
      headers,
    );
    expect(own.statusCode, own.body).toBe(201);
    const other = await send(
      w,
      "POST",
      "/2025/objectives",
      { kind: "sector", code: "HEA-1", title: "Clinics", sectorId: w.health.id },
      headers,
    );
    expect(other.statusCode).toBe(403);
    const strategic = await send(
      w,
      "POST",
      "/2025/objectives",
      { kind: "strategic", code: "SO9", title: "Everything" },
      headers,
    );
    expect(strategic.statusCode).toBe(403);
    // Moving one's own objective to another sector is judged on where it would go.
    const move = await send(
      w,
      "PATCH",
      `/2025/objectives/${own.json().id}`,
      { sectorId: w.health.id },
      headers,
    );
    expect(move.statusCode).toBe(403);
  });
});

describe("plan figures", () => {
  it("keeps history: a new as-of date adds a row, the same date updates it, current is the latest", async () => {
    const w = await world();
    const key = {
      metric: "in_need",
      sectorId: w.wash.id,
      locationId: w.camp.id,
      populationGroupId: w.refugees.id,
    };
    const first = await send(w, "PUT", "/2025/figures", {
      figures: [{ ...key, value: 1000, asOf: "2025-01-15" }],
    });
    expect(first.json()).toEqual({ created: 1, updated: 0, unchanged: 0 });
    const second = await send(w, "PUT", "/2025/figures", {
      figures: [
        { ...key, value: 1500, asOf: "2025-06-30" },
        { ...key, value: 1000, asOf: "2025-01-15" },
      ],
    });
    expect(second.json()).toEqual({ created: 1, updated: 0, unchanged: 1 });
    const corrected = await send(w, "PUT", "/2025/figures", {
      figures: [{ ...key, value: 1600, asOf: "2025-06-30", source: "HNO revision" }],
    });
    expect(corrected.json()).toEqual({ created: 0, updated: 1, unchanged: 0 });

    const current = (await get(w, "/2025/figures", w.headers)).json().items;
    expect(current).toHaveLength(1);
    expect(current[0]).toMatchObject({
      value: 1600,
      asOf: "2025-06-30",
      source: "HNO revision",
      sector: { code: "WASH" },
      location: { code: "CXB-201" },
    });
    const history = (await get(w, "/2025/figures?view=history", w.headers)).json().items;
    expect(history.map((f: { asOf: string; value: number }) => [f.asOf, f.value])).toEqual([
      ["2025-06-30", 1600],
      ["2025-01-15", 1000],
    ]);
    const asPublished = (await get(w, "/2025/figures?asOf=2025-03-01", w.headers)).json().items;
    expect(asPublished.map((f: { value: number }) => f.value)).toEqual([1000]);
    expect((await get(w, "/2024/figures", w.headers)).json().items).toEqual([]);

    // The plan's summary shows the current value with its date.
    const plan = (await get(w, "/2025", w.headers)).json();
    expect(plan.summary).toEqual([
      {
        metric: "in_need",
        sector: { id: w.wash.id, code: "WASH", name: w.wash.name },
        value: 1600,
        asOf: "2025-06-30",
        figures: 1,
        suppressed: false,
      },
    ]);

    const del = await send(w, "DELETE", `/2025/figures/${current[0].id}`);
    expect(del.statusCode).toBe(204);
    // The older figure is current again.
    expect((await get(w, "/2025/figures", w.headers)).json().items[0]).toMatchObject({
      value: 1000,
      asOf: "2025-01-15",
    });
    const audit = await db.execute<{ action: string }>(
      sql`SELECT action FROM audit_log WHERE response_id = ${w.response.id} AND entity_type = 'plan_figure' ORDER BY id`,
    );
    expect(audit.rows.map((r) => r.action)).toEqual([
      "plan_figure.create",
      "plan_figure.create",
      "plan_figure.update",
      "plan_figure.delete",
    ]);
  });

  it("writes nothing when one figure is wrong, and says which and why", async () => {
    const w = await world();
    const elsewhere = await buildResponse(db);
    const foreign = await buildLocation(db, elsewhere.id);
    const ok = { metric: "targeted", sectorId: w.wash.id, value: 10, asOf: "2025-02-01" };
    const res = await send(w, "PUT", "/2025/figures", {
      figures: [
        ok,
        { ...ok, metric: "in_need" },
        { ...ok, locationId: w.camp.id },
        { ...ok, locationId: foreign.id },
      ],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toEqual([
      { path: "body.figures[3].locationId", message: "no location with this id in this response" },
    ]);
    expect(await figureCount(w.response.id)).toBe(0);

    const wrongIndicator = await send(w, "PUT", "/2025/figures", {
      figures: [
        { metric: "target", sectorId: w.wash.id, indicatorId: w.consults.id, value: 5, asOf: "2025-02-01" },
      ],
    });
    expect(wrongIndicator.statusCode).toBe(400);
    expect(wrongIndicator.json().error.details[0].path).toBe("body.figures[0].indicatorId");

    const twice = await send(w, "PUT", "/2025/figures", { figures: [ok, { ...ok, value: 11 }] });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().error.details[0].path).toBe("body.figures[1]");

    const fractional = await send(w, "PUT", "/2025/figures", { figures: [{ ...ok, value: 10.5 }] });
    expect(fractional.statusCode).toBe(400);
    expect(fractional.json().error.details[0].path).toBe("body.figures.0.value");
    expect(await figureCount(w.response.id)).toBe(0);

    // A target without a sector takes its indicator's sector.
    const target = await send(w, "PUT", "/2025/figures", {
      figures: [
        {
          metric: "target",
          indicatorId: w.latrines.id,
          locationId: w.camp.id,
          value: 40,
          asOf: "2025-02-01",
        },
      ],
    });
    expect(target.statusCode, target.body).toBe(200);
    expect((await get(w, "/2025/figures?metric=target", w.headers)).json().items[0].sector.code).toBe("WASH");
  });

  it("authorises every figure: a coordinator writes their sector and sub-sectors, nothing else", async () => {
    const w = await world();
    const coordinator = await buildUser(db, {
      role: "sector_coordinator",
      responseId: w.response.id,
      sectorId: w.wash.id,
    });
    const { headers } = await signIn(app, coordinator.email);
    const figure = (sectorId: string | null) => ({
      metric: "in_need",
      sectorId,
      value: 100,
      asOf: "2025-01-01",
    });
    const mixed = await send(
      w,
      "PUT",
      "/2025/figures",
      { figures: [figure(w.hygiene.id), figure(w.health.id)] },
      headers,
    );
    expect(mixed.statusCode).toBe(403);
    expect(mixed.json().error.details).toEqual([
      { path: "body.figures[1].sectorId", message: "not a sector you coordinate" },
    ]);
    expect((await send(w, "PUT", "/2025/figures", { figures: [figure(null)] }, headers)).statusCode).toBe(
      403,
    );
    expect(await figureCount(w.response.id)).toBe(0);
    const own = await send(
      w,
      "PUT",
      "/2025/figures",
      { figures: [figure(w.wash.id), figure(w.hygiene.id)] },
      headers,
    );
    expect(own.statusCode, own.body).toBe(200);
    // The manager's figure for the whole response cannot be deleted by the coordinator.
    await send(w, "PUT", "/2025/figures", { figures: [figure(null)] });
    const whole = (await get(w, "/2025/figures", w.headers))
      .json()
      .items.find((f: { sector: unknown }) => !f.sector);
    expect((await send(w, "DELETE", `/2025/figures/${whole.id}`, undefined, headers)).statusCode).toBe(403);
    expect(
      (
        await app.inject({
          method: "PUT",
          url: url(w, "/2025/figures"),
          payload: { figures: [figure(null)] },
        })
      ).statusCode,
    ).toBe(401);
  });

  it("downloads figures as HXL with one row per key and date, and withholds small counts from the public", async () => {
    const w = await world();
    await send(w, "PUT", "/2025/figures", {
      figures: [
        { metric: "in_need", sectorId: w.wash.id, locationId: w.camp.id, value: 5200, asOf: "2025-01-01" },
        { metric: "targeted", sectorId: w.wash.id, locationId: w.camp.id, value: 4000, asOf: "2025-01-01" },
        { metric: "in_need", sectorId: w.wash.id, locationId: w.ukhia.id, value: 3, asOf: "2025-01-01" },
        { metric: "funding_required", sectorId: w.wash.id, value: 1250000.5, asOf: "2025-01-01" },
      ],
    });
    const res = await get(w, "/2025/figures?format=hxl", w.headers);
    expect(res.statusCode).toBe(200);
    const rows = parse(res.body, { bom: true }) as string[][];
    expect(rows[1]).toEqual([
      "#sector+code",
      "#sector+name",
      "#loc+code",
      "#loc+name",
      "#population+group",
      "#indicator+code",
      "#org+name",
      "#date+asof",
      "#inneed",
      "#targeted",
      "#indicator+target",
      "#value+funding+required+usd",
      "#value+funding+received+usd",
    ]);
    const camp = rows.find((r) => r[2] === "CXB-201")!;
    expect([camp[8], camp[9]]).toEqual(["5200", "4000"]);
    expect(rows.find((r) => r[11] !== "" && r[0] === "WASH")![11]).toBe("1250000.5");

    // Public: 3 is below the threshold (5), and 5200 goes with it, or 3 = total − 5200.
    const pub = (await get(w, "/2025/figures?metric=in_need")).json().items;
    expect(
      pub.every((f: { value: number | null; suppressed: boolean }) => f.value === null && f.suppressed),
    ).toBe(true);
    expect(
      (await get(w, "/2025/figures?metric=in_need", w.headers))
        .json()
        .items.map((f: { value: number }) => f.value)
        .sort(),
    ).toEqual([3, 5200]);
  });
});

describe("plan summary", () => {
  it("adds up the outermost places, prefers a place's figure for all groups, and the whole-sector figure to both", async () => {
    const w = await world();
    const figure = (
      metric: string,
      sectorId: string | null,
      locationId: string | null,
      value: number,
      extra = {},
    ) => ({
      metric,
      sectorId,
      locationId,
      value,
      asOf: "2025-01-01",
      ...extra,
    });
    await send(w, "PUT", "/2025/figures", {
      figures: [
        figure("in_need", w.wash.id, w.ukhia.id, 5000),
        figure("in_need", w.wash.id, w.camp.id, 1200),
        figure("in_need", w.wash.id, w.camp.id, 1000, { populationGroupId: w.refugees.id }),
        figure("in_need", w.health.id, w.camp.id, 300, {
          populationGroupId: w.refugees.id,
          asOf: "2025-02-01",
        }),
        figure("in_need", w.health.id, w.ukhia.id, 200, { populationGroupId: w.refugees.id }),
        figure("targeted", w.health.id, w.camp.id, 250),
        figure("targeted", w.health.id, null, 280),
        figure("target", w.wash.id, null, 40, { indicatorId: w.latrines.id }),
      ],
    });
    const summary = (await get(w, "/2025", w.headers)).json().summary;
    const pick = (metric: string, code: string) =>
      summary.find(
        (s: { metric: string; sector: { code: string } }) => s.metric === metric && s.sector.code === code,
      );
    expect(pick("in_need", "WASH")).toMatchObject({ value: 5000, figures: 1 });
    // The camp lies in Ukhia: Ukhia's 200 is the outermost figure, the camp's 300 is inside it.
    expect(pick("in_need", "HEALTH")).toMatchObject({ value: 200, figures: 1, asOf: "2025-01-01" });
    expect(pick("targeted", "HEALTH")).toMatchObject({ value: 280, figures: 1 });
    expect(summary.some((s: { metric: string }) => s.metric === "target")).toBe(false);
  });
});

describe("API description", () => {
  it("documents the plan and displacement endpoints in OpenAPI", async () => {
    const doc = (await app.inject({ method: "GET", url: "/api/v1/openapi.json" })).json();
    for (const path of [
      "/api/v1/responses/{slug}/plans/{year}",
      "/api/v1/responses/{slug}/plans/{year}/figures",
      "/api/v1/responses/{slug}/plans/{year}/figures/import",
      "/api/v1/responses/{slug}/displacement/rounds/{code}/population",
      "/api/v1/responses/{slug}/displacement/flows",
    ])
      expect(doc.paths[path], path).toBeDefined();
    expect(doc.paths["/api/v1/responses/{slug}/plans/{year}/figures"].put.requestBody).toBeDefined();
  });
});
