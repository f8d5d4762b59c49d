import { and, eq, sql } from "drizzle-orm";
import type { ErrorDetail } from "../../../common/errors.ts";
import { valueFields } from "../../../common/schemas/activity-imports.ts";
import type { Db } from "../../db/client.ts";
import { activities, activityDonors } from "../../db/schema/activities.ts";
import { conflict, notFound } from "../../errors.ts";
import type { RecordScope } from "./activities.policy.ts";

/** Checks shared by the record writes and the review actions: locks, month locks, row scope. */

export type ActivityRow = typeof activities.$inferSelect;

export { valueFields };

/** The fields a client writes, in the order the API lists them: references by id, then values. */
export const writableFields = [
  "reportingOrgId",
  "implementingOrgId",
  "sectorId",
  "subSectorId",
  "activityTypeId",
  "indicatorId",
  "locationId",
  "populationGroupId",
  ...valueFields,
] as const;

export type RecordValues = { [K in (typeof writableFields)[number]]: ActivityRow[K] };

/** A record's fields as the API names them, nulls for what is not given. */
export function recordValues(
  source: Partial<Record<(typeof writableFields)[number], unknown>>,
): RecordValues {
  return Object.fromEntries(writableFields.map((f) => [f, source[f] ?? null])) as RecordValues;
}

export const scopeOf = (r: RecordValues, sectorParentId: string | null): RecordScope => ({
  reportingOrgId: r.reportingOrgId,
  sectorId: r.sectorId,
  subSectorId: r.subSectorId,
  sectorParentId,
});

/** `2024-03-01` → `2024-03`. */
export const monthLabel = (month: string) => month.slice(0, 7);

/** Advisory-lock key of a response's month: writes take it shared, locking and unlocking exclusively. */
export const monthKey = (responseId: string, month: string) =>
  sql`hashtext('month-lock:' || ${responseId}::text || ':' || ${month}::text)`;

/**
 * The months among `months` (YYYY-MM-01) that are locked. Takes each month's advisory lock in
 * shared mode first, so a month cannot be locked while a write to it is in flight.
 */
export async function lockedMonths(tx: Db, responseId: string, months: string[]): Promise<Set<string>> {
  const unique = [...new Set(months)].sort();
  if (unique.length === 0) return new Set();
  await tx.execute(sql`SELECT pg_advisory_xact_lock_shared(hashtext('month-lock:' || ${responseId}::text || ':' || m))
    FROM unnest(${sql.param(unique)}::text[]) AS m ORDER BY m`);
  const result = await tx.execute<{ month: string }>(sql`SELECT month::text AS month FROM month_locks
    WHERE response_id = ${responseId} AND month = ANY(${sql.param(unique)}::date[])`);
  return new Set(result.rows.map((r) => r.month));
}

/** Refuses (409) a write touching a locked reporting month. */
export async function requireOpenMonths(tx: Db, responseId: string, months: string[]): Promise<void> {
  const locked = [...(await lockedMonths(tx, responseId, months))];
  if (locked.length === 0) return;
  throw conflict(
    `The reporting month ${locked.map(monthLabel).join(", ")} is locked; a response manager must unlock it before its records change.`,
    [{ path: "body.reportingMonth", message: `month ${locked.map(monthLabel).join(", ")} is locked` }],
  );
}

/** The record locked for update, with its donors and its sector's parent; 404 when missing. */
export async function loadForUpdate(tx: Db, responseId: string, id: string) {
  const [row] = await tx
    .select()
    .from(activities)
    .where(and(eq(activities.responseId, responseId), eq(activities.id, id)))
    .for("update");
  if (!row) throw notFound("Activity");
  const donors = await tx
    .select({ id: activityDonors.organisationId })
    .from(activityDonors)
    .where(and(eq(activityDonors.responseId, responseId), eq(activityDonors.activityId, id)))
    .orderBy(activityDonors.organisationId);
  const parent = await tx.execute<{ parent_id: string | null }>(
    sql`SELECT parent_id FROM sectors WHERE response_id = ${responseId} AND id = ${row.sectorId}`,
  );
  return { row, donorIds: donors.map((d) => d.id), sectorParentId: parent.rows[0]?.parent_id ?? null };
}

/**
 * Refuses (409) a record that would repeat another of the same reporting organisation: the same
 * external id, or the same natural key (activity type, location, month, population group).
 */
export async function requireUnique(tx: Db, responseId: string, v: RecordValues, exceptId?: string) {
  const result = await tx.execute<{ id: string; same_external: boolean }>(sql`
    SELECT id, (external_id IS NOT DISTINCT FROM ${v.externalId}::text AND external_id IS NOT NULL) AS same_external
    FROM activities
    WHERE response_id = ${responseId} AND reporting_org_id = ${v.reportingOrgId}
      AND id <> ${exceptId ?? "00000000-0000-0000-0000-000000000000"}::uuid
      AND ((${v.externalId}::text IS NOT NULL AND external_id = ${v.externalId}::text)
        OR (activity_type_id = ${v.activityTypeId} AND location_id = ${v.locationId}
          AND reporting_month = ${v.reportingMonth}::date
          AND population_group_id IS NOT DISTINCT FROM ${v.populationGroupId}::uuid))
    LIMIT 1`);
  const clash = result.rows[0];
  if (!clash) return;
  const details: ErrorDetail[] = clash.same_external
    ? [{ path: "body.externalId", message: `already used by activity ${clash.id}` }]
    : [
        {
          path: "body",
          message: `activity ${clash.id} has the same organisation, activity type, location, month and population group`,
        },
      ];
  throw conflict(
    clash.same_external
      ? "The organisation already has a record with this external id."
      : "The organisation already reported this activity type at this location for this month and population group; update that record instead.",
    details,
  );
}
