import { and, desc, eq, gte, ilike, lt, lte, or, type SQL } from "drizzle-orm";
import type { Principal } from "../../../common/permissions.ts";
import type { Db } from "../../db/client.ts";
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

/** Records many changes of one response (or of the platform) in batched inserts. */
export async function recordAuditMany(db: Db, entries: AuditEntry[]): Promise<void> {
  const toRow = (entry: AuditEntry) => ({
    actorId: entry.actor.id,
    actorLabel: entry.actor.label,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    before: scrub(entry.before),
    after: scrub(entry.after),
    reason: entry.reason ?? null,
  });
  for (let i = 0; i < entries.length; i += 500) {
    const batch = entries.slice(i, i + 500);
    const scoped = batch.filter((e) => e.responseId);
    const platform = batch.filter((e) => !e.responseId);
    if (scoped.length)
      await db.insert(auditLog).values(scoped.map((e) => ({ ...toRow(e), responseId: e.responseId! })));
    if (platform.length) await db.insert(platformAuditLog).values(platform.map(toRow));
  }
}

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
    filter.actor ? or(ilike(table.actorLabel, `%${filter.actor}%`)) : undefined,
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
