import { type SQL, sql } from "drizzle-orm";
import type { z } from "zod";
import type { flowOutput, PopulationOutput, SeverityOutput } from "../../../common/schemas/displacement.ts";
import type { Db } from "../../db/client.ts";
import { isSmall, suppressRows } from "../analysis/suppression.ts";
import { publicCodeSql } from "../locations/locations.queries.ts";

/** Who reads: the public sees no sensitive place and no small count of people. */
export interface Audience {
  isPublic: boolean;
  threshold: number;
}

/** Every version of the location with this code and everything below them in the gazetteer. */
export const subtreeSql = (responseId: string, code: string): SQL => sql`(
  WITH RECURSIVE sub AS (
    SELECT id FROM locations WHERE response_id = ${responseId} AND lower(code) = lower(${code})
    UNION SELECT c.id FROM locations c JOIN sub ON c.parent_id = sub.id WHERE c.response_id = ${responseId})
  SELECT id FROM sub)`;

type PopulationRow = {
  id: string;
  location_id: string;
  location_code: string;
  location_name: string;
  location_kind: string;
  location_level: number;
  group_id: string | null;
  group_code: string | null;
  group_name: string | null;
  households: number | null;
  individuals: number;
  women: number | null;
  men: number | null;
  girls: number | null;
  boys: number | null;
  elderly: number | null;
};

const breakdown = ["women", "men", "girls", "boys"] as const;

/**
 * The population of one round, per place and group, optionally within a place (its subtree) or
 * for one group. For the public: sensitive places are left out; a place with a small household or
 * individual count is withheld whole (with one more where only one was, so the round's total does
 * not give it away), and a small sex/age cell is withheld with the next smallest of its row.
 * What is withheld is decided on the whole round before the filters apply, so a filter that
 * isolates a place cannot reveal the one withheld beside it.
 */
export async function listPopulation(
  db: Db,
  responseId: string,
  roundId: string,
  filters: { location?: string; populationGroup?: string },
  audience: Audience,
): Promise<PopulationOutput[]> {
  const selected = [
    ...(filters.location ? [sql`p.location_id IN ${subtreeSql(responseId, filters.location)}`] : []),
    ...(filters.populationGroup ? [sql`lower(g.code) = lower(${filters.populationGroup})`] : []),
  ];
  const conditions = [
    sql`p.response_id = ${responseId} AND p.round_id = ${roundId}`,
    ...(audience.isPublic ? [publicCodeSql("l")] : selected),
  ];
  const selectedSql = audience.isPublic && selected.length ? sql.join(selected, sql` AND `) : sql`TRUE`;
  const result = await db.execute<PopulationRow & { selected: boolean }>(sql`
    SELECT ${selectedSql} AS selected, p.id, l.id AS location_id, l.code AS location_code, l.name AS location_name, l.kind AS location_kind,
      l.level AS location_level, g.id AS group_id, g.code AS group_code, g.name AS group_name,
      p.households, p.individuals, p.women, p.men, p.girls, p.boys, p.elderly
    FROM population_figures p
    JOIN locations l ON l.response_id = p.response_id AND l.id = p.location_id
    LEFT JOIN population_groups g ON g.response_id = p.response_id AND g.id = p.population_group_id
    WHERE ${sql.join(conditions, sql` AND `)}
    ORDER BY l.code, g.code NULLS FIRST`);
  const rows = result.rows.map(
    (r): PopulationOutput => ({
      id: r.id,
      location: {
        id: r.location_id,
        code: r.location_code,
        name: r.location_name,
        kind: r.location_kind,
        level: r.location_level,
      },
      populationGroup: r.group_id ? { id: r.group_id, code: r.group_code!, name: r.group_name! } : null,
      households: r.households,
      individuals: r.individuals,
      women: r.women,
      men: r.men,
      girls: r.girls,
      boys: r.boys,
      elderly: r.elderly,
      suppressed: false,
    }),
  );
  if (!audience.isPublic) return rows;
  const { threshold } = audience;
  const chosen = new Set(result.rows.filter((r) => r.selected).map((r) => r.id));
  suppressRows(
    {
      rows,
      values: (r) => [r.households, r.individuals],
      withhold: (r) => {
        r.suppressed = true;
        r.households = r.individuals = r.women = r.men = r.girls = r.boys = r.elderly = null;
      },
    },
    threshold,
  );
  for (const row of rows) {
    if (row.suppressed) continue;
    // The four sex/age cells add up to the individuals: withholding one alone would not hide it.
    const cells = breakdown.map((key) => ({ key, value: row[key] }));
    suppressRows(
      {
        rows: cells,
        values: (c) => [c.value],
        withhold: (c) => {
          c.value = null;
        },
      },
      threshold,
    );
    for (const c of cells) row[c.key] = c.value;
    if (isSmall(row.elderly, threshold)) row.elderly = null;
  }
  return rows.filter((r) => chosen.has(r.id));
}

/** Severity per place and sector in one round; the public does not see sensitive places. */
export async function listSeverity(
  db: Db,
  responseId: string,
  roundId: string,
  filters: { location?: string; sector?: string },
  audience: Audience,
): Promise<SeverityOutput[]> {
  const conditions = [
    sql`n.response_id = ${responseId} AND n.round_id = ${roundId}`,
    ...(filters.location ? [sql`n.location_id IN ${subtreeSql(responseId, filters.location)}`] : []),
    ...(filters.sector ? [sql`lower(s.code) = lower(${filters.sector})`] : []),
    ...(audience.isPublic ? [publicCodeSql("l")] : []),
  ];
  const result = await db.execute<{
    id: string;
    location_id: string;
    location_code: string;
    location_name: string;
    sector_id: string;
    sector_code: string;
    sector_name: string;
    severity: number;
    priority_needs: string[];
  }>(sql`
    SELECT n.id, l.id AS location_id, l.code AS location_code, l.name AS location_name,
      s.id AS sector_id, s.code AS sector_code, s.name AS sector_name, n.severity, n.priority_needs
    FROM needs_severity n
    JOIN locations l ON l.response_id = n.response_id AND l.id = n.location_id
    JOIN sectors s ON s.response_id = n.response_id AND s.id = n.sector_id
    WHERE ${sql.join(conditions, sql` AND `)}
    ORDER BY l.code, s.code`);
  return result.rows.map((r) => ({
    id: r.id,
    location: { id: r.location_id, code: r.location_code, name: r.location_name },
    sector: { id: r.sector_id, code: r.sector_code, name: r.sector_name },
    severity: r.severity,
    priorityNeeds: r.priority_needs,
  }));
}

type FlowOutput = z.infer<typeof flowOutput>;

/**
 * Flows whose period overlaps [from, to], from within one place and to within another. The public
 * sees no flow touching a sensitive place, and small flows withheld.
 */
export async function listFlows(
  db: Db,
  responseId: string,
  filters: { from?: string; to?: string; origin?: string; destination?: string },
  audience: Audience,
): Promise<FlowOutput[]> {
  const selected = [
    ...(filters.from ? [sql`f.period_end >= ${filters.from}::date`] : []),
    ...(filters.to ? [sql`f.period_start <= ${filters.to}::date`] : []),
    ...(filters.origin ? [sql`f.origin_location_id IN ${subtreeSql(responseId, filters.origin)}`] : []),
    ...(filters.destination
      ? [sql`f.destination_location_id IN ${subtreeSql(responseId, filters.destination)}`]
      : []),
  ];
  // As for population: the public's withheld flows are chosen among all flows, then filtered.
  const conditions = [
    sql`f.response_id = ${responseId}`,
    ...(audience.isPublic ? [publicCodeSql("o"), publicCodeSql("d")] : selected),
  ];
  const selectedSql = audience.isPublic && selected.length ? sql.join(selected, sql` AND `) : sql`TRUE`;
  const result = await db.execute<{
    id: string;
    o_id: string;
    o_code: string;
    o_name: string;
    d_id: string;
    d_code: string;
    d_name: string;
    people: number;
    period_start: string;
    period_end: string;
    reason: string | null;
    selected: boolean;
  }>(sql`
    SELECT ${selectedSql} AS selected, f.id, o.id AS o_id, o.code AS o_code, o.name AS o_name, d.id AS d_id, d.code AS d_code, d.name AS d_name,
      f.people, f.period_start::text AS period_start, f.period_end::text AS period_end, f.reason
    FROM mobility_flows f
    JOIN locations o ON o.response_id = f.response_id AND o.id = f.origin_location_id
    JOIN locations d ON d.response_id = f.response_id AND d.id = f.destination_location_id
    WHERE ${sql.join(conditions, sql` AND `)}
    ORDER BY f.period_start DESC, o.code, d.code, f.id`);
  const rows = result.rows.map(
    (r): FlowOutput => ({
      id: r.id,
      origin: { id: r.o_id, code: r.o_code, name: r.o_name },
      destination: { id: r.d_id, code: r.d_code, name: r.d_name },
      people: r.people,
      periodStart: r.period_start,
      periodEnd: r.period_end,
      reason: r.reason,
      suppressed: false,
    }),
  );
  if (audience.isPublic)
    suppressRows(
      {
        rows,
        values: (r) => [r.people],
        withhold: (r) => {
          r.people = null;
          r.suppressed = true;
        },
        // Flows out of one place over one period add up to what left it.
        group: (r) => `${r.origin.id}|${r.periodStart}|${r.periodEnd}`,
      },
      audience.threshold,
    );
  const chosen = new Set(result.rows.filter((r) => r.selected).map((r) => r.id));
  return rows.filter((r) => chosen.has(r.id));
}
