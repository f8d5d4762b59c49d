import { and, desc, eq, gte, ilike, lt, lte, type SQL, sql } from "drizzle-orm";
import type pg from "pg";
import type { Principal } from "../../../common/permissions.ts";
import { copyIn, type Db, yieldToEventLoop } from "../../db/client.ts";
import { auditLog, platformAuditLog } from "../../db/schema/audit.ts";

export interface Actor {
  id: string | null;
  label: string;
}

export const systemActor: Actor = { id: null, label: "system" };

export const actorOf = (principal: Principal): Actor => ({ id: principal.userId, label: principal.email });

export interface AuditEntry {
  /** The response the change belongs to; null for accounts and other platform-wide records. */
  responseId: string | null;
  actor: Actor;
  action: string;
  entityType: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

/** Drops secrets before a row goes into the log. */
function scrub(value: unknown): unknown {
  if (!value || typeof value !== "object") return value ?? null;
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const key of ["passwordHash", "password_hash", "tokenHash", "token_hash", "password"])
    delete copy[key];
  return JSON.parse(JSON.stringify(copy, (_k, v) => (v instanceof Date ? v.toISOString() : v)));
}

/** Records one change. Call it inside the transaction that makes the change, so both land or neither. */
export async function recordAudit(db: Db, entry: AuditEntry): Promise<void> {
  await recordAuditMany(db, [entry]);
}

/**
 * Records many changes in one statement per table: each column goes as one array parameter
 * through unnest, which PGlite and PostgreSQL parse much faster than a parameter per cell.
 */
export async function recordAuditMany(db: Db, entries: AuditEntry[]): Promise<void> {
  const batches: ["audit_log" | "platform_audit_log", AuditEntry[]][] = [];
  for (let i = 0; i < entries.length; i += 500) {
    const slice = entries.slice(i, i + 500);
    batches.push(
      ["audit_log", slice.filter((e) => e.responseId)],
      ["platform_audit_log", slice.filter((e) => !e.responseId)],
    );
  }
  for (const [table, batch] of batches) {
    if (batch.length === 0) continue;
    const column = <T>(pick: (e: AuditEntry) => T) => sql.param(batch.map(pick));
    await db.execute(sql`
      INSERT INTO ${sql.raw(table)} (response_id, actor_id, actor_label, action, entity_type, entity_id, before, after, reason)
      SELECT * FROM unnest(
        ${column((e) => e.responseId)}::uuid[], ${column((e) => e.actor.id)}::uuid[], ${column((e) => e.actor.label)}::text[],
        ${column((e) => e.action)}::text[], ${column((e) => e.entityType)}::text[], ${column((e) => e.entityId ?? null)}::text[],
        ${column((e) => json(e.before))}::jsonb[], ${column((e) => json(e.after))}::jsonb[], ${column((e) => e.reason ?? null)}::text[])`);
    if (batches.length > 2) await yieldToEventLoop();
  }
}

/**
 * The rows `recordAuditMany` writes, through `COPY … FROM STDIN` on `client` (PostgreSQL; the
 * connection of the transaction making the changes, see `transactionClientOf`). For bulk writes
 * (the 4W import): one statement per table however many entries, built 500 lines at a time as
 * the server takes them in.
 */
export async function copyAuditMany(client: pg.Client, entries: AuditEntry[]): Promise<void> {
  const columns = "response_id, actor_id, actor_label, action, entity_type, entity_id, before, after, reason";
  const lines = (batch: AuditEntry[]) =>
    batch.map((e) => [
      e.responseId,
      e.actor.id,
      e.actor.label,
      e.action,
      e.entityType,
      e.entityId,
      json(e.before),
      json(e.after),
      e.reason,
    ]);
  const byResponse = entries.filter((e) => e.responseId);
  const platform = entries.filter((e) => !e.responseId);
  if (byResponse.length) await copyIn(client, `COPY audit_log (${columns}) FROM STDIN`, lines(byResponse));
  if (platform.length)
    await copyIn(client, `COPY platform_audit_log (${columns}) FROM STDIN`, lines(platform));
}

const json = (value: unknown) => {
  const clean = scrub(value);
  return clean === null ? null : JSON.stringify(clean);
};

export interface AuditFilter {
  entityType?: string;
  entityId?: string;
  action?: string;
  actor?: string;
  from?: string;
  to?: string;
  /** Id below which to continue (cursor). */
  before?: number;
  limit: number;
}

/** The newest entries first, filtered; for one response or (responseId null) the platform log. */
export async function listAudit(db: Db, responseId: string | null, filter: AuditFilter) {
  const table = responseId ? auditLog : platformAuditLog;
  const where: (SQL | undefined)[] = [
    responseId ? eq(auditLog.responseId, responseId) : undefined,
    filter.entityType ? eq(table.entityType, filter.entityType) : undefined,
    filter.entityId ? eq(table.entityId, filter.entityId) : undefined,
    filter.action ? ilike(table.action, `${filter.action}%`) : undefined,
    filter.actor ? ilike(table.actorLabel, `%${filter.actor}%`) : undefined,
    filter.from ? gte(table.at, new Date(filter.from)) : undefined,
    filter.to ? lte(table.at, new Date(filter.to)) : undefined,
    filter.before ? lt(table.id, filter.before) : undefined,
  ];
  const rows = await db
    .select({
      id: table.id,
      at: table.at,
      actorLabel: table.actorLabel,
      action: table.action,
      entityType: table.entityType,
      entityId: table.entityId,
      before: table.before,
      after: table.after,
      reason: table.reason,
    })
    .from(table)
    .where(and(...where))
    .orderBy(desc(table.id))
    .limit(filter.limit + 1);
  const items = rows.slice(0, filter.limit).map((r) => ({ ...r, at: r.at.toISOString() }));
  const nextCursor = rows.length > filter.limit ? String(items[items.length - 1]!.id) : null;
  return { items, nextCursor };
}
