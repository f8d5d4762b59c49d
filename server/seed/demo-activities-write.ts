import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { type Db, yieldToEventLoop } from "../db/client.ts";
import { recordAudit, systemActor } from "../modules/audit/audit.service.ts";
import {
  type DemoActivity,
  type GenerateOptions,
  generateDemoActivities,
  hashSeed,
} from "./demo-activities.ts";
import { loadDemoReference } from "./demo-reference.ts";

const BATCH = 1000;

/** Writes the records: one INSERT … SELECT FROM unnest per batch, donors likewise (decision 0004). */
export async function insertDemoActivities(
  db: Db,
  responseId: string,
  records: DemoActivity[],
): Promise<void> {
  for (let i = 0; i < records.length; i += BATCH) {
    const batch = records.slice(i, i + BATCH);
    const ids = batch.map(() => randomUUID());
    const col = <K extends keyof DemoActivity>(k: K) => sql.param(batch.map((r) => r[k]));
    await db.execute(sql`
      INSERT INTO activities (response_id, id, reporting_org_id, implementing_org_id, sector_id, sub_sector_id,
        activity_type_id, indicator_id, location_id, population_group_id, status, start_date, end_date,
        reporting_month, quantity, unit, reached_total, women, men, girls, boys, elderly,
        persons_with_disabilities, modality, notes, external_id, review_state, rejection_reason, reviewed_at)
      SELECT ${responseId}, * FROM unnest(
        ${sql.param(ids)}::uuid[], ${col("reportingOrgId")}::uuid[], ${col("implementingOrgId")}::uuid[],
        ${col("sectorId")}::uuid[], ${col("subSectorId")}::uuid[], ${col("activityTypeId")}::uuid[],
        ${col("indicatorId")}::uuid[], ${col("locationId")}::uuid[], ${col("populationGroupId")}::uuid[],
        ${col("status")}::text[], ${col("startDate")}::date[], ${col("endDate")}::date[],
        ${col("reportingMonth")}::date[], ${col("quantity")}::numeric[], ${col("unit")}::text[],
        ${col("reachedTotal")}::int[], ${col("women")}::int[], ${col("men")}::int[], ${col("girls")}::int[],
        ${col("boys")}::int[], ${col("elderly")}::int[], ${col("personsWithDisabilities")}::int[],
        ${col("modality")}::text[], ${col("notes")}::text[], ${col("externalId")}::text[],
        ${col("reviewState")}::text[], ${col("rejectionReason")}::text[], ${col("reviewedAt")}::timestamptz[])`);
    const donorActivity: string[] = [];
    const donorOrg: string[] = [];
    batch.forEach((r, j) => {
      for (const d of r.donorIds) {
        donorActivity.push(ids[j]!);
        donorOrg.push(d);
      }
    });
    if (donorActivity.length)
      await db.execute(sql`
        INSERT INTO activity_donors (response_id, activity_id, organisation_id)
        SELECT ${responseId}, * FROM unnest(${sql.param(donorActivity)}::uuid[], ${sql.param(donorOrg)}::uuid[])`);
    await yieldToEventLoop();
  }
}

/**
 * Seeds a year of 4W records into a demo response in one transaction, with one `activity.seed`
 * audit entry. Returns the number of records.
 */
export async function seedDemoActivities(
  db: Db,
  responseId: string,
  slug: string,
  options: Partial<GenerateOptions> = {},
): Promise<number> {
  return db.transaction(async (tx) => {
    const ref = await loadDemoReference(tx, responseId);
    const generateOptions: GenerateOptions = {
      seed: options.seed ?? hashSeed(slug),
      now: options.now ?? new Date(),
      target: options.target ?? 3000,
      prefix: options.prefix ?? slug.toUpperCase().slice(0, 8),
    };
    const records = generateDemoActivities(ref, generateOptions);
    await insertDemoActivities(tx, responseId, records);
    const months = [...new Set(records.map((r) => r.reportingMonth))].sort();
    await recordAudit(tx, {
      responseId,
      actor: systemActor,
      action: "activity.seed",
      entityType: "response",
      entityId: responseId,
      after: {
        records: records.length,
        from: months[0] ?? null,
        to: months.at(-1) ?? null,
        seed: generateOptions.seed,
      },
    });
    return records.length;
  });
}
