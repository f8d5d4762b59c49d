import { sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";

/**
 * The version of what the analysis reads beside a response's 4W records (plan figures,
 * displacement rounds, population, needs severity, gazetteer, sectors): a counter the triggers of
 * migration 0017 move on with every write to them, 0 before the first.
 */
export async function referenceVersion(db: Db, responseId: string): Promise<number> {
  const result = await db.execute<{ version: string | number }>(sql`
    SELECT version FROM analysis_reference_versions WHERE response_id = ${responseId}`);
  return Number(result.rows[0]?.version ?? 0);
}

interface Entry {
  version: number;
  value: Promise<unknown>;
  /** Rows held, once loaded. */
  rows: number;
}

/**
 * What the analysis read of those figures, kept per key (a query's scope) and version. They
 * change with a plan's publication or an assessment round, while the same dashboard, map and gaps
 * are asked for all day; at site level for every sector, reading them again took a third of a
 * gaps request's time. A request reads the version first and then the figures, so what is kept
 * under a version is never older than it; a write moves the version on, and the next request
 * reads afresh. Values are shared between requests: callers must not change them.
 *
 * Bounded by the rows it holds, the least recently used out first.
 */
export class ReferenceCache {
  private readonly entries = new Map<string, Entry>();
  private rows = 0;

  constructor(private readonly maxRows: number) {}

  get<T>(key: string, version: number, load: () => Promise<T>, rowsOf: (value: T) => number): Promise<T> {
    const kept = this.entries.get(key);
    if (kept && kept.version === version) {
      // Map order is use order: the first entry is the least recently used.
      this.entries.delete(key);
      this.entries.set(key, kept);
      return kept.value as Promise<T>;
    }
    // A request that read an older version than the one kept (a write came between) reads for
    // itself and keeps nothing.
    if (kept && kept.version > version) return load();
    if (kept) this.remove(key, kept);
    const entry: Entry = { version, value: load(), rows: 0 };
    this.entries.set(key, entry);
    entry.value.then(
      (value) => {
        if (this.entries.get(key) !== entry) return;
        entry.rows = rowsOf(value as T);
        this.rows += entry.rows;
        this.trim();
      },
      // The caller gets the error; the next request tries again.
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    return entry.value as Promise<T>;
  }

  private remove(key: string, entry: Entry) {
    this.entries.delete(key);
    this.rows -= entry.rows;
  }

  private trim() {
    for (const [key, entry] of this.entries) {
      if (this.rows <= this.maxRows) return;
      this.remove(key, entry);
    }
  }
}

/**
 * One cache per database handle. A transaction's handle gets its own: what it reads may include
 * its own writes, which another request must not see under a version that, rolled back, a later
 * write would number again. Tests open many databases whose responses can share ids. 200,000 rows
 * are about 25 MB, the figures of some twenty site-level answers.
 */
const caches = new WeakMap<Db, ReferenceCache>();
export function referenceCacheOf(db: Db): ReferenceCache {
  let cache = caches.get(db);
  if (!cache) {
    cache = new ReferenceCache(200_000);
    caches.set(db, cache);
  }
  return cache;
}
