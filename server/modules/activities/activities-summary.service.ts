import { sql } from "drizzle-orm";
import { can, type Principal } from "../../../common/permissions.ts";
import type { ReviewState } from "../../../common/schemas/activities.ts";
import type { ActivitySummary } from "../../../common/schemas/activity-summary.ts";
import type { Db } from "../../db/client.ts";
import { forbidden, invalid, notFound } from "../../errors.ts";

/** One organisation's reporting at a glance, for its focal points: counts by month and review state. */

/** `2024-03` plus `n` months (n may be negative). */
export function addMonths(month: string, n: number): string {
  const d = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1 + n, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
}

const MAX_MONTHS = 36;
const REJECTED_SHOWN = 50;

type CountRow = { month: string; review_state: ReviewState; n: number };
type RejectedRow = {
  id: string;
  month: string;
  sector_code: string;
  sector_name: string;
  type_code: string;
  type_name: string;
  location_code: string;
  location_name: string;
  rejection_reason: string | null;
  reviewed_at: Date | string | null;
  total: number;
};

/**
 * The records the organisation reported, counted per reporting month and review state over a
 * range of months (default: the 12 months up to `now`), the locked months in that range, and its
 * rejected records with their reasons. Those who may write the organisation's records (its
 * editors, response managers, administrators; a read-only token of theirs too) may read it.
 */
export async function summariseOrganisation(
  db: Db,
  responseId: string,
  principal: Principal,
  query: { organisation: string; from?: string; to?: string },
  now = new Date(),
): Promise<ActivitySummary> {
  const to = query.to ?? now.toISOString().slice(0, 7);
  const from = query.from ?? addMonths(to, -11);
  if (from > to)
    throw invalid("The month range is empty.", [
      { path: "querystring.to", message: "must not be before from" },
    ]);
  if (addMonths(from, MAX_MONTHS - 1) < to)
    throw invalid(`The month range is longer than ${MAX_MONTHS} months.`, [
      { path: "querystring.from", message: `at most ${MAX_MONTHS} months before to` },
    ]);

  const orgResult = await db.execute<{ id: string; name: string; acronym: string | null }>(
    sql`SELECT id, name, acronym FROM organisations WHERE response_id = ${responseId} AND id = ${query.organisation}`,
  );
  const organisation = orgResult.rows[0];
  if (!organisation) throw notFound("Organisation");
  // A read: a read-only token may see what its user may write.
  if (
    !can({ ...principal, scope: "write" }, "activity:write", { responseId, organisationId: organisation.id })
  )
    throw forbidden("Only the organisation's editors and response managers see its summary.");

  const first = `${from}-01`;
  const last = `${to}-01`;
  const counted = await db.execute<CountRow>(sql`
    SELECT to_char(reporting_month, 'YYYY-MM') AS month, review_state, count(*)::int AS n
    FROM activities
    WHERE response_id = ${responseId} AND reporting_org_id = ${organisation.id}
      AND reporting_month BETWEEN ${first}::date AND ${last}::date
    GROUP BY 1, 2`);
  const locks = await db.execute<{ month: string }>(sql`
    SELECT to_char(month, 'YYYY-MM') AS month FROM month_locks
    WHERE response_id = ${responseId} AND month BETWEEN ${first}::date AND ${last}::date
    ORDER BY month DESC`);
  const rejected = await db.execute<RejectedRow>(sql`
    SELECT a.id, to_char(a.reporting_month, 'YYYY-MM') AS month, s.code AS sector_code, s.name AS sector_name,
      t.code AS type_code, t.name AS type_name, l.code AS location_code, l.name AS location_name,
      a.rejection_reason, a.reviewed_at, count(*) OVER ()::int AS total
    FROM activities a
    JOIN sectors s ON s.response_id = a.response_id AND s.id = a.sector_id
    JOIN activity_types t ON t.response_id = a.response_id AND t.id = a.activity_type_id
    JOIN locations l ON l.response_id = a.response_id AND l.id = a.location_id
    WHERE a.response_id = ${responseId} AND a.reporting_org_id = ${organisation.id} AND a.review_state = 'rejected'
    ORDER BY a.reporting_month DESC, a.id DESC
    LIMIT ${REJECTED_SHOWN}`);

  const months: ActivitySummary["months"] = [];
  for (let m = to; m >= from; m = addMonths(m, -1)) {
    const row = { month: m, draft: 0, submitted: 0, approved: 0, rejected: 0 };
    for (const c of counted.rows) if (c.month === m) row[c.review_state] = Number(c.n);
    months.push(row);
  }
  return {
    organisation,
    from,
    to,
    months,
    lockedMonths: locks.rows.map((r) => r.month),
    rejected: rejected.rows.map((r) => ({
      id: r.id,
      reportingMonth: r.month,
      sector: { code: r.sector_code, name: r.sector_name },
      activityType: { code: r.type_code, name: r.type_name },
      location: { code: r.location_code, name: r.location_name },
      rejectionReason: r.rejection_reason,
      reviewedAt: r.reviewed_at === null ? null : new Date(r.reviewed_at).toISOString(),
    })),
    rejectedTotal: Number(rejected.rows[0]?.total ?? 0),
  };
}
