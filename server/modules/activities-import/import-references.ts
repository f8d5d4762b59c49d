import { sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";

/**
 * Finding the records a row names, by code, name, acronym or alias (case and spacing ignored),
 * with one query per distinct value per import: the caches live as long as one import.
 */

export type OrgRef = {
  id: string;
  name: string;
  acronym: string | null;
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
export type LocationRef = {
  id: string;
  code: string;
  name: string;
  valid_from: string;
  valid_to: string | null;
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
        SELECT o.id, o.name, o.acronym, m.name AS merged_into FROM organisations o
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

  /** Every version of the location with this code (P-code or site code). */
  locationByCode(value: string): Promise<LocationRef[]> {
    return this.cached(this.locationsByCode, value, async (v) => {
      const result = await this.db.execute<LocationRef>(sql`
        SELECT id, code, name, valid_from::text AS valid_from, valid_to::text AS valid_to FROM locations
        WHERE response_id = ${this.responseId} AND lower(code) = ${v} ORDER BY valid_from`);
      return result.rows;
    });
  }

  locationByName(value: string): Promise<LocationRef[]> {
    return this.cached(this.locationsByName, value, async (v) => {
      const result = await this.db.execute<LocationRef>(sql`
        SELECT id, code, name, valid_from::text AS valid_from, valid_to::text AS valid_to FROM locations
        WHERE response_id = ${this.responseId} AND ${norm(sql.raw("name"))} = ${v} ORDER BY code, valid_from LIMIT 50`);
      return result.rows;
    });
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
