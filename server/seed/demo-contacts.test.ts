import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { isStale } from "../../common/schemas/contacts.ts";
import type { Db } from "../db/client.ts";
import { testDatabase } from "../testing/test-db.ts";
import { myanmarResponse } from "./demo/myanmar.ts";
import { rohingyaResponse } from "./demo/rohingya.ts";
import { myanmarStructure, rohingyaStructure } from "./demo/structures.ts";
import { myanmarContacts, rohingyaContacts, seedDemoContacts } from "./demo-contacts.ts";
import { seedDemoStructure } from "./demo-structure.ts";
import { seedResponse } from "./seed-demo.ts";

/** The demo contact lists: every person placed, fictional addresses, some stale and some current. */

let db: Db;
const now = new Date(Date.UTC(2026, 10, 23));
const ids: Record<string, string> = {};

beforeAll(async () => {
  db = (await testDatabase()).db;
  const suffix = randomUUID().slice(0, 8);
  ids.rohingya = await seedResponse(db, { ...rohingyaResponse, slug: `rohingya-${suffix}` });
  await seedDemoStructure(db, ids.rohingya, rohingyaStructure);
  await seedDemoContacts(db, ids.rohingya, rohingyaContacts, { now });
  ids.myanmar = await seedResponse(db, { ...myanmarResponse, slug: `myanmar-${suffix}` });
  await seedDemoStructure(db, ids.myanmar, myanmarStructure);
  await seedDemoContacts(db, ids.myanmar, myanmarContacts, { now });
});

describe("demo contacts", () => {
  it.each(["rohingya", "myanmar"])(
    "seats the %s people on their platforms, some stale and some current",
    async (key) => {
      const people = (
        await db.execute<{
          email: string;
          confirmed_at: string | null;
          created_at: string;
          seats: number;
        }>(sql`
        SELECT c.email, c.confirmed_at, c.created_at,
          (SELECT count(*)::int FROM contact_platforms p WHERE p.response_id = c.response_id AND p.contact_id = c.id) AS seats
        FROM contacts c WHERE c.response_id = ${ids[key]!}`)
      ).rows;
      const list = key === "rohingya" ? rohingyaContacts : myanmarContacts;
      expect(people).toHaveLength(list.length);
      expect(people.every((p) => p.email.endsWith("@example.org") && p.seats > 0)).toBe(true);
      const stale = people.filter((p) =>
        isStale(
          {
            confirmedAt: p.confirmed_at ? new Date(p.confirmed_at) : null,
            createdAt: new Date(p.created_at),
          },
          now,
        ),
      );
      expect(stale.length).toBeGreaterThanOrEqual(2);
      expect(stale.length).toBeLessThan(people.length / 2);
    },
  );

  it("puts a stale WASH co-coordinator and a never-confirmed partner in the Rohingya WASH sector", async () => {
    const wash = (
      await db.execute<{ email: string; confirmed_at: string | null }>(sql`
        SELECT c.email, c.confirmed_at FROM contacts c
        JOIN contact_sectors cs ON cs.response_id = c.response_id AND cs.contact_id = c.id
        JOIN sectors s ON s.response_id = cs.response_id AND s.id = cs.sector_id
        WHERE c.response_id = ${ids.rohingya!} AND s.code = 'WASH' ORDER BY c.email`)
    ).rows;
    expect(wash.map((w) => w.email)).toContain("kamrul.talukder@example.org");
    expect(wash.find((w) => w.email === "nusrat.mitu@example.org")!.confirmed_at).toBeNull();
  });
});
