import { type SQL, sql } from "drizzle-orm";
import type { LocationOutput } from "../../../common/schemas/locations.ts";
import type { Db } from "../../db/client.ts";
import { type Cursor, type Page, toPage } from "../../http/list.ts";

export interface LocationFilter {
  q?: string;
  /** Order of an unsearched list (a search is ranked by relevance). */
  sort?: "name" | "code";
  /** Exact code (every version of it when validOn is null). */
  code?: string;
  /** Only the latest version (greatest valid_from) of each code. */
  latest?: boolean;
  parentId?: string | null;
  /** Only roots (admin level 0) when true. */
  roots?: boolean;
  kind?: "admin" | "site";
  level?: number;
  /** Show the gazetteer as it stood on this date; null shows every version. */
  validOn: string | null;
  includeSensitive: boolean;
}

type LocationRow = {
  id: string;
  code: string;
  name: string;
  names: Record<string, string>;
  kind: "admin" | "site";
  level: number;
  site_type: LocationOutput["siteType"];
  parent_id: string | null;
  parent_code: string | null;
  lat: number | null;
  lon: number | null;
  has_geometry: boolean;
  valid_from: string;
  valid_to: string | null;
  sensitive: boolean;
  child_count: number;
  rank: number;
};

const present = (r: LocationRow): LocationOutput => ({
  id: r.id,
  code: r.code,
  name: r.name,
  names: r.names,
  kind: r.kind,
  level: r.level,
  siteType: r.site_type,
  parentId: r.parent_id,
  parentCode: r.parent_code,
  lat: r.lat,
  lon: r.lon,
  hasGeometry: r.has_geometry,
  validFrom: r.valid_from,
  validTo: r.valid_to,
  sensitive: r.sensitive,
  childCount: r.child_count,
});

/** SQL condition: valid on a date (validity is inclusive of both ends). */
export function validOnSql(alias: "l" | "p", date: string): SQL {
  const t = sql.raw(alias);
  return sql`${t}.valid_from <= ${date}::date AND (${t}.valid_to IS NULL OR ${t}.valid_to >= ${date}::date)`;
}

/**
 * SQL condition: the code of the row under `alias` is public. Sensitivity belongs to a code, not
 * to one version: one sensitive version hides every version of the code (fail closed).
 */
export function publicCodeSql(alias: string): SQL {
  const t = sql.raw(alias);
  return sql`NOT EXISTS (SELECT 1 FROM locations s WHERE s.response_id = ${t}.response_id AND s.code = ${t}.code AND s.sensitive)`;
}

/** `publicCodeSql` unless the caller may see sensitive locations. */
const visibleSql = (alias: string, includeSensitive: boolean): SQL =>
  includeSensitive ? sql`TRUE` : publicCodeSql(alias);

/**
 * The same test through a `hidden` CTE (the response's sensitive codes, read once), for queries
 * that check many rows and their neighbours: one scan instead of one anti-join per check.
 */
const hiddenCte = (responseId: string) =>
  sql`WITH hidden AS MATERIALIZED (SELECT DISTINCT code FROM locations WHERE response_id = ${responseId} AND sensitive) `;
const notHiddenSql = (alias: string, includeSensitive: boolean): SQL =>
  includeSensitive ? sql`TRUE` : sql`${sql.raw(alias)}.code NOT IN (SELECT code FROM hidden)`;

/**
 * Serialises gazetteer writes of one response (imports, new versions, edits) until the end of the
 * transaction, so each plans from data no other writer is changing. Works on PGlite too.
 */
export async function lockGazetteer(tx: Db, responseId: string): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('gazetteer:' || ${responseId}::text))`);
}

/**
 * One page of the gazetteer. Without `q` the order is (name, id) with a keyset cursor; with `q`
 * rows are ranked by trigram similarity of name, code and other-language names. A caller who may
 * not see sensitive locations does not see them as neighbours either: no parent code, no count.
 */
export async function queryLocations(
  db: Db,
  responseId: string,
  filter: LocationFilter,
  cursor: Cursor | null,
  limit: number,
): Promise<Page<LocationOutput>> {
  const where: SQL[] = [sql`l.response_id = ${responseId}`];
  if (filter.validOn) where.push(validOnSql("l", filter.validOn));
  if (!filter.includeSensitive) where.push(notHiddenSql("l", false));
  if (filter.code) where.push(sql`l.code = ${filter.code}`);
  if (filter.latest)
    where.push(
      sql`NOT EXISTS (SELECT 1 FROM locations n WHERE n.response_id = l.response_id AND n.code = l.code AND n.valid_from > l.valid_from)`,
    );
  if (filter.parentId) where.push(sql`l.parent_id = ${filter.parentId}`);
  if (filter.roots) where.push(sql`l.parent_id IS NULL`);
  if (filter.kind) where.push(sql`l.kind = ${filter.kind}`);
  if (filter.level !== undefined) where.push(sql`l.level = ${filter.level}`);
  const q = filter.q?.trim();
  let rank = sql`0::real`;
  if (q) {
    const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    // Names (in every language, lower-cased in search_text) match by substring or tolerate typos;
    // codes match by substring only: a fuzzy P-code match would be a different place.
    const needle = q.toLowerCase();
    rank = sql`greatest(similarity(l.name, ${q}), similarity(l.code, ${q}), word_similarity(${needle}, l.search_text))`;
    where.push(
      sql`(l.search_text LIKE ${like.toLowerCase()} OR l.code ILIKE ${like} OR ${needle} <% l.search_text)`,
    );
  }
  const key = sql.raw(filter.sort === "code" ? "l.code" : "l.name");
  let order = sql`${key}, l.id`;
  if (q) order = sql`rank DESC, l.name, l.id`;
  if (cursor && "after" in cursor && !q)
    where.push(sql`(${key}, l.id) > (${cursor.after[0]}, ${cursor.after[1]}::uuid)`);
  const offset = cursor && "offset" in cursor ? cursor.offset : 0;
  const result = await db.execute<LocationRow>(sql`
    ${filter.includeSensitive ? sql`` : hiddenCte(responseId)}
    SELECT l.id, l.code, l.name, l.names, l.kind, l.level, l.site_type, p.id AS parent_id, p.code AS parent_code,
      l.lat, l.lon, l.geometry IS NOT NULL AS has_geometry, l.valid_from::text AS valid_from,
      l.valid_to::text AS valid_to, l.sensitive,
      (SELECT count(*)::int FROM locations c
        WHERE c.response_id = l.response_id AND c.parent_id = l.id AND ${notHiddenSql("c", filter.includeSensitive)}) AS child_count,
      ${rank} AS rank
    FROM locations l
    LEFT JOIN locations p ON p.response_id = l.response_id AND p.id = l.parent_id
      AND ${notHiddenSql("p", filter.includeSensitive)}
    WHERE ${sql.join(where, sql` AND `)}
    ORDER BY ${order}
    LIMIT ${limit + 1} OFFSET ${offset}`);
  return toPage(result.rows.map(present), limit, (last) =>
    q ? { offset: offset + limit } : { after: [filter.sort === "code" ? last.code : last.name, last.id] },
  );
}

/**
 * Ancestors of a location from the root down, for breadcrumbs. Without access to sensitive
 * locations the walk stops below the first sensitive ancestor: it and everything above it are left out.
 */
export async function queryAncestors(db: Db, responseId: string, id: string, includeSensitive: boolean) {
  const result = await db.execute<{
    id: string;
    code: string;
    name: string;
    level: number;
    depth: number;
  }>(sql`
    WITH RECURSIVE up AS (
      SELECT id, code, name, level, parent_id, 0 AS depth FROM locations WHERE response_id = ${responseId} AND id = ${id}
      UNION ALL
      SELECT l.id, l.code, l.name, l.level, l.parent_id, up.depth + 1
      FROM locations l JOIN up ON l.response_id = ${responseId} AND l.id = up.parent_id
      WHERE up.depth < 10 AND ${visibleSql("l", includeSensitive)}
    )
    SELECT id, code, name, level, depth FROM up WHERE depth > 0 ORDER BY depth DESC`);
  return result.rows.map(({ depth: _depth, ...r }) => r);
}

/**
 * After new versions replace old ones, moves the children still open on each new version's start
 * from the old version to the new one (a child names its parent by version). One statement.
 */
export async function relinkChildren(
  tx: Db,
  responseId: string,
  moves: { fromId: string; toId: string; validFrom: string }[],
): Promise<void> {
  if (moves.length === 0) return;
  await tx.execute(sql`
    UPDATE locations c SET parent_id = t.to_id, updated_at = now()
    FROM unnest(${sql.param(moves.map((m) => m.fromId))}::uuid[], ${sql.param(moves.map((m) => m.toId))}::uuid[],
      ${sql.param(moves.map((m) => m.validFrom))}::date[]) AS t(from_id, to_id, valid_from)
    WHERE c.response_id = ${responseId} AND c.parent_id = t.from_id
      AND (c.valid_to IS NULL OR c.valid_to >= t.valid_from)`);
}

/**
 * Keeps each site one level below its admin area after those areas changed level: returns the
 * sites it moved, with their level before and after, for the audit log.
 */
export async function deriveSiteLevels(
  tx: Db,
  responseId: string,
  parentIds: string[],
): Promise<{ id: string; code: string; before: number; after: number }[]> {
  if (parentIds.length === 0) return [];
  const result = await tx.execute<{ id: string; code: string; before: number; after: number }>(sql`
    UPDATE locations c SET level = p.level + 1, updated_at = now()
    FROM locations p, locations o
    WHERE p.response_id = ${responseId} AND p.id = ANY(${sql.param(parentIds)}::uuid[])
      AND c.response_id = p.response_id AND c.parent_id = p.id AND c.kind = 'site' AND c.level <> p.level + 1
      AND o.response_id = c.response_id AND o.id = c.id
    RETURNING c.id, c.code, o.level AS before, c.level AS after`);
  return result.rows;
}
