import { and, eq, sql } from "drizzle-orm";
import type { ErrorDetail } from "../../../common/errors.ts";
import type { Principal } from "../../../common/permissions.ts";
import type { ActivityBulkInput, MonthLockOutput, ReviewState } from "../../../common/schemas/activities.ts";
import type { Db } from "../../db/client.ts";
import { users } from "../../db/schema/accounts.ts";
import { activities, monthLocks } from "../../db/schema/activities.ts";
import { sectors } from "../../db/schema/reference.ts";
import { AppError, conflict, notFound } from "../../errors.ts";
import { type Actor, actorOf, recordAudit, recordAuditMany } from "../audit/audit.service.ts";
import { lockedMonths, monthKey, monthLabel, recordValues, scopeOf } from "./activities.guards.ts";
import { mayOn, requireSomeGrant } from "./activities.policy.ts";

/** The review workflow (draft → submitted → approved or rejected) and the locking of reporting months. */

/** From which states each action moves a record, and to which. */
const transitions = {
  submit: { from: ["draft", "rejected"], to: "submitted", permission: "activity:write" },
  approve: { from: ["submitted"], to: "approved", permission: "activity:review" },
  reject: { from: ["submitted", "approved"], to: "rejected", permission: "activity:review" },
} as const satisfies Record<
  ActivityBulkInput["action"],
  { from: ReviewState[]; to: ReviewState; permission: "activity:write" | "activity:review" }
>;

const refuse = (code: "NOT_FOUND" | "FORBIDDEN" | "CONFLICT", message: string, details: ErrorDetail[]) =>
  new AppError(code, message, details);

/**
 * Submits, approves or rejects a selection, all or nothing: each record is authorised on its own
 * (submitting needs `activity:write`, approving and rejecting `activity:review`), and any missing
 * record (404), refused record (403), locked month or record in the wrong state (409) refuses the
 * whole selection, naming the records, with nothing changed.
 */
export async function reviewActivities(
  db: Db,
  responseId: string,
  principal: Principal,
  input: ActivityBulkInput,
): Promise<{ action: ActivityBulkInput["action"]; updated: number; ids: string[] }> {
  const rule = transitions[input.action];
  requireSomeGrant(principal, rule.permission, responseId);
  const ids = [...new Set(input.ids)];
  const pathOf = (id: string) => `body.ids.${input.ids.indexOf(id)}`;
  return db.transaction(async (tx) => {
    const found = await tx
      .select({ row: activities, sectorParentId: sectors.parentId })
      .from(activities)
      .innerJoin(
        sectors,
        and(eq(sectors.responseId, activities.responseId), eq(sectors.id, activities.sectorId)),
      )
      .where(
        and(eq(activities.responseId, responseId), sql`${activities.id} = ANY(${sql.param(ids)}::uuid[])`),
      )
      .orderBy(activities.id)
      .for("update", { of: activities });
    const missing = ids.filter((id) => !found.some((f) => f.row.id === id));
    if (missing.length)
      throw refuse(
        "NOT_FOUND",
        `${missing.length} of the selected records were not found: ${missing.join(", ")}.`,
        missing.map((id) => ({ path: pathOf(id), message: `activity ${id} not found` })),
      );
    const refused = found.filter(
      (f) => !mayOn(principal, rule.permission, responseId, scopeOf(recordValues(f.row), f.sectorParentId)),
    );
    if (refused.length)
      throw refuse(
        "FORBIDDEN",
        `You may not ${input.action} ${refused.length} of the selected records (${rule.permission}): ${refused.map((f) => f.row.id).join(", ")}. Nothing was changed.`,
        refused.map((f) => ({ path: pathOf(f.row.id), message: `activity ${f.row.id}: not permitted` })),
      );
    const locked = await lockedMonths(
      tx,
      responseId,
      found.map((f) => f.row.reportingMonth),
    );
    const inLocked = found.filter((f) => locked.has(f.row.reportingMonth));
    if (inLocked.length)
      throw refuse(
        "CONFLICT",
        `${inLocked.length} of the selected records are in a locked month (${[...locked].map(monthLabel).join(", ")}); a response manager must unlock it first. Nothing was changed.`,
        inLocked.map((f) => ({
          path: pathOf(f.row.id),
          message: `activity ${f.row.id}: month ${monthLabel(f.row.reportingMonth)} is locked`,
        })),
      );
    const from: readonly ReviewState[] = rule.from;
    const wrong = found.filter((f) => !from.includes(f.row.reviewState));
    if (wrong.length)
      throw refuse(
        "CONFLICT",
        `Only ${rule.from.join(" or ")} records can be ${rule.to}; ${wrong.length} of the selected records are not. Nothing was changed.`,
        wrong.map((f) => ({
          path: pathOf(f.row.id),
          message: `activity ${f.row.id} is ${f.row.reviewState}`,
        })),
      );
    const reviewed = input.action !== "submit";
    const after = await tx
      .update(activities)
      .set({
        reviewState: rule.to,
        rejectionReason: input.action === "reject" ? input.reason! : null,
        reviewedBy: reviewed ? principal.userId : null,
        reviewedAt: reviewed ? new Date() : null,
        version: sql`${activities.version} + 1`,
        updatedAt: new Date(),
      })
      .where(
        and(eq(activities.responseId, responseId), sql`${activities.id} = ANY(${sql.param(ids)}::uuid[])`),
      )
      .returning();
    const actor = actorOf(principal);
    await recordAuditMany(
      tx,
      after.map((row) => ({
        responseId,
        actor,
        action: `activity.${input.action}`,
        entityType: "activity",
        entityId: row.id,
        before: found.find((f) => f.row.id === row.id)!.row,
        after: row,
        reason: input.action === "reject" ? input.reason : null,
      })),
    );
    return { action: input.action, updated: after.length, ids };
  });
}

/** The locked months of a response, latest first. */
export async function listMonthLocks(db: Db, responseId: string): Promise<MonthLockOutput[]> {
  const rows = await db
    .select({
      month: sql<string>`${monthLocks.month}::text`,
      lockedAt: monthLocks.lockedAt,
      reason: monthLocks.reason,
      userId: users.id,
      userName: users.name,
    })
    .from(monthLocks)
    .leftJoin(users, eq(users.id, monthLocks.lockedBy))
    .where(eq(monthLocks.responseId, responseId))
    .orderBy(sql`${monthLocks.month} DESC`);
  return rows.map((r) => ({
    month: monthLabel(r.month),
    lockedAt: r.lockedAt.toISOString(),
    lockedBy: r.userId ? { id: r.userId, name: r.userName! } : null,
    reason: r.reason,
  }));
}

/** Locks a reporting month (YYYY-MM): no record of it changes until it is unlocked. */
export async function lockMonth(
  db: Db,
  responseId: string,
  actor: Actor,
  input: { month: string; reason?: string | null },
): Promise<MonthLockOutput> {
  const month = `${input.month}-01`;
  await db.transaction(async (tx) => {
    // Waits for writes to this month in flight (they hold the same key, shared).
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${monthKey(responseId, month)})`);
    const [row] = await tx
      .insert(monthLocks)
      .values({ responseId, month, lockedBy: actor.id, reason: input.reason ?? null })
      .onConflictDoNothing()
      .returning();
    if (!row)
      throw conflict(`The month ${input.month} is already locked.`, [
        { path: "body.month", message: "locked" },
      ]);
    await recordAudit(tx, {
      responseId,
      actor,
      action: "month.lock",
      entityType: "month_lock",
      entityId: input.month,
      after: row,
      reason: input.reason ?? null,
    });
  });
  const locks = await listMonthLocks(db, responseId);
  return locks.find((l) => l.month === input.month)!;
}

/** Unlocks a reporting month; the reason goes into the audit log. */
export async function unlockMonth(
  db: Db,
  responseId: string,
  actor: Actor,
  input: { month: string; reason: string },
): Promise<void> {
  const month = `${input.month}-01`;
  await db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${monthKey(responseId, month)})`);
    const [row] = await tx
      .delete(monthLocks)
      .where(and(eq(monthLocks.responseId, responseId), eq(monthLocks.month, month)))
      .returning();
    if (!row) throw notFound(`A lock on ${input.month}`);
    await recordAudit(tx, {
      responseId,
      actor,
      action: "month.unlock",
      entityType: "month_lock",
      entityId: input.month,
      before: row,
      reason: input.reason,
    });
  });
}
