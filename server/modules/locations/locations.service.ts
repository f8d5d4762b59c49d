import booleanPointInPolygon from "@turf/boolean-point-in-polygon";
import { and, desc, eq, ne, sql } from "drizzle-orm";
import type { z } from "zod";
import type { LocationOutput, locationInput } from "../../../common/schemas/locations.ts";
import type { Db } from "../../db/client.ts";
import { locations } from "../../db/schema/reference.ts";
import { conflict, invalid, notFound } from "../../errors.ts";
import { type Actor, type AuditEntry, recordAuditMany } from "../audit/audit.service.ts";
import { dayBefore } from "./dates.ts";
import type { Polygonal } from "./gazetteer-parse.ts";
import {
  deriveSiteLevels,
  lockGazetteer,
  publicCodeSql,
  queryLocations,
  relinkChildren,
} from "./locations.queries.ts";

type LocationRow = typeof locations.$inferSelect;

/** The latest version of a code (greatest valid_from), or 404; sensitive codes only when allowed. */
export async function getLocationByCode(
  db: Db,
  responseId: string,
  code: string,
  includeSensitive: boolean,
): Promise<LocationOutput> {
  const page = await queryLocations(
    db,
    responseId,
    { code, latest: true, validOn: null, includeSensitive },
    null,
    1,
  );
  const latest = page.items[0];
  if (!latest) throw notFound(`Location ${code}`);
  return latest;
}

/** The latest version of a code as a row, whatever its sensitivity. */
async function latestVersion(db: Db, responseId: string, code: string): Promise<LocationRow | undefined> {
  const [row] = await db
    .select()
    .from(locations)
    .where(and(eq(locations.responseId, responseId), eq(locations.code, code)))
    .orderBy(desc(locations.validFrom))
    .limit(1);
  return row;
}

const parentIsSite = (code: string) =>
  invalid(`${code} is a site: only an admin area can hold other locations.`, [
    { path: "body.parentCode", message: "PARENT_IS_SITE: the parent must be an admin area" },
  ]);

async function resolveParent(db: Db, responseId: string, parentCode: string | null | undefined) {
  if (!parentCode) return null;
  const result = await db.execute<{ id: string; code: string; kind: "admin" | "site"; level: number }>(sql`
    SELECT id, code, kind, level FROM locations WHERE response_id = ${responseId} AND code = ${parentCode}
    ORDER BY valid_from DESC LIMIT 1`);
  const parent = result.rows[0];
  if (!parent)
    throw invalid(`No location has the code ${parentCode}.`, [
      { path: "body.parentCode", message: "unknown parent" },
    ]);
  if (parent.kind === "site") throw parentIsSite(parentCode);
  return parent;
}

/** Codes from a location up to its root (by the versions its parents point at). */
async function ancestorCodes(db: Db, responseId: string, id: string): Promise<string[]> {
  const result = await db.execute<{ code: string }>(sql`
    WITH RECURSIVE up AS (
      SELECT id, code, parent_id, 0 AS depth FROM locations WHERE response_id = ${responseId} AND id = ${id}
      UNION ALL SELECT l.id, l.code, l.parent_id, up.depth + 1 FROM locations l
        JOIN up ON l.response_id = ${responseId} AND l.id = up.parent_id WHERE up.depth < 12)
    SELECT code FROM up`);
  return result.rows.map((r) => r.code);
}

/**
 * Adds a location, or a new version of an existing code: the new version must start after the
 * latest one, which is closed the day before; open children move to the new version.
 */
export async function createLocation(
  db: Db,
  responseId: string,
  actor: Actor,
  input: z.infer<typeof locationInput>,
): Promise<string> {
  return db.transaction(async (tx) => {
    await lockGazetteer(tx, responseId);
    const parent = await resolveParent(tx, responseId, input.parentCode);
    const level = input.kind === "site" ? (parent ? parent.level + 1 : 1) : input.level!;
    if (input.kind === "admin" && parent && level <= parent.level) {
      throw invalid(`Level ${level} must be deeper than the parent's level ${parent.level}.`, [
        { path: "body.level", message: "not below its parent" },
      ]);
    }
    const validFrom = input.validFrom ?? "1900-01-01";
    const previous = await latestVersion(tx, responseId, input.code);
    if (previous && validFrom <= previous.validFrom)
      throw conflict(
        `A location with the code ${input.code} already exists from ${previous.validFrom}; a new version of ${input.code} must start after that.`,
        [
          { path: "body.code", message: "already used" },
          ...(input.validFrom
            ? [{ path: "body.validFrom", message: `must be after ${previous.validFrom}` }]
            : []),
        ],
      );
    if (previous && parent && (await ancestorCodes(tx, responseId, parent.id)).includes(input.code))
      throw invalid("That parent is inside this location: the hierarchy would loop.", [
        { path: "body.parentCode", message: "cycle" },
      ]);
    if (previous) {
      // The children that move to the new version must still fit under it.
      const children = await tx.execute<{ code: string; kind: "admin" | "site"; level: number }>(sql`
        SELECT code, kind, level FROM locations
        WHERE response_id = ${responseId} AND parent_id = ${previous.id} AND (valid_to IS NULL OR valid_to >= ${validFrom}::date)`);
      if (input.kind === "site" && children.rows.length)
        throw invalid(`${input.code} holds ${children.rows[0]!.code}: a site cannot hold other locations.`, [
          { path: "body.kind", message: "PARENT_IS_SITE: this location has children" },
        ]);
      const tooHigh = children.rows.find((c) => c.kind === "admin" && c.level <= level);
      if (tooHigh)
        throw invalid(
          `Level ${level} must be above the level ${tooHigh.level} of its child ${tooHigh.code}.`,
          [{ path: "body.level", message: "not above its children" }],
        );
    }
    // Sensitivity belongs to the code: a new version of a sensitive code stays sensitive.
    const sensitive = input.sensitive || !!previous?.sensitive;
    const [row] = await tx
      .insert(locations)
      .values({
        responseId,
        code: input.code,
        name: input.name,
        names: input.names,
        kind: input.kind,
        level,
        siteType: input.kind === "site" ? (input.siteType ?? null) : null,
        parentId: parent?.id ?? null,
        lat: input.lat ?? null,
        lon: input.lon ?? null,
        validFrom,
        validTo: input.validTo ?? null,
        sensitive,
      })
      .returning();
    const audit: AuditEntry[] = [
      {
        responseId,
        actor,
        action: "location.create",
        entityType: "location",
        entityId: row!.id,
        after: { ...row, geometry: undefined },
      },
    ];
    if (previous) {
      if (previous.validTo === null || previous.validTo >= validFrom) {
        const [closed] = await tx
          .update(locations)
          .set({ validTo: dayBefore(validFrom), updatedAt: new Date() })
          .where(and(eq(locations.responseId, responseId), eq(locations.id, previous.id)))
          .returning();
        audit.push(versionAudit(responseId, actor, previous, closed!));
      }
      await relinkChildren(tx, responseId, [{ fromId: previous.id, toId: row!.id, validFrom }]);
      for (const site of await deriveSiteLevels(tx, responseId, [row!.id]))
        audit.push(siteLevelAudit(responseId, actor, site));
      if (sensitive) audit.push(...(await markCode(tx, responseId, actor, input.code, true)));
    }
    await recordAuditMany(tx, audit);
    return row!.id;
  });
}

const versionAudit = (
  responseId: string,
  actor: Actor,
  before: LocationRow,
  after: LocationRow,
): AuditEntry => ({
  responseId,
  actor,
  action: "location.update",
  entityType: "location",
  entityId: before.id,
  before: { ...before, geometry: undefined },
  after: { ...after, geometry: undefined },
});

const siteLevelAudit = (
  responseId: string,
  actor: Actor,
  site: { id: string; code: string; before: number; after: number },
): AuditEntry => ({
  responseId,
  actor,
  action: "location.update",
  entityType: "location",
  entityId: site.id,
  before: { code: site.code, level: site.before },
  after: { code: site.code, level: site.after },
});

/** Sets the sensitivity of every version of a code; audit entries for the versions it changed. */
async function markCode(
  tx: Db,
  responseId: string,
  actor: Actor,
  code: string,
  sensitive: boolean,
): Promise<AuditEntry[]> {
  const changed = await tx
    .update(locations)
    .set({ sensitive, updatedAt: new Date() })
    .where(
      and(eq(locations.responseId, responseId), eq(locations.code, code), ne(locations.sensitive, sensitive)),
    )
    .returning({ id: locations.id, validFrom: locations.validFrom });
  return changed.map((v) => ({
    responseId,
    actor,
    action: "location.update",
    entityType: "location",
    entityId: v.id,
    before: { code, validFrom: v.validFrom, sensitive: !sensitive },
    after: { code, validFrom: v.validFrom, sensitive },
  }));
}

export type LocationChanges = Partial<
  Pick<LocationRow, "name" | "names" | "lat" | "lon" | "validTo" | "sensitive" | "siteType">
> & { parentCode?: string | null };

/** Edits the latest version of a code; sensitivity applies to every version of it. */
export async function updateLocation(
  db: Db,
  responseId: string,
  actor: Actor,
  code: string,
  changes: LocationChanges,
): Promise<void> {
  await db.transaction(async (tx) => {
    await lockGazetteer(tx, responseId);
    const before = await latestVersion(tx, responseId, code);
    if (!before) throw notFound(`Location ${code}`);
    const id = before.id;
    const { parentCode, sensitive, ...rest } = changes;
    const set: Partial<LocationRow> = { ...rest, updatedAt: new Date() };
    if (parentCode !== undefined) {
      if (parentCode === code)
        throw invalid("A location cannot be its own parent.", [
          { path: "body.parentCode", message: "cycle" },
        ]);
      const parent = await resolveParent(tx, responseId, parentCode);
      if (!parent && before.kind === "site")
        throw invalid("A site must belong to an admin area.", [
          { path: "body.parentCode", message: "required for a site" },
        ]);
      if (parent) {
        if ((await ancestorCodes(tx, responseId, parent.id)).includes(code))
          throw invalid("That parent is inside this location: the hierarchy would loop.", [
            { path: "body.parentCode", message: "cycle" },
          ]);
        // An admin area stays below its parent; a site sits one level below its admin area.
        if (before.kind === "admin" && parent.level >= before.level)
          throw invalid(`Level ${before.level} must be deeper than the new parent's level ${parent.level}.`, [
            { path: "body.parentCode", message: "not above this level" },
          ]);
        if (before.kind === "site") set.level = parent.level + 1;
      }
      set.parentId = parent?.id ?? null;
    }
    if (set.siteType !== undefined && before.kind === "admin")
      throw invalid("Only a site has a site type.", [
        { path: "body.siteType", message: "not for an admin area" },
      ]);
    if (set.validTo && set.validTo < before.validFrom)
      throw invalid(`validTo ${set.validTo} is before validFrom ${before.validFrom}.`, [
        { path: "body.validTo", message: `must not be before ${before.validFrom}` },
      ]);
    const lat = set.lat === undefined ? before.lat : set.lat;
    const lon = set.lon === undefined ? before.lon : set.lon;
    if ((set.lat !== undefined || set.lon !== undefined) && (lat === null) !== (lon === null)) {
      const path = set.lat !== undefined ? "body.lat" : "body.lon";
      throw invalid("Give both lat and lon, or neither.", [
        { path, message: "paired with the other coordinate" },
      ]);
    }
    if (sensitive !== undefined) set.sensitive = sensitive;
    const [after] = await tx
      .update(locations)
      .set(set)
      .where(and(eq(locations.responseId, responseId), eq(locations.id, id)))
      .returning();
    const audit: AuditEntry[] = [
      {
        responseId,
        actor,
        action: "location.update",
        entityType: "location",
        entityId: id,
        before: { ...before, geometry: undefined },
        after: { ...after, geometry: undefined },
      },
    ];
    // Sensitivity belongs to the code: every version follows.
    if (sensitive !== undefined) audit.push(...(await markCode(tx, responseId, actor, code, sensitive)));
    await recordAuditMany(tx, audit);
  });
}

export type PointMatch = {
  id: string;
  code: string;
  name: string;
  kind: "admin" | "site";
  level: number;
};

/** Locations whose outline contains the point, most specific first (a camp before its union). */
export async function lookupPoint(
  db: Db,
  responseId: string,
  lat: number,
  lon: number,
  validOn: string,
  includeSensitive: boolean,
): Promise<PointMatch[]> {
  const result = await db.execute<PointMatch & { geometry: Polygonal }>(sql`
    SELECT l.id, l.code, l.name, l.kind, l.level, l.geometry FROM locations l
    WHERE l.response_id = ${responseId} AND l.geometry IS NOT NULL
      AND l.min_lon <= ${lon} AND l.max_lon >= ${lon} AND l.min_lat <= ${lat} AND l.max_lat >= ${lat}
      AND l.valid_from <= ${validOn}::date AND (l.valid_to IS NULL OR l.valid_to >= ${validOn}::date)
      ${includeSensitive ? sql`` : sql`AND ${publicCodeSql("l")}`}`);
  return (
    result.rows
      .filter((r) => booleanPointInPolygon([lon, lat], r.geometry))
      // Sites first (a camp attached to its district is still more specific than the union around
      // it), then admin areas from the deepest level up.
      .sort((a, b) => (a.kind === b.kind ? b.level - a.level : a.kind === "site" ? -1 : 1))
      .map(({ geometry: _g, ...r }) => r)
  );
}

/** GeoJSON of the response's locations (outlines where known, else centroids) for maps. */
export async function locationsGeoJson(
  db: Db,
  responseId: string,
  options: { level?: number; kind?: "admin" | "site"; validOn: string; includeSensitive: boolean },
) {
  const result = await db.execute<{
    id: string;
    code: string;
    name: string;
    kind: string;
    level: number;
    site_type: string | null;
    lat: number | null;
    lon: number | null;
    geometry: Polygonal | null;
  }>(sql`
    SELECT l.id, l.code, l.name, l.kind, l.level, l.site_type, l.lat, l.lon, l.geometry FROM locations l
    WHERE l.response_id = ${responseId}
      AND l.valid_from <= ${options.validOn}::date AND (l.valid_to IS NULL OR l.valid_to >= ${options.validOn}::date)
      ${options.includeSensitive ? sql`` : sql`AND ${publicCodeSql("l")}`}
      ${options.level !== undefined ? sql`AND l.level = ${options.level}` : sql``}
      ${options.kind ? sql`AND l.kind = ${options.kind}` : sql``}
      AND (l.geometry IS NOT NULL OR l.lat IS NOT NULL)
    ORDER BY l.level, l.code`);
  return {
    type: "FeatureCollection" as const,
    features: result.rows.map((r) => ({
      type: "Feature" as const,
      id: r.code,
      properties: {
        id: r.id,
        code: r.code,
        name: r.name,
        kind: r.kind,
        level: r.level,
        siteType: r.site_type,
      },
      geometry: r.geometry ?? { type: "Point" as const, coordinates: [r.lon!, r.lat!] },
    })),
  };
}
