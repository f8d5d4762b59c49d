import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { pipeline as pipeStreams, type Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { and, eq, ne, sql } from "drizzle-orm";
import type { Principal } from "../../../common/permissions.ts";
import type { Database, Db } from "../../db/client.ts";
import { activityImports, type ImportState } from "../../db/schema/imports.ts";
import { AppError, conflict, invalid, notFound } from "../../errors.ts";
import { type Actor, recordAudit } from "../audit/audit.service.ts";
import { hashtagRowSearchLimit } from "../tabular/detect.ts";
import { openTable, takeHead } from "../tabular/read-table.ts";
import { importActivities } from "./activities-import.service.ts";
import type { ExplicitMapping } from "./import-columns.ts";
import { applySavedMapping, mappingByHeader, saveMapping } from "./import-mappings.ts";
import { describeHead, unreadable } from "./import-prepare.ts";
import type { ActivityImportReport, ImportMode, ImportProgress } from "./import-types.ts";
import type { DateFormat } from "./import-values.ts";

/**
 * Imports as jobs: a file is uploaded once (kept under DATA_DIR/imports), previewed (columns,
 * mapping, sample values), checked (dry run) and imported in the background while the page polls
 * its progress. The live progress of a running import is held in memory, because on PGlite the
 * import's transaction holds the one database connection.
 */

export type ImportRow = typeof activityImports.$inferSelect;

/** Progress as the import page shows it. */
type RunProgress = ImportProgress & { bytesRead?: number };

export interface ImportRunOptions {
  dryRun: boolean;
  mode: ImportMode;
  dateFormat?: DateFormat;
  sheet?: string;
  mapping?: ExplicitMapping;
  /** Remember this mapping for the import's organisation. */
  saveMapping?: boolean;
  submit?: boolean;
}

/** Imports running in this process: their progress, and a promise settled when they end. */
const running = new Map<string, { progress: RunProgress; done: Promise<void> }>();
/** A running import on another server that has not written progress for this long has died. */
const staleAfterMs = 2 * 60_000;
/** How often a running import writes its progress for other servers (PostgreSQL only). */
const persistEveryMs = 5_000;

const filePath = (dataDir: string, row: Pick<ImportRow, "responseId" | "id">) =>
  path.join(dataDir, "imports", row.responseId, row.id);

/**
 * Deletes this response's uploaded files older than `days` (the imports stay listed, with their
 * reports; checking such a file again or downloading it annotated asks for a new upload).
 */
export function pruneStoredFiles(
  dataDir: string,
  responseId: string,
  days: number,
  now = Date.now(),
): number {
  const dir = path.join(dataDir, "imports", responseId);
  if (!fs.existsSync(dir)) return 0;
  let removed = 0;
  for (const name of fs.readdirSync(dir)) {
    const file = path.join(dir, name);
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (stat?.isFile() && now - stat.mtimeMs > days * 86_400_000 && !running.has(name)) {
      fs.rmSync(file, { force: true });
      removed++;
    }
  }
  return removed;
}

/** Saves an uploaded file (streamed to disk, at most `maxBytes`) and records the import. */
export async function storeUpload(
  db: Db,
  dataDir: string,
  responseId: string,
  upload: { stream: Readable; fileName: string; truncated: () => boolean },
  organisationId: string | null,
  principal: Principal,
  actor: Actor,
): Promise<ImportRow> {
  const id = randomUUID();
  const dest = filePath(dataDir, { responseId, id });
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  const discard = () => fs.rmSync(dest, { force: true });
  try {
    await pipeline(upload.stream, fs.createWriteStream(dest));
    if (upload.truncated())
      throw new AppError(
        "PAYLOAD_TOO_LARGE",
        "The file is larger than the upload limit (50 MB); split it or use the command line import.",
      );
    const size = fs.statSync(dest).size;
    if (size === 0) throw invalid("The uploaded file is empty.", [{ path: "file", message: "EMPTY_FILE" }]);
    const table = await openTable(dest).catch(unreadable);
    // The head as the preview reads it: a file refused there is not kept as an import either.
    const { head } = await takeHead(table.rows, hashtagRowSearchLimit + 3)
      .catch(unreadable)
      .finally(() => table.close());
    if (!describeHead(head, undefined))
      throw invalid("The file has no rows.", [{ path: "file", message: "EMPTY_FILE" }]);
    const [row] = await db.transaction(async (tx) => {
      const inserted = await tx
        .insert(activityImports)
        .values({
          responseId,
          id,
          createdBy: principal.userId || null,
          organisationId,
          fileName: upload.fileName.slice(0, 255) || "upload",
          fileSize: size,
          format: table.info.format,
        })
        .returning();
      await recordAudit(tx, {
        responseId,
        actor,
        action: "activity-import.upload",
        entityType: "activity-import",
        entityId: id,
        after: { fileName: upload.fileName, fileSize: size, format: table.info.format, organisationId },
      });
      return inserted;
    });
    return row!;
  } catch (error) {
    discard();
    throw error;
  }
}

/** An import as stored, with the live progress when it runs here, or failed when it died. */
export async function getImport(
  db: Db,
  kind: Database["kind"],
  responseId: string,
  id: string,
): Promise<ImportRow> {
  const [row] = await db
    .select()
    .from(activityImports)
    .where(and(eq(activityImports.responseId, responseId), eq(activityImports.id, id)));
  if (!row) throw notFound("The import");
  const live = running.get(id);
  if (live) return { ...row, state: "running", progress: live.progress };
  const dead =
    row.state === "running" && (kind === "pglite" || Date.now() - row.updatedAt.getTime() > staleAfterMs);
  if (!dead) return row;
  // The server stopped while it ran: its transaction was rolled back, so nothing was written.
  const error = {
    code: "INTERRUPTED",
    message: "The import was interrupted (the server stopped) and nothing was written. Run it again.",
    details: [],
  };
  await db
    .update(activityImports)
    .set({ state: "failed", error, finishedAt: new Date(), updatedAt: new Date() })
    .where(
      and(
        eq(activityImports.responseId, responseId),
        eq(activityImports.id, id),
        eq(activityImports.state, "running"),
      ),
    );
  return { ...row, state: "failed", error };
}

/** Who may see and run an import: the person who uploaded it, or an administrator. */
export function requireImportOwner(principal: Principal, row: ImportRow): void {
  if (principal.isAdmin || (principal.userId && row.createdBy === principal.userId)) return;
  throw notFound("The import");
}

/** The columns of the stored file, how they map (saved and explicit mappings applied), and samples. */
export async function previewImport(
  db: Db,
  dataDir: string,
  row: ImportRow,
  options: { sheet?: string; mapping?: ExplicitMapping },
) {
  const file = filePath(dataDir, row);
  if (!fs.existsSync(file)) throw invalid("The uploaded file is no longer kept; upload it again.", []);
  const table = await openTable(file, { sheet: options.sheet }).catch(unreadable);
  try {
    const { head } = await takeHead(table.rows, hashtagRowSearchLimit + 3).catch(unreadable);
    const firstLook = describeHead(head, undefined);
    if (!firstLook) throw invalid("The file has no rows.", [{ path: "file", message: "EMPTY_FILE" }]);
    const { mapping, saved } = await applySavedMapping(db, row, firstLook, options.mapping);
    const described = describeHead(head, mapping)!;
    if (described.mappingErrors.length)
      throw invalid("The column mapping is not valid.", described.mappingErrors);
    const samples = head.filter((r) => r.row > described.dataAfterRow).slice(0, 3);
    return {
      info: table.info,
      hashtagRow: described.hashtagRow,
      headerRow: described.headerRow,
      savedMappingUsed: saved,
      mapping,
      columns: described.columns.map((c) => ({
        index: c.index,
        header: c.header,
        hashtag: c.hashtag,
        field: c.field,
        samples: samples.map((r) => (r.cells[c.index] ?? "").slice(0, 200)),
      })),
      missing: described.missing,
      issues: described.issues,
    };
  } finally {
    table.close();
  }
}

/** Starts a run of the import in the background; answers at once with the import "running". */
export async function startImportRun(
  database: Database,
  dataDir: string,
  row: ImportRow,
  options: ImportRunOptions,
  principal: Principal,
  actor: Actor,
): Promise<ImportRow> {
  const { db } = database;
  if (running.has(row.id)) throw conflict("This import is already running; wait for it to finish.");
  const preview = await previewImport(db, dataDir, row, { sheet: options.sheet, mapping: options.mapping });
  const stored = { ...options, mapping: preview.mapping };
  // Saved under the file's headers when asked, when the run ends (row errors do not undo it: the
  // mapping is about the columns, which the person has just confirmed).
  const toSave =
    options.saveMapping && options.mapping && row.organisationId && preview.hashtagRow === null
      ? mappingByHeader(preview.columns, options.mapping)
      : [];
  const progress: ImportProgress = {
    phase: "reading",
    rowsRead: 0,
    valid: 0,
    invalid: 0,
    written: 0,
    toWrite: 0,
  };
  const [updated] = await db
    .update(activityImports)
    .set({
      state: "running",
      dryRun: options.dryRun,
      options: stored,
      progress,
      report: null,
      error: null,
      finishedAt: null,
      updatedAt: new Date(),
    })
    .where(
      and(
        eq(activityImports.responseId, row.responseId),
        eq(activityImports.id, row.id),
        // Two requests that both passed the check above (or a run on another server): one starts.
        ne(activityImports.state, "running"),
      ),
    )
    .returning();
  if (!updated) throw conflict("This import is already running; wait for it to finish.");
  const entry = { progress, done: Promise.resolve() };
  running.set(row.id, entry);
  entry.done = runInBackground(database, dataDir, row, stored, toSave, principal, actor, entry)
    // Its end not recorded (the database gone): logged, not an unhandled rejection that stops the
    // server; the import then reads as interrupted.
    .catch((error) => console.error(error))
    .finally(() => running.delete(row.id));
  return { ...updated!, progress };
}

async function runInBackground(
  database: Database,
  dataDir: string,
  row: ImportRow,
  options: ImportRunOptions,
  toSave: { header: string; field: string }[],
  principal: Principal,
  actor: Actor,
  entry: { progress: RunProgress },
): Promise<void> {
  const { db } = database;
  const where = and(eq(activityImports.responseId, row.responseId), eq(activityImports.id, row.id));
  let lastPersist = Date.now();
  let state: ImportState = "failed";
  let report: ActivityImportReport | null = null;
  let error: { code: string; message: string; details: unknown[] } | null = null;
  try {
    // Bytes read tell how far through the file the import is (rows cannot: their count is unknown).
    let bytesRead = 0;
    // A pipeline (not pipe) closes the file when the import stops reading early, and passes on its errors.
    const source = pipeStreams(
      fs.createReadStream(filePath(dataDir, row)),
      new Transform({
        transform(chunk: Buffer, _encoding, done) {
          bytesRead += chunk.length;
          done(null, chunk);
        },
      }),
      () => {},
    );
    report = await importActivities(db, row.responseId, source, {
      principal,
      actor,
      dryRun: options.dryRun,
      mode: options.mode,
      dateFormat: options.dateFormat,
      sheet: options.sheet,
      mapping: options.mapping,
      submit: options.submit,
      onProgress: (progress) => {
        const p = { ...progress, bytesRead };
        entry.progress = p;
        // Other servers read progress from the table; PGlite has no other server (and its one
        // connection is held by the import), so it keeps progress in memory only.
        if (database.kind === "postgresql" && Date.now() - lastPersist > persistEveryMs) {
          lastPersist = Date.now();
          void db
            .update(activityImports)
            .set({ progress: p, updatedAt: new Date() })
            .where(where)
            .catch(() => {});
        }
      },
    });
    // Imported when its rows landed: all of them, or in valid-only mode the valid ones (even if
    // every one was unchanged); failed when an error kept everything out.
    const keptOut = report.valid === 0 || (options.mode === "all" && report.invalid > 0);
    state = options.dryRun ? "validated" : keptOut ? "failed" : "imported";
    if (state === "failed")
      error =
        report.rows === 0
          ? { code: "NO_ROWS", message: "The file has no data rows below its header.", details: [] }
          : { code: "ROWS_INVALID", message: "Rows have errors, so nothing was imported.", details: [] };
    // The run is over (its records written or not): a mapping that cannot be saved must not report it failed.
    if (row.organisationId)
      await saveMapping(db, row.responseId, row.organisationId, toSave, principal).catch((caught) =>
        console.error(caught),
      );
  } catch (caught) {
    error =
      caught instanceof AppError
        ? { code: caught.code, message: caught.message, details: caught.details }
        : { code: "INTERNAL", message: "The import failed unexpectedly; nothing was written.", details: [] };
    if (!(caught instanceof AppError)) console.error(caught);
  }
  await db
    .update(activityImports)
    .set({ state, report, error, progress: entry.progress, finishedAt: new Date(), updatedAt: new Date() })
    .where(where);
}

/** Resolves when the import (if running here) has finished: for tests and the CLI. */
export async function importFinished(id: string): Promise<void> {
  await running.get(id)?.done;
}

/** The imports a person uploaded, newest first. */
export async function listImports(db: Db, responseId: string, principal: Principal, limit = 20) {
  return db
    .select()
    .from(activityImports)
    .where(
      and(
        eq(activityImports.responseId, responseId),
        principal.isAdmin ? sql`true` : eq(activityImports.createdBy, principal.userId),
      ),
    )
    .orderBy(sql`${activityImports.createdAt} DESC`)
    .limit(limit);
}

export { filePath as importFilePath };
