import { sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { invalid } from "../../errors.ts";

/** Links from a practice to the 4W records that apply it, and to documents of the response's library. */

export async function requireActivities(db: Db, responseId: string, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const found = await db.execute<{ id: string }>(
    sql`SELECT id FROM activities WHERE response_id = ${responseId} AND id = ANY(${sql.param(ids)}::uuid[])`,
  );
  const known = new Set(found.rows.map((r) => r.id));
  const missing = ids.filter((id) => !known.has(id));
  if (missing.length)
    throw invalid(
      "Some 4W activities do not exist in this response.",
      missing.map((id) => ({ path: "body.activityIds", message: `unknown activity ${id}` })),
    );
}

/**
 * Documents are checked against the documents library when it exists (it is built beside this
 * module); until then a practice carries links and attachments as URLs and refuses document ids.
 */
export async function requireDocuments(db: Db, responseId: string, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const table = await db.execute<{ exists: boolean }>(
    sql`SELECT to_regclass('public.documents') IS NOT NULL AS exists`,
  );
  const known = new Set<string>();
  if (table.rows[0]?.exists) {
    const found = await db.execute<{ id: string }>(
      sql`SELECT id FROM documents WHERE response_id = ${responseId} AND id = ANY(${sql.param(ids)}::uuid[])`,
    );
    for (const r of found.rows) known.add(r.id);
  }
  const missing = ids.filter((id) => !known.has(id));
  if (missing.length)
    throw invalid(
      "Some documents do not exist in this response's library.",
      missing.map((id) => ({ path: "body.documentIds", message: `unknown document ${id}` })),
    );
}

/**
 * "BRAC · Hygiene promotion · Camp 1E · 2024-03" for each linked record the reader may see:
 * approved records for everyone, all of them for reviewers.
 */
export async function activityLabels(db: Db, responseId: string, ids: string[], all: boolean) {
  if (ids.length === 0) return [];
  const rows = await db.execute<{ id: string; label: string }>(sql`
    SELECT a.id, concat_ws(' · ', coalesce(o.acronym, o.name), t.name, l.name, to_char(a.reporting_month, 'YYYY-MM')) AS label
    FROM activities a
    JOIN organisations o ON o.response_id = a.response_id AND o.id = a.reporting_org_id
    JOIN activity_types t ON t.response_id = a.response_id AND t.id = a.activity_type_id
    JOIN locations l ON l.response_id = a.response_id AND l.id = a.location_id
    WHERE a.response_id = ${responseId} AND a.id = ANY(${sql.param(ids)}::uuid[])
      AND (${all} OR (a.review_state = 'approved' AND NOT l.sensitive))
    ORDER BY label`);
  return rows.rows;
}
