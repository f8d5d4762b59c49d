import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { expandAnswer } from "../../../common/analysis-rows.ts";
import { type Db, openDatabase } from "../../db/client.ts";
import { displacementRounds, needsSeverity, populationFigures } from "../../db/schema/displacement.ts";
import { planFigures } from "../../db/schema/plans.ts";
import { locations, sectors } from "../../db/schema/reference.ts";
import { buildLocation, buildResponse, buildSector } from "../../testing/factories.ts";
import { testDatabase } from "../../testing/test-db.ts";
import { gaps } from "./analysis.service.ts";
import { buildAnalysisFixture } from "./analysis-fixture.ts";
import { ReferenceCache, referenceVersion } from "./reference-cache.ts";

describe("ReferenceCache", () => {
  const counting = () => {
    const loads: number[] = [];
    return {
      loads,
      load: (value: number) => async () => {
        loads.push(value);
        return [value];
      },
    };
  };
  const size = (rows: number[]) => rows.length;

  it("reads once per key and version, requests at the same time sharing the read", async () => {
    const cache = new ReferenceCache(100);
    const { loads, load } = counting();
    const [a, b] = await Promise.all([cache.get("k", 1, load(1), size), cache.get("k", 1, load(2), size)]);
    expect(a).toEqual([1]);
    expect(b).toBe(a);
    expect(await cache.get("k", 1, load(3), size)).toBe(a);
    expect(await cache.get("other", 1, load(4), size)).toEqual([4]);
    expect(loads).toEqual([1, 4]);
  });

  it("reads afresh at a newer version; a request at an older one reads for itself", async () => {
    const cache = new ReferenceCache(100);
    const { loads, load } = counting();
    await cache.get("k", 1, load(1), size);
    expect(await cache.get("k", 2, load(2), size)).toEqual([2]);
    // Read before the write that made version 2: its own read, and version 2 stays kept.
    expect(await cache.get("k", 1, load(3), size)).toEqual([3]);
    expect(await cache.get("k", 2, load(4), size)).toEqual([2]);
    expect(loads).toEqual([1, 2, 3]);
  });

  it("keeps nothing of a read that failed", async () => {
    const cache = new ReferenceCache(100);
    const failing = async (): Promise<number[]> => {
      throw new Error("connection lost");
    };
    await expect(cache.get("k", 1, failing, size)).rejects.toThrow("connection lost");
    expect(await cache.get("k", 1, async () => [7], size)).toEqual([7]);
  });

  it("lets the least recently used go when it holds more rows than its limit", async () => {
    const cache = new ReferenceCache(4);
    const { loads, load } = counting();
    const three = (value: number) => async () => {
      loads.push(value);
      return [value, value, value];
    };
    await cache.get("a", 1, load(1), size);
    await cache.get("b", 1, load(2), size);
    await cache.get("a", 1, load(9), size); // a used last: b is the least recently used
    await cache.get("c", 1, three(3), size); // 5 rows held: b goes
    await cache.get("a", 1, load(9), size);
    await cache.get("b", 1, load(4), size);
    expect(loads).toEqual([1, 2, 3, 4]);
  });
});

describe("the version of the figures the analysis reads beside the records", () => {
  let db: Db;
  beforeAll(async () => {
    ({ db } = await testDatabase());
  });

  it("moves on with every write to plan, displacement, gazetteer and sector rows, for their response only", async () => {
    const [mine, other] = [await buildResponse(db), await buildResponse(db)];
    const r = mine.id;
    const versions = async () => [await referenceVersion(db, r), await referenceVersion(db, other.id)];
    const moves = async (write: () => Promise<unknown>) => {
      const [before, otherBefore] = await versions();
      await write();
      const [after, otherAfter] = await versions();
      return after! > before! && otherAfter === otherBefore;
    };
    const sector = await buildSector(db, r, { code: "WASH", name: "WASH" });
    const camp = await buildLocation(db, r, { code: "CXB-201", name: "Camp 1E", kind: "site", level: 4 });
    const [round] = await db
      .insert(displacementRounds)
      .values({ responseId: r, code: "R1", name: "Round 1", assessedOn: "2026-01-10" })
      .returning();
    const writes: [string, () => Promise<unknown>][] = [
      [
        "a plan figure",
        () =>
          db.insert(planFigures).values({
            responseId: r,
            year: 2026,
            metric: "in_need",
            sectorId: sector.id,
            locationId: camp.id,
            value: 10,
            asOf: "2026-01-15",
          }),
      ],
      [
        "plan figures changed",
        () => db.update(planFigures).set({ value: 20 }).where(eq(planFigures.responseId, r)),
      ],
      ["plan figures removed", () => db.delete(planFigures).where(eq(planFigures.responseId, r))],
      [
        "a severity",
        () =>
          db.insert(needsSeverity).values({
            responseId: r,
            roundId: round!.id,
            locationId: camp.id,
            sectorId: sector.id,
            severity: 4,
          }),
      ],
      [
        "a population figure",
        () =>
          db
            .insert(populationFigures)
            .values({ responseId: r, roundId: round!.id, locationId: camp.id, individuals: 900 }),
      ],
      [
        "a round's date",
        () =>
          db
            .update(displacementRounds)
            .set({ assessedOn: "2026-01-11" })
            .where(eq(displacementRounds.responseId, r)),
      ],
      [
        "a place made sensitive",
        () => db.update(locations).set({ sensitive: true }).where(eq(locations.id, camp.id)),
      ],
      [
        "a new place",
        () => buildLocation(db, r, { code: "CXB-202", name: "Camp 2W", kind: "site", level: 4 }),
      ],
      ["a sector renamed", () => db.update(sectors).set({ name: "Water" }).where(eq(sectors.id, sector.id))],
      ["a sector added", () => buildSector(db, r, { code: "HEA", name: "Health" })],
    ];
    for (const [what, write] of writes) expect(await moves(write), what).toBe(true);
    // A statement that changes no row leaves the version as it was.
    const [before] = await versions();
    await db.update(planFigures).set({ value: 1 }).where(eq(planFigures.responseId, r));
    expect(await referenceVersion(db, r)).toBe(before);
    // Nothing ever written: version 0.
    expect(await referenceVersion(db, (await buildResponse(db)).id)).toBe(0);
    expect(
      (await db.execute(sql`SELECT 1 FROM analysis_reference_versions WHERE response_id = ${other.id}`)).rows,
    ).toEqual([]);
  });

  it("moves on for every response when one of those tables is emptied", async () => {
    // A database of its own: TRUNCATE would empty the table for every other test too.
    const own = await openDatabase({ dataDir: null });
    try {
      await own.migrate();
      const [a, b] = [await buildResponse(own.db), await buildResponse(own.db)];
      await buildSector(own.db, a.id, { code: "WASH", name: "WASH" });
      await buildSector(own.db, b.id, { code: "WASH", name: "WASH" });
      const before = [await referenceVersion(own.db, a.id), await referenceVersion(own.db, b.id)];
      await own.db.execute(sql`TRUNCATE needs_severity`);
      expect([await referenceVersion(own.db, a.id), await referenceVersion(own.db, b.id)]).toEqual(
        before.map((v) => v + 1),
      );
    } finally {
      await own.close();
    }
  });

  it("gaps show a changed need figure, a new severity and a place made sensitive on the next request", async () => {
    const world = await buildAnalysisFixture(db);
    const r = world.response.id;
    const members = { responseId: r, isPublic: false, threshold: 5 };
    const everyone = { ...members, isPublic: true };
    const query = { level: "site" as const, sector: world.sectors.wash.id, format: "json" as const };
    const rowOf = async (audience: typeof members, code: string) =>
      expandAnswer(await gaps(db, audience, query)).rows.find((row) => row.location.code === code);

    expect((await rowOf(members, "CXB-201"))?.inNeed).toBe(1000);
    expect((await rowOf(everyone, "CXB-202"))?.severity).toBe(3);
    await db
      .update(planFigures)
      .set({ value: 1500 })
      .where(sql`${planFigures.responseId} = ${r} AND ${planFigures.locationId} = ${world.places.campA.id}`);
    expect((await rowOf(members, "CXB-201"))?.inNeed).toBe(1500);

    const [round] = await db
      .insert(displacementRounds)
      .values({ responseId: r, code: "R2", name: "Round 2", assessedOn: "2026-02-10" })
      .returning();
    await db.insert(needsSeverity).values({
      responseId: r,
      roundId: round!.id,
      locationId: world.places.campB.id,
      sectorId: world.sectors.wash.id,
      severity: 5,
    });
    expect((await rowOf(everyone, "CXB-202"))?.severity).toBe(5);

    await db.update(locations).set({ sensitive: true }).where(eq(locations.id, world.places.campB.id));
    expect(await rowOf(everyone, "CXB-202")).toBeUndefined();
    expect((await rowOf(members, "CXB-202"))?.severity).toBe(5);
  });
});
