import { createHash } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import type { DuplicationKind, duplicationOutput, Finding } from "../../../common/schemas/analysis.ts";
import type { Db } from "../../db/client.ts";
import { duplicationReviews } from "../../db/schema/analysis.ts";
import { AppError } from "../../errors.ts";
import { type Actor, recordAudit } from "../audit/audit.service.ts";
import { cellsFrom, namesOf, reachedSql, recordsSql, type Scope } from "./analysis.queries.ts";

/**
 * Duplication and double counting, computed from the 4W records of the months asked:
 * - `same_activity`: two or more organisations doing the same activity type at the same location
 *   in overlapping periods (start and end dates, whatever month each record was reported in),
 *   where the overlap touches the months asked. A finding is one activity type and location and
 *   the month its overlaps start: that month names it (its key), so the finding and its review are
 *   the same in every view that shows it (a January–March record and a February one make a
 *   February finding, shown for any months that include February);
 * - `shared_partner`: one implementing organisation reported by two or more reporting organisations
 *   for the same activity type, location and month (the same work counted twice);
 * - `over_reach`: people reached in a sector at a location in a month above its population (latest
 *   round) or its people in need.
 * A finding can be marked "reviewed, not a duplicate"; the review holds while its records are the
 * ones the reviewer saw (same ids and versions).
 */

const maxFindings = 500;

interface Group {
  kind: DuplicationKind;
  sector_id: string;
  location_id: string;
  month: string;
  activity_type_id: string | null;
  partner_id: string | null;
  ids: string[];
  reached: number | null;
  limit_value: number | null;
  limit_kind: "population" | "in_need" | null;
  [column: string]: unknown;
}

async function groups(db: Db, scope: Scope): Promise<Group[]> {
  const records = recordsSql(scope);
  // The scope's records of any reporting month (their dates decide), with who does the work.
  const dated = sql`(SELECT a.id, a.sector_id, a.location_id, a.activity_type_id, a.start_date, a.end_date,
      coalesce(a.implementing_org_id, a.reporting_org_id) AS org
    FROM activities a WHERE ${recordsSql({ ...scope, from: null, to: null })})`;
  const first = sql`${scope.from}::date`;
  const after = sql`(${scope.to}::date + interval '1 month')::date`;
  // Records x and y of two organisations, same activity type and place, with overlapping periods.
  const overlap = sql`y.sector_id = x.sector_id AND y.location_id = x.location_id
    AND y.activity_type_id = x.activity_type_id AND y.org <> x.org
    AND x.start_date <= y.end_date AND y.start_date <= x.end_date`;
  // One pass over the pairs whose overlap touches the months asked (ongoing work that started long
  // ago included), each side narrowed to the window before pairing. A finding is named by the month
  // its overlap starts, so its key is the same in every view. Its records are those of the pairs
  // the view sees: a view that cuts some pairs of that month off lists fewer, and a review made
  // elsewhere then asks to be made again (it holds while the records are the same). At a million
  // records a second pass re-reading every group's records took over 10 s a request.
  const start = sql`greatest(x.start_date, y.start_date)`;
  const result = await db.execute<Group>(sql`
    -- The records in the window are read once (one scan of the response's records) and paired.
    (WITH dated AS MATERIALIZED (SELECT * FROM ${dated} d WHERE d.start_date < ${after} AND d.end_date >= ${first})
    SELECT 'same_activity' AS kind, x.sector_id, x.location_id,
      date_trunc('month', ${start})::date::text AS month, x.activity_type_id, NULL::uuid AS partner_id,
      array_agg(DISTINCT x.id ORDER BY x.id)::text[] AS ids,
      NULL::float8 AS reached, NULL::float8 AS limit_value, NULL AS limit_kind
    FROM dated x JOIN dated y ON ${overlap}
    WHERE ${start} < ${after} AND least(x.end_date, y.end_date) >= ${first}
    GROUP BY x.sector_id, x.location_id, date_trunc('month', ${start}), x.activity_type_id
    ORDER BY month DESC LIMIT ${maxFindings})
    UNION ALL
    -- A partner reported by two organisations is the implementing partner of at least one record
    -- (otherwise every record names its reporter): the groups of such records are found first,
    -- then their records, instead of grouping every record of the window.
    (WITH delegated AS MATERIALIZED (
      SELECT DISTINCT a.sector_id, a.location_id, a.reporting_month, a.activity_type_id, a.implementing_org_id AS org
      FROM activities a WHERE ${records} AND a.implementing_org_id IS NOT NULL)
    SELECT 'shared_partner', d.sector_id, d.location_id, d.reporting_month::text, d.activity_type_id, d.org,
      array_agg(a.id ORDER BY a.id)::text[], NULL::float8, NULL::float8, NULL
    FROM delegated d JOIN activities a ON a.response_id = ${scope.responseId} AND a.location_id = d.location_id
      AND a.reporting_month = d.reporting_month AND a.activity_type_id = d.activity_type_id
      AND a.sector_id = d.sector_id AND coalesce(a.implementing_org_id, a.reporting_org_id) = d.org
    WHERE ${records}
    GROUP BY d.sector_id, d.location_id, d.reporting_month, d.activity_type_id, d.org
    HAVING count(DISTINCT a.reporting_org_id) > 1
    ORDER BY d.reporting_month DESC LIMIT ${maxFindings})
    UNION ALL
    -- Reached against the population (latest round assessed by then) and the people in need. The
    -- limits are read in one pass each and joined, and the record ids fetched only for the groups
    -- over a limit: a year of a million records has ~90,000 groups, and a lookup per group (a scan
    -- of the plan figures each) took tens of seconds.
    (WITH reached AS (
      SELECT a.sector_id, a.location_id, a.period_start AS reporting_month, ${reachedSql} AS reached
      FROM ${cellsFrom(scope, true)} GROUP BY 1, 2, 3),
    -- Each place's population per round (rounds are few), then the latest round assessed by the month.
    place_rounds AS (
      SELECT q.location_id, d.assessed_on, sum(q.individuals)::float8 AS individuals
      FROM population_figures q JOIN displacement_rounds d ON d.response_id = q.response_id AND d.id = q.round_id
      WHERE q.response_id = ${scope.responseId} GROUP BY q.location_id, d.id, d.assessed_on),
    population AS (
      SELECT DISTINCT ON (m.location_id, m.reporting_month) m.location_id, m.reporting_month,
        pr.individuals AS population
      FROM (SELECT DISTINCT location_id, reporting_month FROM reached) m
      JOIN place_rounds pr ON pr.location_id = m.location_id
        AND pr.assessed_on < m.reporting_month + interval '1 month'
      ORDER BY m.location_id, m.reporting_month, pr.assessed_on DESC),
    -- People in need per sector, place and year: the latest figure of each population group; the
    -- whole population's figure when given, else the groups' sum. One read of the plan figures.
    need AS (
      SELECT sector_id, location_id, year,
        coalesce(max(value) FILTER (WHERE population_group_id IS NULL), sum(value))::float8 AS in_need
      FROM (SELECT DISTINCT ON (f.sector_id, f.location_id, f.year, f.population_group_id)
          f.sector_id, f.location_id, f.year, f.population_group_id, f.value
        FROM plan_figures f WHERE f.response_id = ${scope.responseId} AND f.metric = 'in_need'
          AND f.location_id IS NOT NULL AND f.sector_id IS NOT NULL
        ORDER BY f.sector_id, f.location_id, f.year, f.population_group_id, f.as_of DESC) latest
      GROUP BY sector_id, location_id, year),
    over AS (
      SELECT r.*, p.population, n.in_need FROM reached r
      LEFT JOIN population p ON p.location_id = r.location_id AND p.reporting_month = r.reporting_month
      LEFT JOIN need n ON n.sector_id = r.sector_id AND n.location_id = r.location_id
        AND n.year = extract(year FROM r.reporting_month)::int
      WHERE r.reached > p.population OR r.reached > n.in_need
      ORDER BY r.reporting_month DESC LIMIT ${maxFindings})
    SELECT 'over_reach', o.sector_id, o.location_id, o.reporting_month::text, NULL::uuid, NULL::uuid,
      (SELECT array_agg(a.id ORDER BY a.id)::text[] FROM activities a WHERE ${records}
        AND a.sector_id = o.sector_id AND a.location_id = o.location_id AND a.reporting_month = o.reporting_month),
      o.reached,
      CASE WHEN o.population IS NOT NULL AND o.reached > o.population THEN o.population ELSE o.in_need END,
      CASE WHEN o.population IS NOT NULL AND o.reached > o.population THEN 'population' ELSE 'in_need' END
    FROM over o ORDER BY o.reporting_month DESC)`);
  return result.rows;
}

interface RecordRow {
  id: string;
  version: number;
  reporting_org: string;
  implementing_org: string | null;
  activity_type: string;
  month: string;
  start_date: string;
  end_date: string;
  reached: number | null;
  [key: string]: unknown;
}

async function recordsOf(db: Db, responseId: string, ids: string[]) {
  if (!ids.length) return new Map<string, RecordRow>();
  const result = await db.execute<RecordRow>(sql`
    SELECT a.id, a.version, coalesce(ro.acronym, ro.name) AS reporting_org,
      coalesce(io.acronym, io.name) AS implementing_org, t.name AS activity_type,
      to_char(a.reporting_month, 'YYYY-MM') AS month, a.start_date::text, a.end_date::text, a.reached_total AS reached
    FROM activities a
    JOIN organisations ro ON ro.response_id = a.response_id AND ro.id = a.reporting_org_id
    LEFT JOIN organisations io ON io.response_id = a.response_id AND io.id = a.implementing_org_id
    JOIN activity_types t ON t.response_id = a.response_id AND t.id = a.activity_type_id
    WHERE a.response_id = ${responseId} AND a.id = ANY(${sql.param(ids)}::uuid[])`);
  return new Map(result.rows.map((r) => [r.id, r]));
}

const keyOf = (g: Group) =>
  [
    g.kind,
    g.sector_id,
    g.location_id,
    g.month.slice(0, 7),
    g.activity_type_id ?? "-",
    g.partner_id ?? "-",
  ].join(":");

const digestOf = (records: RecordRow[]) =>
  createHash("sha256")
    .update(
      records
        .map((r) => `${r.id}@${r.version}`)
        .sort()
        .join(","),
    )
    .digest("hex");

/** The findings of the scope, each with the digest of its records (ids and versions). */
async function computeFindings(db: Db, scope: Scope): Promise<{ finding: Finding; digest: string }[]> {
  const found = scope.from ? await groups(db, scope) : [];
  const [records, locations, sectors, types, reviews] = await Promise.all([
    recordsOf(db, scope.responseId, [...new Set(found.flatMap((g) => g.ids))]),
    namesOf(db, "locations", scope.responseId, [...new Set(found.map((g) => g.location_id))]),
    namesOf(db, "sectors", scope.responseId, [...new Set(found.map((g) => g.sector_id))]),
    typeNames(db, scope.responseId, [...new Set(found.flatMap((g) => g.activity_type_id ?? []))]),
    db.select().from(duplicationReviews).where(eq(duplicationReviews.responseId, scope.responseId)),
  ]);
  const reviewOf = new Map(reviews.map((r) => [r.findingKey, r]));
  const reviewers = await reviewerNames(db, [...new Set(reviews.flatMap((r) => r.reviewedBy ?? []))]);
  return found.map((g) => {
    const rows = g.ids.flatMap((id) => records.get(id) ?? []);
    const key = keyOf(g);
    const digest = digestOf(rows);
    const review = reviewOf.get(key);
    const current = review && review.recordsDigest === digest ? review : null;
    const finding: Finding = {
      key,
      kind: g.kind,
      sector: sectors.get(g.sector_id) ?? { id: g.sector_id, code: "?", name: "?" },
      location: locations.get(g.location_id) ?? { id: g.location_id, code: "?", name: "?" },
      month: g.month.slice(0, 7),
      activityType: g.activity_type_id ? (types.get(g.activity_type_id) ?? null) : null,
      organisations: [...new Set(rows.map((r) => r.implementing_org ?? r.reporting_org))].sort(),
      reached: g.reached,
      limit: g.limit_value,
      limitKind: g.limit_kind,
      records: rows.map((r) => ({
        id: r.id,
        reportingOrg: r.reporting_org,
        implementingOrg: r.implementing_org,
        activityType: r.activity_type,
        month: r.month,
        startDate: r.start_date,
        endDate: r.end_date,
        reached: r.reached,
      })),
      review: current
        ? {
            reason: current.reason,
            reviewedBy: current.reviewedBy ? (reviewers.get(current.reviewedBy) ?? null) : null,
            reviewedAt: current.reviewedAt.toISOString(),
          }
        : null,
    };
    return { finding, digest };
  });
}

/** The findings of the scope, newest month first, each with its records and its review if any. */
export async function findDuplication(
  db: Db,
  scope: Scope,
  state: "open" | "reviewed" | "all",
): Promise<z.infer<typeof duplicationOutput>> {
  const findings = (await computeFindings(db, scope)).map((f) => f.finding);
  const reviewed = findings.filter((f) => f.review).length;
  const shown = findings.filter((f) => state === "all" || (state === "reviewed") === !!f.review);
  shown.sort((a, b) => b.month.localeCompare(a.month) || a.location.code.localeCompare(b.location.code));
  return {
    from: scope.from?.slice(0, 7) ?? null,
    to: scope.to?.slice(0, 7) ?? null,
    findings: shown,
    open: findings.length - reviewed,
    reviewed,
  };
}

async function typeNames(db: Db, responseId: string, ids: string[]) {
  if (!ids.length) return new Map<string, { id: string; code: string; name: string }>();
  const result = await db.execute<{ id: string; code: string; name: string }>(sql`
    SELECT id, code, name FROM activity_types WHERE response_id = ${responseId} AND id = ANY(${sql.param(ids)}::uuid[])`);
  return new Map(result.rows.map((r) => [r.id, r]));
}

async function reviewerNames(db: Db, ids: string[]) {
  if (!ids.length) return new Map<string, string>();
  const result = await db.execute<{ id: string; name: string }>(sql`
    SELECT id, coalesce(nullif(name, ''), email) AS name FROM users WHERE id = ANY(${sql.param(ids)}::uuid[])`);
  return new Map(result.rows.map((r) => [r.id, r.name]));
}

/** The finding of a key as computed now (404 when it no longer exists in its month). */
export async function findingByKey(db: Db, scope: Omit<Scope, "from" | "to" | "sectorId">, key: string) {
  const [kind, sectorId, , month] = key.split(":");
  if (!kind || !sectorId || !month || !/^\d{4}-\d{2}$/.test(month) || !/^[0-9a-f-]{36}$/.test(sectorId))
    throw new AppError("VALIDATION_FAILED", "This is not a duplication finding key.", [
      { path: "body.key", message: "not a finding key" },
    ]);
  const computed = await computeFindings(db, { ...scope, sectorId, from: `${month}-01`, to: `${month}-01` });
  const found = computed.find((f) => f.finding.key === key);
  if (!found) throw new AppError("NOT_FOUND", "No such duplication finding (its records may have changed).");
  return found;
}

/** Marks a finding "reviewed, not a duplicate" (or updates the reason), audited. */
export async function reviewFinding(
  db: Db,
  actor: Actor,
  responseId: string,
  { finding, digest }: { finding: Finding; digest: string },
  reason: string,
) {
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(duplicationReviews)
      .where(
        and(eq(duplicationReviews.responseId, responseId), eq(duplicationReviews.findingKey, finding.key)),
      );
    const values = {
      responseId,
      findingKey: finding.key,
      kind: finding.kind,
      sectorId: finding.sector.id,
      recordsDigest: digest,
      reason,
      reviewedBy: actor.id,
      reviewedAt: new Date(),
    };
    const [after] = await tx
      .insert(duplicationReviews)
      .values(values)
      .onConflictDoUpdate({
        target: [duplicationReviews.responseId, duplicationReviews.findingKey],
        set: values,
      })
      .returning();
    await recordAudit(tx, {
      responseId,
      actor,
      action: before ? "update" : "create",
      entityType: "duplication_review",
      entityId: after!.id,
      before: before ?? null,
      after: after ?? null,
    });
  });
}
