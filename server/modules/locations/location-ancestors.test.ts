import { randomUUID } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/client.ts";
import { locations } from "../../db/schema/reference.ts";
import { buildResponse } from "../../testing/factories.ts";
import { testDatabase } from "../../testing/test-db.ts";

/**
 * `location_ancestors` is kept by triggers on `locations` (migration 0015). After every kind of
 * write its rows must equal the tree walked up again from scratch: each location with itself at
 * depth 0 and every location above it.
 */

let db: Db;

beforeAll(async () => {
  db = (await testDatabase()).db;
});

type Row = { location: string; ancestor: string; depth: number };

async function stored(responseId: string): Promise<Row[]> {
  const result = await db.execute<Row>(sql`
    SELECT l.code AS location, a.code AS ancestor, x.depth::int AS depth FROM location_ancestors x
    JOIN locations l ON l.response_id = x.response_id AND l.id = x.location_id
    JOIN locations a ON a.response_id = x.response_id AND a.id = x.ancestor_id
    WHERE x.response_id = ${responseId} ORDER BY 1, 3`);
  // No row may point at a location that is gone.
  const orphans = await db.execute<{ n: number }>(sql`
    SELECT count(*)::int AS n FROM location_ancestors x WHERE x.response_id = ${responseId}
      AND NOT EXISTS (SELECT 1 FROM locations l WHERE l.response_id = x.response_id AND l.id = x.location_id)`);
  expect(orphans.rows[0]?.n).toBe(0);
  return result.rows;
}

async function walkedAgain(responseId: string): Promise<Row[]> {
  const result = await db.execute<Row>(sql`
    WITH RECURSIVE up(id, ancestor_id, depth) AS (
      SELECT id, id, 0 FROM locations WHERE response_id = ${responseId}
      UNION ALL
      SELECT up.id, l.parent_id, up.depth + 1 FROM up JOIN locations l
        ON l.response_id = ${responseId} AND l.id = up.ancestor_id WHERE l.parent_id IS NOT NULL)
    SELECT l.code AS location, a.code AS ancestor, up.depth AS depth FROM up
    JOIN locations l ON l.response_id = ${responseId} AND l.id = up.id
    JOIN locations a ON a.response_id = ${responseId} AND a.id = up.ancestor_id
    ORDER BY 1, 3`);
  return result.rows;
}

async function expectInStep(responseId: string) {
  const rows = await stored(responseId);
  expect(rows).toEqual(await walkedAgain(responseId));
  return rows;
}

/** A country, two districts, a camp in each, and a block in the first camp, in one statement. */
async function buildTree() {
  const response = await buildResponse(db);
  const id = {
    BD: randomUUID(),
    D1: randomUUID(),
    D2: randomUUID(),
    C1: randomUUID(),
    C2: randomUUID(),
    B1: randomUUID(),
  };
  const place = (
    code: keyof typeof id,
    parent: keyof typeof id | null,
    kind: "admin" | "site",
    level: number,
  ) => ({
    responseId: response.id,
    id: id[code],
    code,
    name: code,
    kind,
    level,
    parentId: parent ? id[parent] : null,
  });
  // Children before their parents: the walk must not depend on the order of a statement's rows.
  await db
    .insert(locations)
    .values([
      place("B1", "C1", "site", 3),
      place("C1", "D1", "site", 2),
      place("C2", "D2", "site", 2),
      place("D1", "BD", "admin", 1),
      place("D2", "BD", "admin", 1),
      place("BD", null, "admin", 0),
    ]);
  return { responseId: response.id, id };
}

const ancestorsOf = (rows: Row[], code: string) =>
  rows.filter((r) => r.location === code).map((r) => `${r.ancestor}@${r.depth}`);

describe("location_ancestors", () => {
  it("lists every location with itself and all above it, whatever the order of a statement's rows", async () => {
    const { responseId } = await buildTree();
    const rows = await expectInStep(responseId);
    expect(ancestorsOf(rows, "B1")).toEqual(["B1@0", "C1@1", "D1@2", "BD@3"]);
    expect(ancestorsOf(rows, "BD")).toEqual(["BD@0"]);
    expect(rows).toHaveLength(1 + 2 * 2 + 2 * 3 + 4);
  });

  it("moves a location and everything below it to its new parent", async () => {
    const { responseId, id } = await buildTree();
    await db
      .update(locations)
      .set({ parentId: id.D2 })
      .where(and(eq(locations.responseId, responseId), eq(locations.id, id.C1)));
    const rows = await expectInStep(responseId);
    expect(ancestorsOf(rows, "B1")).toEqual(["B1@0", "C1@1", "D2@2", "BD@3"]);
  });

  it("changes nothing for an update that moves nothing", async () => {
    const { responseId, id } = await buildTree();
    const before = await stored(responseId);
    await db
      .update(locations)
      .set({ name: "Renamed" })
      .where(and(eq(locations.responseId, responseId), inArray(locations.id, [id.C1, id.D1])));
    expect(await expectInStep(responseId)).toEqual(before);
  });

  it("forgets removed locations, and the response's whole tree when the response goes", async () => {
    const { responseId, id } = await buildTree();
    await db.delete(locations).where(and(eq(locations.responseId, responseId), eq(locations.id, id.B1)));
    const rows = await expectInStep(responseId);
    expect(rows.some((r) => r.location === "B1")).toBe(false);
    await db.execute(sql`DELETE FROM responses WHERE id = ${responseId}`);
    const left = await db.execute(sql`SELECT 1 FROM location_ancestors WHERE response_id = ${responseId}`);
    expect(left.rows).toHaveLength(0);
  });

  it("rolls back with the statement that failed", async () => {
    const { responseId, id } = await buildTree();
    const before = await stored(responseId);
    // The second row names a parent that does not exist: the whole insert fails.
    await expect(
      db.insert(locations).values([
        { responseId, code: "C3", name: "C3", kind: "site", level: 2, parentId: id.D1 },
        { responseId, code: "C4", name: "C4", kind: "site", level: 2, parentId: randomUUID() },
      ]),
    ).rejects.toThrow();
    expect(await expectInStep(responseId)).toEqual(before);
  });
});
