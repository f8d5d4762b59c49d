import { performance } from "node:perf_hooks";
import { Writable } from "node:stream";
import { sql } from "drizzle-orm";
import { to as copyTo } from "pg-copy-streams";
import type { Db } from "../server/db/client.ts";
import { driverOf, yieldToEventLoop } from "../server/db/client.ts";
import {
  type ExportFormat,
  writeActivitiesExport,
} from "../server/modules/activities-export/activities-export.ts";

/**
 * Export benchmark: inserts `rows` approved activity records into the response `slug` from its
 * own reference data (one unnest INSERT per 10,000 rows), then exports the whole public list in
 * each format, measuring bytes, rows per second and the peak resident memory of this process
 * sampled every 100 ms (the server and PGlite run in-process). XLSX is downloaded through HTTP;
 * CSV and HXL are written by writeActivitiesExport (the CLI's path), because the list route still
 * sends them through its own page-by-page writer (server/http/list.ts). The baseline is a bare
 * COPY of the same records' own columns, without names, in the same run.
 * The database handle is passed in because the records are written directly, not through HTTP.
 */

export interface ExportFigures {
  format: "csv" | "hxl" | "xlsx" | "baseline";
  /** How it was produced: an HTTP download, the export module, or the bare COPY. */
  via: "http" | "module" | "copy";
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

/** Times `run`, which reports the bytes it produced through `count`, sampling resident memory. */
async function measure(
  format: ExportFigures["format"],
  via: ExportFigures["via"],
  rows: number,
  run: (count: (bytes: number) => void) => Promise<void>,
): Promise<ExportFigures> {
  const startRss = process.memoryUsage.rss();
  let peak = startRss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 100);
  const start = performance.now();
  let bytes = 0;
  try {
    await run((n) => {
      bytes += n;
    });
  } finally {
    clearInterval(sampler);
  }
  const ms = performance.now() - start;
  peak = Math.max(peak, process.memoryUsage.rss());
  return {
    format,
    via,
    rows,
    bytes,
    ms: Math.round(ms),
    rowsPerSecond: Math.round(rows / (ms / 1000)),
    startRssMb: Math.round(startRss / 1024 / 1024),
    peakRssMb: Math.round(peak / 1024 / 1024),
  };
}

/** A writable that only counts. */
const counter = (count: (bytes: number) => void) =>
  new Writable({
    write(chunk: Buffer, _encoding, done) {
      count(chunk.length);
      done();
    },
  });

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

function timeDownload(url: string, format: "csv" | "xlsx", rows: number): Promise<ExportFigures> {
  return measure(format, "http", rows, async (count) => {
    const res = await fetch(`${url}&format=${format}`, { headers: { "accept-encoding": "identity" } });
    if (!res.ok || !res.body) throw new Error(`export ${format} answered ${res.status}`);
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      count(value.byteLength);
    }
  });
}

/** The export module writing the public list (the scope of a signed-out reader), as the CLI does. */
function timeModule(db: Db, responseId: string, format: ExportFormat & ("csv" | "hxl"), rows: number) {
  const scope = { all: false, organisationIds: [], sectorIds: [], includeSensitive: false };
  return measure(format, "module", rows, (count) =>
    writeActivitiesExport(db, responseId, {}, scope, format, counter(count)),
  );
}

/** The floor: the records' own columns (ids, not names) in one bare COPY in the list's order. */
function timeBareCopy(db: Db, responseId: string, rows: number): Promise<ExportFigures> {
  const driver = driverOf(db);
  const records = `SELECT * FROM activities a WHERE a.response_id = '${responseId}'`;
  return measure("baseline", "copy", rows, async (count) => {
    if (driver.kind === "postgresql") {
      const client = await driver.pool.connect();
      try {
        const stream = client.query(
          copyTo(`COPY (${records} ORDER BY a.reporting_month DESC, a.id DESC) TO STDOUT`),
        );
        for await (const chunk of stream) count((chunk as Buffer).length);
      } finally {
        client.release();
      }
      return;
    }
    // PGlite writes the whole result into memory: measured last, so its memory stays out of the rest.
    const result = await driver.client.query(
      `COPY (${records} ORDER BY a.reporting_month DESC, a.id DESC) TO '/dev/blob'`,
    );
    count(result.blob?.size ?? 0);
  });
}

/** Inserts `rows` records into the response `slug`, then times its public exports. */
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
  const exports = [
    await timeModule(db, response.id, "csv", total),
    await timeModule(db, response.id, "hxl", total),
    await timeDownload(url, "xlsx", total),
    await timeBareCopy(db, response.id, total),
  ];
  const baseline = exports[exports.length - 1];
  console.log(`\n4W export of ${total.toLocaleString("en")} records, one line per format:`);
  for (const e of exports)
    console.log(
      `  ${e.format.padEnd(8)} ${e.via.padEnd(6)} ${(e.ms / 1000).toFixed(1).padStart(6)} s  ${String(e.rowsPerSecond).padStart(7)} rows/s  ${(e.bytes / 1048576).toFixed(1).padStart(6)} MiB  RSS ${e.startRssMb} → ${e.peakRssMb} MB  (${(e.ms / baseline!.ms).toFixed(1)}x the bare COPY)`,
    );
  return { insertedRows: rows, insertMs, exports };
}
