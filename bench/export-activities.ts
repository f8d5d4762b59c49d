import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import type { Db } from "../server/db/client.ts";
import { yieldToEventLoop } from "../server/db/client.ts";

/**
 * Export benchmark (not wired into `npm run bench` yet): inserts `rows` approved activity records
 * into the response `slug` from its own reference data (one unnest INSERT per 10,000 rows), then
 * downloads the whole list as CSV and as XLSX through HTTP, measuring bytes, rows per second and
 * the peak resident memory of this process sampled every 100 ms (the server runs in-process).
 * The database handle is passed in because the records are written directly, not through HTTP.
 */

export interface ExportFigures {
  format: "csv" | "xlsx";
  rows: number;
  bytes: number;
  ms: number;
  rowsPerSecond: number;
  /** Resident memory when the download started, and its peak during the download. */
  startRssMb: number;
  peakRssMb: number;
}

export interface ExportBenchResult {
  insertedRows: number;
  insertMs: number;
  exports: ExportFigures[];
}

const batchSize = 10_000;

type Refs = {
  orgs: string[];
  types: { id: string; sector_id: string; sub_sector_id: string | null }[];
  locations: string[];
};

export async function loadRefs(db: Db, responseId: string): Promise<Refs> {
  const orgs = await db.execute<{ id: string }>(sql`
    SELECT id FROM organisations WHERE response_id = ${responseId} AND merged_into_id IS NULL ORDER BY id`);
  const types = await db.execute<{ id: string; sector_id: string; sub_sector_id: string | null }>(sql`
    SELECT t.id, coalesce(s.parent_id, s.id) AS sector_id, CASE WHEN s.parent_id IS NULL THEN NULL ELSE s.id END AS sub_sector_id
    FROM activity_types t JOIN sectors s ON s.response_id = t.response_id AND s.id = t.sector_id
    WHERE t.response_id = ${responseId} ORDER BY t.id`);
  const locations = await db.execute<{ id: string }>(sql`
    SELECT l.id FROM locations l WHERE l.response_id = ${responseId}
      AND NOT EXISTS (SELECT 1 FROM locations x WHERE x.response_id = l.response_id AND x.code = l.code AND x.sensitive)
    ORDER BY l.id LIMIT 2000`);
  const refs = {
    orgs: orgs.rows.map((r) => r.id),
    types: types.rows,
    locations: locations.rows.map((r) => r.id),
  };
  if (!refs.orgs.length || !refs.types.length || !refs.locations.length)
    throw new Error(
      "The response needs organisations, activity types and public locations to benchmark exports.",
    );
  return refs;
}

/**
 * Inserts `rows` records. Combinations walk organisations × types × locations and then go back one
 * month at a time from January 2020, so the natural key (org, type, location, month) never repeats.
 */
export async function insertActivities(db: Db, responseId: string, rows: number, refs: Refs): Promise<void> {
  const combos = refs.orgs.length * refs.types.length * refs.locations.length;
  const tag = Date.now().toString(36);
  for (let start = 0; start < rows; start += batchSize) {
    const n = Math.min(batchSize, rows - start);
    const org: string[] = [];
    const sector: string[] = [];
    const subSector: (string | null)[] = [];
    const type: string[] = [];
    const location: string[] = [];
    const monthBack: number[] = [];
    const quantity: number[] = [];
    const notes: string[] = [];
    for (let k = 0; k < n; k++) {
      const i = start + k;
      const t = refs.types[Math.floor(i / refs.orgs.length) % refs.types.length]!;
      org.push(refs.orgs[i % refs.orgs.length]!);
      type.push(t.id);
      sector.push(t.sector_id);
      subSector.push(t.sub_sector_id);
      location.push(
        refs.locations[Math.floor(i / (refs.orgs.length * refs.types.length)) % refs.locations.length]!,
      );
      monthBack.push(Math.floor(i / combos));
      quantity.push((i % 997) + 1);
      notes.push(`Benchmark record ${tag}-${i}`);
    }
    await db.execute(sql`
      INSERT INTO activities (response_id, reporting_org_id, sector_id, sub_sector_id, activity_type_id,
        location_id, status, start_date, end_date, reporting_month, quantity, reached_total, women, men,
        notes, review_state)
      SELECT ${responseId}, u.org, u.sector, u.sub_sector, u.type, u.location, 'ongoing',
        m.month, (m.month + interval '1 month' - interval '1 day')::date, m.month,
        u.quantity, u.quantity * 2, u.quantity, u.quantity, u.notes, 'approved'
      FROM unnest(${sql.param(org)}::uuid[], ${sql.param(sector)}::uuid[], ${sql.param(subSector)}::uuid[],
        ${sql.param(type)}::uuid[], ${sql.param(location)}::uuid[], ${sql.param(monthBack)}::int[],
        ${sql.param(quantity)}::int[], ${sql.param(notes)}::text[])
        AS u(org, sector, sub_sector, type, location, month_back, quantity, notes)
      CROSS JOIN LATERAL (SELECT (date '2020-01-01' - make_interval(months => u.month_back))::date AS month) m`);
    await yieldToEventLoop();
  }
}

async function timeExport(url: string, format: "csv" | "xlsx", rows: number): Promise<ExportFigures> {
  const startRss = process.memoryUsage.rss();
  let peak = startRss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 100);
  const start = performance.now();
  let bytes = 0;
  try {
    const res = await fetch(`${url}&format=${format}`, { headers: { "accept-encoding": "identity" } });
    if (!res.ok || !res.body) throw new Error(`export ${format} answered ${res.status}`);
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
    }
  } finally {
    clearInterval(sampler);
  }
  const ms = performance.now() - start;
  peak = Math.max(peak, process.memoryUsage.rss());
  return {
    format,
    rows,
    bytes,
    ms: Math.round(ms),
    rowsPerSecond: Math.round(rows / (ms / 1000)),
    startRssMb: Math.round(startRss / 1024 / 1024),
    peakRssMb: Math.round(peak / 1024 / 1024),
  };
}

/** Inserts `rows` records into the response `slug`, then times its public CSV and XLSX downloads. */
export async function benchExportActivities(
  base: string,
  slug: string,
  rows: number,
  db: Db,
): Promise<ExportBenchResult> {
  const [response] = (await db.execute<{ id: string }>(sql`SELECT id FROM responses WHERE slug = ${slug}`))
    .rows;
  if (!response) throw new Error(`No response "${slug}".`);
  const refs = await loadRefs(db, response.id);
  const insertStart = performance.now();
  await insertActivities(db, response.id, rows, refs);
  const insertMs = Math.round(performance.now() - insertStart);
  // Fresh planner statistics, as autovacuum would give PostgreSQL soon after a load (PGlite has no
  // autovacuum): with stale ones each page sorts every remaining record instead of walking the
  // (reporting_month, id) index, and the export slows down with the square of its length.
  await db.execute(sql`ANALYZE activities`);
  // The public list: approved records at public locations, which is every record inserted above
  // plus whatever approved records the response already had.
  const [count] = (
    await db.execute<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM activities a JOIN locations l ON l.response_id = a.response_id AND l.id = a.location_id
      WHERE a.response_id = ${response.id} AND a.review_state = 'approved'
        AND NOT EXISTS (SELECT 1 FROM locations x WHERE x.response_id = l.response_id AND x.code = l.code AND x.sensitive)`)
  ).rows;
  const total = count?.n ?? rows;
  const url = `${base}/api/v1/responses/${slug}/activities?limit=50`;
  const exports = [await timeExport(url, "csv", total), await timeExport(url, "xlsx", total)];
  return { insertedRows: rows, insertMs, exports };
}
