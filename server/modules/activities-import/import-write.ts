import { sql } from "drizzle-orm";
import type pg from "pg";
import { copyIn, type Db, transactionClientOf, yieldToEventLoop } from "../../db/client.ts";
import { conflict } from "../../errors.ts";
import type { RecordValues } from "../activities/activities.guards.ts";
import { type AuditEntry, copyAuditMany, recordAuditMany } from "../audit/audit.service.ts";
import type { Decision } from "./import-commit.ts";
import { BATCH, type ImportOptions, type PlannedRow } from "./import-types.ts";

/**
 * Writing an import's decided rows: new records and updates in batches through `unnest` arrays,
 * their donors, and their audit entries, inside the import's transaction. On PostgreSQL new
 * records, their donors and audit rows go through COPY FROM STDIN instead.
 */

/**
 * The record's columns an import writes, in one order for the INSERT and UPDATE through unnest
 * arrays (with the SQL type of each array) and for COPY's lines.
 */
const valueDefs: [name: string, type: string, pick: (v: RecordValues) => string | number | null][] = [
  ["reporting_org_id", "uuid", (v) => v.reportingOrgId],
  ["implementing_org_id", "uuid", (v) => v.implementingOrgId],
  ["sector_id", "uuid", (v) => v.sectorId],
  ["sub_sector_id", "uuid", (v) => v.subSectorId],
  ["activity_type_id", "uuid", (v) => v.activityTypeId],
  ["indicator_id", "uuid", (v) => v.indicatorId],
  ["location_id", "uuid", (v) => v.locationId],
  ["population_group_id", "uuid", (v) => v.populationGroupId],
  ["status", "text", (v) => v.status],
  ["start_date", "date", (v) => v.startDate],
  ["end_date", "date", (v) => v.endDate],
  ["reporting_month", "date", (v) => v.reportingMonth],
  ["quantity", "numeric", (v) => v.quantity],
  ["unit", "text", (v) => v.unit],
  ["reached_total", "int", (v) => v.reachedTotal],
  ["women", "int", (v) => v.women],
  ["men", "int", (v) => v.men],
  ["girls", "int", (v) => v.girls],
  ["boys", "int", (v) => v.boys],
  ["elderly", "int", (v) => v.elderly],
  ["persons_with_disabilities", "int", (v) => v.personsWithDisabilities],
  ["modality", "text", (v) => v.modality],
  ["notes", "text", (v) => v.notes],
  ["external_id", "text", (v) => v.externalId],
];
const valueColumns = (batch: { plan: PlannedRow }[]) =>
  sql.join(
    valueDefs.map(
      ([, type, pick]) => sql`${sql.param(batch.map((d) => pick(d.plan.values)))}::${sql.raw(type)}[]`,
    ),
    sql`, `,
  );
const valueNameList = valueDefs.map(([name]) => name).join(", ");
const valueNames = sql.raw(valueNameList);
/** The values of a record as COPY cells, in the order of `valueNames`. */
const valueCells = (v: RecordValues) => valueDefs.map(([, , pick]) => pick(v));

/**
 * Refreshes the planner's statistics mid-import: after the first 5,000 records written, then each
 * time the import has written four times as many (four times for a million; small files never).
 * The planner sizes a table by its pages but judges each condition by the statistics of the last
 * ANALYZE: with none (a table emptied since, or new), each record lookup of the matching looked
 * like one row by any index on \`response_id\`, and took the organisation's index, reading a
 * thirtieth of the table per row (100k rows: 96 s of a 131 s import). ANALYZE inside the
 * transaction samples its own uncommitted rows. It holds off autovacuum and other ANALYZEs of
 * these tables (so another large import's refresh waits) until this import ends.
 */
export async function refreshStatistics(tx: Db, written: number, last: number): Promise<number> {
  if (written < Math.max(5000, 4 * last)) return last;
  await tx.execute(sql`ANALYZE activities, activity_donors`);
  return written;
}

async function writeDonors(tx: Db, responseId: string, pairs: [string, string][]) {
  if (pairs.length === 0) return;
  // The foreign-key check of a donor row finds its record through a plan cached when the table
  // was small: a scan of every record written so far (quadratic). Plan it for the data it meets.
  await tx.execute(sql`SET LOCAL plan_cache_mode = force_custom_plan`);
  await tx.execute(sql`INSERT INTO activity_donors (response_id, activity_id, organisation_id)
    SELECT ${responseId}, a, o FROM unnest(${sql.param(pairs.map((p) => p[0]))}::uuid[], ${sql.param(pairs.map((p) => p[1]))}::uuid[]) AS t(a, o)`);
  await tx.execute(sql`SET LOCAL plan_cache_mode = auto`);
}

type Create = Extract<Decision, { kind: "create" }>;

/**
 * One audit row per record, without its values: they are the record's at version 1, which is
 * either the record as it stands or, once changed, the `before` of the audit row of that change
 * (every later write, review or delete of a record logs its full `before`). The values made
 * half of an import's writes (about 1 kB of JSON a record) and a third of its time.
 */
const createAudit = (responseId: string, batch: Create[], options: ImportOptions): AuditEntry[] =>
  batch.map((d) => ({
    responseId,
    actor: options.actor,
    action: "activity.create",
    entityType: "activity",
    entityId: d.id,
    after: { version: 1, reviewState: options.submit ? "submitted" : "draft" },
    reason: `import, row ${d.plan.row}`,
  }));

/**
 * New records, their donors and audit rows: COPY on PostgreSQL, INSERT on PGlite. `customPlans`:
 * see copyCreates.
 */
export async function writeCreates(
  tx: Db,
  responseId: string,
  creates: Create[],
  options: ImportOptions,
  customPlans = true,
) {
  if (creates.length === 0) return;
  // COPY must run on the transaction's own connection (all-or-nothing); PGlite has no STDIN.
  const client = transactionClientOf(tx);
  if (client) await copyCreates(client, responseId, creates, options, customPlans);
  else await insertCreates(tx, responseId, creates, options);
}

/**
 * New records through COPY FROM STDIN: one statement each for the records, their donors and
 * their audit rows, built 500 lines at a time while the server writes the previous ones (the
 * INSERT through unnest arrays had been measured at about 8 s per 100k records). The same rows
 * as `insertCreates`; a key taken meanwhile fails the COPY on the unique index (23505), so the
 * import rolls back with 409 as before.
 *
 * `customPlans`: the donors' foreign-key checks are planned for each row (force_custom_plan), so
 * that they never reuse a plan this connection cached when `activities` was small (a scan of it).
 * Once the import has refreshed the statistics (refreshStatistics, which also drops the plans
 * cached for the table), the import passes false: the cached plan is then an index probe, and
 * planning every check took 2.6 s of a 100k-row import where the checks take 1.1 s.
 */
export async function copyCreates(
  client: pg.Client,
  responseId: string,
  creates: Create[],
  options: ImportOptions,
  customPlans = true,
) {
  const reviewState = options.submit ? "submitted" : "draft";
  const createdBy = options.principal.userId || null;
  await copyIn(
    client,
    `COPY activities (response_id, review_state, id, created_by, ${valueNameList}) FROM STDIN`,
    creates.map((d) => [responseId, reviewState, d.id, createdBy, ...valueCells(d.plan.values)]),
  );
  const donors = creates.flatMap((d) => d.plan.donorIds.map((o) => [responseId, d.id, o]));
  if (donors.length) {
    if (customPlans) await client.query("SET LOCAL plan_cache_mode = force_custom_plan");
    await copyIn(
      client,
      "COPY activity_donors (response_id, activity_id, organisation_id) FROM STDIN",
      donors,
    );
    if (customPlans) await client.query("SET LOCAL plan_cache_mode = auto");
  }
  await copyAuditMany(client, createAudit(responseId, creates, options));
}

/** New records through INSERT … SELECT FROM unnest, 500 a statement (PGlite; tests compare it to COPY). */
export async function insertCreates(tx: Db, responseId: string, creates: Create[], options: ImportOptions) {
  const createdBy = options.principal.userId || null;
  const reviewState = options.submit ? "submitted" : "draft";
  for (let i = 0; i < creates.length; i += BATCH) {
    const batch = creates.slice(i, i + BATCH);
    await tx.execute(sql`
      INSERT INTO activities (response_id, review_state, id, created_by, ${valueNames})
      SELECT ${responseId}, ${reviewState}, t.*  FROM (
        SELECT * FROM unnest(${sql.param(batch.map((d) => d.id))}::uuid[], ${sql.param(batch.map(() => createdBy))}::uuid[],
          ${valueColumns(batch)})
      ) AS t`);
    await writeDonors(
      tx,
      responseId,
      batch.flatMap((d) => d.plan.donorIds.map((o): [string, string] => [d.id, o])),
    );
    await recordAuditMany(tx, createAudit(responseId, batch, options));
    await yieldToEventLoop();
  }
}

export async function writeUpdates(
  tx: Db,
  responseId: string,
  updates: Extract<Decision, { kind: "update" }>[],
  options: ImportOptions,
) {
  for (let i = 0; i < updates.length; i += BATCH) {
    const batch = updates.slice(i, i + BATCH);
    const result = await tx.execute<{ id: string; review_state: string }>(sql`
      UPDATE activities a SET (${valueNames}, version, updated_at) = (
        t.reporting_org_id, t.implementing_org_id, t.sector_id, t.sub_sector_id, t.activity_type_id,
        t.indicator_id, t.location_id, t.population_group_id, t.status, t.start_date, t.end_date, t.reporting_month,
        t.quantity, t.unit, t.reached_total, t.women, t.men, t.girls, t.boys, t.elderly, t.persons_with_disabilities,
        t.modality, t.notes, t.external_id, a.version + 1, now()),
        -- Submitting on import sends drafts and rejected records (back) to review.
        review_state = CASE WHEN ${!!options.submit}::boolean AND a.review_state IN ('draft', 'rejected')
          THEN 'submitted' ELSE a.review_state END,
        rejection_reason = CASE WHEN ${!!options.submit}::boolean AND a.review_state IN ('draft', 'rejected')
          THEN NULL ELSE a.rejection_reason END
      FROM unnest(${sql.param(batch.map((d) => d.existing.id))}::uuid[], ${sql.param(batch.map((d) => d.existing.version))}::int[],
        ${valueColumns(batch)}) AS t(id, version, ${valueNames})
      WHERE a.response_id = ${responseId} AND a.id = t.id AND a.version = t.version
      RETURNING a.id, a.review_state`);
    if (result.rows.length !== batch.length)
      throw conflict("Records changed while the file was imported; import it again.");
    const stateAfter = new Map(result.rows.map((r) => [r.id, r.review_state]));
    const changedDonors = batch.filter((d) => d.donors.join(",") !== d.plan.donorIds.join(","));
    if (changedDonors.length) {
      await tx.execute(sql`DELETE FROM activity_donors WHERE response_id = ${responseId}
        AND activity_id = ANY(${sql.param(changedDonors.map((d) => d.existing.id))}::uuid[])`);
      await writeDonors(
        tx,
        responseId,
        changedDonors.flatMap((d) => d.plan.donorIds.map((o): [string, string] => [d.existing.id, o])),
      );
    }
    await recordAuditMany(
      tx,
      batch.map((d) => ({
        responseId,
        actor: options.actor,
        action: "activity.update",
        entityType: "activity",
        entityId: d.existing.id,
        before: { ...d.existing, donorIds: d.donors },
        after: {
          ...d.existing,
          ...d.plan.values,
          donorIds: d.plan.donorIds,
          reviewState: stateAfter.get(d.existing.id) ?? d.existing.reviewState,
          version: d.existing.version + 1,
        },
        reason: `import, row ${d.plan.row}`,
      })),
    );
    await yieldToEventLoop();
  }
}
