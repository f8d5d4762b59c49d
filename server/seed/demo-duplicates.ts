import { sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";

/**
 * A few 4W records that overlap others on purpose, so the demo's duplication page has findings to
 * review: in each of these sectors, the latest approved record is reported again by another
 * organisation (the same activity at the same place and month), and another is reported by a
 * second organisation naming the first as its implementing partner (the same work counted twice).
 * Both are common in real 4W data: a consortium where lead and member both report, a partner
 * reporting to two donors' focal points.
 */
const sectorsWithOverlaps = ["WASH", "HEALTH", "FSS", "PROT"];

export async function seedDemoDuplicates(db: Db, responseId: string): Promise<number> {
  const result = await db.execute<{ n: number }>(sql`
    WITH latest AS (
      SELECT * FROM (
        SELECT a.*, row_number() OVER (PARTITION BY a.sector_id
          ORDER BY a.reporting_month DESC, a.location_id, a.id DESC) AS k
        FROM activities a JOIN sectors s ON s.response_id = a.response_id AND s.id = a.sector_id
        WHERE a.response_id = ${responseId} AND a.review_state = 'approved'
          AND s.code = ANY(${sql.param(sectorsWithOverlaps)}::text[])) ranked
      WHERE k <= 2),
    chosen AS (
      SELECT l.*, (SELECT o.id FROM organisations o
        WHERE o.response_id = l.response_id AND o.id <> l.reporting_org_id
          AND o.id <> coalesce(l.implementing_org_id, l.reporting_org_id) AND o.type IN ('21', '22')
        ORDER BY md5(o.id::text || l.id::text) LIMIT 1) AS other_org
      FROM latest l),
    inserted AS (
      INSERT INTO activities (response_id, reporting_org_id, implementing_org_id, sector_id, sub_sector_id,
        activity_type_id, indicator_id, location_id, population_group_id, status, start_date, end_date,
        reporting_month, quantity, unit, reached_total, women, men, girls, boys, elderly,
        persons_with_disabilities, modality, notes, external_id, review_state, reviewed_at)
      SELECT response_id, other_org,
        CASE WHEN k = 2 THEN coalesce(implementing_org_id, reporting_org_id) END,
        sector_id, sub_sector_id, activity_type_id, indicator_id, location_id, population_group_id, status,
        start_date, end_date, reporting_month, quantity, unit, reached_total, women, men, girls, boys, elderly,
        persons_with_disabilities, modality,
        CASE WHEN k = 2 THEN 'Reported by the consortium lead for its member.'
          ELSE 'Figures from the partner''s own monthly report.' END,
        NULL, 'approved', now()
      FROM chosen WHERE other_org IS NOT NULL
      ON CONFLICT DO NOTHING
      RETURNING 1)
    SELECT count(*)::int AS n FROM inserted`);
  return result.rows[0]?.n ?? 0;
}
