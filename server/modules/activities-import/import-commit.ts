import { randomUUID } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import { type Db, yieldToEventLoop } from "../../db/client.ts";
import { activities, activityDonors } from "../../db/schema/activities.ts";
import { sectors } from "../../db/schema/reference.ts";
import { conflict } from "../../errors.ts";
import {
  type ActivityRow,
  lockedMonths,
  monthLabel,
  recordValues,
  scopeOf,
  writableFields,
} from "../activities/activities.guards.ts";
import { mayOn } from "../activities/activities.policy.ts";
import type { IssueLog } from "./import-issues.ts";
import { externalDigest, keyDigest, naturalKey } from "./import-rows.ts";
import { BATCH, type ImportOptions, type PlannedRow } from "./import-types.ts";
import { writeCreates, writeUpdates } from "./import-write.ts";

const noGroup = "00000000-0000-0000-0000-000000000000";

const comparable = (v: unknown) => (v === undefined ? null : v instanceof Date ? v.toISOString() : v);

/** True when the stored record already holds these values and donors. */
function same(existing: ActivityRow, donors: string[], plan: PlannedRow): boolean {
  for (const f of writableFields) {
    const a = comparable(existing[f]);
    const b = comparable(plan.values[f]);
    if (f === "quantity" ? (a === null ? null : Number(a)) !== b : a !== b) return false;
  }
  return donors.join(",") === plan.donorIds.join(",");
}

export type Decision =
  | { kind: "create"; plan: PlannedRow; id: string }
  | { kind: "update"; plan: PlannedRow; existing: ActivityRow; donors: string[] }
  | { kind: "unchanged"; plan: PlannedRow };

/**
 * What the chunks of one import share: counts, the stored records a row has claimed, and the keys
 * and external ids that rows moved records away from. Chunks after the first see the records as
 * earlier chunks left them (a dry run does not), so a row taking a vacated key is refused in both.
 */
export class CommitState {
  created = 0;
  updated = 0;
  unchanged = 0;
  /**
   * Stored records that a later row could reach by another path (by external id while the row
   * changes the record's key, or by key while the record has an external id the row lacks).
   * Rows matching by both their key and their external id need no entry: the file's own
   * duplicate check already stops a second row with either, so a re-import stays small here.
   */
  readonly claimed = new Map<string, number>();
  /** Key digest → the row that moved its record elsewhere. */
  readonly vacatedKeys = new Map<string, number>();
  /** External id digest → the row that took it from its record. */
  readonly vacatedExternal = new Map<string, number>();
  /** The import has refreshed the planner's statistics (refreshStatistics) since it began. */
  statisticsFresh = false;
}

/**
 * Matches one chunk of validated rows to stored records, applies the rules that need them
 * (rights on the stored record, review state, month locks) and, when `write`, writes them.
 */
export async function commitChunk(
  tx: Db,
  responseId: string,
  planned: PlannedRow[],
  options: ImportOptions,
  log: IssueLog,
  state: CommitState,
  write: boolean,
): Promise<void> {
  const rowError = (
    plan: PlannedRow,
    code: string,
    column: string | null,
    value: string | null,
    message: string,
  ) => log.add({ row: plan.row, column, severity: "error", code, value, message });
  // Existing records: by external id first, else the natural key (as its unique index spells it);
  // one statement per batch. Rows are not locked: a record changed meanwhile fails the update's
  // version check, and a key taken meanwhile the insert's unique index, so the import rolls back.
  // Each lookup is a scalar subquery, so it is always a probe of its unique index: as joins, the
  // planner hashed a scan of every record written so far in this import (its statistics still
  // said the table was small), once per batch, so matching grew with the table.
  const matched = new Map<PlannedRow, { byExternal: string | null; byKey: string | null }>();
  for (let i = 0; i < planned.length; i += BATCH) {
    const batch = planned.slice(i, i + BATCH);
    const column = <T>(pick: (p: PlannedRow) => T) => sql.param(batch.map(pick));
    const result = await tx.execute<{
      i: number | string;
      by_external: string | null;
      by_key: string | null;
    }>(sql`
      SELECT t.i,
        (SELECT e.id FROM activities e WHERE e.response_id = ${responseId} AND e.reporting_org_id = t.org
          AND e.external_id = t.ext) AS by_external,
        (SELECT k.id FROM activities k WHERE k.response_id = ${responseId} AND k.reporting_org_id = t.org
          AND k.activity_type_id = t.type AND k.location_id = t.loc AND k.reporting_month = t.month
          AND coalesce(k.population_group_id, ${noGroup}::uuid) = coalesce(t.pg, ${noGroup}::uuid)) AS by_key
      FROM unnest(
        ${column((p) => p.values.reportingOrgId)}::uuid[], ${column((p) => p.values.externalId)}::text[],
        ${column((p) => p.values.activityTypeId)}::uuid[], ${column((p) => p.values.locationId)}::uuid[],
        ${column((p) => p.values.reportingMonth)}::date[], ${column((p) => p.values.populationGroupId)}::uuid[]
      ) WITH ORDINALITY AS t(org, ext, type, loc, month, pg, i)`);
    // Every row comes back (a filter on the lookups would run them twice).
    for (const r of result.rows)
      if (r.by_external || r.by_key)
        matched.set(batch[Number(r.i) - 1]!, { byExternal: r.by_external, byKey: r.by_key });
    await yieldToEventLoop();
  }
  const ids = [...new Set([...matched.values()].flatMap((m) => [m.byExternal, m.byKey]))].filter(
    (id): id is string => id !== null,
  );
  const existingById = new Map<string, ActivityRow>();
  const donorsById = new Map<string, string[]>();
  for (let i = 0; i < ids.length; i += BATCH) {
    const slice = ids.slice(i, i + BATCH);
    // One array parameter, not one per id: the query builder's 500 parameters showed in profiles
    // of the re-import.
    const listed = sql.param(slice);
    for (const row of await tx
      .select()
      .from(activities)
      .where(and(eq(activities.responseId, responseId), sql`${activities.id} = ANY(${listed}::uuid[])`)))
      existingById.set(row.id, row);
    for (const d of await tx
      .select()
      .from(activityDonors)
      .where(
        and(
          eq(activityDonors.responseId, responseId),
          sql`${activityDonors.activityId} = ANY(${listed}::uuid[])`,
        ),
      ))
      donorsById.set(d.activityId, [...(donorsById.get(d.activityId) ?? []), d.organisationId]);
    await yieldToEventLoop();
  }
  // The parent of each stored record's own sector: rights on the record are judged by it, not by the
  // parent of the sector a row moves it to.
  const storedParent = new Map<string, string | null>();
  const storedSectors = [...new Set([...existingById.values()].map((r) => r.sectorId))];
  for (let i = 0; i < storedSectors.length; i += BATCH)
    for (const s of await tx
      .select({ id: sectors.id, parentId: sectors.parentId })
      .from(sectors)
      .where(and(eq(sectors.responseId, responseId), inArray(sectors.id, storedSectors.slice(i, i + BATCH)))))
      storedParent.set(s.id, s.parentId);

  const decisions: Decision[] = [];
  for (const plan of planned) {
    const ext = externalDigest(plan.values);
    const mover =
      state.vacatedKeys.get(keyDigest(plan.values)) ?? (ext ? state.vacatedExternal.get(ext) : undefined);
    if (mover !== undefined) {
      rowError(
        plan,
        "DUPLICATE_ROW",
        null,
        null,
        `Row ${mover} changed the record that had this row's organisation, activity type, location, month and population group (or external id); one file cannot both move a record and report at its old place.`,
      );
      continue;
    }
    const match = matched.get(plan);
    // By external id when the row has one; the natural key must then be free or the same record.
    if (match?.byExternal && match.byKey && match.byKey !== match.byExternal) {
      rowError(
        plan,
        "DUPLICATE_RECORD",
        null,
        plan.values.externalId,
        `Record ${match.byKey} already has this organisation, activity type, location, month and population group; record ${match.byExternal} (external id ${plan.values.externalId}) cannot take them too.`,
      );
      continue;
    }
    const id = match?.byExternal ?? match?.byKey;
    const existing = id ? existingById.get(id) : undefined;
    if (!existing) {
      decisions.push({ kind: "create", plan, id: randomUUID() });
      continue;
    }
    const other = state.claimed.get(existing.id);
    if (other !== undefined) {
      rowError(
        plan,
        "DUPLICATE_ROW",
        null,
        null,
        `Row ${plan.row} and row ${other} match the same stored record ${existing.id}.`,
      );
      continue;
    }
    const reachableOtherwise = match?.byExternal
      ? naturalKey(plan.values) !== naturalKey(recordValues(existing))
      : existing.externalId !== null && plan.values.externalId === null;
    if (reachableOtherwise) state.claimed.set(existing.id, plan.row);
    if (plan.values.externalId && existing.externalId && existing.externalId !== plan.values.externalId) {
      rowError(
        plan,
        "DUPLICATE_RECORD",
        null,
        plan.values.externalId,
        `Record ${existing.id} (external id ${existing.externalId}) already has this organisation, activity type, location, month and population group.`,
      );
      continue;
    }
    const donors = (donorsById.get(existing.id) ?? []).sort();
    if (same(existing, donors, plan)) decisions.push({ kind: "unchanged", plan });
    else decisions.push({ kind: "update", plan, existing, donors });
  }

  // Rights on stored records, and month locks on everything that would be written.
  const locked = await lockedMonths(
    tx,
    responseId,
    decisions.flatMap((d) =>
      d.kind === "create"
        ? [d.plan.values.reportingMonth]
        : d.kind === "update"
          ? [d.plan.values.reportingMonth, d.existing.reportingMonth]
          : [],
    ),
  );
  const creates: Extract<Decision, { kind: "create" }>[] = [];
  const updates: Extract<Decision, { kind: "update" }>[] = [];
  for (const d of decisions) {
    if (d.kind === "unchanged") {
      state.unchanged++;
      continue;
    }
    const months =
      d.kind === "update"
        ? [d.plan.values.reportingMonth, d.existing.reportingMonth]
        : [d.plan.values.reportingMonth];
    const closed = months.filter((m) => locked.has(m));
    if (closed.length) {
      rowError(
        d.plan,
        "MONTH_LOCKED",
        null,
        monthLabel(closed[0]!),
        `The reporting month ${monthLabel(closed[0]!)} is locked; a response manager must unlock it before its records change.`,
      );
      continue;
    }
    if (d.kind === "create") {
      creates.push(d);
      continue;
    }
    const storedScope = scopeOf(recordValues(d.existing), storedParent.get(d.existing.sectorId) ?? null);
    const reviewer =
      mayOn(options.principal, "activity:review", responseId, storedScope) &&
      mayOn(options.principal, "activity:review", responseId, scopeOf(d.plan.values, d.plan.sectorParentId));
    if (!reviewer && !mayOn(options.principal, "activity:write", responseId, storedScope)) {
      rowError(
        d.plan,
        "FORBIDDEN_ORGANISATION",
        null,
        null,
        `You may not change the stored record ${d.existing.id}.`,
      );
      continue;
    }
    if (!reviewer && (d.existing.reviewState === "submitted" || d.existing.reviewState === "approved")) {
      rowError(
        d.plan,
        "RECORD_UNDER_REVIEW",
        null,
        d.existing.reviewState,
        `The stored record ${d.existing.id} is ${d.existing.reviewState}: only a reviewer may change it (ask the sector coordinator).`,
      );
      continue;
    }
    updates.push(d);
    const before = recordValues(d.existing);
    if (keyDigest(before) !== keyDigest(d.plan.values)) state.vacatedKeys.set(keyDigest(before), d.plan.row);
    const storedExternal = externalDigest(before);
    if (storedExternal && storedExternal !== externalDigest(d.plan.values))
      state.vacatedExternal.set(storedExternal, d.plan.row);
  }

  state.created += creates.length;
  state.updated += updates.length;
  if (!write) return;
  try {
    await writeCreates(tx, responseId, creates, options, !state.statisticsFresh);
    await writeUpdates(tx, responseId, updates, options);
  } catch (error) {
    // Another writer took a key between the check and the write: nothing of the import is kept.
    const code =
      (error as { code?: string; cause?: { code?: string } }).code ??
      (error as { cause?: { code?: string } }).cause?.code;
    if (code === "23505") throw conflict("Records changed while the file was imported; import it again.");
    throw error;
  }
}
