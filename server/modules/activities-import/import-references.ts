import { type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";

/**
 * Finding the records a row names, by code, name, acronym or alias (case and spacing ignored),
 * with one query per distinct value per import: the caches live as long as one import.
 */

export type OrgRef = {
  id: string;
  name: string;
  acronym: string | null;
  /** The survivor's id and name, for a merged organisation. */
  merged_into_id: string | null;
  merged_into: string | null;
};
export type SectorRef = {
  id: string;
  code: string;
  name: string;
  parent_id: string | null;
};
export type TypedRef = {
  id: string;
  code: string;
  name: string;
  sector_id: string;
};
/** An area a location lies in, as the gazetteer's parent links give it. */
export type AncestorRef = { code: string; name: string; level: number };
export type LocationRef = {
  id: string;
  code: string;
  name: string;
  level: number;
  valid_from: string;
  valid_to: string | null;
  /** The areas this version lies in, its parent first, up to the country. */
  ancestors: AncestorRef[];
};
export type GroupRef = {
  id: string;
  code: string;
  name: string;
};

/** Lower case, trimmed, inner runs of space as one space. */
export const normalise = (value: string) => value.trim().replace(/\s+/g, " ").toLowerCase();
const norm = (column: ReturnType<typeof sql.raw>) =>
  sql`lower(regexp_replace(btrim(${column}), '\\s+', ' ', 'g'))`;

export interface OrgLookup {
  matches: OrgRef[];
  /** The closest organisation by trigram similarity when nothing matched exactly. */
  suggestion: string | null;
}

export class ReferenceCache {
  private readonly orgs = new Map<string, Promise<OrgLookup>>();
  private readonly sectors = new Map<string, Promise<SectorRef[]>>();
  private readonly types = new Map<string, Promise<TypedRef[]>>();
  private readonly indicators = new Map<string, Promise<TypedRef[]>>();
  private readonly locationsByCode = new Map<string, Promise<LocationRef[]>>();
  private readonly locationsByName = new Map<string, Promise<LocationRef[]>>();
  private readonly groups = new Map<string, Promise<GroupRef[]>>();

  constructor(
    private readonly db: Db,
    private readonly responseId: string,
  ) {}

  responseIdOf(): string {
    return this.responseId;
  }

  private cached<T>(map: Map<string, Promise<T>>, value: string, load: (v: string) => Promise<T>) {
    const key = normalise(value);
    let found = map.get(key);
    if (!found) {
      found = load(key);
      map.set(key, found);
    }
    return found;
  }

  organisation(value: string): Promise<OrgLookup> {
    return this.cached(this.orgs, value, async (v) => {
      const result = await this.db.execute<OrgRef>(sql`
        SELECT o.id, o.name, o.acronym, o.merged_into_id, m.name AS merged_into FROM organisations o
        LEFT JOIN organisations m ON m.response_id = o.response_id AND m.id = o.merged_into_id
        WHERE o.response_id = ${this.responseId}
          AND (${norm(sql.raw("o.name"))} = ${v} OR ${norm(sql.raw("o.acronym"))} = ${v}
            OR EXISTS (SELECT 1 FROM unnest(o.aliases) AS a WHERE ${norm(sql.raw("a"))} = ${v}))
        ORDER BY o.name LIMIT 10`);
      if (result.rows.length) return { matches: result.rows, suggestion: null };
      const near = await this.db.execute<{ name: string; acronym: string | null }>(sql`
        SELECT name, acronym FROM organisations
        WHERE response_id = ${this.responseId} AND merged_into_id IS NULL
          AND greatest(similarity(lower(name), ${v}), similarity(lower(coalesce(acronym, '')), ${v}),
            word_similarity(${v}, lower(array_to_string(aliases, ' | ')))) > 0.3
        ORDER BY greatest(similarity(lower(name), ${v}), similarity(lower(coalesce(acronym, '')), ${v}),
            word_similarity(${v}, lower(array_to_string(aliases, ' | ')))) DESC, name
        LIMIT 1`);
      const s = near.rows[0];
      return { matches: [], suggestion: s ? `${s.name}${s.acronym ? ` (${s.acronym})` : ""}` : null };
    });
  }

  sector(value: string): Promise<SectorRef[]> {
    return this.cached(this.sectors, value, async (v) => {
      const result = await this.db.execute<SectorRef>(sql`
        SELECT id, code, name, parent_id FROM sectors WHERE response_id = ${this.responseId}
          AND (lower(code) = ${v} OR ${norm(sql.raw("name"))} = ${v})
        ORDER BY (lower(code) = ${v}) DESC, code LIMIT 10`);
      return result.rows;
    });
  }

  activityType(value: string): Promise<TypedRef[]> {
    return this.cached(this.types, value, async (v) => {
      const result = await this.db.execute<TypedRef>(sql`
        SELECT id, code, name, sector_id FROM activity_types WHERE response_id = ${this.responseId}
          AND (lower(code) = ${v} OR ${norm(sql.raw("name"))} = ${v})
        ORDER BY (lower(code) = ${v}) DESC, code LIMIT 20`);
      return result.rows;
    });
  }

  indicator(value: string): Promise<TypedRef[]> {
    return this.cached(this.indicators, value, async (v) => {
      const result = await this.db.execute<TypedRef>(sql`
        SELECT id, code, name, sector_id FROM indicators WHERE response_id = ${this.responseId}
          AND (lower(code) = ${v} OR ${norm(sql.raw("name"))} = ${v})
        ORDER BY (lower(code) = ${v}) DESC, code LIMIT 20`);
      return result.rows;
    });
  }

  /** Every version of the location with this code (P-code or site code), with its ancestors. */
  locationByCode(value: string): Promise<LocationRef[]> {
    return this.cached(this.locationsByCode, value, async (v) => {
      const result = await this.db.execute<LocationRef>(
        this.locationsWithAncestors(sql`lower(code) = ${v}`, null),
      );
      return result.rows;
    });
  }

  /**
   * The locations with this name (case and spacing ignored), with their ancestors; with
   * `withinCode`, only those lying (at any depth) in the area of that code.
   */
  locationByName(value: string, withinCode: string | null = null): Promise<LocationRef[]> {
    const within = withinCode === null ? null : normalise(withinCode);
    // One cache entry per name and area: the same name is looked up under each parent a file names.
    return this.cached(
      this.locationsByName,
      `${within ?? ""}|${value}`,
      async () =>
        (
          await this.db.execute<LocationRef>(
            this.locationsWithAncestors(sql`${norm(sql.raw("name"))} = ${normalise(value)}`, within),
          )
        ).rows,
    );
  }

  /**
   * Locations matching `where`, each with its chain of ancestors (parent links walked upwards,
   * at most 12 steps so a broken gazetteer with a cycle cannot loop), optionally only those with
   * an ancestor of the code `within` (lower case).
   */
  private locationsWithAncestors(where: SQL, within: string | null) {
    const r = this.responseId;
    return sql`
      WITH RECURSIVE found AS (
        SELECT id, code, name, level, valid_from, valid_to, parent_id FROM locations
        WHERE response_id = ${r} AND ${where}
      ), chain (start, id, depth) AS (
        SELECT id, parent_id, 1 FROM found WHERE parent_id IS NOT NULL
        UNION ALL
        SELECT c.start, l.parent_id, c.depth + 1 FROM chain c
        JOIN locations l ON l.response_id = ${r} AND l.id = c.id
        WHERE l.parent_id IS NOT NULL AND c.depth < 12
      ), lineage AS (
        SELECT c.start, json_agg(json_build_object('code', a.code, 'name', a.name, 'level', a.level)
          ORDER BY c.depth) AS ancestors,
          bool_or(lower(a.code) = ${within}) AS inside
        FROM chain c JOIN locations a ON a.response_id = ${r} AND a.id = c.id GROUP BY c.start
      )
      SELECT f.id, f.code, f.name, f.level, f.valid_from::text AS valid_from, f.valid_to::text AS valid_to,
        coalesce(g.ancestors, '[]'::json) AS ancestors
      FROM found f LEFT JOIN lineage g ON g.start = f.id
      WHERE ${within === null ? sql`true` : sql`coalesce(g.inside, false)`}
      ORDER BY f.code, f.valid_from LIMIT 50`;
  }

  populationGroup(value: string): Promise<GroupRef[]> {
    return this.cached(this.groups, value, async (v) => {
      const result = await this.db.execute<GroupRef>(sql`
        SELECT id, code, name FROM population_groups WHERE response_id = ${this.responseId}
          AND (lower(code) = ${v} OR ${norm(sql.raw("name"))} = ${v})
        ORDER BY (lower(code) = ${v}) DESC, code LIMIT 10`);
      return result.rows;
    });
  }
}
