import { sql } from "drizzle-orm";
import type { z } from "zod";
import { expandAnswer } from "../../../common/analysis-rows.ts";
import type {
  AnalysisQuery,
  DashboardOutput,
  LocationProfile,
  locationProfile,
} from "../../../common/schemas/analysis.ts";
import type { Db } from "../../db/client.ts";
import { AppError } from "../../errors.ts";
import { publicCodeSql } from "../locations/locations.queries.ts";
import {
  cellsFrom,
  directReachedSql,
  monthlyCells,
  reachedSql,
  type Scope,
  subtreeCte,
} from "./analysis.queries.ts";
import { type Audience, gaps, populationOverRounds, presence, scopeOf } from "./analysis.service.ts";
import { funding } from "./progress.service.ts";
import { shownTotal, suppress } from "./suppression.ts";

interface PlanTotal {
  sector_id: string | null;
  value: number;
  as_of: string;
  [column: string]: unknown;
}

/**
 * The current value of a plan metric per sector (sector null: the whole response). A figure for
 * the whole place wins; otherwise figures are added up at the highest admin level they are given
 * for (adding camps to the upazila they lie in would count people twice).
 */
async function planTotals(db: Db, responseId: string, year: number, metric: "in_need" | "targeted") {
  const result = await db.execute<PlanTotal>(sql`
    WITH current AS (
      SELECT DISTINCT ON (f.sector_id, f.location_id, f.population_group_id)
        f.sector_id, f.location_id, f.population_group_id, f.value, f.as_of, l.level, l.kind
      FROM plan_figures f LEFT JOIN locations l ON l.response_id = f.response_id AND l.id = f.location_id
      WHERE f.response_id = ${responseId} AND f.year = ${year} AND f.metric = ${metric}
      ORDER BY f.sector_id, f.location_id, f.population_group_id, f.as_of DESC),
    per_place AS (
      SELECT sector_id, location_id, min(level) AS level, max(as_of) AS as_of,
        coalesce(max(value) FILTER (WHERE population_group_id IS NULL), sum(value)) AS value
      FROM current GROUP BY 1, 2),
    ranked AS (
      SELECT *, rank() OVER (PARTITION BY sector_id ORDER BY (location_id IS NOT NULL), level) AS r FROM per_place)
    SELECT sector_id, sum(value)::float8 AS value, max(as_of)::text AS as_of FROM ranked WHERE r = 1 GROUP BY 1`);
  return new Map(result.rows.map((r) => [r.sector_id, r]));
}

/**
 * Key figures of the response, or of one sector (with its sub-sectors) when `sector` is asked,
 * each with its "as of" date.
 */
export async function dashboard(
  db: Db,
  audience: Audience,
  query: AnalysisQuery & { year?: number },
): Promise<DashboardOutput> {
  const scope = await scopeOf(db, audience, query);
  const year = query.year ?? Number((scope.to ?? new Date().toISOString()).slice(0, 4));
  const threshold = audience.isPublic ? audience.threshold : 0;
  const [inNeed, targeted, money, reach, sectors, population] = await Promise.all([
    planTotals(db, audience.responseId, year, "in_need"),
    planTotals(db, audience.responseId, year, "targeted"),
    funding(db, audience.responseId, year, query.sector),
    // The sector asked (with its sub-sectors, as every analysis filter) or all of them.
    db.execute<{
      sector_id: string | null;
      partners: number;
      reached: number | null;
      direct_reached: number | null;
    }>(sql`
      SELECT a.sector_id, count(DISTINCT a.organisation_id)::int AS partners, ${reachedSql} AS reached,
        ${directReachedSql} AS direct_reached
      FROM ${cellsFrom(scope)} WHERE ${scope.from ? sql`TRUE` : sql`FALSE`}
      GROUP BY ROLLUP (a.sector_id)`),
    db.execute<{ id: string; code: string; name: string }>(sql`
      SELECT id, code, name FROM sectors WHERE response_id = ${audience.responseId}
        AND ${query.sector ? sql`id = ${query.sector}` : sql`parent_id IS NULL`}
      ORDER BY code`),
    populationOverRounds(db, { ...scope, locationId: undefined }, threshold),
  ]);
  const localShare = localShareOf(money);
  const reachOf = new Map(reach.rows.map((r) => [r.sector_id, r]));
  const moneyOf = new Map(money.map((m) => [m.sector?.id ?? null, m]));
  const figuresOf = (sectorId: string | null) => {
    const need = inNeed.get(sectorId);
    const target = targeted.get(sectorId);
    const cash = moneyOf.get(sectorId);
    // With a sector asked, every record counted is the sector's or a sub-sector's (whose records
    // carry the parent in sector_id), so the overall row is the sector's.
    const done = reachOf.get(query.sector ? null : sectorId);
    // The date of the people figures (in need, targeted); funding has its own (fundingAsOf).
    const dates = [need?.as_of, target?.as_of].filter((d): d is string => !!d).sort();
    return {
      inNeed: suppress(need?.value, threshold),
      targeted: suppress(target?.value, threshold),
      reached: suppress(done?.reached, threshold, done?.direct_reached),
      partners: done?.partners ?? 0,
      fundingRequired: cash?.required ?? null,
      fundingReceived: cash?.received ?? null,
      figuresAsOf: dates.at(-1) ?? null,
      fundingAsOf: cash?.asOf ?? null,
    };
  };
  // The ROLLUP's rows per sector, without its grand total (sector null).
  const perSector = reach.rows.filter((r) => r.sector_id);
  // The total reached: with a sector asked, the sector's own figure; otherwise added up from the
  // sector figures shown, so a withheld one cannot be found by subtraction.
  const reached = query.sector
    ? { total: figuresOf(query.sector).reached, partial: false }
    : shownTotal(
        perSector.map((r) => r.reached),
        threshold,
        perSector.map((r) => r.direct_reached),
      );
  const latestRound = population.at(-1);
  return {
    from: scope.from?.slice(0, 7) ?? null,
    to: scope.to?.slice(0, 7) ?? null,
    level: scope.level,
    public: audience.isPublic,
    threshold,
    year,
    latestMonth: scope.to?.slice(0, 7) ?? null,
    totals: {
      // With a sector asked, the key figures are that sector's.
      ...figuresOf(query.sector ?? null),
      reached: reached.total,
      reachedPartial: reached.partial,
      population: latestRound?.individuals ?? null,
      populationAsOf: latestRound?.round.assessedOn ?? null,
      localShare,
    },
    sectors: sectors.rows.map((s) => ({ sector: s, ...figuresOf(s.id) })),
  };
}

/** The share of funding received (by sector) that went to local and national organisations. */
function localShareOf(rows: Awaited<ReturnType<typeof funding>>): number | null {
  // Sector rows only: the whole-plan row (sector null) repeats their total.
  const sectors = rows.filter((r) => r.sector);
  const received = sectors.reduce((sum, r) => sum + (r.received ?? 0), 0);
  const local = sectors.reduce((sum, r) => sum + (r.receivedLocal ?? 0), 0);
  return received > 0 ? Math.round((local / received) * 1000) / 1000 : null;
}

/** Who works in a place, its needs, population and trends. */
export async function locationProfileOf(
  db: Db,
  audience: Audience,
  locationId: string,
): Promise<z.infer<typeof locationProfile>> {
  const found = await db.execute<{ id: string; code: string; name: string; level: number; kind: string }>(sql`
    SELECT l.id, l.code, l.name, l.level, l.kind FROM locations l
    WHERE l.response_id = ${audience.responseId} AND l.id = ${locationId}
      ${audience.isPublic ? sql`AND ${publicCodeSql("l")}` : sql``}`);
  const place = found.rows[0];
  if (!place) throw new AppError("NOT_FOUND", "No such location.");
  const level = place.kind === "site" ? ("site" as const) : place.level;
  const query = { level, location: place.id };
  const [parents, needs, scope, present] = await Promise.all([
    db.execute<{ id: string; code: string; name: string }>(sql`
      WITH RECURSIVE up(id, parent_id, code, name, depth) AS (
        SELECT id, parent_id, code, name, 0 FROM locations WHERE response_id = ${audience.responseId} AND id = ${place.id}
        UNION ALL
        SELECT l.id, l.parent_id, l.code, l.name, up.depth + 1 FROM locations l JOIN up
          ON l.response_id = ${audience.responseId} AND l.id = up.parent_id WHERE up.depth < 10)
      SELECT id, code, name FROM up WHERE depth > 0 ORDER BY depth DESC`),
    gaps(db, audience, { ...query, format: "json" }),
    scopeOf(db, audience, query),
    presence(db, audience, { ...query, format: "json" }),
  ]);
  const { rows: presentRows } = expandAnswer(present);
  const activitiesOf = new Map(
    presentRows.filter((r) => r.location.id === place.id).map((r) => [r.sector.id, r.activities]),
  );
  const threshold = audience.isPublic ? audience.threshold : 0;
  const organisations = scope.from ? await partnersBySector(db, scope) : new Map();
  const since = scope.to
    ? new Date(Date.UTC(Number(scope.to.slice(0, 4)), Number(scope.to.slice(5, 7)) - 12, 1))
        .toISOString()
        .slice(0, 10)
    : null;
  const monthly = scope.to ? await monthlyCells(db, { ...scope, sectorId: undefined, from: since }) : [];
  // The sectors' figures per month: a month's total is added up from the shown ones only.
  const perMonth = new Map<
    string,
    { reached: (number | null)[]; direct: (number | null)[]; activities: number }
  >();
  for (const c of monthly) {
    const m = (c.month ?? "").slice(0, 7);
    const entry = perMonth.get(m) ?? { reached: [], direct: [], activities: 0 };
    entry.reached.push(c.reached);
    entry.direct.push(c.direct_reached);
    entry.activities += c.activities;
    perMonth.set(m, entry);
  }
  const priorityNeeds = await priorityNeedsOf(db, scope);
  const result: LocationProfile = {
    location: { ...place, parents: parents.rows },
    public: audience.isPublic,
    latestMonth: scope.to?.slice(0, 7) ?? null,
    sectors: expandAnswer(needs)
      .rows.filter((r) => r.location.id === place.id)
      .map((r) => ({
        sector: r.sector,
        organisations: organisations.get(r.sector.id) ?? [],
        activities: activitiesOf.get(r.sector.id) ?? 0,
        reached: r.reached,
        inNeed: r.inNeed,
        severity: r.severity,
        priorityNeeds: priorityNeeds.get(r.sector.id) ?? [],
      }))
      .sort((a, b) => a.sector.code.localeCompare(b.sector.code)),
    population: await populationOverRounds(db, scope, threshold),
    monthly: [...perMonth.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([month, v]) => {
        const { total, partial } = shownTotal(v.reached, threshold, v.direct);
        return { month, reached: total, partial, activities: v.activities };
      }),
  };
  return result;
}

/** Organisations present per sector within the scope's location, in its months. */
async function partnersBySector(db: Db, scope: Scope) {
  const result = await db.execute<{
    sector_id: string;
    id: string;
    name: string;
    acronym: string | null;
  }>(sql`
    ${subtreeCte(scope.responseId, scope.locationId!)}
    SELECT DISTINCT a.sector_id, o.id, o.name, o.acronym
    FROM ${cellsFrom(scope)} JOIN organisations o ON o.response_id = a.response_id AND o.id = a.organisation_id
    WHERE a.location_id IN (SELECT id FROM subtree)
    ORDER BY o.name`);
  const bySector = new Map<string, { id: string; name: string; acronym: string | null }[]>();
  for (const r of result.rows) {
    const list = bySector.get(r.sector_id) ?? [];
    list.push({ id: r.id, name: r.name, acronym: r.acronym });
    bySector.set(r.sector_id, list);
  }
  return bySector;
}

/** Priority needs named in the latest round per sector, within the scope's location. */
async function priorityNeedsOf(db: Db, scope: Scope) {
  const result = await db.execute<{ sector_id: string; needs: string[] }>(sql`
    ${subtreeCte(scope.responseId, scope.locationId!)}
    SELECT sector_id, array_agg(DISTINCT p ORDER BY p) AS needs FROM (
      SELECT DISTINCT ON (s.location_id, s.sector_id) s.sector_id, s.priority_needs
      FROM needs_severity s JOIN displacement_rounds r ON r.response_id = s.response_id AND r.id = s.round_id
      WHERE s.response_id = ${scope.responseId} AND s.location_id IN (SELECT id FROM subtree)
      ORDER BY s.location_id, s.sector_id, r.assessed_on DESC) latest, unnest(latest.priority_needs) p
    GROUP BY 1`);
  return new Map(result.rows.map((r) => [r.sector_id, r.needs]));
}
