import { fork } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import pg from "pg";
import { type DatabaseKind, openDatabase } from "../server/db/client.ts";
import { responses } from "../server/db/schema/tenancy.ts";
import { createReferenceData, generateFiles } from "./import-data.ts";
import type { BenchOperation, WorkerJob, WorkerResult } from "./import-worker.ts";

/**
 * The 4W import benchmark: BENCH_IMPORT_ROWS generated rows (default 100,000 so that `npm run
 * bench` ends in reasonable time; the issue's figure is BENCH_IMPORT_ROWS=1000000) loaded with
 * PostgreSQL's own COPY (the baseline), then imported through `importActivities` into an empty
 * table, imported again (every row unchanged), and exported as CSV and XLSX. Each measurement
 * runs in its own child process (bench/import-worker.ts) for its own peak memory.
 * BENCH_DB=pglite|postgresql|both chooses the databases (default: PostgreSQL when DATABASE_URL is
 * set, else PGlite); PostgreSQL runs in a fresh database created next to DATABASE_URL's and
 * dropped afterwards (BENCH_KEEP_DB=1 keeps it). BENCH_PROFILE=1 writes a CPU profile of each child
 * to the bench folder; BENCH_IMPORT_EXPORTS=0 skips the exports.
 */

const workerPath = path.join(path.dirname(fileURLToPath(import.meta.url)), "import-worker.ts");

/** Targets from the issue: import within 3× COPY on PostgreSQL and 4× on PGlite, etc. */
const targets = {
  importRatio: { postgresql: 3, pglite: 4 },
  exportSeconds: 30,
  exportRows: 1_000_000,
  rssMb: 600,
};

interface Measured extends WorkerResult {
  rows: number;
}

function runWorker(job: WorkerJob, profileDir: string | null): Promise<WorkerResult> {
  const execArgv = ["--import", "tsx"];
  // A folder per operation and Node's own file names: tsx's loader thread writes a profile too,
  // and under one --cpu-prof-name it overwrote the main thread's (whose name has thread id 0).
  if (profileDir) execArgv.push("--cpu-prof", `--cpu-prof-dir=${path.join(profileDir, job.operation)}`);
  return new Promise((resolve, reject) => {
    const child = fork(workerPath, [JSON.stringify(job)], { execArgv, stdio: "inherit" });
    let result: WorkerResult | null = null;
    child.on("message", (message) => {
      result = message as WorkerResult;
    });
    child.on("error", reject);
    child.on("exit", (code) =>
      result ? resolve(result) : reject(new Error(`The ${job.operation} worker exited with code ${code}.`)),
    );
  });
}

/** A fresh PostgreSQL database beside the one DATABASE_URL names; returns its URL and a dropper. */
export async function freshPostgres(url: string, name: string) {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  return {
    url: target.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

const mb = (n: number) => n.toFixed(0);

function printTable(kind: DatabaseKind, measured: Measured[]) {
  const copy = measured.find((m) => m.operation === "copy");
  const labels: Record<BenchOperation, string> = {
    copy: kind === "postgresql" ? "COPY (psql \\copy), baseline" : "COPY FROM /dev/blob, baseline",
    import: "import into empty table",
    reimport: "re-import (all unchanged)",
    "export-csv": "export CSV",
    "export-xlsx": "export XLSX",
  };
  const header = [
    "operation",
    "rows",
    "seconds",
    "rows/s",
    "× COPY",
    "RSS start MB",
    "peak RSS MB",
    "targets",
    "",
  ];
  const lines: string[][] = [];
  for (const m of measured) {
    const seconds = m.ms / 1000;
    const ratio = copy ? m.ms / copy.ms : Number.NaN;
    const checks: [string, boolean][] = [];
    if (m.operation === "import") {
      const limit = targets.importRatio[kind];
      checks.push([`≤ ${limit}× COPY`, ratio <= limit]);
    }
    if (m.operation.startsWith("export")) {
      const limit = (targets.exportSeconds * m.rows) / targets.exportRows;
      checks.push([`< ${limit.toFixed(1)} s`, seconds < limit]);
    }
    checks.push([`RSS < ${targets.rssMb}`, m.maxRssMb < targets.rssMb]);
    lines.push([
      labels[m.operation],
      m.rows.toLocaleString("en"),
      seconds.toFixed(1),
      Math.round(m.rows / seconds).toLocaleString("en"),
      m.operation === "copy" ? "1.0" : ratio.toFixed(1),
      mb(m.rssBeforeMb),
      mb(m.maxRssMb),
      checks.map(([t]) => t).join(", "),
      checks.every(([, ok]) => ok)
        ? "met"
        : `MISSED: ${checks
            .filter(([, ok]) => !ok)
            .map(([t]) => t)
            .join(", ")}`,
    ]);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const format = (cells: string[]) =>
    cells.map((c, i) => (i === 0 || i >= 7 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  console.log(format(header));
  for (const l of lines) console.log(format(l));
}

/** Runs the benchmark on one database and prints its table. */
async function benchOn(kind: DatabaseKind, rows: number, baseUrl: string | undefined): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "isx-bench-import-"));
  const tag = Date.now().toString(36);
  const postgres = kind === "postgresql" ? await freshPostgres(baseUrl!, `isx_bench_${tag}`) : null;
  const open = () => openDatabase({ databaseUrl: postgres?.url, dataDir: dir });
  const profileDir = process.env.BENCH_PROFILE
    ? path.join(process.cwd(), `bench-profile-${kind}-${tag}`)
    : null;
  try {
    const setupStart = performance.now();
    const database = await open();
    await database.migrate();
    const [response] = await database.db
      .insert(responses)
      .values({
        slug: `bench-import-${tag}`,
        name: "Import bench",
        countryIso3: "BGD",
        languages: ["en"],
        startsOn: "2023-01-01",
      })
      .returning();
    const refs = await createReferenceData(database.db, response!.id);
    await database.close();
    const files = await generateFiles(refs, response!.id, rows, {
      importFile: path.join(dir, "4w.hxl.csv"),
      copyFile: path.join(dir, "copy.csv"),
      donorsFile: path.join(dir, "copy-donors.csv"),
    });
    console.log(
      `\n4W import on ${kind}: ${rows.toLocaleString("en")} rows (${(files.importBytes / 1048576).toFixed(0)} MiB HXL-tagged CSV, ${files.donorRows.toLocaleString("en")} donor links), ${refs.orgs.length} organisations, ${refs.sectors.length} sectors, ${refs.types.length} activity types, ${refs.sites.length + 9} places; set up and generated in ${((performance.now() - setupStart) / 1000).toFixed(1)} s`,
    );
    const job = (operation: BenchOperation): WorkerJob => ({
      operation,
      databaseUrl: postgres?.url ?? null,
      dataDir: dir,
      responseId: response!.id,
      importFile: files.importFile,
      copyFile: files.copyFile,
      donorsFile: files.donorsFile,
      outDir: dir,
    });
    const measured: Measured[] = [];
    const measure = async (operation: BenchOperation) => {
      const result = await runWorker(job(operation), profileDir);
      measured.push({ ...result, rows });
      const detail = Object.entries(result.detail)
        .filter(([, v]) => v !== "")
        .map(([k, v]) => `${k} ${typeof v === "number" ? v.toLocaleString("en") : v}`)
        .join(", ");
      console.log(`  ${operation}: ${(result.ms / 1000).toFixed(1)} s${detail ? ` (${detail})` : ""}`);
    };
    await measure("copy");
    // The import then starts from an empty table, as the COPY did.
    const emptied = await open();
    await emptied.db.execute(sql`TRUNCATE activity_donors, activities`);
    await emptied.close();
    await measure("import");
    await measure("reimport");
    // BENCH_IMPORT_EXPORTS=0 skips the exports, to iterate on the import alone.
    if (process.env.BENCH_IMPORT_EXPORTS !== "0") {
      await measure("export-csv");
      await measure("export-xlsx");
    }
    printTable(kind, measured);
    if (profileDir) console.log(`CPU profiles in ${profileDir}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    // BENCH_KEEP_DB=1 keeps the PostgreSQL database to look into afterwards (EXPLAIN, sizes).
    if (process.env.BENCH_KEEP_DB === "1" && postgres) console.log(`Kept ${postgres.url}`);
    else await postgres?.drop();
  }
}

/** Which databases to run on, from BENCH_DB and DATABASE_URL. */
export function chosenDatabases(): DatabaseKind[] {
  const choice = process.env.BENCH_DB ?? (process.env.DATABASE_URL ? "postgresql" : "pglite");
  const kinds: DatabaseKind[] =
    choice === "both"
      ? ["pglite", "postgresql"]
      : choice === "postgresql" || choice === "pg"
        ? ["postgresql"]
        : ["pglite"];
  if (kinds.includes("postgresql") && !process.env.DATABASE_URL)
    throw new Error(
      "BENCH_DB includes PostgreSQL: set DATABASE_URL to a server the benchmark may create databases on.",
    );
  return kinds;
}

export async function benchImportActivities(): Promise<void> {
  const rows = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
  if (!Number.isInteger(rows) || rows < 0)
    throw new Error("BENCH_IMPORT_ROWS must be a whole number (0 skips the import benchmark).");
  if (rows === 0) return;
  for (const kind of chosenDatabases()) await benchOn(kind, rows, process.env.DATABASE_URL);
}
