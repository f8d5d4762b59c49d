import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import {
  buildLocation,
  buildPopulationGroup,
  buildResponse,
  buildSector,
  buildTestApp,
  buildUser,
  signIn,
} from "../../testing/factories.ts";
import { multipart } from "../../testing/multipart.ts";

/** Assessment rounds, their population and severity, imports, flows, and what the public sees. */

let app: App;
let db: Db;

beforeAll(async () => {
  ({ app, db } = await buildTestApp());
});

async function world() {
  const response = await buildResponse(db, { suppressionThreshold: 5 });
  const manager = await buildUser(db, { role: "response_manager", responseId: response.id });
  const { headers } = await signIn(app, manager.email);
  const viewer = await buildUser(db, { role: "viewer", responseId: response.id });
  const viewerHeaders = (await signIn(app, viewer.email)).headers;
  const ukhia = await buildLocation(db, response.id, { code: "BD4101", name: "Ukhia", level: 1 });
  const teknaf = await buildLocation(db, response.id, { code: "BD4102", name: "Teknaf", level: 1 });
  const site = (code: string, parentId: string, sensitive = false) =>
    buildLocation(db, response.id, {
      code,
      name: `Camp ${code}`,
      kind: "site",
      level: 2,
      parentId,
      sensitive,
    });
  const c1 = await site("CXB-201", ukhia.id);
  const c2 = await site("CXB-202", ukhia.id);
  const c3 = await site("CXB-203", ukhia.id);
  const safeHouse = await site("CXB-299", ukhia.id, true);
  const c4 = await site("CXB-301", teknaf.id);
  const wash = await buildSector(db, response.id, { code: "WASH", name: "WASH" });
  const health = await buildSector(db, response.id, { code: "HEALTH", name: "Health" });
  const refugees = await buildPopulationGroup(db, response.id, { code: "REF", name: "Rohingya refugees" });
  const host = await buildPopulationGroup(db, response.id, { code: "HOST", name: "Host community" });
  return {
    response,
    slug: response.slug,
    headers,
    viewerHeaders,
    ukhia,
    teknaf,
    c1,
    c2,
    c3,
    c4,
    safeHouse,
    wash,
    health,
    refugees,
    host,
  };
}
type World = Awaited<ReturnType<typeof world>>;

const url = (w: World, rest: string) => `/api/v1/responses/${w.slug}/displacement${rest}`;
const send = (w: World, method: "POST" | "PATCH" | "PUT" | "DELETE", rest: string, payload?: object) =>
  app.inject({ method, url: url(w, rest), headers: w.headers, ...(payload ? { payload } : {}) });
const get = (w: World, rest: string, headers: Record<string, string> = {}) =>
  app.inject({ method: "GET", url: url(w, rest), headers });
const count = async (table: string, responseId: string) =>
  (
    await db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM ${sql.raw(table)} WHERE response_id = ${responseId}`,
    )
  ).rows[0]!.n;

async function round(w: World, code = "R1") {
  const res = await send(w, "POST", "/rounds", { code, name: `Round ${code}`, assessedOn: "2025-03-31" });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe("rounds", () => {
  it("creates, lists, renames and deletes rounds (with their data), audited", async () => {
    const w = await world();
    await round(w, "R1");
    await send(w, "POST", "/rounds", { code: "R2", name: "Round 2", assessedOn: "2025-06-30" });
    expect(
      (await send(w, "POST", "/rounds", { code: "R1", name: "Again", assessedOn: "2025-01-01" })).statusCode,
    ).toBe(409);
    const bad = await send(w, "POST", "/rounds", { code: "R 3", name: "Bad", assessedOn: "2025-13-01" });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .error.details.map((d: { path: string }) => d.path)
        .sort(),
    ).toEqual(["body.assessedOn", "body.code"]);
    expect((await get(w, "/rounds")).json().items.map((r: { code: string }) => r.code)).toEqual(["R2", "R1"]);
    const renamed = await send(w, "PATCH", "/rounds/R1", { name: "Baseline", code: "BASE" });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect((await send(w, "PATCH", "/rounds/BASE", { code: "R2" })).statusCode).toBe(409);
    await send(w, "PUT", "/rounds/BASE/data", { population: [{ locationId: w.c1.id, individuals: 500 }] });
    expect((await send(w, "DELETE", "/rounds/BASE")).statusCode).toBe(204);
    expect((await send(w, "DELETE", "/rounds/BASE")).statusCode).toBe(404);
    expect(await count("population_figures", w.response.id)).toBe(0);
    const audit = await db.execute<{ action: string; before: { population?: number } | null }>(
      sql`SELECT action, before FROM audit_log WHERE response_id = ${w.response.id} AND entity_type = 'displacement_round' ORDER BY id`,
    );
    expect(audit.rows.map((r) => r.action)).toEqual([
      "displacement_round.create",
      "displacement_round.create",
      "displacement_round.update",
      "displacement_round.delete",
    ]);
    expect(audit.rows[3]!.before!.population).toBe(1);
  });

  it("upserts population and severity all or nothing, naming the entry at fault", async () => {
    const w = await world();
    await round(w);
    const first = await send(w, "PUT", "/rounds/R1/data", {
      population: [
        {
          locationId: w.c1.id,
          populationGroupId: w.refugees.id,
          households: 120,
          individuals: 540,
          women: 150,
          men: 130,
          girls: 140,
          boys: 120,
          elderly: 20,
        },
        { locationId: w.c1.id, populationGroupId: w.host.id, individuals: 60 },
      ],
      severity: [
        { locationId: w.c1.id, sectorId: w.wash.id, severity: 4, priorityNeeds: ["latrines", "water"] },
      ],
    });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({
      population: { created: 2, updated: 0, unchanged: 0 },
      severity: { created: 1, updated: 0, unchanged: 0 },
    });
    const second = await send(w, "PUT", "/rounds/R1/data", {
      population: [
        { locationId: w.c1.id, populationGroupId: w.host.id, individuals: 60 },
        { locationId: w.c2.id, individuals: 300 },
      ],
      severity: [{ locationId: w.c1.id, sectorId: w.wash.id, severity: 5, priorityNeeds: ["latrines"] }],
    });
    expect(second.json()).toEqual({
      population: { created: 1, updated: 0, unchanged: 1 },
      severity: { created: 0, updated: 1, unchanged: 0 },
    });

    const elsewhere = await buildLocation(db, (await buildResponse(db)).id);
    const bad = await send(w, "PUT", "/rounds/R1/data", {
      population: [
        { locationId: w.c3.id, individuals: 10 },
        { locationId: elsewhere.id, individuals: 10 },
      ],
      severity: [{ locationId: w.c3.id, sectorId: w.wash.id, severity: 2 }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details).toEqual([
      { path: "body.population[1].locationId", message: "no location with this id in this response" },
    ]);
    const tooMany = await send(w, "PUT", "/rounds/R1/data", {
      population: [{ locationId: w.c3.id, individuals: 10, women: 8, men: 8 }],
    });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.details[0].path).toBe("body.population.0.individuals");
    const twice = await send(w, "PUT", "/rounds/R1/data", {
      severity: [
        { locationId: w.c3.id, sectorId: w.wash.id, severity: 2 },
        { locationId: w.c3.id, sectorId: w.wash.id, severity: 3 },
      ],
    });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().error.details[0].path).toBe("body.severity[1]");
    expect(await count("population_figures", w.response.id)).toBe(3);
    expect(await count("needs_severity", w.response.id)).toBe(1);

    const severity = (await get(w, "/rounds/R1/severity")).json().items;
    expect(severity).toEqual([
      expect.objectContaining({
        location: expect.objectContaining({ code: "CXB-201" }),
        sector: expect.objectContaining({ code: "WASH" }),
        severity: 5,
        priorityNeeds: ["latrines"],
      }),
    ]);
    const audit = await db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM audit_log WHERE response_id = ${w.response.id} AND entity_type IN ('population_figure', 'needs_severity')`,
    );
    expect(audit.rows[0]!.n).toBe(5);
  });
});

describe("population for the public", () => {
  it("withholds small counts (and one more), hides sensitive places, and shows members everything", async () => {
    const w = await world();
    await round(w);
    await send(w, "PUT", "/rounds/R1/data", {
      population: [
        { locationId: w.c1.id, households: 1, individuals: 3 },
        { locationId: w.c2.id, households: 40, individuals: 150 },
        {
          locationId: w.c3.id,
          households: 90,
          individuals: 400,
          women: 2,
          men: 120,
          girls: 150,
          boys: 128,
          elderly: 3,
        },
        { locationId: w.safeHouse.id, households: 30, individuals: 80 },
        {
          locationId: w.c4.id,
          households: 100,
          individuals: 500,
          women: 150,
          men: 150,
          girls: 100,
          boys: 100,
          elderly: 40,
        },
      ],
    });
    const pub = (await get(w, "/rounds/R1/population")).json();
    const byCode = Object.fromEntries(
      pub.items.map((r: { location: { code: string } }) => [r.location.code, r]),
    );
    expect(Object.keys(byCode)).toEqual(["CXB-201", "CXB-202", "CXB-203", "CXB-301"]);
    expect(byCode["CXB-201"]).toMatchObject({ individuals: null, households: null, suppressed: true });
    // The next smallest place goes too, or 3 = round total − the others.
    expect(byCode["CXB-202"]).toMatchObject({ individuals: null, suppressed: true });
    // A small sex/age cell goes with the next smallest of its row; a small elderly count alone.
    expect(byCode["CXB-203"]).toMatchObject({
      individuals: 400,
      women: null,
      men: null,
      girls: 150,
      boys: 128,
      elderly: null,
      suppressed: false,
    });
    expect(byCode["CXB-301"]).toMatchObject({ individuals: 500, women: 150, elderly: 40 });
    expect(pub.total).toBeNull();
    // Filtering down to the small place does not reveal it.
    const isolated = (await get(w, "/rounds/R1/population?location=CXB-201")).json();
    expect(isolated.items).toEqual([expect.objectContaining({ individuals: null, suppressed: true })]);
    expect(isolated.total).toBeNull();
    // Nor does isolating the place withheld beside it (3 = total − the others otherwise).
    const neighbour = (await get(w, "/rounds/R1/population?location=CXB-202")).json();
    expect(neighbour.items).toEqual([expect.objectContaining({ individuals: null, suppressed: true })]);
    for (const response of [pub, isolated])
      for (const row of response.items)
        for (const key of ["households", "individuals", "women", "men", "girls", "boys", "elderly"])
          if (row[key] !== null) expect(row[key] === 0 || row[key] >= 5).toBe(true);
    const csv = (await get(w, "/rounds/R1/population?format=csv")).body;
    expect(csv).not.toContain("CXB-299");
    expect(csv.split("\n")[1]).toMatch(/^CXB-201,Camp CXB-201,,,,/);
    // The round list does not count the sensitive place for the public.
    expect((await get(w, "/rounds")).json().items[0]).toMatchObject({ sites: 4, individuals: 1053 });

    await send(w, "PUT", "/rounds/R1/data", {
      severity: [
        { locationId: w.c1.id, sectorId: w.wash.id, severity: 3 },
        { locationId: w.safeHouse.id, sectorId: w.health.id, severity: 5, priorityNeeds: ["protection"] },
      ],
    });
    const code = (r: { location: { code: string } }) => r.location.code;
    expect((await get(w, "/rounds/R1/severity")).json().items.map(code)).toEqual(["CXB-201"]);
    expect((await get(w, "/rounds/R1/severity", w.viewerHeaders)).json().items.map(code)).toEqual([
      "CXB-201",
      "CXB-299",
    ]);
    const members = (await get(w, "/rounds/R1/population", w.viewerHeaders)).json();
    expect(members.items).toHaveLength(5);
    expect(members.total).toEqual({ households: 261, individuals: 1133 });
    const ukhia = (await get(w, "/rounds/R1/population?location=BD4101", w.viewerHeaders)).json();
    expect(ukhia.total).toEqual({ households: 161, individuals: 633 });
    expect((await get(w, "/rounds", w.viewerHeaders)).json().items[0]).toMatchObject({
      sites: 5,
      individuals: 1133,
    });
  });
});

describe("round import", () => {
  const file = [
    "DTM Bangladesh, Round 1,,,,,,,,",
    "Site assessment,,,,,,,,,",
    "Site,Group,HH,Individuals,Women,Men,Girls,Boys,Sector,Severity,Priority needs",
    "#loc+code,#population+group,#population+hh,#population+ind,#population+f+adults,#population+m+adults,#population+f+children,#population+m+children,#sector,#severity,#need+priority",
    "CXB-201,REF,100,450,120,100,120,110,WASH,4,latrines; water ;",
    "CXB-202,Host community,20,90,,,,,,,",
    "CXB-203,,,,,,,,Health,2,",
  ].join("\n");

  const importFile = (w: World, body: string, code = "R1", query = "") =>
    app.inject({
      method: "POST",
      url: url(w, `/rounds/${code}/import${query}`),
      headers: { ...w.headers, "content-type": "text/csv" },
      payload: body,
    });

  it("reads population and severity from an HXL file with junk rows above the hashtags", async () => {
    const w = await world();
    await round(w);
    const res = await importFile(w, file);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ rows: 3, figures: 4, created: 4, written: true, issues: [] });
    const population = (await get(w, "/rounds/R1/population", w.headers)).json();
    expect(population.items[0]).toMatchObject({
      location: { code: "CXB-201" },
      populationGroup: { code: "REF" },
      households: 100,
      individuals: 450,
      women: 120,
      men: 100,
      girls: 120,
      boys: 110,
    });
    expect(population.items[1]).toMatchObject({
      populationGroup: { code: "HOST" },
      individuals: 90,
      women: null,
    });
    const severity = (await get(w, "/rounds/R1/severity", w.headers)).json().items;
    expect(
      severity.map((s: { location: { code: string }; severity: number; priorityNeeds: string[] }) => [
        s.location.code,
        s.severity,
        s.priorityNeeds,
      ]),
    ).toEqual([
      ["CXB-201", 4, ["latrines", "water"]],
      ["CXB-203", 2, []],
    ]);
    expect((await importFile(w, file)).json()).toMatchObject({ created: 0, unchanged: 4 });
    expect((await importFile(w, file, "R9")).statusCode).toBe(404);
  });

  it("writes nothing when a row is wrong", async () => {
    const w = await world();
    await round(w);
    const bad = `${file}\nCXB-777,,,10,,,,,,,\nCXB-301,,5,4,,,,,,,\nCXB-301,,,,,,,,WASH,7,\n`;
    const report = (await importFile(w, bad)).json();
    expect(report).toMatchObject({ written: false, created: 0 });
    expect(
      report.issues.map((i: { row: number; column: string; code: string; value: string }) => [
        i.row,
        i.column,
        i.code,
        i.value,
      ]),
    ).toEqual([
      [8, "#loc+code", "UNKNOWN_LOCATION", "CXB-777"],
      [9, "#population+hh", "INVALID_POPULATION", "5"],
      [10, "#severity", "INVALID_SEVERITY", "7"],
    ]);
    expect(await count("population_figures", w.response.id)).toBe(0);
    expect(await count("needs_severity", w.response.id)).toBe(0);
  });
});

describe("round import by multipart with a mapping", () => {
  it("maps columns named in the mapping field, and refuses a mapping to an unknown field", async () => {
    const w = await world();
    await round(w);
    const csv = "Camp,Families,People,Remarks\nCXB-201,10,45,ok\nCXB-202,12,50,\n";
    const post = (fields: Record<string, string>) => {
      const body = multipart(csv, fields, "round.csv");
      return app.inject({
        method: "POST",
        url: url(w, "/rounds/R1/import"),
        headers: { ...w.headers, "content-type": body.contentType },
        payload: body.payload,
      });
    };
    const res = await post({
      mapping: JSON.stringify({
        camp: "location",
        Families: "households",
        "2": "individuals",
        Remarks: "ignore",
      }),
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ rows: 2, created: 2, written: true, issues: [] });
    expect((await get(w, "/rounds/R1/population", w.headers)).json().total).toEqual({
      households: 22,
      individuals: 95,
    });
    const unknown = await post({ mapping: JSON.stringify({ Camp: "site" }) });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details[0].path).toBe("mapping.Camp");
    const noPlace = await post({});
    expect(noPlace.statusCode).toBe(400);
    expect(noPlace.json().error.details[0].path).toBe("file");
  });
});

describe("mobility flows", () => {
  it("adds, filters, withholds small flows from the public and deletes", async () => {
    const w = await world();
    const flow = (
      origin: string,
      destination: string,
      people: number,
      periodStart = "2025-01-01",
      periodEnd = "2025-01-31",
    ) => ({
      originLocationId: origin,
      destinationLocationId: destination,
      people,
      periodStart,
      periodEnd,
      reason: "relocation",
    });
    const added = await send(w, "PUT", "/flows", {
      flows: [
        flow(w.c1.id, w.c4.id, 250),
        flow(w.c1.id, w.c2.id, 3),
        flow(w.c1.id, w.c3.id, 40),
        flow(w.c2.id, w.safeHouse.id, 12),
        flow(w.c4.id, w.c1.id, 80, "2025-03-01", "2025-03-31"),
      ],
    });
    expect(added.json()).toEqual({ created: 5 });
    const bad = await send(w, "PUT", "/flows", { flows: [flow(w.c1.id, w.c1.id, 5)] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe("body.flows.0.destinationLocationId");

    const foreign = await buildLocation(db, (await buildResponse(db)).id);
    const elsewhere = await send(w, "PUT", "/flows", {
      flows: [flow(w.c1.id, w.c2.id, 9), flow(foreign.id, w.c2.id, 9)],
    });
    expect(elsewhere.statusCode).toBe(400);
    expect(elsewhere.json().error.details).toEqual([
      { path: "body.flows[1].originLocationId", message: "no location with this id in this response" },
    ]);
    const january = (await get(w, "/flows?from=2025-01-01&to=2025-01-31&origin=BD4101", w.headers)).json()
      .items;
    expect(january).toHaveLength(4);
    const toTeknaf = (await get(w, "/flows?destination=BD4102", w.headers)).json().items;
    expect(toTeknaf.map((f: { people: number }) => f.people)).toEqual([250]);

    const pub = (await get(w, "/flows?from=2025-01-01&to=2025-01-31")).json().items;
    expect(pub.some((f: { destination: { code: string } }) => f.destination.code === "CXB-299")).toBe(false);
    const people = Object.fromEntries(
      pub.map((f: { destination: { code: string }; people: number | null }) => [
        f.destination.code,
        f.people,
      ]),
    );
    expect(people).toEqual({ "CXB-301": 250, "CXB-202": null, "CXB-203": null });
    const isolated = (await get(w, "/flows?destination=CXB-203")).json().items;
    expect(isolated).toEqual([expect.objectContaining({ people: null, suppressed: true })]);

    const id = january[0].id;
    expect((await send(w, "DELETE", `/flows/${id}`)).statusCode).toBe(204);
    expect((await send(w, "DELETE", `/flows/${id}`)).statusCode).toBe(404);
    expect(await count("mobility_flows", w.response.id)).toBe(4);
  });
});
