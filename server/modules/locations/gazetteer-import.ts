import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { ImportIssue, LocationImportReport } from "../../../common/schemas/locations.ts";
import { locationCode } from "../../../common/schemas/locations.ts";
import { type Db, yieldToEventLoop } from "../../db/client.ts";
import { type Actor, type AuditEntry, recordAuditMany } from "../audit/audit.service.ts";
import { bboxAndCentre, type GazetteerRow, type Parsed } from "./gazetteer-parse.ts";

type Existing = {
  id: string;
  code: string;
  name: string;
  names: Record<string, string>;
  kind: "admin" | "site";
  level: number;
  siteType: string | null;
  parentId: string | null;
  parentCode: string | null;
  lat: number | null;
  lon: number | null;
  validFrom: string;
  validTo: string | null;
  hasGeometry: boolean;
};

/** Current version of every code in the response (the one with the latest valid_from). */
async function loadExisting(db: Db, responseId: string): Promise<Map<string, Existing>> {
  const result = await db.execute<Existing>(sql`
    SELECT DISTINCT ON (l.code) l.id, l.code, l.name, l.names, l.kind, l.level, l.site_type AS "siteType",
      l.parent_id AS "parentId", p.code AS "parentCode", l.lat, l.lon, l.valid_from::text AS "validFrom",
      l.valid_to::text AS "validTo", l.geometry IS NOT NULL AS "hasGeometry"
    FROM locations l LEFT JOIN locations p ON p.response_id = l.response_id AND p.id = l.parent_id
    WHERE l.response_id = ${responseId}
    ORDER BY l.code, l.valid_from DESC`);
  return new Map(result.rows.map((r) => [r.code, r]));
}

const problem = (
  row: GazetteerRow,
  column: string | null,
  code: string,
  value: unknown,
  message: string,
  severity: ImportIssue["severity"] = "error",
): ImportIssue => ({
  row: row.row,
  column,
  severity,
  code,
  value: value == null ? null : String(value),
  message,
});

/** A row after validation, with everything needed to write it. */
interface Planned {
  row: GazetteerRow;
  existing: Existing | undefined;
  kind: "admin" | "site";
  level: number;
  depth: number;
}

/**
 * Checks parsed rows against each other and the gazetteer: code format, duplicates (also
 * differing only by case), unknown parents, cycles, levels that do not descend, dates.
 */
export function validateGazetteer(
  parsed: Parsed,
  existing: Map<string, Existing>,
  byName: Map<string, string[]>,
) {
  const issues = [...parsed.issues];
  const seen = new Map<string, GazetteerRow>();
  const seenLower = new Map<string, string>();
  const fileRows = new Map<string, GazetteerRow>();
  for (const row of parsed.rows) {
    if (!locationCode.safeParse(row.code).success) {
      issues.push(
        problem(
          row,
          "code",
          row.code ? "INVALID_CODE" : "MISSING_CODE",
          row.code,
          row.code ? "The code may hold letters, digits, '-', '_' and '.' only." : "The code is empty.",
        ),
      );
      continue;
    }
    const first = seen.get(row.code);
    if (first) {
      issues.push(
        problem(
          row,
          "code",
          "DUPLICATE_CODE",
          row.code,
          `The code ${row.code} appears again (first on row ${first.row}).`,
        ),
      );
      continue;
    }
    const lower = row.code.toLowerCase();
    const variant = seenLower.get(lower);
    if (variant)
      issues.push(
        problem(
          row,
          "code",
          "CASE_VARIANT_CODE",
          row.code,
          `The code ${row.code} differs from ${variant} only by case.`,
          "warning",
        ),
      );
    seen.set(row.code, row);
    seenLower.set(lower, row.code);
    fileRows.set(row.code, row);
  }
  // Parents may be written as a code or as the exact name of an existing location.
  for (const row of fileRows.values()) {
    if (row.parentCode && !fileRows.has(row.parentCode) && !existing.has(row.parentCode)) {
      const matches = byName.get(row.parentCode.toLowerCase()) ?? [];
      if (matches.length === 1) row.parentCode = matches[0]!;
    }
  }
  const parentOf = (code: string): string | null =>
    fileRows.get(code)?.parentCode ?? existing.get(code)?.parentCode ?? null;
  const planned: Planned[] = [];
  const depthCache = new Map<string, number>();
  for (const row of fileRows.values()) {
    const current = existing.get(row.code);
    if (row.parentCode && !fileRows.has(row.parentCode) && !existing.has(row.parentCode)) {
      issues.push(
        problem(
          row,
          "parent",
          "UNKNOWN_PARENT",
          row.parentCode,
          `No location with the code ${row.parentCode}, in the file or the gazetteer.`,
        ),
      );
      continue;
    }
    // Walk up the parents; meeting the row again means a cycle.
    const chain = [row.code];
    let cursor = row.parentCode ?? null;
    let cycle = false;
    while (cursor) {
      if (chain.includes(cursor)) {
        cycle = true;
        break;
      }
      chain.push(cursor);
      cursor = parentOf(cursor);
    }
    if (cycle) {
      issues.push(
        problem(
          row,
          "parent",
          "PARENT_CYCLE",
          row.parentCode,
          `The parents loop back: ${chain.join(" → ")} → ${cursor}.`,
        ),
      );
      continue;
    }
    depthCache.set(row.code, chain.length - 1);
    if (!current) {
      if (!row.name) {
        issues.push(
          problem(
            row,
            "name",
            "UNKNOWN_CODE",
            row.code,
            `No location has the code ${row.code}; give a name, a parent and a level to create it.`,
          ),
        );
        continue;
      }
      if (!row.kind) {
        issues.push(
          problem(row, "level", "MISSING_LEVEL", null, "A new location needs a level (0–4 or a site type)."),
        );
        continue;
      }
    }
    const kind = row.kind ?? current!.kind;
    let level = row.level ?? current?.level ?? 0;
    const parentCode = row.parentCode;
    const parentLevel = parentCode
      ? (fileRows.get(parentCode)?.level ?? existing.get(parentCode)?.level)
      : undefined;
    if (kind === "site") {
      if (!parentCode && !current?.parentId) {
        issues.push(
          problem(row, "parent", "SITE_WITHOUT_PARENT", null, "A site must belong to an admin area."),
        );
        continue;
      }
      level = parentLevel !== undefined ? parentLevel + 1 : level;
    } else if (parentLevel !== undefined && level <= parentLevel) {
      issues.push(
        problem(
          row,
          "level",
          "LEVEL_NOT_BELOW_PARENT",
          level,
          `Level ${level} must be deeper than its parent's level ${parentLevel}.`,
        ),
      );
      continue;
    } else if (!parentCode && level > 0 && !current) {
      issues.push(
        problem(
          row,
          "parent",
          "MISSING_PARENT",
          null,
          `An admin level ${level} area needs a parent.`,
          "warning",
        ),
      );
    }
    if (row.lat !== undefined && (row.lat < -90 || row.lat > 90)) {
      issues.push(problem(row, "lat", "OUT_OF_RANGE", row.lat, "Latitude must be between -90 and 90."));
      continue;
    }
    if (row.lon !== undefined && (row.lon < -180 || row.lon > 180)) {
      issues.push(problem(row, "lon", "OUT_OF_RANGE", row.lon, "Longitude must be between -180 and 180."));
      continue;
    }
    const badDate = [row.validFrom, row.validTo].find(
      (d) => d !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(d),
    );
    if (badDate) {
      issues.push(
        problem(row, "valid_from", "INVALID_DATE", badDate, "Validity dates must be written YYYY-MM-DD."),
      );
      continue;
    }
    if (row.validFrom && row.validTo && row.validTo < row.validFrom) {
      issues.push(problem(row, "valid_to", "INVALID_PERIOD", row.validTo, "valid_to is before valid_from."));
      continue;
    }
    if (current && row.name && current.name !== row.name) {
      issues.push(
        problem(
          row,
          "name",
          "NAME_CHANGED",
          row.name,
          `The name of ${row.code} changes from "${current.name}".`,
          "warning",
        ),
      );
    }
    planned.push({ row, existing: current, kind, level, depth: 0 });
  }
  for (const p of planned) p.depth = depthCache.get(p.row.code) ?? 0;
  return { issues, planned };
}

export interface ImportOptions {
  dryRun: boolean;
  actor: Actor;
}

/**
 * Validates the rows and, when nothing is in error and this is not a dry run, writes them in one
 * transaction (parents before children). Either every row lands or none does.
 */
export async function importGazetteer(
  db: Db,
  responseId: string,
  parsed: Parsed,
  options: ImportOptions,
): Promise<LocationImportReport> {
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
    dryRun: options.dryRun,
    issues,
  };
  if (fatal && parsed.rows.length === 0) report.valid = 0;
  const changes = planned.map((p) => ({ p, values: rowValues(p) }));
  for (const { p, values } of changes) {
    if (!p.existing) report.created++;
    else if (isUnchanged(p.existing, values)) report.unchanged++;
    else report.updated++;
  }
  if (fatal || options.dryRun) {
    if (fatal) Object.assign(report, { created: 0, updated: 0, unchanged: 0 });
    return report;
  }
  await writeGazetteer(db, responseId, existing, changes, options.actor);
  return report;
}

type Change = { p: Planned; values: ReturnType<typeof rowValues> };

/**
 * Writes the changes in one transaction made of few statements: ids are chosen here so parents
 * are known before insert, and rows go in batches of 250, parents first. A long run of
 * single-row statements would hold PGlite's only connection (and every other request) for seconds.
 */
async function writeGazetteer(
  db: Db,
  responseId: string,
  existing: Map<string, Existing>,
  changes: Change[],
  actor: Actor,
) {
  const ids = new Map([...existing.values()].map((e) => [e.code, e.id]));
  const todo = changes
    .filter(({ p, values }) => !p.existing || !isUnchanged(p.existing, values))
    .sort((a, b) => a.p.depth - b.p.depth);
  for (const { p } of todo) if (!p.existing) ids.set(p.row.code, randomUUID());
  const parentIdOf = ({ p }: Change) =>
    p.row.parentCode ? ids.get(p.row.parentCode)! : (p.existing?.parentId ?? null);
  const creates = todo.filter((c) => !c.p.existing);
  const updates = todo.filter((c) => c.p.existing);
  const audit: AuditEntry[] = [];
  await db.transaction(async (tx) => {
    // Column arrays through unnest: one parameter per column instead of one per cell, which
    // PGlite parses far faster than thousands of parameters. Batches of 250 keep each
    // statement short, so on PGlite the event loop serves other requests between them.
    for (let i = 0; i < creates.length; i += 250) {
      const batch = creates.slice(i, i + 250);
      const column = <T>(pick: (c: Change) => T) => sql.param(batch.map(pick));
      await tx.execute(sql`
        INSERT INTO locations (response_id, id, code, name, names, kind, level, site_type, parent_id, lat, lon,
          geometry, min_lon, min_lat, max_lon, max_lat, valid_from, valid_to)
        SELECT ${responseId}, t.id, t.code, t.name, t.names, t.kind, t.level, t.site_type, t.parent_id, t.lat, t.lon,
          t.geometry, t.min_lon, t.min_lat, t.max_lon, t.max_lat, t.valid_from, t.valid_to
        FROM unnest(
          ${column((c) => ids.get(c.p.row.code)!)}::uuid[], ${column((c) => c.p.row.code)}::text[],
          ${column((c) => c.values.name!)}::text[], ${column((c) => JSON.stringify(c.values.names ?? {}))}::jsonb[],
          ${column((c) => c.p.kind)}::text[], ${column((c) => c.p.level)}::smallint[],
          ${column((c) => (c.p.kind === "site" ? (c.values.siteType ?? "camp") : null))}::text[],
          ${column((c) => parentIdOf(c))}::uuid[], ${column((c) => c.values.lat ?? null)}::float8[],
          ${column((c) => c.values.lon ?? null)}::float8[],
          ${column((c) => (c.values.geometry ? JSON.stringify(c.values.geometry) : null))}::jsonb[],
          ${column((c) => c.values.bbox?.[0] ?? null)}::float8[], ${column((c) => c.values.bbox?.[1] ?? null)}::float8[],
          ${column((c) => c.values.bbox?.[2] ?? null)}::float8[], ${column((c) => c.values.bbox?.[3] ?? null)}::float8[],
          ${column((c) => c.values.validFrom ?? "1900-01-01")}::date[], ${column((c) => c.values.validTo ?? null)}::date[]
        ) AS t(id, code, name, names, kind, level, site_type, parent_id, lat, lon, geometry, min_lon, min_lat, max_lon, max_lat, valid_from, valid_to)`);
      await yieldToEventLoop();
      for (const { p, values: v } of batch) {
        audit.push({
          responseId,
          actor,
          action: "location.import.create",
          entityType: "location",
          entityId: ids.get(p.row.code)!,
          after: { ...v, code: p.row.code, geometry: v.geometry ? "(polygon)" : undefined },
        });
      }
    }
    for (const c of updates) {
      const { p, values: v } = c;
      const e = p.existing!;
      await tx.execute(sql`UPDATE locations SET
          name = ${v.name ?? e.name}, names = ${JSON.stringify(v.names ?? e.names)}::jsonb,
          kind = ${p.kind}, level = ${p.level}, site_type = ${v.siteType ?? e.siteType},
          parent_id = ${parentIdOf(c)}, lat = ${v.lat ?? e.lat}, lon = ${v.lon ?? e.lon},
          geometry = coalesce(${v.geometry ? JSON.stringify(v.geometry) : null}::jsonb, geometry),
          min_lon = coalesce(${v.bbox?.[0] ?? null}::float8, min_lon), min_lat = coalesce(${v.bbox?.[1] ?? null}::float8, min_lat),
          max_lon = coalesce(${v.bbox?.[2] ?? null}::float8, max_lon), max_lat = coalesce(${v.bbox?.[3] ?? null}::float8, max_lat),
          valid_to = ${v.validTo ?? e.validTo}::date, updated_at = now()
        WHERE response_id = ${responseId} AND id = ${e.id}`);
      audit.push({
        responseId,
        actor,
        action: "location.import.update",
        entityType: "location",
        entityId: e.id,
        before: e,
        after: { ...v, geometry: v.geometry ? "(polygon)" : undefined },
      });
      if (audit.length % 200 === 0) await yieldToEventLoop();
    }
    await recordAuditMany(tx, audit);
  });
}

function rowValues(p: Planned) {
  const { row } = p;
  const shape = row.geometry ? bboxAndCentre(row.geometry) : null;
  return {
    parentCode: row.parentCode,
    name: row.name || undefined,
    names: row.names,
    siteType: row.siteType,
    lat: row.lat ?? (shape && !p.existing?.lat ? shape.centre[1] : undefined),
    lon: row.lon ?? (shape && !p.existing?.lon ? shape.centre[0] : undefined),
    validFrom: row.validFrom,
    validTo: row.validTo,
    geometry: row.geometry,
    bbox: shape?.bbox,
  };
}

function isUnchanged(e: Existing, v: ReturnType<typeof rowValues>): boolean {
  return (
    (v.parentCode === undefined || v.parentCode === e.parentCode) &&
    (v.name === undefined || v.name === e.name) &&
    (v.names === undefined || JSON.stringify(v.names) === JSON.stringify(e.names)) &&
    (v.siteType === undefined || v.siteType === e.siteType) &&
    (v.lat === undefined || v.lat === e.lat) &&
    (v.lon === undefined || v.lon === e.lon) &&
    (v.validTo === undefined || v.validTo === e.validTo) &&
    v.geometry === undefined
  );
}
