import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import readline from "node:readline";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { openDatabase } from "../server/db/client.ts";
import { writeActivitiesExport } from "../server/modules/activities-export/activities-export.ts";
import { importActivities } from "../server/modules/activities-import/activities-import.service.ts";
import { systemPrincipal } from "../server/modules/activities-import/import-types.ts";
import { copyColumns } from "./import-data.ts";

/**
 * One measurement of the 4W import benchmark, run in a child process of its own so that its peak
 * resident memory (`maxRSS`) is that measurement's alone. Opening the database is not timed; the
 * operation is. The result goes back to the parent as one IPC message.
 */

export type BenchOperation = "copy" | "import" | "reimport" | "export-csv" | "export-xlsx";

export interface WorkerJob {
  operation: BenchOperation;
  /** PostgreSQL URL, or null for PGlite in `dataDir`. */
  databaseUrl: string | null;
  dataDir: string;
  responseId: string;
  importFile: string;
  copyFile: string;
  donorsFile: string;
  outDir: string;
}

export interface WorkerResult {
  operation: BenchOperation;
  ms: number;
  /** Peak resident memory of the whole child process, and its resident memory before the operation. */
  maxRssMb: number;
  rssBeforeMb: number;
  detail: Record<string, number | string>;
}

/** Rows per COPY statement on PGlite: its COPY reads a whole blob into the WebAssembly heap. */
const pgliteCopyRows = 50_000;

/** COPY FROM '/dev/blob' on PGlite, in one transaction, one statement per chunk of lines. */
async function copyPglite(job: WorkerJob) {
  const pg = await PGlite.create({ dataDir: path.join(job.dataDir, "pglite"), extensions: { pg_trgm } });
  const rssBefore = process.memoryUsage.rss();
  const started = performance.now();
  let rows = 0;
  await pg.exec("BEGIN");
  for (const [file, table, columns] of [
    [job.copyFile, "activities", copyColumns.join(", ")],
    [job.donorsFile, "activity_donors", "response_id, activity_id, organisation_id"],
  ] as const) {
    let lines: string[] = [];
    const flush = async () => {
      if (!lines.length) return;
      const blob = new Blob([lines.join("")]);
      await pg.query(`COPY ${table} (${columns}) FROM '/dev/blob' WITH (FORMAT csv)`, [], { blob });
      if (table === "activities") rows += lines.length;
      lines = [];
    };
    for await (const line of readline.createInterface({
      input: fs.createReadStream(file),
      crlfDelay: Infinity,
    })) {
      lines.push(`${line}\n`);
      if (lines.length >= pgliteCopyRows) await flush();
    }
    await flush();
  }
  await pg.exec("COMMIT");
  const ms = performance.now() - started;
  await pg.close();
  return { ms, rssBefore, detail: { rows } };
}

/** `\copy` through psql: the file streams from the client into the server's COPY. */
async function copyPostgres(job: WorkerJob) {
  const rssBefore = process.memoryUsage.rss();
  const started = performance.now();
  const script = [
    "BEGIN;",
    `\\copy activities (${copyColumns.join(", ")}) FROM '${job.copyFile}' WITH (FORMAT csv)`,
    `\\copy activity_donors (response_id, activity_id, organisation_id) FROM '${job.donorsFile}' WITH (FORMAT csv)`,
    "COMMIT;",
  ].join("\n");
  const output = await new Promise<string>((resolve, reject) => {
    const psql = spawn("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", job.databaseUrl!], {
      stdio: ["pipe", "pipe", "pipe"],
    });
    let text = "";
    psql.stdout.on("data", (d: Buffer) => {
      text += d;
    });
    psql.stderr.on("data", (d: Buffer) => {
      text += d;
    });
    psql.on("error", reject);
    psql.on("close", (code) =>
      code === 0 ? resolve(text) : reject(new Error(`psql exited ${code}: ${text}`)),
    );
    psql.stdin.end(`${script}\n`);
  });
  return { ms: performance.now() - started, rssBefore, detail: { psql: output.trim() } };
}

async function run(job: WorkerJob): Promise<Omit<WorkerResult, "maxRssMb" | "operation">> {
  if (job.operation === "copy") {
    const { ms, rssBefore, detail } = job.databaseUrl ? await copyPostgres(job) : await copyPglite(job);
    return { ms, rssBeforeMb: rssBefore / 1048576, detail };
  }
  const database = await openDatabase({ databaseUrl: job.databaseUrl ?? undefined, dataDir: job.dataDir });
  try {
    const rssBefore = process.memoryUsage.rss();
    const started = performance.now();
    let detail: Record<string, number | string>;
    if (job.operation === "import" || job.operation === "reimport") {
      const report = await importActivities(database.db, job.responseId, job.importFile, {
        principal: systemPrincipal,
        actor: { id: null, label: "bench" },
      });
      detail = {
        rows: report.rows,
        valid: report.valid,
        invalid: report.invalid,
        created: report.created,
        updated: report.updated,
        unchanged: report.unchanged,
        issues: report.issues.length,
        firstIssue: report.issues[0] ? `${report.issues[0].code}: ${report.issues[0].message}` : "",
      };
    } else {
      const format = job.operation === "export-csv" ? "csv" : "xlsx";
      const file = path.join(job.outDir, `export.${format}`);
      const scope = { all: true, organisationIds: [], sectorIds: [], includeSensitive: true };
      await writeActivitiesExport(database.db, job.responseId, {}, scope, format, fs.createWriteStream(file));
      detail = { bytes: fs.statSync(file).size };
      fs.rmSync(file);
    }
    return { ms: performance.now() - started, rssBeforeMb: rssBefore / 1048576, detail };
  } finally {
    await database.close();
  }
}

const job = JSON.parse(process.argv[2]!) as WorkerJob;
run(job).then(
  (result) => {
    const message: WorkerResult = {
      operation: job.operation,
      ...result,
      // maxRSS is in kilobytes on Linux and macOS.
      maxRssMb: process.resourceUsage().maxRSS / 1024,
    };
    process.send!(message, () => process.exit(0));
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
