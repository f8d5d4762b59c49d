import { sql } from "drizzle-orm";
import type { z } from "zod";
import {
  type AnalysisQuery,
  type GapRow,
  type gapsOutput,
  localOrganisationTypes,
  type PresenceQuery,
  type PresenceRow,
  type presenceOutput,
  type progressOutput,
  type trendsOutput,
} from "../../../common/schemas/analysis.ts";
import type { Db } from "../../db/client.ts";
import { publicCodeSql } from "../locations/locations.queries.ts";
import {
  cellsSql,
  latestMonth,
  monthBounds,
  monthlyCells,
  type Named,
  namesOf,
  needCells,
  populationCells,
  presenceCells,
  type Scope,
  sectorFamily,
  subtreeCte,
} from "./analysis.queries.ts";
import { suppress, suppressRows } from "./suppression.ts";

export interface Audience {
  responseId: string;
  isPublic: boolean;
  threshold: number;
}

/** The scope of a request: its filters, and the latest month reported when no month is given. */
export async function scopeOf(
  db: Db,
  audience: Audience,
  query: Omit<AnalysisQuery, "format">,
): Promise<Scope> {
  const base = {
    responseId: audience.responseId,
    isPublic: audience.isPublic,
    level: query.level ?? "site",
    locationId: query.location,
    sectorId: query.sector,
    ...(query.sector ? await sectorFamily(db, audience.responseId, query.sector) : {}),
  } as const;
  const latest = query.from ? null : await latestMonth(db, base);
  return { ...base, ...monthBounds(query.from, query.to, latest) };
}

const basisOf = (scope: Scope, audience: Audience) => ({
  from: scope.from?.slice(0, 7) ?? null,
  to: scope.to?.slice(0, 7) ?? null,
  level: scope.level,
  public: audience.isPublic,
  threshold: audience.isPublic ? audience.threshold : 0,
});

const unknown: Named = { id: "00000000-0000-0000-0000-000000000000", code: "?", name: "?" };
/**
 * Codes and months in code-point order: they are ASCII, and a site-level answer has thousands of
 * rows, which `localeCompare` took tens of milliseconds to sort.
 */
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byCodes = (a: { location: Named; sector: Named }, b: { location: Named; sector: Named }) =>
  byText(a.sector.code, b.sector.code) || byText(a.location.code, b.location.code);

async function names(db: Db, responseId: string, locationIds: string[], sectorIds: string[]) {
  const [locations, sectors] = await Promise.all([
    namesOf(db, "locations", responseId, [...new Set(locationIds)]),
    namesOf(db, "sectors", responseId, [...new Set(sectorIds)]),
  ]);
  return {
    location: (id: string) => locations.get(id) ?? { ...unknown, id },
    sector: (id: string) => sectors.get(id) ?? { ...unknown, id },
  };
}

/**
 * 4W presence: partners, records and people reached per place and sector in the months, or per
 * place, sector and month (`by=month`).
 */
export async function presence(
  db: Db,
  audience: Audience,
  query: PresenceQuery,
): Promise<z.infer<typeof presenceOutput>> {
  const byMonth = query.by === "month";
  const scope = await scopeOf(db, audience, query);
  const cells = scope.from ? await presenceCells(db, scope, byMonth) : [];
  const name = await names(
    db,
    audience.responseId,
    cells.map((c) => c.area_id),
    cells.map((c) => c.sector_id),
  );
  const directOf = new Map<PresenceRow, number | null>();
  const rows: PresenceRow[] = cells
    .map((c) => {
      const row = {
        location: name.location(c.area_id),
        sector: name.sector(c.sector_id),
        month: c.month?.slice(0, 7) ?? null,
        organisations: c.organisations,
        activities: c.activities,
        reached: c.reached,
        suppressed: false,
      };
      directOf.set(row, c.direct_reached);
      return row;
    })
    .sort((a, b) => byCodes(a, b) || byText(a.month ?? "", b.month ?? ""));
  if (audience.isPublic)
    suppressRows(
      {
        rows,
        values: (r) => [r.reached, directOf.get(r) ?? null],
        withhold: (r) => Object.assign(r, { reached: null, suppressed: true }),
        // A sector's places add up to its total. Split by month, a cell is also part of its month's
        // total over places (the trends) and of its place's total over the months (this endpoint
        // without `by`): protected in both, or a withheld cell comes back by subtraction.
        groups: byMonth
          ? [(r) => `${r.sector.id}|${r.month}`, (r) => `${r.sector.id}|${r.location.id}`]
          : [(r) => r.sector.id],
      },
      audience.threshold,
    );
  return { ...basisOf(scope, audience), rows };
}

const yearOf = (scope: Scope) => Number((scope.to ?? new Date().toISOString()).slice(0, 4));

/**
 * Gaps: per place and sector, need (severity, people in need) against coverage (people reached,
 * partners present), ranked by people in need not reached, then severity. A place with high need
 * (severity 3 or more, or people in need and no severity) and no partner is flagged.
 */
export async function gaps(
  db: Db,
  audience: Audience,
  query: AnalysisQuery,
): Promise<z.infer<typeof gapsOutput>> {
  const scope = await scopeOf(db, audience, query);
  const [presenceRows, needs, population] = await Promise.all([
    scope.from ? presenceCells(db, scope) : Promise.resolve([]),
    needCells(db, scope, yearOf(scope)),
    populationCells(db, scope),
  ]);
  const key = (area: string, sector: string) => `${area}|${sector}`;
  type Cell = {
    area: string;
    sector: string;
    reached: number | null;
    direct: number | null;
    partners: number;
  };
  const cells = new Map<string, Cell>();
  for (const p of presenceRows)
    cells.set(key(p.area_id, p.sector_id), {
      area: p.area_id,
      sector: p.sector_id,
      reached: p.reached,
      direct: p.direct_reached,
      partners: p.organisations,
    });
  const needOf = new Map(needs.map((n) => [key(n.area_id, n.sector_id), n]));
  for (const n of needs)
    if (!cells.has(key(n.area_id, n.sector_id)))
      cells.set(key(n.area_id, n.sector_id), {
        area: n.area_id,
        sector: n.sector_id,
        reached: null,
        direct: null,
        partners: 0,
      });
  const populationOf = new Map(population.map((p) => [p.area_id, p.individuals]));
  const all = [...cells.values()];
  const name = await names(
    db,
    audience.responseId,
    all.map((c) => c.area),
    all.map((c) => c.sector),
  );
  const directOf = new Map<GapRow, number | null>();
  const rows: GapRow[] = all.map((c) => {
    const need = needOf.get(key(c.area, c.sector));
    const inNeed = need?.in_need ?? null;
    const populationHere = populationOf.get(c.area) ?? null;
    const reached = c.reached ?? 0;
    const denominator = inNeed ?? populationHere;
    const severity = need?.severity ?? null;
    const highNeed = severity != null ? severity >= 3 : (inNeed ?? 0) > 0;
    const row = {
      location: name.location(c.area),
      sector: name.sector(c.sector),
      severity,
      inNeed,
      population: populationHere,
      reached: c.reached,
      partners: c.partners,
      coverage: denominator ? Math.round((reached / denominator) * 1000) / 1000 : null,
      unmet: inNeed == null ? null : Math.max(inNeed - reached, 0),
      highNeedNoPartner: highNeed && c.partners === 0,
      suppressed: false,
    };
    directOf.set(row, c.direct);
    return row;
  });
  rows.sort(
    (a, b) =>
      (b.unmet ?? -1) - (a.unmet ?? -1) ||
      (b.severity ?? 0) - (a.severity ?? 0) ||
      Number(b.highNeedNoPartner) - Number(a.highNeedNoPartner) ||
      byCodes(a, b),
  );
  if (audience.isPublic)
    suppressRows(
      {
        rows,
        values: (r) => [r.reached, r.inNeed, r.population, r.unmet, directOf.get(r) ?? null],
        // Coverage is withheld too: with the need figure it would give the people reached back.
        withhold: (r) =>
          Object.assign(r, {
            reached: null,
            inNeed: null,
            population: null,
            unmet: null,
            coverage: null,
            suppressed: true,
          }),
        group: (r) => r.sector.id,
      },
      audience.threshold,
    );
  return { ...basisOf(scope, audience), rows };
}

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
      FROM activity_cells a JOIN indicators i ON i.response_id = a.response_id AND i.id = a.indicator_id
      WHERE ${cellsSql(scope)}
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

/** Monthly series per sector (default: the last 12 months reported) and population over rounds. */
export async function trends(
  db: Db,
  audience: Audience,
  query: AnalysisQuery,
): Promise<z.infer<typeof trendsOutput>> {
  const base = await scopeOf(db, audience, query);
  const from =
    query.from || !base.to
      ? base.from
      : new Date(Date.UTC(Number(base.to.slice(0, 4)), Number(base.to.slice(5, 7)) - 12, 1))
          .toISOString()
          .slice(0, 10);
  const scope: Scope = { ...base, from };
  const cells = scope.from ? await monthlyCells(db, scope) : [];
  const sectorNames = await namesOf(
    db,
    "sectors",
    audience.responseId,
    cells.map((c) => c.sector_id),
  );
  const threshold = audience.isPublic ? audience.threshold : 0;
  const monthly = cells
    .map((c) => ({
      month: (c.month ?? "").slice(0, 7),
      sector: sectorNames.get(c.sector_id) ?? { ...unknown, id: c.sector_id },
      organisations: c.organisations,
      activities: c.activities,
      reached: suppress(c.reached, threshold, c.direct_reached),
    }))
    .sort((a, b) => byText(a.month, b.month) || byText(a.sector.code, b.sector.code));
  return {
    ...basisOf(scope, audience),
    monthly,
    population: await populationOverRounds(db, scope, threshold),
  };
}

/** Individuals, households and sites per round, within the scope's location. */
export async function populationOverRounds(db: Db, scope: Scope, threshold: number) {
  const within = scope.locationId ? sql`AND p.location_id IN (SELECT id FROM subtree)` : sql``;
  const areas = scope.locationId ? subtreeCte(scope.responseId, scope.locationId) : sql``;
  const hidden = scope.isPublic
    ? sql`AND p.location_id NOT IN (SELECT l.id FROM locations l WHERE l.response_id = ${scope.responseId}
        AND l.code IN (SELECT x.code FROM locations x WHERE x.response_id = ${scope.responseId} AND x.sensitive))`
    : sql``;
  const result = await db.execute<{
    id: string;
    code: string;
    name: string;
    assessed_on: string;
    individuals: number | null;
    households: number | null;
    sites: number;
  }>(sql`${areas}
    SELECT r.id, r.code, r.name, r.assessed_on::text, sum(p.individuals)::float8 AS individuals,
      sum(p.households)::float8 AS households, count(DISTINCT p.location_id)::int AS sites
    FROM displacement_rounds r JOIN population_figures p ON p.response_id = r.response_id AND p.round_id = r.id
    WHERE r.response_id = ${scope.responseId} ${within} ${hidden}
    GROUP BY 1, 2, 3, 4 ORDER BY 4`);
  return result.rows.map((r) => ({
    round: { id: r.id, code: r.code, name: r.name, assessedOn: r.assessed_on },
    individuals: suppress(r.individuals, threshold),
    households: suppress(r.households, threshold),
    sites: r.sites,
  }));
}
