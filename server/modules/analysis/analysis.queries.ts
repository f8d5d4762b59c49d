import { type SQL, sql } from "drizzle-orm";
import type { AnalysisLevel } from "../../../common/schemas/analysis.ts";
import type { Db } from "../../db/client.ts";
import { publicCodeSql } from "../locations/locations.queries.ts";

/**
 * The SQL shared by the analysis endpoints. Every query is scoped by `response_id` and reads the
 * 4W figures added up per cell (`activity_cells`, through `cellsFrom`) or the records themselves
 * (`recordsSql`), so public requests count approved records only and never a sensitive location;
 * members of the response also count records submitted for review.
 */

export interface Scope {
  responseId: string;
  /** A public request: approved records only, no sensitive location, small numbers suppressed. */
  isPublic: boolean;
  level: AnalysisLevel;
  /** Only places within this location (its subtree). */
  locationId?: string;
  sectorId?: string;
  /**
   * The sector and its sub-sectors, resolved once per request so that records are picked by
   * `sector_id = ANY(…)` through the (response, sector, month) index; `subSector` when the sector
   * is itself a sub-sector (its records name it in `sub_sector_id`).
   */
  sectorIds?: string[];
  subSector?: boolean;
  /** First days of the first and last month, or null for "no record yet". */
  from: string | null;
  to: string | null;
}

const month = (ym: string) => `${ym.slice(0, 7)}-01`;

/** The latest reporting month with records this scope counts, as YYYY-MM-01. */
export async function latestMonth(db: Db, scope: Omit<Scope, "from" | "to">): Promise<string | null> {
  const result = await db.execute<{ m: string | null }>(sql`
    SELECT max(a.period_start)::text AS m FROM ${cellsFrom({ ...scope, from: null, to: null }, true)}`);
  return result.rows[0]?.m ?? null;
}

export const monthBounds = (from: string | undefined, to: string | undefined, latest: string | null) => {
  const first = from ? month(from) : latest;
  const last = to ? month(to) : from ? month(from) : latest;
  return { from: first, to: last };
};

/** The sector and its sub-sectors, on the record `a`. */
function sectorSql(scope: Scope, sectorId: string): SQL {
  if (!scope.sectorIds)
    return sql`(a.sector_id = ${sectorId} OR a.sub_sector_id = ${sectorId}
      OR a.sector_id IN (SELECT id FROM sectors WHERE response_id = ${scope.responseId} AND parent_id = ${sectorId}))`;
  const ids = sql`a.sector_id = ANY(${sql.param(scope.sectorIds)}::uuid[])`;
  return scope.subSector ? sql`(${ids} OR a.sub_sector_id = ${sectorId})` : ids;
}

/** The sector with its sub-sectors, and whether it is a sub-sector itself. */
export async function sectorFamily(db: Db, responseId: string, sectorId: string) {
  const result = await db.execute<{ id: string; parent_id: string | null }>(sql`
    SELECT id, parent_id FROM sectors WHERE response_id = ${responseId} AND (id = ${sectorId} OR parent_id = ${sectorId})`);
  const self = result.rows.find((r) => r.id === sectorId);
  return { sectorIds: result.rows.map((r) => r.id), subSector: !!self?.parent_id };
}

/** What a scope counts, whatever the months: its response, review states, sector and places. */
function countedSql(scope: Scope): SQL[] {
  const parts: SQL[] = [sql`a.response_id = ${scope.responseId}`];
  parts.push(
    scope.isPublic ? sql`a.review_state = 'approved'` : sql`a.review_state IN ('approved', 'submitted')`,
  );
  if (scope.sectorId) parts.push(sectorSql(scope, scope.sectorId));
  if (scope.isPublic)
    parts.push(sql`a.location_id NOT IN (SELECT l2.id FROM locations l2 WHERE l2.response_id = ${scope.responseId}
      AND l2.code IN (SELECT x.code FROM locations x WHERE x.response_id = ${scope.responseId} AND x.sensitive))`);
  return parts;
}

/** The 4W records a scope counts (alias `a`), in its months. */
export function recordsSql(scope: Scope): SQL {
  const parts = countedSql(scope);
  if (scope.from) parts.push(sql`a.reporting_month >= ${scope.from}::date`);
  if (scope.to) parts.push(sql`a.reporting_month <= ${scope.to}::date`);
  return sql.join(parts, sql` AND `);
}

export type Period = { months: 1 | 3 | 12; start: string };

/**
 * The years, quarters and months that together cover the months `from` to `to` (first days)
 * exactly, each as large as fits: 2024-01 to 2024-12 is one year; 2023-11 to 2024-04 is two
 * months, a quarter and a month.
 */
export function periodsOf(from: string, to: string): Period[] {
  const index = (d: string) => Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7)) - 1;
  const last = index(to);
  const periods: Period[] = [];
  for (let m = index(from); m <= last; ) {
    const months = m % 12 === 0 && m + 11 <= last ? 12 : m % 3 === 0 && m + 2 <= last ? 3 : 1;
    periods.push({ months, start: `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, "0")}-01` });
    m += months;
  }
  return periods;
}

/**
 * The cells of `activity_cells` a scope counts, as a FROM item with alias `a`: its months as the
 * fewest periods, or month by month (`byMonth`, and whenever the scope has no months, as
 * `latestMonth` asks).
 *
 * The periods are read one by one, each as one range of the primary key (response, period
 * length, period start, …). Left to itself, PostgreSQL reads a window of several periods with a
 * parallel scan of the whole table (a condition per period joined by OR, or a join to the list of
 * periods): at a million records, 150–200 ms for a 12-month window that is not a calendar year
 * (two months, three quarters and a month) against 25–45 ms through the index. `OFFSET 0` keeps
 * the lateral subquery from being merged into such a join, so it runs once per period.
 */
export function cellsFrom(scope: Scope, byMonth = false): SQL {
  const counted = sql.join(countedSql(scope), sql` AND `);
  if (byMonth || !scope.from || !scope.to) {
    const parts = [counted, sql`a.period_months = 1`];
    if (scope.from) parts.push(sql`a.period_start >= ${scope.from}::date`);
    if (scope.to) parts.push(sql`a.period_start <= ${scope.to}::date`);
    return sql`(SELECT * FROM activity_cells a WHERE ${sql.join(parts, sql` AND `)}) a`;
  }
  const periods = periodsOf(scope.from, scope.to);
  return sql`(SELECT a.* FROM unnest(${sql.param(periods.map((p) => p.months))}::smallint[],
      ${sql.param(periods.map((p) => p.start))}::date[]) AS period(months, start)
    CROSS JOIN LATERAL (SELECT * FROM activity_cells a WHERE ${counted}
      AND a.period_months = period.months AND a.period_start = period.start OFFSET 0) a) a`;
}

/**
 * The sector a cell is counted under: its own, or the sub-sector asked for (whose records name
 * their parent in `sector_id`), so an answer about a sub-sector is labelled with it.
 */
const sectorOfSql = (scope: Scope): SQL =>
  scope.subSector && scope.sectorId ? sql`${scope.sectorId}::uuid` : sql`a.sector_id`;

/**
 * People reached over cells, or null when none of their records gives the figure. Sums are taken
 * in float8 (exact for whole numbers below 2^53): `sum(bigint)` gives `numeric`, whose arithmetic
 * took a quarter of the presence query's time over a year at site level.
 */
export const reachedSql = sql`sum(a.reached::float8) FILTER (WHERE a.reached_count > 0)`;

const noSubSector = sql`'00000000-0000-0000-0000-000000000000'::uuid`;

/**
 * People reached by a sector's records that name no sub-sector, where records of its sub-sectors
 * are counted beside them (null otherwise). A reader who asks for the sector and for each of its
 * sub-sectors can subtract this part out, so a public answer checks it for small numbers as if
 * it were shown.
 */
export const directReachedSql = sql`CASE WHEN bool_or(a.sub_sector_id <> ${noSubSector})
  THEN coalesce(sum(a.reached::float8) FILTER (WHERE a.sub_sector_id = ${noSubSector}), 0) END`;

/**
 * `areas(id, area_id)`: every location mapped to the place of the requested level it lies in
 * (itself included), within the scope's location and without sensitive places for the public.
 * Read from `location_ancestors`, whose statistics on the ancestors' kind and level give the
 * planner the real number of rows. As a recursive walk down the tree it was guessed at a hundred
 * times too many, and the planner then hashed every period's cells instead of the few hundred
 * places.
 */
export function areasCte(scope: Scope): SQL {
  const level =
    scope.level === "site"
      ? sql`below.ancestor_kind = 'site'`
      : sql`below.ancestor_kind = 'admin' AND below.ancestor_level = ${scope.level}`;
  const place: SQL[] = [sql`below.response_id = ${scope.responseId}`, level];
  if (scope.isPublic)
    place.push(sql`below.ancestor_id IN (SELECT l.id FROM locations l
      WHERE l.response_id = ${scope.responseId} AND ${publicCodeSql("l")})`);
  if (scope.locationId)
    place.push(sql`below.ancestor_id IN (SELECT w.location_id FROM location_ancestors w
      WHERE w.response_id = ${scope.responseId} AND w.ancestor_id = ${scope.locationId})`);
  return sql`WITH areas(id, area_id) AS (
      SELECT below.location_id, below.ancestor_id FROM location_ancestors below
      WHERE ${sql.join(place, sql` AND `)})`;
}

export type PresenceCell = {
  area_id: string;
  sector_id: string;
  month: string | null;
  organisations: number;
  activities: number;
  reached: number | null;
  /** See `directReachedSql`. */
  direct_reached: number | null;
};

/**
 * Partners (implementing organisations, or the reporting one where it implements itself),
 * records and people reached per place and sector, optionally per month.
 */
export async function presenceCells(db: Db, scope: Scope, byMonth = false): Promise<PresenceCell[]> {
  const monthColumn = byMonth ? sql`a.period_start::text` : sql`NULL::text`;
  // Added up per place, sector and partner first, then per place and sector: two hash
  // aggregates. A count(DISTINCT) sorted every place's partners apart (14 ms of 42 for a year
  // at site level, a million records). Sums in float8 and int, as in `reachedSql`.
  const result = await db.execute<PresenceCell>(sql`${areasCte(scope)},
    per_partner AS (
      SELECT areas.area_id, ${sectorOfSql(scope)} AS sector_id, ${monthColumn} AS month,
        sum(a.activities)::int AS activities, sum(a.reached::float8) AS reached, sum(a.reached_count)::int AS reached_count,
        bool_or(a.sub_sector_id <> ${noSubSector}) AS has_sub_sector,
        sum(a.reached::float8) FILTER (WHERE a.sub_sector_id = ${noSubSector}) AS direct_reached
      FROM ${cellsFrom(scope, byMonth)} JOIN areas ON areas.id = a.location_id
      GROUP BY 1, 2, 3, a.organisation_id)
    SELECT a.area_id, a.sector_id, a.month, count(*)::int AS organisations,
      sum(a.activities)::int AS activities, ${reachedSql} AS reached,
      CASE WHEN bool_or(a.has_sub_sector) THEN coalesce(sum(a.direct_reached), 0) END AS direct_reached
    FROM per_partner a
    GROUP BY 1, 2, 3`);
  return result.rows;
}

export type NeedCell = {
  area_id: string;
  sector_id: string;
  in_need: number | null;
  severity: number | null;
};

/**
 * People in need (the plan's current figures of `year`) and needs severity (each location's
 * latest round) per place and sector. A need figure given per population group adds up, unless
 * a figure for all groups is given for the same place. Severity of a place is the highest of
 * the locations within it.
 */
export async function needCells(db: Db, scope: Scope, year: number): Promise<NeedCell[]> {
  const sector = scope.sectorId ? sql`AND f.sector_id = ${scope.sectorId}` : sql``;
  const severitySector = scope.sectorId ? sql`AND s.sector_id = ${scope.sectorId}` : sql``;
  // Need and severity are joined per location first, so the walk to the places is joined once.
  const result = await db.execute<NeedCell>(sql`${areasCte(scope)},
    current_need AS (
      SELECT DISTINCT ON (f.sector_id, f.location_id, f.population_group_id)
        f.sector_id, f.location_id, f.population_group_id, f.value::float8 AS value
      FROM plan_figures f
      WHERE f.response_id = ${scope.responseId} AND f.year = ${year} AND f.metric = 'in_need'
        AND f.location_id IS NOT NULL AND f.sector_id IS NOT NULL ${sector}
      ORDER BY f.sector_id, f.location_id, f.population_group_id, f.as_of DESC),
    need_per_location AS (
      SELECT sector_id, location_id,
        coalesce(max(value) FILTER (WHERE population_group_id IS NULL), sum(value)) AS value
      FROM current_need GROUP BY 1, 2),
    latest_severity AS (
      SELECT DISTINCT ON (s.location_id, s.sector_id) s.location_id, s.sector_id, s.severity
      FROM needs_severity s JOIN displacement_rounds r ON r.response_id = s.response_id AND r.id = s.round_id
      WHERE s.response_id = ${scope.responseId} ${severitySector}
        ${scope.to ? sql`AND r.assessed_on < (${scope.to}::date + interval '1 month')` : sql``}
      ORDER BY s.location_id, s.sector_id, r.assessed_on DESC),
    per_location AS (
      SELECT coalesce(n.location_id, s.location_id) AS location_id, coalesce(n.sector_id, s.sector_id) AS sector_id,
        n.value, s.severity
      FROM need_per_location n FULL JOIN latest_severity s ON s.location_id = n.location_id AND s.sector_id = n.sector_id)
    SELECT areas.area_id, p.sector_id, sum(p.value)::float8 AS in_need, max(p.severity)::int AS severity
    FROM per_location p JOIN areas ON areas.id = p.location_id
    GROUP BY 1, 2`);
  return result.rows;
}

export type PopulationCell = {
  area_id: string;
  individuals: number;
  households: number | null;
};

/** People living in each place: the sum over the locations within it of their latest round. */
export async function populationCells(db: Db, scope: Scope): Promise<PopulationCell[]> {
  const result = await db.execute<PopulationCell>(sql`${areasCte(scope)},
    latest AS (
      SELECT DISTINCT ON (p.location_id) p.location_id, p.round_id
      FROM population_figures p JOIN displacement_rounds r ON r.response_id = p.response_id AND r.id = p.round_id
      WHERE p.response_id = ${scope.responseId}
        ${scope.to ? sql`AND r.assessed_on < (${scope.to}::date + interval '1 month')` : sql``}
      ORDER BY p.location_id, r.assessed_on DESC)
    SELECT areas.area_id, sum(p.individuals)::float8 AS individuals, sum(p.households)::float8 AS households
    FROM latest JOIN population_figures p ON p.response_id = ${scope.responseId}
      AND p.location_id = latest.location_id AND p.round_id = latest.round_id
    JOIN areas ON areas.id = p.location_id
    GROUP BY 1`);
  return result.rows;
}

export type Named = {
  id: string;
  code: string;
  name: string;
};

/** Code and name of the given locations or sectors (all of the response's without `ids`), by id. */
export async function namesOf(db: Db, table: "locations" | "sectors", responseId: string, ids?: string[]) {
  if (ids && !ids.length) return new Map<string, Named>();
  const result = await db.execute<Named>(sql`
    SELECT id, code, name FROM ${sql.identifier(table)}
    WHERE response_id = ${responseId} ${ids ? sql`AND id = ANY(${sql.param(ids)}::uuid[])` : sql``}`);
  return new Map(result.rows.map((r) => [r.id, r]));
}

/** Code and name of the places a scope's figures are given for: its level, within its location. */
export async function placeNames(db: Db, scope: Scope) {
  const result = await db.execute<Named>(sql`${areasCte(scope)}
    SELECT l.id, l.code, l.name FROM locations l
    WHERE l.response_id = ${scope.responseId} AND l.id IN (SELECT area_id FROM areas)`);
  return new Map(result.rows.map((r) => [r.id, r]));
}

/** `subtree(id, depth)`: the scope's location (depth 0) and every location within it. */
export const subtreeCte = (responseId: string, locationId: string): SQL => sql`WITH subtree(id, depth) AS (
    SELECT location_id, depth FROM location_ancestors WHERE response_id = ${responseId} AND ancestor_id = ${locationId})`;

/** Partners, records and people reached per month and sector, within the scope's location. */
export async function monthlyCells(db: Db, scope: Scope): Promise<PresenceCell[]> {
  const within = scope.locationId ? sql`AND a.location_id IN (SELECT id FROM subtree)` : sql``;
  const result = await db.execute<PresenceCell>(sql`
    ${scope.locationId ? subtreeCte(scope.responseId, scope.locationId) : sql``}
    SELECT NULL::uuid AS area_id, ${sectorOfSql(scope)} AS sector_id, a.period_start::text AS month,
      count(DISTINCT a.organisation_id)::int AS organisations,
      sum(a.activities)::int AS activities, ${reachedSql} AS reached, ${directReachedSql} AS direct_reached
    FROM ${cellsFrom(scope, true)}
    WHERE TRUE ${within}
    GROUP BY 2, 3`);
  return result.rows;
}
