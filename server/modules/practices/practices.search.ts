import { type SQL, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Principal } from "../../../common/permissions.ts";
import {
  type FacetName,
  facetNames,
  type PracticeSearchOutput,
  type practiceSearchQuery,
  practiceStatuses,
  practiceTypes,
} from "../../../common/schemas/practices.ts";
import type { Db } from "../../db/client.ts";
import { practiceSearchText, practices } from "../../db/schema/practices.ts";
import { AppError, forbidden } from "../../errors.ts";
import { readsAll, summaryOf } from "./practices.service.ts";

type SearchQuery = z.output<typeof practiceSearchQuery>;

/** Each facet: the array it counts over, and how one of its filters reads. */
const facetColumns: Record<FacetName, { values: SQL; filter: (values: unknown[]) => SQL }> = {
  objective: { values: sql`gcm_objectives`, filter: (v) => sql`gcm_objectives && ${sql.param(v)}::int[]` },
  principle: { values: sql`gcm_principles`, filter: (v) => sql`gcm_principles && ${sql.param(v)}::int[]` },
  goal: { values: sql`sdg_goals`, filter: (v) => sql`sdg_goals && ${sql.param(v)}::int[]` },
  country: { values: sql`countries`, filter: (v) => sql`countries && ${sql.param(v)}::text[]` },
  type: { values: sql`ARRAY[type]`, filter: (v) => sql`type = ANY(${sql.param(v)}::text[])` },
  year: { values: sql`years`, filter: (v) => sql`years && ${sql.param(v)}::int[]` },
};

const matches = (q: string) => sql`(
  to_tsvector('english'::regconfig, ${practiceSearchText}) @@ websearch_to_tsquery('english'::regconfig, ${q})
  OR to_tsvector('simple'::regconfig, ${practiceSearchText}) @@ websearch_to_tsquery('simple'::regconfig, ${q}))`;
const rank = (q: string) => sql`(
  ts_rank(to_tsvector('english'::regconfig, ${practiceSearchText}), websearch_to_tsquery('english'::regconfig, ${q}))
  + ts_rank(to_tsvector('simple'::regconfig, ${practiceSearchText}), websearch_to_tsquery('simple'::regconfig, ${q})))`;

/** Which practices the asker may list in this scope: published; my own; or the review queue. */
function scopeCondition(responseId: string, principal: Principal | null, query: SearchQuery): SQL {
  const statuses = query.status;
  if (query.scope === "published") return sql`response_id = ${responseId} AND status = 'published'`;
  if (!principal)
    throw new AppError("UNAUTHENTICATED", "Sign in to see your own or the submitted practices.");
  const inStatuses = (list: readonly string[]) => sql`status = ANY(${sql.param([...list])}::text[])`;
  if (query.scope === "mine")
    return sql`response_id = ${responseId} AND submitted_by = ${principal.userId} AND ${inStatuses(statuses.length ? statuses : practiceStatuses)}`;
  if (!readsAll(principal, responseId)) throw forbidden("You do not have permission (practice:review).");
  return sql`response_id = ${responseId} AND ${inStatuses(statuses.length ? statuses : ["submitted", "under_review"])}`;
}

const numeric = new Set<FacetName>(["objective", "principle", "goal"]);
function sortFacet(name: FacetName, counts: { value: string; count: number }[]) {
  if (name === "type")
    return counts.sort(
      (a, b) => practiceTypes.indexOf(a.value as never) - practiceTypes.indexOf(b.value as never),
    );
  if (name === "year") return counts.sort((a, b) => Number(b.value) - Number(a.value));
  if (numeric.has(name)) return counts.sort((a, b) => Number(a.value) - Number(b.value));
  return counts.sort((a, b) => a.value.localeCompare(b.value));
}

/**
 * Faceted search: the page of matching practices, their total, and for each facet the count per
 * value with every filter applied except that facet's own (so ticking "Objective 5" still shows how
 * many practices each other objective would add).
 */
export async function searchPractices(
  db: Db,
  responseId: string,
  principal: Principal | null,
  query: SearchQuery,
): Promise<PracticeSearchOutput> {
  const base = [
    scopeCondition(responseId, principal, query),
    ...(query.q ? [matches(query.q)] : []),
    // The document page lists the practices that apply it.
    ...(query.document ? [sql`document_ids @> ARRAY[${query.document}]::uuid[]`] : []),
  ];
  const selected: Record<FacetName, unknown[]> = {
    objective: query.objective,
    principle: query.principle,
    goal: query.goal,
    country: query.country,
    type: query.type,
    year: query.year,
  };
  const filters = (except?: FacetName) =>
    facetNames
      .filter((f) => f !== except && selected[f].length)
      .map((f) => facetColumns[f].filter(selected[f]));
  const where = (except?: FacetName) => sql.join([...base, ...filters(except)], sql` AND `);

  const order = query.q
    ? sql`${rank(query.q)} DESC, coalesce(published_at, submitted_at) DESC`
    : sql`coalesce(published_at, submitted_at) DESC, id`;
  const rows = await db
    .select()
    .from(practices)
    .where(where())
    .orderBy(order)
    .limit(query.limit)
    .offset(query.offset);
  const counted = await db.execute<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM ${practices} WHERE ${where()}`,
  );
  const total = Number(counted.rows[0]?.n ?? 0);

  const facets = {} as PracticeSearchOutput["facets"];
  for (const name of facetNames) {
    const counted = await db.execute<{ value: string; count: number }>(sql`
      SELECT v::text AS value, count(*)::int AS count
      FROM ${practices}, unnest(${facetColumns[name].values}) AS v
      WHERE ${where(name)} GROUP BY v`);
    const counts = counted.rows.map((r) => ({ value: String(r.value), count: Number(r.count) }));
    // A ticked value stays listed (with 0) so it can be unticked.
    for (const value of selected[name].map(String))
      if (!counts.some((c) => c.value === value)) counts.push({ value, count: 0 });
    facets[name] = sortFacet(name, counts);
  }
  return { items: rows.map(summaryOf), total, facets };
}
