import { sql } from "drizzle-orm";
import type { z } from "zod";
import type {
  AnalysisQuery,
  GapsOutput,
  PresenceOutput,
  PresenceQuery,
  trendsOutput,
} from "../../../common/schemas/analysis.ts";
import type { Db } from "../../db/client.ts";
import {
  latestMonth,
  monthBounds,
  monthlyCells,
  type Named,
  type NeedCell,
  namesOf,
  needCells,
  type PresenceCell,
  placeNames,
  populationCells,
  presenceCells,
  type Scope,
  sectorFamily,
  subtreeCte,
} from "./analysis.queries.ts";
import { AnswerNames } from "./answer-names.ts";
import { referenceCacheOf, referenceVersion } from "./reference-cache.ts";
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

export const basisOf = (scope: Scope, audience: Audience) => ({
  from: scope.from?.slice(0, 7) ?? null,
  to: scope.to?.slice(0, 7) ?? null,
  level: scope.level,
  public: audience.isPublic,
  threshold: audience.isPublic ? audience.threshold : 0,
});

export const unknown: Named = { id: "00000000-0000-0000-0000-000000000000", code: "?", name: "?" };
/**
 * Codes and months in code-point order: they are ASCII, and a site-level answer has thousands of
 * rows, which `localeCompare` took tens of milliseconds to sort.
 */
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Code and name of every place of the scope's level (within its location) and of every sector of
 * the response, read beside the figures rather than after them (an answer at site level names
 * hundreds of places, and a second round trip once the figures are in added 5–9 ms), and kept
 * until the gazetteer or the sectors change.
 */
async function scopeNames(db: Db, scope: Scope, version: number): Promise<AnswerNames> {
  const key = ["names", scope.responseId, scope.level, scope.locationId, scope.isPublic].join("|");
  const { places, sectors } = await referenceCacheOf(db).get(
    key,
    version,
    async () => {
      const [places, sectors] = await Promise.all([
        placeNames(db, scope),
        namesOf(db, "sectors", scope.responseId),
      ]);
      return { places: [...places.values()], sectors: [...sectors.values()] };
    },
    (names) => names.places.length + names.sectors.length,
  );
  return new AnswerNames(places, sectors, (id) => ({ ...unknown, id }));
}

/** The scope of a request and the version of the figures read beside its records. */
const scopeAndVersion = (db: Db, audience: Audience, query: Omit<AnalysisQuery, "format">) =>
  Promise.all([scopeOf(db, audience, query), referenceVersion(db, audience.responseId)]);

type PresenceAnswerRow = PresenceOutput["rows"][number];

/**
 * 4W presence: partners, records and people reached per place and sector in the months, or per
 * place, sector and month (`by=month`), in sector, place and month order.
 */
export async function presence(db: Db, audience: Audience, query: PresenceQuery): Promise<PresenceOutput> {
  const byMonth = query.by === "month";
  const [scope, version] = await scopeAndVersion(db, audience, query);
  const [cells, names] = await Promise.all([
    scope.from ? presenceCells(db, scope, byMonth) : Promise.resolve([]),
    scopeNames(db, scope, version),
  ]);
  const rows = cells.map(
    (c): PresenceAnswerRow => ({
      month: c.month?.slice(0, 7) ?? null,
      organisations: c.organisations,
      activities: c.activities,
      reached: c.reached,
      suppressed: false,
      place: names.place(c.area_id),
      sector: names.sector(c.sector_id),
    }),
  );
  const directOf = audience.isPublic ? new Map(rows.map((row, i) => [row, cells[i]!.direct_reached])) : null;
  // Positions follow code order, so this sorts by sector code, place code and month.
  rows.sort((a, b) => a.sector - b.sector || a.place - b.place || byText(a.month ?? "", b.month ?? ""));
  if (directOf)
    suppressRows(
      {
        rows,
        values: (r) => [r.reached, directOf.get(r) ?? null],
        withhold: (r) => Object.assign(r, { reached: null, suppressed: true }),
        // A sector's places add up to its total. Split by month, a cell is also part of its month's
        // total over places (the trends) and of its place's total over the months (this endpoint
        // without `by`): protected in both, or a withheld cell comes back by subtraction.
        groups: byMonth
          ? [(r) => `${r.sector}|${r.month}`, (r) => `${r.sector}|${r.place}`]
          : [(r) => String(r.sector)],
      },
      audience.threshold,
    );
  return { ...basisOf(scope, audience), ...names.answer(rows) };
}

export const yearOf = (scope: Scope) => Number((scope.to ?? new Date().toISOString()).slice(0, 4));

/** People in need, severity and population per place of the scope, kept until they change. */
function needAndPopulation(db: Db, scope: Scope, version: number) {
  const year = yearOf(scope);
  const key = [
    "needs",
    scope.responseId,
    scope.level,
    scope.locationId,
    scope.sectorId,
    scope.isPublic,
    year,
    scope.to,
  ];
  return referenceCacheOf(db).get(
    key.join("|"),
    version,
    async () => {
      const [needs, population] = await Promise.all([needCells(db, scope, year), populationCells(db, scope)]);
      return { needs, population };
    },
    (figures) => figures.needs.length + figures.population.length,
  );
}

type GapAnswerRow = GapsOutput["rows"][number];

/**
 * Gaps: per place and sector, need (severity, people in need) against coverage (people reached,
 * partners present), ranked by people in need not reached, then severity. A place with high need
 * (severity 3 or more, or people in need and no severity) and no partner is flagged.
 */
export async function gaps(db: Db, audience: Audience, query: AnalysisQuery): Promise<GapsOutput> {
  const [scope, version] = await scopeAndVersion(db, audience, query);
  const [presenceRows, { needs, population }, names] = await Promise.all([
    scope.from ? presenceCells(db, scope) : Promise.resolve([]),
    needAndPopulation(db, scope, version),
    scopeNames(db, scope, version),
  ]);
  // Presence and need side by side per place and sector, found by their positions.
  type Cell = { place: number; sector: number; presence?: PresenceCell; need?: NeedCell };
  const cells: Cell[] = [];
  const grid: Cell[][] = [];
  const cellOf = (area: string, sectorId: string) => {
    const place = names.place(area);
    const sector = names.sector(sectorId);
    const row = grid[place] ?? [];
    grid[place] = row;
    let cell = row[sector];
    if (!cell) {
      cell = { place, sector };
      row[sector] = cell;
      cells.push(cell);
    }
    return cell;
  };
  for (const p of presenceRows) cellOf(p.area_id, p.sector_id).presence = p;
  for (const n of needs) cellOf(n.area_id, n.sector_id).need = n;
  const populationOf = new Map(population.map((p) => [names.place(p.area_id), p.individuals]));
  const rows = cells.map(({ place, sector, need, presence }): GapAnswerRow => {
    const inNeed = need?.in_need ?? null;
    const populationHere = populationOf.get(place) ?? null;
    const reached = presence?.reached ?? 0;
    const partners = presence?.organisations ?? 0;
    const denominator = inNeed ?? populationHere;
    const severity = need?.severity ?? null;
    const highNeed = severity != null ? severity >= 3 : (inNeed ?? 0) > 0;
    return {
      severity,
      inNeed,
      population: populationHere,
      reached: presence?.reached ?? null,
      partners,
      coverage: denominator ? Math.round((reached / denominator) * 1000) / 1000 : null,
      unmet: inNeed == null ? null : Math.max(inNeed - reached, 0),
      highNeedNoPartner: highNeed && partners === 0,
      suppressed: false,
      place,
      sector,
    };
  });
  const directOf = audience.isPublic
    ? new Map(rows.map((row, i) => [row, cells[i]!.presence?.direct_reached ?? null]))
    : null;
  rows.sort(
    (a, b) =>
      (b.unmet ?? -1) - (a.unmet ?? -1) ||
      (b.severity ?? 0) - (a.severity ?? 0) ||
      Number(b.highNeedNoPartner) - Number(a.highNeedNoPartner) ||
      a.sector - b.sector ||
      a.place - b.place,
  );
  if (directOf)
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
        group: (r) => String(r.sector),
      },
      audience.threshold,
    );
  return { ...basisOf(scope, audience), ...names.answer(rows) };
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
