import { type SQL, sql } from "drizzle-orm";
import type { ActivityFilters, ActivityOutput } from "../../../common/schemas/activities.ts";
import type { Db } from "../../db/client.ts";
import { invalid } from "../../errors.ts";
import { type Cursor, type Page, toPage } from "../../http/list.ts";
import type { ReadScope } from "./activities.policy.ts";

/** Reading 4W records with the names of everything they refer to: one SQL shape for get, list and export. */

type Org = { id: string; name: string; acronym: string | null };

/**
 * A joined reference as flat columns (`s_id`, `s_code`, `s_name`): plain columns cost the database
 * and the driver far less than one JSON object per reference per row (exports read millions).
 */
type FlatRef<A extends string, K extends string> = {
  [P in `${A}_id` | `${A}_name` | `${A}_${K}`]: string | null;
};

type ActivityRow = {
  id: string;
  version: number;
  review_state: ActivityOutput["reviewState"];
  rejection_reason: string | null;
  reviewed_at: Date | string | null;
  donors: Org[];
  indicator_unit: string | null;
} & FlatRef<"ro" | "io", "acronym"> &
  FlatRef<"s" | "ss" | "t" | "i" | "l" | "pg", "code"> & {
    status: ActivityOutput["status"];
    start_date: string;
    end_date: string;
    reporting_month: string;
    quantity: number | string | null;
    unit: string | null;
    reached_total: number | null;
    women: number | null;
    men: number | null;
    girls: number | null;
    boys: number | null;
    elderly: number | null;
    persons_with_disabilities: number | null;
    modality: ActivityOutput["modality"];
    notes: string | null;
    external_id: string | null;
    created_at: Date | string;
    updated_at: Date | string;
  };

const iso = (value: Date | string) => new Date(value).toISOString();
// Both drivers parse json columns; a driver that leaves them as text is handled too.
const parsed = <T>(value: T | string): T => (typeof value === "string" ? (JSON.parse(value) as T) : value);

const org = (r: ActivityRow, a: "ro" | "io") =>
  r[`${a}_id`] ? { id: r[`${a}_id`]!, name: r[`${a}_name`]!, acronym: r[`${a}_acronym`] } : null;
const named = (r: ActivityRow, a: "s" | "ss" | "t" | "i" | "l" | "pg") =>
  r[`${a}_id`] ? { id: r[`${a}_id`]!, code: r[`${a}_code`]!, name: r[`${a}_name`]! } : null;

/** Maps a row of `selectActivities` to the API shape. */
export const presentActivity = (r: ActivityRow): ActivityOutput => ({
  id: r.id,
  version: r.version,
  reviewState: r.review_state,
  rejectionReason: r.rejection_reason,
  reviewedAt: r.reviewed_at === null ? null : iso(r.reviewed_at),
  reportingOrg: org(r, "ro")!,
  implementingOrg: org(r, "io"),
  donors: parsed(r.donors),
  sector: named(r, "s")!,
  subSector: named(r, "ss"),
  activityType: named(r, "t")!,
  indicator: r.i_id ? { ...named(r, "i")!, unit: r.indicator_unit ?? "" } : null,
  location: named(r, "l")!,
  populationGroup: named(r, "pg"),
  status: r.status,
  startDate: r.start_date,
  endDate: r.end_date,
  reportingMonth: r.reporting_month,
  quantity: r.quantity === null ? null : Number(r.quantity),
  unit: r.unit,
  reachedTotal: r.reached_total,
  women: r.women,
  men: r.men,
  girls: r.girls,
  boys: r.boys,
  elderly: r.elderly,
  personsWithDisabilities: r.persons_with_disabilities,
  modality: r.modality,
  notes: r.notes,
  externalId: r.external_id,
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
});

const flat = (alias: string, third: string) =>
  sql.raw(
    `${alias}.id AS ${alias}_id, ${alias}.name AS ${alias}_name, ${alias}.${third} AS ${alias}_${third}`,
  );

/**
 * SQL condition on the record `a` alone (references through `IN` subqueries, so a page is picked
 * by walking the month index and stopping at the limit, never by joining and sorting every row):
 * the record is readable in this scope.
 */
export function visibleSql(responseId: string, scope: ReadScope): SQL {
  const parts: SQL[] = [];
  if (!scope.all) {
    const orgs = sql.param(scope.organisationIds);
    const sectors = sql.param(scope.sectorIds);
    parts.push(sql`(a.review_state = 'approved' OR a.reporting_org_id = ANY(${orgs}::uuid[])
      OR a.sector_id = ANY(${sectors}::uuid[]) OR a.sub_sector_id = ANY(${sectors}::uuid[])
      OR a.sector_id IN (SELECT id FROM sectors WHERE response_id = ${responseId} AND parent_id = ANY(${sectors}::uuid[])))`);
  }
  if (!scope.includeSensitive) {
    // Sensitivity belongs to a code: one sensitive version hides every version (as in the gazetteer).
    parts.push(
      sql`a.location_id NOT IN (SELECT l2.id FROM locations l2 WHERE l2.response_id = ${responseId}
        AND l2.code IN (SELECT x.code FROM locations x WHERE x.response_id = ${responseId} AND x.sensitive))`,
    );
  }
  return parts.length ? sql.join(parts, sql` AND `) : sql`TRUE`;
}

/**
 * Records of one response with their references' names: `where` (on the record `a` alone) and
 * `tail` (order and limit) pick the records first, then their references are joined.
 */
export async function selectActivities(
  db: Db,
  responseId: string,
  where: SQL,
  tail: SQL = sql``,
  prefix: SQL = sql``,
): Promise<ActivityOutput[]> {
  const result = await db.execute<ActivityRow>(sql`${prefix}
    SELECT a.id, a.version, a.review_state, a.rejection_reason, a.reviewed_at,
      ${flat("ro", "acronym")}, ${flat("io", "acronym")},
      (SELECT coalesce(json_agg(json_build_object('id', o.id, 'name', o.name, 'acronym', o.acronym) ORDER BY o.name, o.id), '[]'::json)
        FROM activity_donors d JOIN organisations o ON o.response_id = d.response_id AND o.id = d.organisation_id
        WHERE d.response_id = a.response_id AND d.activity_id = a.id) AS donors,
      ${flat("s", "code")}, ${flat("ss", "code")}, ${flat("t", "code")}, ${flat("i", "code")},
      i.unit AS indicator_unit, ${flat("l", "code")}, ${flat("pg", "code")},
      a.status, a.start_date::text AS start_date, a.end_date::text AS end_date,
      a.reporting_month::text AS reporting_month, a.quantity::float8 AS quantity, a.unit,
      a.reached_total, a.women, a.men, a.girls, a.boys, a.elderly, a.persons_with_disabilities,
      a.modality, a.notes, a.external_id, a.created_at, a.updated_at
    FROM (SELECT * FROM activities a WHERE a.response_id = ${responseId} AND ${where} ${tail}) a
    JOIN organisations ro ON ro.response_id = a.response_id AND ro.id = a.reporting_org_id
    LEFT JOIN organisations io ON io.response_id = a.response_id AND io.id = a.implementing_org_id
    JOIN sectors s ON s.response_id = a.response_id AND s.id = a.sector_id
    LEFT JOIN sectors ss ON ss.response_id = a.response_id AND ss.id = a.sub_sector_id
    JOIN activity_types t ON t.response_id = a.response_id AND t.id = a.activity_type_id
    LEFT JOIN indicators i ON i.response_id = a.response_id AND i.id = a.indicator_id
    JOIN locations l ON l.response_id = a.response_id AND l.id = a.location_id
    LEFT JOIN population_groups pg ON pg.response_id = a.response_id AND pg.id = a.population_group_id
    ORDER BY a.reporting_month DESC, a.id DESC`);
  return result.rows.map(presentActivity);
}

/** One record as the API shows it, or null when missing or not readable in this scope. */
export async function findActivity(
  db: Db,
  responseId: string,
  id: string,
  scope: ReadScope,
): Promise<ActivityOutput | null> {
  const [row] = await selectActivities(
    db,
    responseId,
    sql`a.id = ${id} AND ${visibleSql(responseId, scope)}`,
  );
  return row ?? null;
}

const likeOf = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The conditions of the 4W list's filters and visibility on the record `a`, with the `subtree` CTE
 * (the location asked and everything below it) that the location filter reads. The list and the
 * export (activities-export/export-sql.ts) both take them from here.
 */
export function activityFilterSql(
  responseId: string,
  filter: ActivityFilters & { q?: string },
  scope: ReadScope,
): { where: SQL[]; subtree: SQL | null } {
  const where: SQL[] = [visibleSql(responseId, scope)];
  let subtree: SQL | null = null;
  if (filter.location) {
    const rootVisible = scope.includeSensitive
      ? sql`TRUE`
      : sql`NOT EXISTS (SELECT 1 FROM locations x WHERE x.response_id = r.response_id AND x.code = r.code AND x.sensitive)`;
    subtree = sql`subtree AS (
      SELECT r.id, 0 AS depth FROM locations r
      WHERE r.response_id = ${responseId} AND r.code = ${filter.location} AND ${rootVisible}
      UNION
      SELECT c.id, subtree.depth + 1 FROM locations c
      JOIN subtree ON c.response_id = ${responseId} AND c.parent_id = subtree.id WHERE subtree.depth < 10)`;
    where.push(sql`a.location_id IN (SELECT id FROM subtree)`);
  }
  if (filter.sector) {
    const ids = sql`(SELECT id FROM sectors WHERE response_id = ${responseId} AND code = ${filter.sector})`;
    where.push(sql`(a.sector_id IN ${ids} OR a.sub_sector_id IN ${ids})`);
  }
  if (filter.organisation) {
    const org = filter.organisation;
    // No implementing organisation means the reporting one implements the record itself.
    const implementing = sql`(a.implementing_org_id = ${org} OR (a.implementing_org_id IS NULL AND a.reporting_org_id = ${org}))`;
    if (filter.organisationRole === "reporting") where.push(sql`a.reporting_org_id = ${org}`);
    else if (filter.organisationRole === "implementing") where.push(implementing);
    else where.push(sql`(a.reporting_org_id = ${org} OR a.implementing_org_id = ${org})`);
  }
  if (filter.from) where.push(sql`a.reporting_month >= ${`${filter.from}-01`}::date`);
  if (filter.to) where.push(sql`a.reporting_month <= ${`${filter.to}-01`}::date`);
  if (filter.status) where.push(sql`a.status = ${filter.status}`);
  if (filter.reviewState) where.push(sql`a.review_state = ${filter.reviewState}`);
  const q = filter.q?.trim();
  if (q) {
    const like = likeOf(q);
    const orgs = sql`(SELECT id FROM organisations WHERE response_id = ${responseId}
      AND (name ILIKE ${like} OR acronym ILIKE ${like}))`;
    where.push(sql`(a.notes ILIKE ${like} OR a.external_id ILIKE ${like}
      OR a.activity_type_id IN (SELECT id FROM activity_types WHERE response_id = ${responseId} AND name ILIKE ${like})
      OR a.reporting_org_id IN ${orgs} OR a.implementing_org_id IN ${orgs}
      OR a.location_id IN (SELECT id FROM locations WHERE response_id = ${responseId} AND name ILIKE ${like}))`);
  }
  return { where, subtree };
}

/**
 * One page of records, newest reporting month first, then by id (descending): a keyset cursor on
 * (reporting_month, id) so pages never skip or repeat rows while records are added. A location
 * filter covers the location and everything below it (every version of the code).
 */
export async function queryActivities(
  db: Db,
  responseId: string,
  filter: ActivityFilters & { q?: string },
  scope: ReadScope,
  cursor: Cursor | null,
  limit: number,
): Promise<Page<ActivityOutput>> {
  const { where, subtree } = activityFilterSql(responseId, filter, scope);
  const prefix = subtree ? sql`WITH RECURSIVE ${subtree}` : sql``;
  if (cursor) {
    if (!("after" in cursor) || !/^\d{4}-\d{2}-\d{2}$/.test(cursor.after[0]))
      throw invalid("The cursor is not valid.", [
        { path: "querystring.cursor", message: "use the nextCursor of a previous page" },
      ]);
    where.push(sql`(a.reporting_month, a.id) < (${cursor.after[0]}::date, ${cursor.after[1]}::uuid)`);
  }
  const rows = await selectActivities(
    db,
    responseId,
    sql.join(where, sql` AND `),
    sql`ORDER BY a.reporting_month DESC, a.id DESC LIMIT ${limit + 1}`,
    prefix,
  );
  return toPage(rows, limit, (last) => ({ after: [last.reportingMonth, last.id] }));
}
