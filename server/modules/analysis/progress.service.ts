import { sql } from "drizzle-orm";
import type { z } from "zod";
import {
  type AnalysisQuery,
  localOrganisationTypes,
  type progressOutput,
} from "../../../common/schemas/analysis.ts";
import type { Db } from "../../db/client.ts";
import { publicCodeSql } from "../locations/locations.queries.ts";
import { cellsFrom, namesOf, type Scope, subtreeCte } from "./analysis.queries.ts";
import { type Audience, basisOf, scopeOf, unknown, yearOf } from "./analysis.service.ts";
import { suppress } from "./suppression.ts";

/**
 * Progress of the plan year: per indicator, achieved (people reached for indicators counted in
 * people, the reported quantity otherwise) against the current target; funding received against
 * required per sector, with the part received by local and national organisations. With a
 * location, achieved counts the records of the place and every place within it (the gazetteer's
 * subtree, whatever the level asked) against the targets given for that place.
 */
export async function progress(
  db: Db,
  audience: Audience,
  query: AnalysisQuery & { year?: number },
): Promise<z.infer<typeof progressOutput>> {
  const base = await scopeOf(db, audience, query);
  const year = query.year ?? yearOf(base);
  const scope: Scope = {
    ...base,
    from: query.from ? base.from : `${year}-01-01`,
    to: query.to ? base.to : `${year}-12-01`,
  };
  const sectorFilter = scope.sectorId ? sql`AND i.sector_id = ${scope.sectorId}` : sql``;
  const place = scope.locationId;
  // The public sees no target of a sensitive place, as it sees no record there.
  const visible = audience.isPublic
    ? sql`AND EXISTS (SELECT 1 FROM locations l WHERE l.response_id = f.response_id AND l.id = f.location_id
        AND ${publicCodeSql("l")})`
    : sql``;
  // With a place asked: the targets given for the place, or else for the places within it nearest
  // to it (adding camps to the district they lie in would count people twice, as planTotals); the
  // overall target only when no place is asked.
  const targetTotal = place
    ? sql`SELECT indicator_id, sum(value)::float8 AS value FROM (
        SELECT t.indicator_id,
          coalesce(max(t.value) FILTER (WHERE t.population_group_id IS NULL), sum(t.value)) AS value,
          rank() OVER (PARTITION BY t.indicator_id ORDER BY min(s.depth)) AS r
        FROM target t JOIN subtree s ON s.id = t.location_id
        GROUP BY t.indicator_id, t.location_id) per_place
      WHERE r = 1 GROUP BY 1`
    : sql`SELECT indicator_id, coalesce(max(value) FILTER (WHERE location_id IS NULL), sum(value))::float8 AS value
      FROM target GROUP BY 1`;
  const indicatorRows = await db.execute<{
    indicator_id: string;
    code: string;
    name: string;
    unit: string;
    sector_id: string;
    target: number | null;
    achieved: number | null;
  }>(sql`
    ${place ? sql`${subtreeCte(audience.responseId, place)},` : sql`WITH`}
    target AS (
      SELECT DISTINCT ON (f.indicator_id, f.location_id, f.population_group_id)
        f.indicator_id, f.location_id, f.population_group_id, f.value
      FROM plan_figures f
      WHERE f.response_id = ${audience.responseId} AND f.year = ${year} AND f.metric = 'target'
        ${place ? sql`AND f.location_id IN (SELECT id FROM subtree) ${visible}` : sql``}
      ORDER BY f.indicator_id, f.location_id, f.population_group_id, f.as_of DESC),
    target_total AS (${targetTotal}),
    achieved AS (
      SELECT a.indicator_id, (sum(CASE WHEN i.disaggregation = 'none' THEN a.quantity ELSE a.reached END)
        FILTER (WHERE CASE WHEN i.disaggregation = 'none' THEN a.quantity_count ELSE a.reached_count END > 0))::float8 AS value
      FROM ${cellsFrom(scope)} JOIN indicators i ON i.response_id = a.response_id AND i.id = a.indicator_id
      WHERE TRUE
        ${place ? sql`AND a.location_id IN (SELECT id FROM subtree)` : sql``}
      GROUP BY 1)
    SELECT i.id AS indicator_id, i.code, i.name, i.unit, i.sector_id, t.value AS target, ach.value AS achieved
    FROM indicators i
    LEFT JOIN target_total t ON t.indicator_id = i.id
    LEFT JOIN achieved ach ON ach.indicator_id = i.id
    WHERE i.response_id = ${audience.responseId} ${sectorFilter} AND (t.value IS NOT NULL OR ach.value IS NOT NULL)
    ORDER BY i.code`);
  const sectorNames = await namesOf(
    db,
    "sectors",
    audience.responseId,
    indicatorRows.rows.map((r) => r.sector_id),
  );
  const threshold = audience.isPublic ? audience.threshold : 0;
  const indicators = indicatorRows.rows.map((r) => {
    const achieved = suppress(r.achieved, threshold);
    return {
      sector: sectorNames.get(r.sector_id) ?? { ...unknown, id: r.sector_id },
      indicator: { id: r.indicator_id, code: r.code, name: r.name, unit: r.unit },
      target: r.target,
      achieved,
      progress: r.target && achieved != null ? Math.round((achieved / r.target) * 1000) / 1000 : null,
      suppressed: achieved == null && r.achieved != null,
    };
  });
  return {
    ...basisOf(scope, audience),
    year,
    indicators,
    funding: await funding(db, audience.responseId, year, scope.sectorId),
  };
}

/** Funding required and received per sector (and the whole plan, sector null), current figures. */
export async function funding(db: Db, responseId: string, year: number, sectorId?: string) {
  const result = await db.execute<{
    sector_id: string | null;
    code: string | null;
    name: string | null;
    required: number | null;
    received: number | null;
    received_local: number | null;
    as_of: string | null;
  }>(sql`
    WITH current AS (
      SELECT DISTINCT ON (f.metric, f.sector_id, f.organisation_id) f.metric, f.sector_id, f.organisation_id, f.value, f.as_of
      FROM plan_figures f
      WHERE f.response_id = ${responseId} AND f.year = ${year} AND f.metric IN ('funding_required', 'funding_received')
        AND f.location_id IS NULL ${sectorId ? sql`AND f.sector_id = ${sectorId}` : sql``}
      ORDER BY f.metric, f.sector_id, f.organisation_id, f.as_of DESC),
    per_sector AS (
      SELECT c.sector_id, c.metric,
        coalesce(max(c.value) FILTER (WHERE c.organisation_id IS NULL), sum(c.value)) AS value,
        sum(c.value) FILTER (WHERE o.type = ANY(${sql.param([...localOrganisationTypes])}::text[])) AS local_value,
        max(c.as_of) AS as_of
      FROM current c LEFT JOIN organisations o ON o.response_id = ${responseId} AND o.id = c.organisation_id
      GROUP BY 1, 2)
    SELECT p.sector_id, s.code, s.name,
      max(p.value) FILTER (WHERE p.metric = 'funding_required')::float8 AS required,
      max(p.value) FILTER (WHERE p.metric = 'funding_received')::float8 AS received,
      max(p.local_value) FILTER (WHERE p.metric = 'funding_received')::float8 AS received_local,
      max(p.as_of)::text AS as_of
    FROM per_sector p LEFT JOIN sectors s ON s.response_id = ${responseId} AND s.id = p.sector_id
    GROUP BY 1, 2, 3 ORDER BY s.code NULLS FIRST`);
  return result.rows.map((r) => ({
    sector: r.sector_id ? { id: r.sector_id, code: r.code ?? "?", name: r.name ?? "?" } : null,
    required: r.required,
    received: r.received,
    receivedLocal: r.received_local,
    asOf: r.as_of,
  }));
}
