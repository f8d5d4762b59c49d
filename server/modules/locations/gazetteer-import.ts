import { randomUUID } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import { sql } from "drizzle-orm";
import type { LocationImportReport } from "../../../common/schemas/locations.ts";
import { type Db, tidyAfterBulkWrite, yieldToEventLoop } from "../../db/client.ts";
import { type Actor, type AuditEntry, recordAuditMany } from "../audit/audit.service.ts";
import { bboxAndCentre, type Parsed, type Polygonal } from "./gazetteer-parse.ts";
import { type Existing, type Planned, validateGazetteer } from "./gazetteer-validate.ts";
import { deriveSiteLevels, lockGazetteer, relinkChildren } from "./locations.queries.ts";

/** Rows per statement: short statements let PGlite serve other requests between them. */
const BATCH = 250;
/** Current version of every code in the response (the one with the latest valid_from). */
async function loadExisting(db: Db, responseId: string): Promise<Map<string, Existing>> {
  const result = await db.execute<Existing>(sql`
    SELECT DISTINCT ON (l.code) l.id, l.code, l.name, l.names, l.kind, l.level, l.site_type AS "siteType",
      l.parent_id AS "parentId", p.code AS "parentCode", l.lat, l.lon, l.valid_from::text AS "validFrom",
      l.valid_to::text AS "validTo", l.geometry IS NOT NULL AS "hasGeometry", l.sensitive,
      array_agg(l.valid_from::text) OVER (PARTITION BY l.code) AS versions
    FROM locations l LEFT JOIN locations p ON p.response_id = l.response_id AND p.id = l.parent_id
    WHERE l.response_id = ${responseId}
    ORDER BY l.code, l.valid_from DESC`);
  return new Map(result.rows.map((r) => [r.code, r]));
}

/** Stored outlines of the given location versions, read in short batches. */
async function loadGeometries(db: Db, responseId: string, ids: string[]): Promise<Map<string, unknown>> {
  const stored = new Map<string, unknown>();
  for (let i = 0; i < ids.length; i += BATCH) {
    const result = await db.execute<{ id: string; geometry: unknown }>(sql`
      SELECT id, geometry FROM locations
      WHERE response_id = ${responseId} AND id = ANY(${sql.param(ids.slice(i, i + BATCH))}::uuid[])`);
    for (const r of result.rows) stored.set(r.id, r.geometry);
    await yieldToEventLoop();
  }
  return stored;
}

export interface ImportOptions {
  dryRun: boolean;
  actor: Actor;
}

/**
 * Validates the rows and, when nothing is in error and this is not a dry run, writes them. A real
 * import reads, plans and writes in one transaction that holds the response's gazetteer lock, so
 * it plans from data no other writer changes meanwhile; either every row lands or none does.
 */
export async function importGazetteer(
  db: Db,
  responseId: string,
  parsed: Parsed,
  options: ImportOptions,
): Promise<LocationImportReport> {
  if (options.dryRun) return (await planImport(db, responseId, parsed, true)).report;
  const report = await db.transaction(async (tx) => {
    await lockGazetteer(tx, responseId);
    const plan = await planImport(tx, responseId, parsed, false);
    if (!plan.fatal) await writeGazetteer(tx, responseId, plan.existing, plan.changes, options.actor);
    return plan.report;
  });
  await tidyAfterBulkWrite(db, "locations", report.created + report.updated);
  return report;
}

/** A location's values once the row is applied. */
interface Next {
  name: string;
  names: Record<string, string>;
  kind: "admin" | "site";
  level: number;
  siteType: string | null;
  parentCode: string | null;
  lat: number | null;
  lon: number | null;
  validFrom: string;
  validTo: string | null;
  /** The new outline; undefined keeps the stored one. */
  geometry: Polygonal | undefined;
  bbox: [number, number, number, number] | undefined;
  sensitive: boolean;
}

type Change = { p: Planned; next: Next; unchanged: boolean };

async function planImport(db: Db, responseId: string, parsed: Parsed, dryRun: boolean) {
  const existing = await loadExisting(db, responseId);
  await yieldToEventLoop();
  const byName = new Map<string, string[]>();
  for (const e of existing.values())
    byName.set(e.name.toLowerCase(), [...(byName.get(e.name.toLowerCase()) ?? []), e.code]);
  const { issues, planned } = validateGazetteer(parsed, existing, byName);
  const invalidRows = new Set(
    issues.filter((i) => i.severity === "error" && i.row !== null).map((i) => i.row),
  );
  const fatal = issues.some((i) => i.severity === "error");
  const report: LocationImportReport = {
    rows: parsed.rows.length,
    valid: parsed.rows.length - invalidRows.size,
    invalid: invalidRows.size,
    created: 0,
    updated: 0,
    unchanged: 0,
    dryRun,
    issues,
  };
  if (fatal && parsed.rows.length === 0) report.valid = 0;
  if (fatal) return { report, fatal, existing, changes: [] as Change[] };

  // Outlines count as unchanged when they equal the stored ones (jsonb may reorder keys).
  const stored = await loadGeometries(
    db,
    responseId,
    planned
      .filter((p) => p.action === "update" && p.row.geometry && p.existing!.hasGeometry)
      .map((p) => p.existing!.id),
  );
  const changes: Change[] = [];
  for (const p of planned) {
    if (p.action === "historic") {
      report.unchanged++;
      continue;
    }
    const next = nextValues(p);
    if (
      p.action === "update" &&
      next.geometry &&
      isDeepStrictEqual(next.geometry, stored.get(p.existing!.id))
    ) {
      next.geometry = undefined;
      next.bbox = undefined;
    }
    const unchanged = p.action === "update" && isUnchanged(p.existing!, next);
    changes.push({ p, next, unchanged });
    if (p.action === "create") report.created++;
    else if (unchanged) report.unchanged++;
    else report.updated++;
  }
  return { report, fatal, existing, changes };
}

function nextValues(p: Planned): Next {
  const { row, existing: e, action } = p;
  const shape = row.geometry ? bboxAndCentre(row.geometry) : null;
  // Without coordinates, the centre of a new outline stands in for them.
  const lat = row.lat ?? (shape && e?.lat == null ? shape.centre[1] : (e?.lat ?? null));
  const lon = row.lon ?? (shape && e?.lon == null ? shape.centre[0] : (e?.lon ?? null));
  return {
    name: row.name || e!.name,
    names: row.names ?? e?.names ?? {},
    kind: p.kind,
    level: p.level,
    siteType: p.kind === "admin" ? null : (row.siteType ?? e?.siteType ?? "camp"),
    parentCode: p.parentCode ?? e?.parentCode ?? null,
    lat,
    lon,
    validFrom: action === "update" ? e!.validFrom : (row.validFrom ?? "1900-01-01"),
    validTo: row.validTo ?? (action === "update" ? e!.validTo : null),
    geometry: row.geometry,
    bbox: shape?.bbox,
    sensitive: e?.sensitive ?? false,
  };
}

function isUnchanged(e: Existing, next: Next): boolean {
  return (
    next.name === e.name &&
    isDeepStrictEqual(next.names, e.names) &&
    next.kind === e.kind &&
    next.level === e.level &&
    next.siteType === e.siteType &&
    next.parentCode === e.parentCode &&
    next.lat === e.lat &&
    next.lon === e.lon &&
    next.validTo === e.validTo &&
    next.geometry === undefined
  );
}

/**
 * Writes the changes inside the import's transaction, in few statements: ids are chosen here so
 * parents are known before insert, and rows go in batches of 250 through unnest, parents first,
 * yielding between batches. A long run of single-row statements would hold PGlite's only
 * connection (and every other request) for seconds.
 */
async function writeGazetteer(
  tx: Db,
  responseId: string,
  existing: Map<string, Existing>,
  changes: Change[],
  actor: Actor,
) {
  const ids = new Map([...existing.values()].map((e) => [e.code, e.id]));
  const todo = changes.filter((c) => !c.unchanged).sort((a, b) => a.p.depth - b.p.depth);
  const idOf = new Map<Change, string>();
  for (const c of todo) {
    const id = c.p.action === "update" ? c.p.existing!.id : randomUUID();
    idOf.set(c, id);
    ids.set(c.p.row.code, id);
  }
  const parentIdOf = (c: Change) => (c.next.parentCode ? ids.get(c.next.parentCode)! : null);
  const summary = (c: Change) => ({
    code: c.p.row.code,
    ...c.next,
    geometry: c.next.geometry ? "(polygon)" : undefined,
    bbox: undefined,
  });
  const before = ({ versions: _v, ...e }: Existing) => e;
  const inserts = todo.filter((c) => c.p.action !== "update");
  const updates = todo.filter((c) => c.p.action === "update");
  const versions = inserts.filter((c) => c.p.action === "version");
  const audit: AuditEntry[] = [];

  // Column arrays through unnest: one parameter per column instead of one per cell, which
  // PGlite parses far faster than thousands of parameters.
  for (let i = 0; i < inserts.length; i += BATCH) {
    const batch = inserts.slice(i, i + BATCH);
    const column = <T>(pick: (c: Change) => T) => sql.param(batch.map(pick));
    // A new version without an outline keeps the outline of the version it replaces.
    await tx.execute(sql`
      INSERT INTO locations (response_id, id, code, name, names, kind, level, site_type, parent_id, lat, lon,
        geometry, min_lon, min_lat, max_lon, max_lat, valid_from, valid_to, sensitive)
      SELECT ${responseId}, t.id, t.code, t.name, t.names, t.kind, t.level, t.site_type, t.parent_id, t.lat, t.lon,
        coalesce(t.geometry, o.geometry),
        CASE WHEN t.geometry IS NULL THEN o.min_lon ELSE t.min_lon END,
        CASE WHEN t.geometry IS NULL THEN o.min_lat ELSE t.min_lat END,
        CASE WHEN t.geometry IS NULL THEN o.max_lon ELSE t.max_lon END,
        CASE WHEN t.geometry IS NULL THEN o.max_lat ELSE t.max_lat END,
        t.valid_from, t.valid_to, t.sensitive
      FROM unnest(
        ${column((c) => idOf.get(c)!)}::uuid[], ${column((c) => c.p.row.code)}::text[],
        ${column((c) => c.next.name)}::text[], ${column((c) => JSON.stringify(c.next.names))}::jsonb[],
        ${column((c) => c.next.kind)}::text[], ${column((c) => c.next.level)}::smallint[],
        ${column((c) => c.next.siteType)}::text[], ${column(parentIdOf)}::uuid[],
        ${column((c) => c.next.lat)}::float8[], ${column((c) => c.next.lon)}::float8[],
        ${column((c) => (c.next.geometry ? JSON.stringify(c.next.geometry) : null))}::jsonb[],
        ${column((c) => c.next.bbox?.[0] ?? null)}::float8[], ${column((c) => c.next.bbox?.[1] ?? null)}::float8[],
        ${column((c) => c.next.bbox?.[2] ?? null)}::float8[], ${column((c) => c.next.bbox?.[3] ?? null)}::float8[],
        ${column((c) => c.next.validFrom)}::date[], ${column((c) => c.next.validTo)}::date[],
        ${column((c) => c.next.sensitive)}::boolean[], ${column((c) => c.p.existing?.id ?? null)}::uuid[]
      ) AS t(id, code, name, names, kind, level, site_type, parent_id, lat, lon, geometry, min_lon, min_lat,
        max_lon, max_lat, valid_from, valid_to, sensitive, prev_id)
      LEFT JOIN locations o ON o.response_id = ${responseId} AND o.id = t.prev_id`);
    // The versions replaced end the day before their successors start (unless they ended earlier).
    const replaced = batch.filter((c) => c.p.action === "version");
    if (replaced.length)
      await tx.execute(sql`
        UPDATE locations o SET valid_to = t.valid_from - 1, updated_at = now()
        FROM unnest(${sql.param(replaced.map((c) => c.p.existing!.id))}::uuid[],
          ${sql.param(replaced.map((c) => c.next.validFrom))}::date[]) AS t(id, valid_from)
        WHERE o.response_id = ${responseId} AND o.id = t.id AND (o.valid_to IS NULL OR o.valid_to >= t.valid_from)`);
    await yieldToEventLoop();
    for (const c of batch) {
      audit.push(
        c.p.action === "create"
          ? {
              responseId,
              actor,
              action: "location.import.create",
              entityType: "location",
              entityId: idOf.get(c)!,
              after: summary(c),
            }
          : {
              responseId,
              actor,
              action: "location.import.version",
              entityType: "location",
              entityId: idOf.get(c)!,
              before: before(c.p.existing!),
              after: summary(c),
            },
      );
    }
  }

  for (let i = 0; i < updates.length; i += BATCH) {
    const batch = updates.slice(i, i + BATCH);
    const column = <T>(pick: (c: Change) => T) => sql.param(batch.map(pick));
    await tx.execute(sql`
      UPDATE locations l SET name = t.name, names = t.names, kind = t.kind, level = t.level,
        site_type = t.site_type, parent_id = t.parent_id, lat = t.lat, lon = t.lon,
        geometry = coalesce(t.geometry, l.geometry),
        min_lon = CASE WHEN t.geometry IS NULL THEN l.min_lon ELSE t.min_lon END,
        min_lat = CASE WHEN t.geometry IS NULL THEN l.min_lat ELSE t.min_lat END,
        max_lon = CASE WHEN t.geometry IS NULL THEN l.max_lon ELSE t.max_lon END,
        max_lat = CASE WHEN t.geometry IS NULL THEN l.max_lat ELSE t.max_lat END,
        valid_to = t.valid_to, updated_at = now()
      FROM unnest(
        ${column((c) => idOf.get(c)!)}::uuid[],
        ${column((c) => c.next.name)}::text[], ${column((c) => JSON.stringify(c.next.names))}::jsonb[],
        ${column((c) => c.next.kind)}::text[], ${column((c) => c.next.level)}::smallint[],
        ${column((c) => c.next.siteType)}::text[], ${column(parentIdOf)}::uuid[],
        ${column((c) => c.next.lat)}::float8[], ${column((c) => c.next.lon)}::float8[],
        ${column((c) => (c.next.geometry ? JSON.stringify(c.next.geometry) : null))}::jsonb[],
        ${column((c) => c.next.bbox?.[0] ?? null)}::float8[], ${column((c) => c.next.bbox?.[1] ?? null)}::float8[],
        ${column((c) => c.next.bbox?.[2] ?? null)}::float8[], ${column((c) => c.next.bbox?.[3] ?? null)}::float8[],
        ${column((c) => c.next.validTo)}::date[]
      ) AS t(id, name, names, kind, level, site_type, parent_id, lat, lon, geometry, min_lon, min_lat,
        max_lon, max_lat, valid_to)
      WHERE l.response_id = ${responseId} AND l.id = t.id`);
    await yieldToEventLoop();
    for (const c of batch)
      audit.push({
        responseId,
        actor,
        action: "location.import.update",
        entityType: "location",
        entityId: idOf.get(c)!,
        before: before(c.p.existing!),
        after: summary(c),
      });
  }

  // Children still open when a new version starts move to it; sites follow their area's level.
  for (let i = 0; i < versions.length; i += BATCH) {
    const batch = versions.slice(i, i + BATCH);
    await relinkChildren(
      tx,
      responseId,
      batch.map((c) => ({ fromId: c.p.existing!.id, toId: idOf.get(c)!, validFrom: c.next.validFrom })),
    );
    await yieldToEventLoop();
  }
  const areas = [...updates, ...versions].filter((c) => c.next.kind === "admin").map((c) => idOf.get(c)!);
  for (let i = 0; i < areas.length; i += BATCH) {
    for (const site of await deriveSiteLevels(tx, responseId, areas.slice(i, i + BATCH)))
      audit.push({
        responseId,
        actor,
        action: "location.import.update",
        entityType: "location",
        entityId: site.id,
        before: { code: site.code, level: site.before },
        after: { code: site.code, level: site.after },
      });
    await yieldToEventLoop();
  }
  await recordAuditMany(tx, audit);
}
