import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { sql } from "drizzle-orm";
import type { NodePgQueryResultHKT } from "drizzle-orm/node-postgres";
import { drizzle as drizzleNodePg } from "drizzle-orm/node-postgres";
import { migrate as migrateNodePg } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";

/**
 * The query interface every module uses. Both drivers build the same SQL; we type them as the
 * node-postgres flavour because their results share the `rows` shape the code reads.
 */
export type Db = PgDatabase<NodePgQueryResultHKT>;

export type DatabaseKind = "pglite" | "postgresql";

export interface Database {
  db: Db;
  kind: DatabaseKind;
  /** Applies pending migrations; safe to call from several instances at once on PostgreSQL. */
  migrate(): Promise<void>;
  /** The latest applied migration as this process last saw it (set by `migrate`). */
  migration: string | null;
  close(): Promise<void>;
}

export const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

export interface OpenOptions {
  /** `postgres://…` selects PostgreSQL; otherwise PGlite in `dataDir` (or in memory when null). */
  databaseUrl?: string;
  dataDir?: string | null;
  /** A PGlite data-dir tarball (from `dumpDataDir`) to start from, used by tests. */
  loadDataDir?: Blob;
}

/** Opens PGlite (embedded, the default) or a PostgreSQL pool, chosen by configuration. */
export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl);
  return openPglite(options.dataDir ?? null, options.loadDataDir);
}

async function openPglite(dataDir: string | null, loadDataDir?: Blob): Promise<Database> {
  let dir: string | undefined;
  let releaseLock = () => {};
  if (dataDir) {
    dir = path.join(dataDir, "pglite");
    fs.mkdirSync(dir, { recursive: true });
    releaseLock = lockDataDir(dataDir);
  }
  const client = await PGlite.create({ dataDir: dir, extensions: { pg_trgm }, loadDataDir });
  // Cast explained on `Db`: the PGlite driver offers the same query builder.
  const db = drizzlePglite(client) as unknown as Db;
  const database: Database = {
    db,
    kind: "pglite",
    migration: null,
    migrate: async () => {
      await migratePglite(drizzlePglite(client), { migrationsFolder });
      database.migration = await latestMigration(db);
    },
    close: async () => {
      await client.close();
      releaseLock();
    },
  };
  return database;
}

/**
 * PGlite is one process's database: a second process opening the same folder would corrupt it.
 * A lock file holding the owner's pid refuses a second opener; a stale lock (dead pid) is taken over.
 */
function lockDataDir(dir: string): () => void {
  // Beside the database folder, not in it: PGlite creates a database only in an empty folder.
  const lockPath = path.join(dir, "pglite.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: "wx" });
      const release = () => fs.rmSync(lockPath, { force: true });
      process.once("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number(fs.readFileSync(lockPath, "utf8"));
      if (owner && owner !== process.pid && isAlive(owner)) {
        throw new Error(
          `The embedded database in ${dir} is in use by process ${owner} (another intersector?). Stop it, or set DATA_DIR to another folder.`,
        );
      }
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Could not lock ${lockPath}.`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function openPostgres(url: string): Promise<Database> {
  // JIT off: the analysis queries plan a recursive walk of the gazetteer whose estimated cost
  // crosses jit_above_cost, and compiling them took 1–2 s on a busy 2-core machine for a query
  // that runs in a few milliseconds (bench/analysis.ts). The portal's queries are short.
  const pool = new pg.Pool({ connectionString: url, max: 10, options: "-c jit=off" });
  // An idle connection the server ends (a restart, an administrator, an idle timeout) is an
  // `error` event on the pool, which would end this process unheard; the pool replaces it.
  pool.on("error", (error) => {
    console.error(
      `An idle PostgreSQL connection was closed; the next request opens another. ${error.message}`,
    );
  });
  // Fail at boot with the server's own message rather than on the first request.
  const probe = await pool.connect();
  probe.release();
  const db = drizzleNodePg(pool) as Db;
  const database: Database = {
    db,
    kind: "postgresql",
    migration: null,
    migrate: async () => {
      const client = await pool.connect();
      try {
        // One instance migrates at a time; the others wait, then find nothing to do.
        await client.query("SELECT pg_advisory_lock(727274)");
        await migrateNodePg(drizzleNodePg(client), { migrationsFolder });
      } finally {
        await client.query("SELECT pg_advisory_unlock(727274)").catch(() => {});
        client.release();
      }
      database.migration = await latestMigration(db);
    },
    close: () => pool.end(),
  };
  return database;
}

interface Journal {
  entries: { idx: number; tag: string }[];
}

/** Tag of the latest applied migration (e.g. `0001_foundation`), or null on an empty database. */
export async function latestMigration(db: Db): Promise<string | null> {
  const journal = JSON.parse(
    fs.readFileSync(path.join(migrationsFolder, "meta", "_journal.json"), "utf8"),
  ) as Journal;
  try {
    const result = await db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`,
    );
    const applied = result.rows[0]?.n ?? 0;
    return applied > 0 ? (journal.entries[applied - 1]?.tag ?? null) : null;
  } catch {
    return null;
  }
}

/** The driver under a `Db`, for what the query builder cannot do: COPY out (4W exports). */
export type Driver = { kind: "postgresql"; pool: pg.Pool } | { kind: "pglite"; client: PGlite };

export function driverOf(db: Db): Driver {
  // drizzle keeps the client it was built on in $client (absent from the shared `Db` type).
  const client = (db as unknown as { $client?: unknown }).$client;
  if (client instanceof pg.Pool) return { kind: "postgresql", pool: client };
  if (client instanceof PGlite) return { kind: "pglite", client };
  throw new Error("This database handle has no PostgreSQL pool or PGlite client under it.");
}

/**
 * Lets the event loop serve other requests. PGlite answers through promise microtasks only, so
 * a chain of awaited statements never yields by itself; long work calls this between batches.
 */
export const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Refreshes the planner's statistics after a bulk write, and on PGlite vacuums too. Small writes
 * do not need it.
 * - Statistics: PGlite never runs autovacuum, and on PostgreSQL it may lag. With stale statistics
 *   a list sorted every row instead of reading its index (an export page: 2.6 ms → 360 ms).
 * - VACUUM on PGlite: without a visibility map every index-only scan also reads the table. The
 *   4W export read 13,400 pages per 10,000 records of a million-row table, 11,100 after VACUUM
 *   (about 1 s there), and the analysis reads its roll-up from the index alone only when vacuumed
 *   (decision 0013). VACUUM skips pages already all visible, so a small import into a large
 *   table costs little. On PostgreSQL autovacuum does this.
 */
export async function tidyAfterBulkWrite(
  db: Db,
  table: "activities" | "locations",
  rowsWritten: number,
): Promise<void> {
  if (rowsWritten < 1000) return;
  // Tables the triggers keep beside them change too: the analysis roll-up of the records, and
  // the ancestors of each location.
  const tables =
    table === "activities" ? "activities, activity_donors, activity_cells" : "locations, location_ancestors";
  const command = driverOf(db).kind === "pglite" ? "VACUUM (ANALYZE)" : "ANALYZE";
  await db.execute(sql.raw(`${command} ${tables}`));
}

/**
 * The PostgreSQL connection a drizzle transaction runs on, for COPY … FROM STDIN inside it (the
 * 4W import): COPY must go through the connection that sent BEGIN, or its rows would land outside
 * the transaction. drizzle-orm's node-postgres `transaction()` checks a client out of the pool and
 * builds a session on it; the transaction handle keeps that session, whose `client` is the
 * PoolClient (drizzle-orm 0.45, NodePgSession/NodePgTransaction; not part of its typed API, so
 * checked at run time). Null on PGlite, or for a handle that is not a transaction (its session
 * holds the pool, which would hand COPY any free connection).
 */
export function transactionClientOf(tx: Db): pg.Client | null {
  const client = (tx as unknown as { session?: { client?: unknown } }).session?.client;
  // A pool's clients are pg.Client instances (PoolClient adds `release`); a Pool is not.
  return client instanceof pg.Client ? client : null;
}

const copyEscapes: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

/**
 * One value as a cell of COPY's text format: `\N` for null; a backslash, tab, line feed or
 * carriage return escaped (the format's delimiters and its escape character); anything else,
 * including any other Unicode, as it is.
 */
export function copyCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "\\N";
  const text = String(value);
  return /[\\\t\n\r]/.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => copyEscapes[c]!) : text;
}

/**
 * Streams rows into `COPY … FROM STDIN` on `client`, each cell escaped by `copyCell`, 500 lines a
 * chunk. Chunks are built as the server takes them in (the socket's backpressure paces the
 * generator), so Node builds the next lines while PostgreSQL writes the previous ones. A failing
 * row (a unique index, a foreign key) rejects with the server's error and its `code`, as an
 * INSERT would.
 */
export async function copyIn(
  client: pg.Client,
  statement: string,
  rows: Iterable<(string | number | null | undefined)[]>,
): Promise<void> {
  function* chunks() {
    let text = "";
    let lines = 0;
    for (const row of rows) {
      text += `${row.map(copyCell).join("\t")}\n`;
      if (++lines % 500 === 0) {
        yield text;
        text = "";
      }
    }
    if (text) yield text;
  }
  await pipeline(Readable.from(chunks()), client.query(copyFrom(statement)));
}
