import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../db/client.ts";
import { listOccurrences } from "../modules/events/events.service.ts";
import { instantToLocal } from "../modules/events/recurrence.ts";
import { testDatabase } from "../testing/test-db.ts";
import { myanmarResponse } from "./demo/myanmar.ts";
import { rohingyaResponse } from "./demo/rohingya.ts";
import { myanmarStructure, rohingyaStructure } from "./demo/structures.ts";
import { demoEvents, seedDemoEvents } from "./demo-events.ts";
import { seedDemoStructure } from "./demo-structure.ts";
import { seedResponse } from "./seed-demo.ts";

/** The demo calendars: a month of meetings around "now" on the demo platforms. */

let db: Db;
const ids: Record<string, string> = {};
// Monday 23 November 2026, midday in Cox's Bazar.
const now = new Date("2026-11-23T06:00:00Z");

beforeAll(async () => {
  db = (await testDatabase()).db;
  const suffix = randomUUID().slice(0, 8);
  ids.rohingya = await seedResponse(db, { ...rohingyaResponse, slug: `rohingya-${suffix}` });
  await seedDemoStructure(db, ids.rohingya, rohingyaStructure);
  ids.myanmar = await seedResponse(db, { ...myanmarResponse, slug: `myanmar-${suffix}` });
  await seedDemoStructure(db, ids.myanmar, myanmarStructure);
  await seedDemoEvents(db, ids.rohingya, "rohingya", { now });
  await seedDemoEvents(db, ids.myanmar, "myanmar", { now });
});

const month = { from: new Date("2026-11-09T00:00:00Z"), to: new Date("2026-12-14T00:00:00Z") };

describe("demo events", () => {
  it("holds next week's WASH sector meeting, Tuesday 10:00 in Cox's Bazar, and the weeks around it", async () => {
    const { items } = await listOccurrences(db, ids.rohingya!, { ...month, publicOnly: true }, 500);
    const wash = items.filter((o) => o.title === "WASH Sector coordination meeting");
    expect(wash.map((o) => instantToLocal(new Date(o.startsAt), "Asia/Dhaka"))).toEqual([
      "2026-11-10T10:00",
      "2026-11-17T10:00",
      "2026-11-24T10:00",
      "2026-12-01T10:00",
      "2026-12-08T10:00",
    ]);
    expect(wash[0]).toMatchObject({
      platform: { code: "WASH" },
      sectors: [{ code: "WASH" }],
      recurring: true,
    });
    // A month of meetings: sector meetings, the ISCG, trainings, a distribution, a public event.
    expect(items.length).toBeGreaterThan(20);
    expect(new Set(items.map((o) => o.type))).toEqual(
      new Set(["coordination_meeting", "training", "workshop", "assessment", "distribution", "public_event"]),
    );
    const iscg = items.filter((o) => o.platform?.code === "ISCG" && o.type === "coordination_meeting");
    // Fortnightly on Wednesdays from the first Wednesday on or after 2 November.
    expect(iscg.map((o) => instantToLocal(new Date(o.startsAt), "Asia/Dhaka").slice(0, 10))).toEqual([
      "2026-11-18",
      "2026-12-02",
    ]);
  });

  it("keeps the Heads of Sub-Office Group for signed-in users and seeds Myanmar in its own zone", async () => {
    const all = await listOccurrences(db, ids.rohingya!, { ...month, publicOnly: false }, 500);
    const open = await listOccurrences(db, ids.rohingya!, { ...month, publicOnly: true }, 500);
    expect(all.items.filter((o) => o.title === "Heads of Sub-Office Group")).toHaveLength(1);
    expect(open.items.filter((o) => o.title === "Heads of Sub-Office Group")).toHaveLength(0);
    const myanmar = await listOccurrences(db, ids.myanmar!, { ...month, publicOnly: false }, 500);
    expect(myanmar.items.every((o) => o.timeZone === "Asia/Yangon" && o.platform)).toBe(true);
    expect(new Set(myanmar.items.map((o) => o.title)).size).toBe(demoEvents.myanmar!.events.length);
    const audit = await db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM audit_log WHERE response_id = ${ids.myanmar!} AND action = 'event.create'`,
    );
    expect(audit.rows[0]!.n).toBe(demoEvents.myanmar!.events.length);
  });
});
