import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { buildApp } from "../server/app.ts";
import { openDatabase } from "../server/db/client.ts";
import { users } from "../server/db/schema/accounts.ts";
import { responses } from "../server/db/schema/tenancy.ts";
import { loadEnv } from "../server/env.ts";
import { noMailer } from "../server/mail.ts";
import { hashPassword } from "../server/modules/auth/secrets.ts";
import { rohingyaResponse } from "../server/seed/demo/rohingya.ts";
import { seedResponse } from "../server/seed/seed-demo.ts";
import { benchAnalysis } from "./analysis.ts";
import { benchExportActivities } from "./export-activities.ts";
import { benchImportActivities } from "./import-activities.ts";

/**
 * Benchmarks, printed as figures beside a baseline measured in the same run:
 * - gazetteer import through HTTP against one bare SQL statement inserting the same rows;
 * - health-check latency idle, during that import, and during dashboard-like read load, which
 *   shows whether a long embedded (PGlite) query or transaction freezes other requests;
 * - 4W export (CSV, XLSX) of BENCH_ROWS generated records (default 100,000) against bare SQL;
 * - 4W import of a generated HXL file of BENCH_IMPORT_ROWS rows against COPY, re-import and
 *   export, each in its own process for its peak memory (bench/import-activities.ts; 0 skips it);
 * - the analysis endpoints over BENCH_ANALYSIS_ROWS records (default 1,000,000) against bare SQL,
 *   and how soon an import shows in the dashboard (bench/analysis.ts; 0 skips it).
 * Runs on PGlite in a temporary folder, or on PostgreSQL when DATABASE_URL is set (the import
 * benchmark also on both with BENCH_DB=both).
 */

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
const summary = (label: string, values: number[]) =>
  `${label.padEnd(34)} n=${String(values.length).padStart(4)}  p50 ${fmt(percentile(values, 50)).padStart(9)}  p95 ${fmt(percentile(values, 95)).padStart(9)}  p99 ${fmt(percentile(values, 99)).padStart(9)}  max ${fmt(Math.max(...values)).padStart(9)}`;

/** A synthetic gazetteer: 1 country, 10 regions, 100 districts, 1,000 sub-districts, 10,000 unions. */
function syntheticGazetteer(): {
  csv: string;
  rows: { code: string; name: string; parent: string | null; level: number }[];
} {
  const rows: { code: string; name: string; parent: string | null; level: number }[] = [
    { code: "XX", name: "Country", parent: null, level: 0 },
  ];
  let parents = ["XX"];
  for (let level = 1; level <= 4; level++) {
    const next: string[] = [];
    for (const parent of parents) {
      for (let i = 1; i <= 10; i++) {
        const code = `${parent}${String(i).padStart(2, "0")}`;
        rows.push({ code, name: `Area ${code}`, parent, level });
        next.push(code);
      }
    }
    parents = next;
  }
  const csv = [
    "code,name,parent,level",
    ...rows.map((r) => `${r.code},${r.name},${r.parent ?? ""},${r.level}`),
  ].join("\n");
  return { csv, rows };
}

async function timeRequests(
  url: string,
  until: () => boolean,
  gapMs: number,
  headers: Record<string, string> = {},
): Promise<number[]> {
  const times: number[] = [];
  while (!until()) {
    const start = performance.now();
    const res = await fetch(url, { headers });
    await res.arrayBuffer();
    times.push(performance.now() - start);
    if (gapMs) await new Promise((r) => setTimeout(r, gapMs));
  }
  return times;
}

export async function runBenchmarks(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "isx-bench-"));
  const env = loadEnv({ ...process.env, DATA_DIR: dataDir, LOG_LEVEL: "silent", LOGIN_RATE_LIMIT: "1000" });
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir });
  await database.migrate();
  const { db } = database;
  const app = await buildApp({ database, env, mailer: noMailer }, { logger: false });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  console.log(
    `Intersector benchmarks on ${database.kind} (${os.cpus().length} cores, Node ${process.version})\n`,
  );

  const tag = Date.now().toString(36);
  const [target] = await db
    .insert(responses)
    .values({
      slug: `bench-${tag}`,
      name: "Bench",
      countryIso3: "XXX",
      languages: ["en"],
      startsOn: "2024-01-01",
    })
    .returning();
  const [baselineResponse] = await db
    .insert(responses)
    .values({
      slug: `bench-raw-${tag}`,
      name: "Bench raw",
      countryIso3: "XXX",
      languages: ["en"],
      startsOn: "2024-01-01",
    })
    .returning();
  const email = `bench-${tag}@example.org`;
  await db
    .insert(users)
    .values({ email, name: "Bench", isAdmin: true, passwordHash: await hashPassword("benchmark-password") });
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: "benchmark-password" }),
  });
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const { csrfToken } = (await login.json()) as { csrfToken: string };

  const health = `${base}/api/v1/health`;
  const idle = await (async () => {
    let n = 0;
    return timeRequests(health, () => n++ >= 200, 0);
  })();

  const { csv, rows } = syntheticGazetteer();

  // Baseline: the same rows in one bare SQL statement (parents resolved by a recursive join).
  const rawStart = performance.now();
  await db.execute(sql`
    INSERT INTO locations (response_id, code, name, kind, level)
    SELECT ${baselineResponse!.id}, code, name, 'admin', level
    FROM unnest(${sql.param(rows.map((r) => r.code))}::text[], ${sql.param(rows.map((r) => r.name))}::text[], ${sql.param(rows.map((r) => r.level))}::int[]) AS t(code, name, level)`);
  await db.execute(sql`
    UPDATE locations c SET parent_id = p.id
    FROM unnest(${sql.param(rows.map((r) => r.code))}::text[], ${sql.param(rows.map((r) => r.parent ?? ""))}::text[]) AS t(code, parent)
    JOIN locations p ON p.response_id = ${baselineResponse!.id} AND p.code = t.parent
    WHERE c.response_id = ${baselineResponse!.id} AND c.code = t.code`);
  const rawMs = performance.now() - rawStart;

  let importing = true;
  const importStart = performance.now();
  const importRequest = fetch(`${base}/api/v1/responses/${target!.slug}/locations/import`, {
    method: "POST",
    headers: { "content-type": "text/csv", cookie, "x-csrf-token": csrfToken },
    body: csv,
  }).then(async (res) => {
    const report = (await res.json()) as { created: number; issues: unknown[] };
    importing = false;
    return { status: res.status, report, ms: performance.now() - importStart };
  });
  const duringImport = await timeRequests(health, () => !importing, 10);
  const imported = await importRequest;

  let loading = true;
  const dashboardTimes: number[] = [];
  const dashboardUsers = [0, 1].map(async (user) => {
    const queries = ["Area XX0101", "Aera XX01", "Area XX0907", "Country"];
    let i = user;
    while (loading) {
      const start = performance.now();
      const url =
        i % 3 === 0
          ? `${base}/api/v1/responses/${target!.slug}/locations?q=${encodeURIComponent(queries[i % queries.length]!)}&limit=50`
          : i % 3 === 1
            ? `${base}/api/v1/responses/${target!.slug}/locations?level=4&limit=500`
            : `${base}/api/v1/responses`;
      await (await fetch(url)).arrayBuffer();
      dashboardTimes.push(performance.now() - start);
      i++;
    }
  });
  const loadEnd = performance.now() + 5000;
  const duringLoad = await timeRequests(health, () => performance.now() > loadEnd, 10);
  loading = false;
  await Promise.all(dashboardUsers);

  let exported = 0;
  const exportStart = performance.now();
  const exportRes = await fetch(`${base}/api/v1/responses/${target!.slug}/locations?format=hxl`);
  const reader = exportRes.body!.getReader();
  for (let part = await reader.read(); !part.done; part = await reader.read()) exported += part.value.length;
  const exportMs = performance.now() - exportStart;

  console.log("Gazetteer import (11,111 rows, 5 levels)");
  console.log(
    `  bare SQL (insert + parent update)   ${fmt(rawMs).padStart(10)}   ${Math.round(rows.length / (rawMs / 1000))} rows/s`,
  );
  console.log(
    `  HTTP import (parse, validate, audit) ${fmt(imported.ms).padStart(10)}   ${Math.round(rows.length / (imported.ms / 1000))} rows/s  status ${imported.status}, created ${imported.report.created}, issues ${imported.report.issues.length}`,
  );
  console.log(`  ratio HTTP / bare SQL                ${(imported.ms / rawMs).toFixed(1)}x`);
  console.log(
    `HXL export of the same 11,111 rows      ${fmt(exportMs).padStart(10)}   ${(exported / 1024).toFixed(0)} KiB streamed`,
  );
  console.log("\nHealth check latency (GET /api/v1/health through HTTP)");
  console.log(`  ${summary("idle", idle)}`);
  console.log(`  ${summary("during the import", duringImport)}`);
  console.log(`  ${summary("during 2 users' read load", duringLoad)}`);
  console.log(`  ${summary("the read load's own requests", dashboardTimes)}`);

  // 4W export: records generated into a copy of the Rohingya demo, downloaded as CSV and XLSX,
  // beside the bare SQL that reads and serialises the same rows. BENCH_ROWS sets the volume.
  const rows4w = Number(process.env.BENCH_ROWS ?? 100_000);
  const slug4w = `bench-4w-${tag}`;
  await seedResponse(db, { ...rohingyaResponse, slug: slug4w });
  const exportFigures = await benchExportActivities(base, slug4w, rows4w, db);
  const bareStart = performance.now();
  await db.execute(sql`SELECT count(*), sum(length(row_to_json(a)::text)) FROM activities a
    WHERE a.response_id = (SELECT id FROM responses WHERE slug = ${slug4w})`);
  const bareMs = performance.now() - bareStart;
  console.log(
    `\n4W export (${rows4w.toLocaleString("en")} generated records, inserted in ${fmt(exportFigures.insertMs)})`,
  );
  console.log(
    `  bare SQL (read + serialise every row) ${fmt(bareMs).padStart(10)}   ${Math.round(rows4w / (bareMs / 1000))} rows/s`,
  );
  for (const e of exportFigures.exports) {
    console.log(
      `  ${e.via.padEnd(6)} ${e.format.padEnd(8)} download         ${fmt(e.ms).padStart(10)}   ${Math.round(e.rowsPerSecond)} rows/s  ${(e.bytes / 1048576).toFixed(1)} MiB  RSS ${e.startRssMb.toFixed(0)} → ${e.peakRssMb.toFixed(0)} MB  (${(e.ms / bareMs).toFixed(1)}x bare SQL)`,
    );
  }

  await app.close();
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });

  await benchImportActivities();
  await benchAnalysis();
}
