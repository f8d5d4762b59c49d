import { sql } from "drizzle-orm";
import type { z } from "zod";
import type { FigureOutput, figureFilters, PlanMetric, PlanOutput } from "../../../common/schemas/plans.ts";
import type { Db } from "../../db/client.ts";
import type { ExportColumn } from "../../http/list.ts";
import { suppressRows } from "../analysis/suppression.ts";
import { publicCodeSql } from "../locations/locations.queries.ts";

/** Who reads: the public sees no sensitive location and no small count of people. */
export interface Audience {
  isPublic: boolean;
  threshold: number;
}

type Filters = z.infer<typeof figureFilters>;

/** Metrics that count people (suppressed for the public when small); the others are targets and dollars. */
const peopleMetrics: ReadonlySet<PlanMetric> = new Set(["in_need", "targeted"]);

type Row = {
  id: string;
  year: number;
  metric: PlanMetric;
  sector_id: string | null;
  sector_code: string | null;
  sector_name: string | null;
  location_id: string | null;
  location_code: string | null;
  location_name: string | null;
  population_group_id: string | null;
  population_group_code: string | null;
  indicator_id: string | null;
  indicator_code: string | null;
  indicator_name: string | null;
  organisation_id: string | null;
  organisation_name: string | null;
  organisation_acronym: string | null;
  objective_id: string | null;
  value: number;
  as_of: string;
  source: string | null;
};

/** A figure with the codes of what it is about, for downloads. */
export type ListedFigure = FigureOutput & { populationGroupCode: string | null };

/**
 * The figures of a year's plan: `current` keeps the latest "as of" (on or before `asOf` when
 * given) of each figure, `history` every dated row, newest first.
 */
export async function listFigures(
  db: Db,
  responseId: string,
  year: number,
  filters: Filters,
  audience: Audience,
): Promise<ListedFigure[]> {
  const where = sql.join(
    [
      sql`f.response_id = ${responseId} AND f.year = ${year}`,
      ...(filters.metric ? [sql`f.metric = ${filters.metric}`] : []),
      ...(filters.sector ? [sql`f.sector_id = ${filters.sector}`] : []),
      ...(filters.asOf ? [sql`f.as_of <= ${filters.asOf}::date`] : []),
      ...(audience.isPublic ? [sql`(f.location_id IS NULL OR ${publicCodeSql("l")})`] : []),
    ],
    sql` AND `,
  );
  const current = filters.view === "current";
  const result = await db.execute<Row>(sql`
    SELECT ${current ? sql`DISTINCT ON (f.metric, f.sector_id, f.location_id, f.population_group_id, f.indicator_id, f.organisation_id)` : sql``}
      f.id, f.year, f.metric, f.sector_id, s.code AS sector_code, s.name AS sector_name,
      f.location_id, l.code AS location_code, l.name AS location_name,
      f.population_group_id, g.code AS population_group_code,
      f.indicator_id, i.code AS indicator_code, i.name AS indicator_name,
      f.organisation_id, o.name AS organisation_name, o.acronym AS organisation_acronym,
      f.objective_id, f.value::float8 AS value, f.as_of::text AS as_of, f.source
    FROM plan_figures f
    LEFT JOIN sectors s ON s.response_id = f.response_id AND s.id = f.sector_id
    LEFT JOIN locations l ON l.response_id = f.response_id AND l.id = f.location_id
    LEFT JOIN population_groups g ON g.response_id = f.response_id AND g.id = f.population_group_id
    LEFT JOIN indicators i ON i.response_id = f.response_id AND i.id = f.indicator_id
    LEFT JOIN organisations o ON o.response_id = f.response_id AND o.id = f.organisation_id
    WHERE ${where}
    ORDER BY ${
      current
        ? sql`f.metric, f.sector_id, f.location_id, f.population_group_id, f.indicator_id, f.organisation_id, f.as_of DESC`
        : sql`f.as_of DESC, f.metric, s.code NULLS FIRST, l.code NULLS FIRST, g.code NULLS FIRST, i.code NULLS FIRST, o.name NULLS FIRST`
    }`);
  const rows = result.rows.map((r): ListedFigure => {
    const value: number | null = r.value;
    return {
      id: r.id,
      year: r.year,
      metric: r.metric,
      sector: r.sector_id ? { id: r.sector_id, code: r.sector_code!, name: r.sector_name! } : null,
      location: r.location_id ? { id: r.location_id, code: r.location_code!, name: r.location_name! } : null,
      populationGroupId: r.population_group_id,
      populationGroupCode: r.population_group_code,
      indicator: r.indicator_id
        ? { id: r.indicator_id, code: r.indicator_code!, name: r.indicator_name! }
        : null,
      organisation: r.organisation_id
        ? { id: r.organisation_id, name: r.organisation_name!, acronym: r.organisation_acronym }
        : null,
      objectiveId: r.objective_id,
      value,
      asOf: r.as_of,
      source: r.source,
      suppressed: false,
    };
  });
  // Small counts of people are withheld from the public, with one more per metric, sector and
  // date where only one was, so a sector total cannot give it away.
  if (audience.isPublic)
    suppressRows(
      {
        rows: rows.filter((f) => peopleMetrics.has(f.metric)),
        values: (f) => [f.value],
        withhold: (f) => {
          f.value = null;
          f.suppressed = true;
        },
        group: (f) => `${f.metric}|${f.sector?.id ?? ""}|${current ? "" : f.asOf}`,
      },
      audience.threshold,
    );
  // The current view reads best in the history view's order too: by metric, sector, location.
  if (current)
    rows.sort(
      (a, b) =>
        a.metric.localeCompare(b.metric) ||
        (a.sector?.code ?? "").localeCompare(b.sector?.code ?? "") ||
        (a.location?.code ?? "").localeCompare(b.location?.code ?? "") ||
        (a.populationGroupCode ?? "").localeCompare(b.populationGroupCode ?? "") ||
        (a.indicator?.code ?? "").localeCompare(b.indicator?.code ?? "") ||
        (a.organisation?.name ?? "").localeCompare(b.organisation?.name ?? ""),
    );
  return rows;
}

/** The ancestors (parents up to the root) of each location, to avoid counting a place twice. */
export async function locationAncestors(
  db: Db,
  responseId: string,
  ids: string[],
): Promise<Map<string, string[]>> {
  if (!ids.length) return new Map();
  const result = await db.execute<{ id: string; ancestors: string[] }>(sql`
    WITH RECURSIVE up AS (
      SELECT id AS start, parent_id FROM locations WHERE response_id = ${responseId} AND id = ANY(${sql.param(ids)}::uuid[])
      UNION ALL
      SELECT up.start, l.parent_id FROM up JOIN locations l ON l.response_id = ${responseId} AND l.id = up.parent_id)
    SELECT start AS id, array_agg(parent_id) AS ancestors FROM up WHERE parent_id IS NOT NULL GROUP BY start`);
  return new Map(result.rows.map((r) => [r.id, r.ancestors]));
}

/** At one place: the figure for all groups and organisations when given, else those per group or organisation. */
const atPlace = (list: ListedFigure[]) => {
  const whole = list.find((f) => !f.populationGroupId && !f.organisation);
  return whole ? [whole] : list;
};

/**
 * Per metric and sector: the figure for the whole response or sector when there is one, else the
 * sum over the outermost places given (a camp inside a district given too is not added again),
 * each place's figure for all groups preferred to its figures per group. With the latest date of
 * what is summed; a sum that includes a withheld count is withheld too.
 */
export function summarise(figures: ListedFigure[], ancestors: Map<string, string[]>): PlanOutput["summary"] {
  const groups = new Map<string, ListedFigure[]>();
  for (const f of figures) {
    if (f.metric === "target") continue; // targets of different indicators do not add up
    const key = `${f.metric}|${f.sector?.id ?? ""}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  return [...groups.values()].map((list) => {
    const byPlace = new Map<string, ListedFigure[]>();
    for (const f of list)
      byPlace.set(f.location?.id ?? "", [...(byPlace.get(f.location?.id ?? "") ?? []), f]);
    const whole = byPlace.get("");
    const counted = whole
      ? atPlace(whole)
      : [...byPlace.entries()]
          .filter(([id]) => !(ancestors.get(id) ?? []).some((a) => byPlace.has(a)))
          .flatMap(([, atOne]) => atPlace(atOne));
    const withheld = counted.some((f) => f.value === null);
    return {
      metric: list[0]!.metric,
      sector: list[0]!.sector,
      value: withheld ? null : counted.reduce((sum, f) => sum + (f.value ?? 0), 0),
      asOf: counted
        .map((f) => f.asOf)
        .sort()
        .at(-1)!,
      figures: counted.length,
      suppressed: withheld,
    };
  });
}

/**
 * One download row per figure key and date, with a column per metric: the shape the import
 * reads back (`#inneed`, `#targeted`, `#indicator+target`, funding in US dollars).
 */
export interface WideRow {
  sectorCode: string | null;
  sectorName: string | null;
  locationCode: string | null;
  locationName: string | null;
  populationGroup: string | null;
  indicatorCode: string | null;
  organisation: string | null;
  asOf: string;
  values: Partial<Record<PlanMetric, number | null>>;
}

export function wideRows(figures: ListedFigure[]): WideRow[] {
  const rows = new Map<string, WideRow>();
  for (const f of figures) {
    const key = [
      f.sector?.id,
      f.location?.id,
      f.populationGroupId,
      f.indicator?.id,
      f.organisation?.id,
      f.asOf,
    ].join("|");
    let row = rows.get(key);
    if (!row) {
      row = {
        sectorCode: f.sector?.code ?? null,
        sectorName: f.sector?.name ?? null,
        locationCode: f.location?.code ?? null,
        locationName: f.location?.name ?? null,
        populationGroup: f.populationGroupCode,
        indicatorCode: f.indicator?.code ?? null,
        organisation: f.organisation?.name ?? null,
        asOf: f.asOf,
        values: {},
      };
      rows.set(key, row);
    }
    row.values[f.metric] = f.value;
  }
  return [...rows.values()];
}

export const wideColumns: ExportColumn<WideRow>[] = [
  { header: "sector_code", hxl: "#sector+code", value: (r) => r.sectorCode },
  { header: "sector", hxl: "#sector+name", value: (r) => r.sectorName },
  { header: "location_code", hxl: "#loc+code", value: (r) => r.locationCode },
  { header: "location", hxl: "#loc+name", value: (r) => r.locationName },
  { header: "population_group", hxl: "#population+group", value: (r) => r.populationGroup },
  { header: "indicator_code", hxl: "#indicator+code", value: (r) => r.indicatorCode },
  { header: "organisation", hxl: "#org+name", value: (r) => r.organisation },
  { header: "as_of", hxl: "#date+asof", value: (r) => r.asOf },
  { header: "in_need", hxl: "#inneed", value: (r) => r.values.in_need },
  { header: "targeted", hxl: "#targeted", value: (r) => r.values.targeted },
  { header: "target", hxl: "#indicator+target", value: (r) => r.values.target },
  { header: "funding_required", hxl: "#value+funding+required+usd", value: (r) => r.values.funding_required },
  { header: "funding_received", hxl: "#value+funding+received+usd", value: (r) => r.values.funding_received },
];
