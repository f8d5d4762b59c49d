import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import pg from "pg";
import { describe, expect, it, vi } from "vitest";
import { buildResponse } from "../testing/factories.ts";
import { openDatabase, tidyAfterBulkWrite } from "./client.ts";

/** The embedded database folder belongs to one process at a time. */
describe("PGlite data folder lock", () => {
  it("refuses a folder another live process holds, and takes over a stale lock", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "isx-lock-"));
    fs.writeFileSync(path.join(dir, "pglite.lock"), String(process.ppid));
    await expect(openDatabase({ dataDir: dir })).rejects.toThrow(/in use by process \d+/);

    // No process has this pid: the lock is stale (a crashed server) and is taken over.
    fs.writeFileSync(path.join(dir, "pglite.lock"), "2147483646");
    const database = await openDatabase({ dataDir: dir });
    expect(fs.readFileSync(path.join(dir, "pglite.lock"), "utf8")).toBe(String(process.pid));
    await database.close();
    expect(fs.existsSync(path.join(dir, "pglite.lock"))).toBe(false);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

/** PostgreSQL only (DATABASE_URL set, as in CI's second run). */
describe.skipIf(!process.env.DATABASE_URL)("PostgreSQL connections", () => {
  it("survives the server ending its idle connections, and answers the next query", async () => {
    const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL });
    const { db } = database;
    // Two queries at once leave two connections idle in the pool; another client ends them.
    const pids = await Promise.all(
      [0, 1].map(async () => {
        const result = await db.execute<{ pid: number }>(sql`SELECT pg_backend_pid() AS pid, pg_sleep(0.05)`);
        return result.rows[0]!.pid;
      }),
    );
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query("SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid", [pids]);
    await admin.end();
    // Both connections must have been found dead: with one error heard, the next query could
    // still be handed the other one (a race this test lost once in CI).
    await vi.waitFor(() => expect(errors).toHaveBeenCalledTimes(2));
    const after = await db.execute<{ n: number }>(sql`SELECT 1 AS n`);
    expect(after.rows[0]?.n).toBe(1);
    errors.mockRestore();
    await database.close();
  });
});

/** A fresh embedded database, so that no other test has analysed or vacuumed its tables. */
describe("tidyAfterBulkWrite", () => {
  it("leaves small writes alone, and after a bulk write gives statistics to the tables kept beside it and, on PGlite, a visibility map", async () => {
    const database = await openDatabase({ dataDir: null });
    await database.migrate();
    const { db } = database;
    const response = await buildResponse(db);
    await db.execute(sql`INSERT INTO locations (response_id, code, name, kind, level)
      SELECT ${response.id}, 'L' || i, 'Location ' || i, 'admin', 0 FROM generate_series(1, 1000) i`);
    const state = async () =>
      (
        await db.execute<{ relname: string; reltuples: number; relallvisible: number }>(sql`
          SELECT relname, reltuples::float8 AS reltuples, relallvisible FROM pg_class
          WHERE relname IN ('locations', 'location_ancestors') ORDER BY relname`)
      ).rows;
    const before = await state();
    await tidyAfterBulkWrite(db, "locations", 999);
    expect(await state()).toEqual(before);
    expect(before.map((r) => r.reltuples)).toEqual([-1, -1]); // never analysed
    await tidyAfterBulkWrite(db, "locations", 1000);
    const after = await state();
    expect(after.map((r) => r.reltuples)).toEqual([1000, 1000]);
    for (const table of after) expect(table.relallvisible, table.relname).toBeGreaterThan(0);
    await database.close();
  });
});
