import { type Db, driverOf, tidyAfterBulkWrite, yieldToEventLoop } from "../../db/client.ts";
import { openTable, type TableSource } from "../tabular/read-table.ts";
import { CommitState, commitChunk } from "./import-commit.ts";
import { DigestSet } from "./import-digests.ts";
import { IssueLog } from "./import-issues.ts";
import { type PreparedTable, prepareTable, unreadable } from "./import-prepare.ts";
import { ReferenceCache } from "./import-references.ts";
import { externalKey, naturalKey, readRow } from "./import-rows.ts";
import { PlannedRowSpill } from "./import-spill.ts";
import type { ActivityImportReport, ImportIssue, ImportOptions, ImportProgress } from "./import-types.ts";
import { refreshStatistics } from "./import-write.ts";

/**
 * Importing 4W records from CSV, XLSX or HXL, in two passes that keep memory flat:
 * 1. read the file (streamed), map columns, resolve references and validate each row with the
 *    rules of the API; valid rows go to a spill file on disk;
 * 2. match the valid rows to stored records in chunks, apply the rules that need them, and write
 *    what changed, all in one transaction (nothing is kept if anything fails).
 */

/** Validated rows matched and written per step of the second pass. */
const COMMIT_CHUNK = 5_000;
/** Progress is reported every this many rows. */
const PROGRESS_EVERY = 1_000;

class RollbackImport extends Error {}

/**
 * Reads, validates and (unless a dry run) writes the records of a file. A file that cannot be
 * read throws a 400 AppError and writes nothing; row problems are in the report. Mode `all`
 * writes nothing when any row has an error; `valid-only` writes the valid rows.
 */
export async function importActivities(
  db: Db,
  responseId: string,
  source: TableSource,
  options: ImportOptions,
): Promise<ActivityImportReport> {
  const mode = options.mode ?? "all";
  const log = new IssueLog(options.issueLimit);
  const progress: ImportProgress = {
    phase: "reading",
    rowsRead: 0,
    valid: 0,
    invalid: 0,
    written: 0,
    toWrite: 0,
  };
  const tell = () =>
    options.onProgress?.({
      ...progress,
      invalid: log.invalidRows,
      valid: progress.rowsRead - log.invalidRows,
    });
  const table = await openTable(source, { sheet: options.sheet }).catch(unreadable);
  const spill = new PlannedRowSpill();
  try {
    const prepared = await prepareTable(table.rows, options.mapping).catch((error) => {
      table.close();
      throw error;
    });
    log.addRow(prepared.issues);
    await readRows(db, responseId, prepared, options, log, spill, progress, tell).finally(() =>
      table.close(),
    );

    progress.phase = "writing";
    progress.toWrite = spill.count;
    tell();
    const state = new CommitState();
    // Matching only (a dry run, or mode `all` with errors already): no transaction to hold.
    const writing = () => !options.dryRun && !(mode === "all" && log.hasErrors);
    const pass = async (executor: Db) => {
      let analysed = 0;
      // On PostgreSQL the next chunk is read from the spill and parsed while this one is matched
      // and written, so Node parses while the server works (the file is complete: reading ahead
      // depends on nothing written). PGlite runs on this thread: reading ahead would only hold
      // one chunk more in memory.
      const ahead = driverOf(db).kind === "postgresql";
      const chunks = spill.chunks(options.chunkSize ?? COMMIT_CHUNK);
      let next = chunks.next();
      try {
        for (let read = await next; !read.done; read = await next) {
          if (ahead) next = chunks.next();
          const chunk = read.value;
          await commitChunk(executor, responseId, chunk, options, log, state, writing());
          if (writing()) {
            const before = analysed;
            analysed = await refreshStatistics(executor, state.created + state.updated, analysed);
            if (analysed !== before) state.statisticsFresh = true;
          }
          progress.written += chunk.length;
          tell();
          if (!ahead) next = chunks.next();
        }
      } finally {
        // A failed chunk leaves a read ahead in flight: let it settle, then close the spill's reader.
        await next.catch(() => undefined);
        await chunks.return(undefined);
      }
    };
    if (!writing()) await pass(db);
    else {
      try {
        await db.transaction(async (tx) => {
          await pass(tx);
          if (!writing()) throw new RollbackImport();
        });
      } catch (error) {
        if (!(error instanceof RollbackImport)) throw error;
      }
    }
    const kept = writing();
    if (kept) await tidyAfterBulkWrite(db, "activities", state.created + state.updated);
    progress.phase = "done";
    tell();
    const rows = progress.rowsRead;
    return {
      rows,
      valid: rows - log.invalidRows,
      invalid: log.invalidRows,
      created: mode === "all" && log.hasErrors ? 0 : state.created,
      updated: mode === "all" && log.hasErrors ? 0 : state.updated,
      unchanged: mode === "all" && log.hasErrors ? 0 : state.unchanged,
      hashtagRow: prepared.hashtagRow,
      columns: prepared.columns.map((c) => ({ header: c.header, hashtag: c.hashtag, field: c.field })),
      issues: log.sorted(),
    };
  } finally {
    spill.dispose();
  }
}

/**
 * Pass 1: reads, maps and checks every row, and spills the valid ones. Its own function so that
 * what it holds (the digest sets of the keys seen: 80 MB at a million rows) is garbage once it
 * returns, not kept alive by the import's frame through the whole of pass 2.
 */
async function readRows(
  db: Db,
  responseId: string,
  prepared: PreparedTable,
  options: ImportOptions,
  log: IssueLog,
  spill: PlannedRowSpill,
  progress: ImportProgress,
  tell: () => void,
): Promise<void> {
  const refs = new ReferenceCache(db, responseId);
  // Duplicates within the file: each key and external id seen, as a digest.
  const seenKeys = new DigestSet();
  const seenExternal = new DigestSet();
  try {
    for await (const raw of prepared.dataRows()) {
      if (raw.cells.every((c) => c.trim() === "")) continue;
      progress.rowsRead++;
      const rowIssues: ImportIssue[] = [];
      const plan = await readRow(raw, prepared.fieldColumn, refs, options, rowIssues);
      if (plan) {
        const key = naturalKey(plan.values);
        const ext = externalKey(plan.values);
        const byExternal = ext ? seenExternal.get(ext) : undefined;
        const earlier = byExternal ?? seenKeys.get(key);
        if (earlier !== undefined)
          rowIssues.push({
            row: raw.row,
            column: null,
            severity: "error",
            code: "DUPLICATE_ROW",
            value: null,
            message: `Row ${raw.row} repeats row ${earlier} (same organisation and ${byExternal !== undefined ? "external id" : "activity type, location, month and population group"}).`,
          });
        else {
          seenKeys.add(key, raw.row);
          if (ext) seenExternal.add(ext, raw.row);
        }
      }
      log.addRow(rowIssues);
      if (plan && !rowIssues.some((i) => i.severity === "error")) await spill.write(plan);
      if (progress.rowsRead % PROGRESS_EVERY === 0) {
        tell();
        await yieldToEventLoop();
      }
    }
  } catch (error) {
    unreadable(error);
  }
}
