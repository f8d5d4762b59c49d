import { and, eq } from "drizzle-orm";
import type { ErrorDetail } from "../../../common/errors.ts";
import type { Principal } from "../../../common/permissions.ts";
import {
  type ActivityInput,
  type ActivityOutput,
  type ActivityUpdate,
  checkActivityFigures,
} from "../../../common/schemas/activities.ts";
import type { Db } from "../../db/client.ts";
import { activities, activityDonors } from "../../db/schema/activities.ts";
import { AppError, conflict, invalid, notFound } from "../../errors.ts";
import { actorOf, recordAudit } from "../audit/audit.service.ts";
import {
  type ActivityRow,
  loadForUpdate,
  type RecordValues,
  recordValues,
  requireOpenMonths,
  requireUnique,
  scopeOf,
} from "./activities.guards.ts";
import { mayOn, readScope, requireOn, requireSomeGrant } from "./activities.policy.ts";
import { findActivity } from "./activities.queries.ts";
import { checkReferences } from "./activities.references.ts";

/**
 * Writing 4W records: create (as a draft), update with optimistic concurrency, delete. Each
 * write runs in one transaction with its audit entry; the caller's rights are checked against the
 * record as it is and as it would be.
 */

/** 409 for a stale `version`; carries the current record, which the route adds to the answer. */
export class StaleVersionError extends AppError {
  readonly current: ActivityOutput;
  constructor(sent: number, current: ActivityOutput) {
    super(
      "CONFLICT",
      `The record changed since version ${sent}: it is now at version ${current.version}. Review the current record and send the change again with its version.`,
      [{ path: "body.version", message: `current version is ${current.version}` }],
    );
    this.current = current;
  }
}

const prefixed = (issues: ErrorDetail[]) =>
  issues.map((i) => ({ ...i, path: i.path.startsWith("body") ? i.path : `body.${i.path}` }));

/** The rules of a record as it would be written: figures, references. Returns the values to store. */
async function checkRecord(tx: Db, responseId: string, values: RecordValues, donorIds: string[]) {
  const figures = checkActivityFigures(values);
  const references = await checkReferences(tx, responseId, { ...values, donorIds });
  const issues = [...prefixed(figures.issues), ...references.issues];
  if (issues.length) throw invalid("The activity record is not valid.", issues);
  return {
    values: { ...values, reachedTotal: figures.reachedTotal },
    scope: scopeOf(values, references.sectorParentId),
  };
}

/** Reads a record for its writer (no visibility filter: the caller was just authorised). */
async function present(tx: Db, responseId: string, id: string): Promise<ActivityOutput> {
  const all = { all: true, organisationIds: [], sectorIds: [], includeSensitive: true };
  const output = await findActivity(tx, responseId, id, all);
  if (!output) throw notFound("Activity");
  return output;
}

const auditRow = (row: ActivityRow, donorIds: string[]) => ({ ...row, donorIds });

async function setDonors(tx: Db, responseId: string, activityId: string, donorIds: string[]) {
  await tx
    .delete(activityDonors)
    .where(and(eq(activityDonors.responseId, responseId), eq(activityDonors.activityId, activityId)));
  if (donorIds.length)
    await tx
      .insert(activityDonors)
      .values(donorIds.map((organisationId) => ({ responseId, activityId, organisationId })));
}

/** Creates a record as a draft. */
export async function createActivity(
  db: Db,
  responseId: string,
  principal: Principal,
  input: ActivityInput,
): Promise<ActivityOutput> {
  requireSomeGrant(principal, "activity:write", responseId);
  const donorIds = [...new Set(input.donorIds)];
  return db.transaction(async (tx) => {
    const { values, scope } = await checkRecord(tx, responseId, recordValues(input), donorIds);
    requireOn(principal, "activity:write", responseId, scope);
    await requireOpenMonths(tx, responseId, [values.reportingMonth]);
    await requireUnique(tx, responseId, values);
    const [row] = await tx
      .insert(activities)
      .values({ responseId, ...values, createdBy: principal.userId })
      .returning();
    await setDonors(tx, responseId, row!.id, donorIds);
    await recordAudit(tx, {
      responseId,
      actor: actorOf(principal),
      action: "activity.create",
      entityType: "activity",
      entityId: row!.id,
      after: auditRow(row!, donorIds),
    });
    return present(tx, responseId, row!.id);
  });
}

/** Submitted and approved records change only through review. */
const underReview = (row: ActivityRow) => row.reviewState === "submitted" || row.reviewState === "approved";

/**
 * The caller's rights on a record as it stands: 403 with neither right, 409 for a writer on a
 * record under review. Returns the permission the change needs on the record as it will be.
 */
function requireChangeable(
  principal: Principal,
  responseId: string,
  row: ActivityRow,
  sectorParentId: string | null,
): "activity:write" | "activity:review" {
  const scope = scopeOf(recordValues(row), sectorParentId);
  const reviewer = mayOn(principal, "activity:review", responseId, scope);
  if (!reviewer) requireOn(principal, "activity:write", responseId, scope);
  if (!reviewer && underReview(row)) {
    throw conflict(
      `${row.reviewState === "approved" ? "Approved" : "Submitted for review"}: ask the sector coordinator${row.reviewState === "submitted" ? " to reject it if it needs changes" : ""}.`,
      [{ path: "", message: `the record is ${row.reviewState}` }],
    );
  }
  return underReview(row) ? "activity:review" : "activity:write";
}

/**
 * Changes a record made from `version`. Writers change drafts and rejected records (a rejected
 * record stays rejected, with its reason, until it is submitted again); reviewers may also change
 * submitted and approved records, which keep their state. Figures are checked on the record as it
 * would be: a stored total is kept unless `reachedTotal` is sent (null derives it again).
 */
export async function updateActivity(
  db: Db,
  responseId: string,
  principal: Principal,
  id: string,
  changes: ActivityUpdate,
): Promise<ActivityOutput> {
  requireSomeGrant(principal, "activity:write", responseId);
  return db.transaction(async (tx) => {
    const before = await loadForUpdate(tx, responseId, id);
    const needed = requireChangeable(principal, responseId, before.row, before.sectorParentId);
    if (changes.version !== before.row.version)
      throw new StaleVersionError(changes.version, await present(tx, responseId, id));
    await requireOpenMonths(tx, responseId, [before.row.reportingMonth]);
    const { version: _version, donorIds: newDonors, ...fields } = changes;
    const sent = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
    const donorIds = newDonors ? [...new Set(newDonors)] : before.donorIds;
    const { values, scope } = await checkRecord(
      tx,
      responseId,
      recordValues({ ...before.row, ...sent }),
      donorIds,
    );
    requireOn(principal, needed, responseId, scope);
    await requireOpenMonths(tx, responseId, [values.reportingMonth]);
    await requireUnique(tx, responseId, values, id);
    const [row] = await tx
      .update(activities)
      .set({ ...values, version: before.row.version + 1, updatedAt: new Date() })
      .where(
        and(
          eq(activities.responseId, responseId),
          eq(activities.id, id),
          eq(activities.version, before.row.version),
        ),
      )
      .returning();
    if (!row) throw new StaleVersionError(changes.version, await present(tx, responseId, id));
    if (newDonors) await setDonors(tx, responseId, id, donorIds);
    await recordAudit(tx, {
      responseId,
      actor: actorOf(principal),
      action: "activity.update",
      entityType: "activity",
      entityId: id,
      before: auditRow(before.row, before.donorIds),
      after: auditRow(row, donorIds),
      reason: before.row.reviewState === "approved" ? "approved record changed by a reviewer" : null,
    });
    return present(tx, responseId, id);
  });
}

/** Deletes a draft or rejected record (reviewers: any record) whose month is not locked. */
export async function deleteActivity(
  db: Db,
  responseId: string,
  principal: Principal,
  id: string,
): Promise<void> {
  requireSomeGrant(principal, "activity:write", responseId);
  await db.transaction(async (tx) => {
    const before = await loadForUpdate(tx, responseId, id);
    requireChangeable(principal, responseId, before.row, before.sectorParentId);
    await requireOpenMonths(tx, responseId, [before.row.reportingMonth]);
    await tx.delete(activities).where(and(eq(activities.responseId, responseId), eq(activities.id, id)));
    await recordAudit(tx, {
      responseId,
      actor: actorOf(principal),
      action: "activity.delete",
      entityType: "activity",
      entityId: id,
      before: auditRow(before.row, before.donorIds),
    });
  });
}

/** One record for a reader: 404 when missing or outside what the caller may read. */
export async function getActivity(
  db: Db,
  responseId: string,
  principal: Principal | null,
  id: string,
): Promise<ActivityOutput> {
  const output = await findActivity(db, responseId, id, readScope(principal, responseId));
  if (!output) throw notFound("Activity");
  return output;
}
