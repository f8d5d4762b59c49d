import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { buildTestApp } from "../../testing/factories.ts";
import { activityWorld } from "./activities.world.ts";

/**
 * Races. On PostgreSQL (DATABASE_URL set) the requests really overlap and the row lock and
 * unique indexes decide; on PGlite transactions run one after another and the outcome is the same.
 */

let app: App;
let db: Db;

beforeAll(async () => {
  ({ app, db } = await buildTestApp());
});

describe("concurrent writes", () => {
  it("two changes from the same version: exactly one wins, the other gets 409 and the winner's record", async () => {
    const w = await activityWorld(app, db);
    for (let round = 0; round < 5; round++) {
      const a = await w.created({ reportingMonth: `2024-0${round + 3}`, endDate: "2024-09-30" });
      const [first, second] = await Promise.all([
        w.patch(a.id, { version: 1, notes: "from tab one" }),
        w.patch(a.id, { version: 1, notes: "from tab two" }),
      ]);
      const codes = [first!.statusCode, second!.statusCode].sort();
      expect(codes, `${first!.body} ${second!.body}`).toEqual([200, 409]);
      const winner = first!.statusCode === 200 ? first! : second!;
      const loser = first!.statusCode === 409 ? first! : second!;
      expect(winner.json().version).toBe(2);
      expect(loser.json().current).toEqual(winner.json());
      expect((await w.get(a.id, w.headers)).json().notes).toBe(winner.json().notes);
    }
  });

  it("two creates of the same record: one is created, the other refused", async () => {
    const w = await activityWorld(app, db);
    const results = await Promise.all([w.create(w.valid()), w.create(w.valid())]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const list = await w.list("", w.headers);
    expect(list.json().items).toHaveLength(1);
  });
});
