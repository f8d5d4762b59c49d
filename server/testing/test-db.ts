import type { Database } from "../db/client.ts";
import { openDatabase } from "../db/client.ts";

let shared: Promise<Database> | undefined;

/**
 * The database of this test worker, migrated once: PostgreSQL when DATABASE_URL is set (CI's
 * second run), otherwise an in-memory PGlite. Tests never truncate: each builds its own response.
 */
export function testDatabase(): Promise<Database> {
  shared ??= (async () => {
    const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: null });
    await database.migrate();
    return database;
  })();
  return shared;
}
