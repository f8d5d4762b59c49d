import booleanPointInPolygon from "@turf/boolean-point-in-polygon";
import { and, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import type { LocationOutput, locationInput } from "../../../common/schemas/locations.ts";
import type { Db } from "../../db/client.ts";
import { locations } from "../../db/schema/reference.ts";
import { conflict, invalid, notFound } from "../../errors.ts";
import { type Actor, recordAudit } from "../audit/audit.service.ts";
import type { Polygonal } from "./gazetteer-parse.ts";
import { queryLocations } from "./locations.queries.ts";

type LocationRow = typeof locations.$inferSelect;

/** The latest version of a code, or 404. */
export async function getLocationByCode(
  db: Db,
  responseId: string,
  code: string,
  includeSensitive: boolean,
): Promise<LocationOutput> {
  const page = await queryLocations(db, responseId, { code, validOn: null, includeSensitive }, null, 100);
  const latest = page.items.sort((a, b) => b.validFrom.localeCompare(a.validFrom))[0];
  if (!latest) throw notFound(`Location ${code}`);
  return latest;
}

async function resolveParent(db: Db, responseId: string, parentCode: string | null | undefined) {
  if (!parentCode) return null;
  const result = await db.execute<{ id: string; level: number }>(sql`
    SELECT id, level FROM locations WHERE response_id = ${responseId} AND code = ${parentCode} ORDER BY valid_from DESC LIMIT 1`);
  const parent = result.rows[0];
  if (!parent)
    throw invalid(`No location has the code ${parentCode}.`, [
      { path: "body.parentCode", message: "unknown parent" },
    ]);
  return parent;
}

export async function createLocation(
  db: Db,
  responseId: string,
  actor: Actor,
  input: z.infer<typeof locationInput>,
): Promise<string> {
  return db.transaction(async (tx) => {
    const parent = await resolveParent(tx, responseId, input.parentCode);
    const level = input.kind === "site" ? (parent ? parent.level + 1 : 1) : input.level!;
    if (input.kind === "admin" && parent && level <= parent.level) {
      throw invalid(`Level ${level} must be deeper than the parent's level ${parent.level}.`, [
        { path: "body.level", message: "not below its parent" },
      ]);
    }
    const validFrom = input.validFrom ?? "1900-01-01";
    const [clash] = await tx
      .select({ id: locations.id })
      .from(locations)
      .where(
        and(
          eq(locations.responseId, responseId),
          eq(locations.code, input.code),
          eq(locations.validFrom, validFrom),
        ),
      );
    if (clash)
      throw conflict(`A location with the code ${input.code} already exists.`, [
        { path: "body.code", message: "already used" },
      ]);
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
        sensitive: input.sensitive,
      })
      .returning();
    await recordAudit(tx, {
      responseId,
      actor,
      action: "location.create",
      entityType: "location",
      entityId: row!.id,
      after: row,
    });
    return row!.id;
  });
}

export type LocationChanges = Partial<
  Pick<LocationRow, "name" | "names" | "lat" | "lon" | "validTo" | "sensitive" | "siteType">
> & { parentCode?: string | null };

export async function updateLocation(
  db: Db,
  responseId: string,
  actor: Actor,
  id: string,
  changes: LocationChanges,
): Promise<void> {
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(locations)
      .where(and(eq(locations.responseId, responseId), eq(locations.id, id)));
    if (!before) throw notFound("Location");
    const { parentCode, ...rest } = changes;
    const set: Partial<LocationRow> = { ...rest, updatedAt: new Date() };
    if (parentCode !== undefined) {
      const parent = await resolveParent(tx, responseId, parentCode);
      if (!parent && before.kind === "site")
        throw invalid("A site must belong to an admin area.", [
          { path: "body.parentCode", message: "required for a site" },
        ]);
      if (parent?.id === id)
        throw invalid("A location cannot be its own parent.", [
          { path: "body.parentCode", message: "cycle" },
        ]);
      if (parent) {
        const loop = await tx.execute<{ id: string }>(sql`
          WITH RECURSIVE up AS (
            SELECT id, parent_id, 0 AS depth FROM locations WHERE response_id = ${responseId} AND id = ${parent.id}
            UNION ALL SELECT l.id, l.parent_id, up.depth + 1 FROM locations l JOIN up ON l.response_id = ${responseId} AND l.id = up.parent_id WHERE up.depth < 12)
          SELECT id FROM up WHERE id = ${id}`);
        if (loop.rows.length)
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
    const lat = set.lat === undefined ? before.lat : set.lat;
    const lon = set.lon === undefined ? before.lon : set.lon;
    if ((set.lat !== undefined || set.lon !== undefined) && (lat === null) !== (lon === null)) {
      const path = set.lat !== undefined ? "body.lat" : "body.lon";
      throw invalid("Give both lat and lon, or neither.", [
        { path, message: "paired with the other coordinate" },
      ]);
    }
    const [after] = await tx
      .update(locations)
      .set(set)
      .where(and(eq(locations.responseId, responseId), eq(locations.id, id)))
      .returning();
    await recordAudit(tx, {
      responseId,
      actor,
      action: "location.update",
      entityType: "location",
      entityId: id,
      before: { ...before, geometry: undefined },
      after: { ...after, geometry: undefined },
    });
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
    SELECT id, code, name, kind, level, geometry FROM locations
    WHERE response_id = ${responseId} AND geometry IS NOT NULL
      AND min_lon <= ${lon} AND max_lon >= ${lon} AND min_lat <= ${lat} AND max_lat >= ${lat}
      AND valid_from <= ${validOn}::date AND (valid_to IS NULL OR valid_to >= ${validOn}::date)
      ${includeSensitive ? sql`` : sql`AND NOT sensitive`}`);
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
    SELECT id, code, name, kind, level, site_type, lat, lon, geometry FROM locations
    WHERE response_id = ${responseId}
      AND valid_from <= ${options.validOn}::date AND (valid_to IS NULL OR valid_to >= ${options.validOn}::date)
      ${options.includeSensitive ? sql`` : sql`AND NOT sensitive`}
      ${options.level !== undefined ? sql`AND level = ${options.level}` : sql``}
      ${options.kind ? sql`AND kind = ${options.kind}` : sql``}
      AND (geometry IS NOT NULL OR lat IS NOT NULL)
    ORDER BY level, code`);
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
