import { and, eq, sql } from "drizzle-orm";
import type { Principal } from "../../../common/permissions.ts";
import type { Db } from "../../db/client.ts";
import type { activityImports } from "../../db/schema/imports.ts";
import { importColumnMappings } from "../../db/schema/imports.ts";
import { actorOf, recordAudit } from "../audit/audit.service.ts";
import { type ExplicitMapping, squash } from "./import-columns.ts";
import type { HeadDescription } from "./import-prepare.ts";

/**
 * Column mappings an organisation saved: header → field, remembered so that the next file with
 * the same headers maps itself. Only files without a hashtag row use them (hashtags map alone).
 */

type ImportRow = typeof activityImports.$inferSelect;

export async function loadMapping(
  db: Db,
  responseId: string,
  organisationId: string,
): Promise<Map<string, string>> {
  const rows = await db
    .select({ header: importColumnMappings.header, field: importColumnMappings.field })
    .from(importColumnMappings)
    .where(
      and(
        eq(importColumnMappings.responseId, responseId),
        eq(importColumnMappings.organisationId, organisationId),
      ),
    );
  return new Map(rows.map((r) => [r.header, r.field]));
}

/**
 * The mapping a run uses: the organisation's saved entries for headers this file has (by column
 * index, so they cannot name a missing column), overridden by the explicit mapping.
 */
export async function applySavedMapping(
  db: Db,
  row: ImportRow,
  head: HeadDescription,
  explicit: ExplicitMapping | undefined,
): Promise<{ mapping: ExplicitMapping | undefined; saved: boolean }> {
  if (head.hashtagRow !== null || !row.organisationId) return { mapping: explicit, saved: false };
  const saved = await loadMapping(db, row.responseId, row.organisationId);
  const fromSaved: ExplicitMapping = {};
  for (const c of head.columns) {
    const field = c.header ? saved.get(squash(c.header)) : undefined;
    if (field) fromSaved[String(c.index)] = field as ExplicitMapping[string];
  }
  const used = Object.keys(fromSaved).length > 0;
  if (!used) return { mapping: explicit, saved: false };
  // An explicit entry for a column (by index or header) replaces the saved one.
  const explicitKeys = new Set(Object.keys(explicit ?? {}).map((k) => squash(k) || k));
  for (const c of head.columns)
    if (explicitKeys.has(String(c.index)) || (c.header && explicitKeys.has(squash(c.header))))
      delete fromSaved[String(c.index)];
  return { mapping: { ...fromSaved, ...explicit }, saved: true };
}

/** The entries of a mapping as header → field, for the columns of the file that have a header. */
export function mappingByHeader(
  columns: { index: number; header: string | null }[],
  mapping: ExplicitMapping,
): { header: string; field: string }[] {
  const byKey = new Map(Object.entries(mapping).map(([k, f]) => [squash(k) || k, f]));
  const entries = new Map<string, string>();
  for (const c of columns) {
    if (!c.header || !squash(c.header)) continue;
    const field = byKey.get(String(c.index)) ?? byKey.get(squash(c.header));
    if (field) entries.set(squash(c.header), field);
  }
  return [...entries].map(([header, field]) => ({ header, field }));
}

/** Saves header → field entries for an organisation (newer entries replace older ones), audited. */
export async function saveMapping(
  db: Db,
  responseId: string,
  organisationId: string,
  entries: { header: string; field: string }[],
  principal: Principal,
): Promise<void> {
  if (entries.length === 0) return;
  await db.transaction(async (tx) => {
    await tx
      .insert(importColumnMappings)
      .values(entries.map((e) => ({ responseId, organisationId, ...e, updatedBy: principal.userId || null })))
      .onConflictDoUpdate({
        target: [
          importColumnMappings.responseId,
          importColumnMappings.organisationId,
          importColumnMappings.header,
        ],
        set: { field: sql`excluded.field`, updatedBy: sql`excluded.updated_by`, updatedAt: sql`now()` },
      });
    await recordAudit(tx, {
      responseId,
      actor: actorOf(principal),
      action: "import-mapping.save",
      entityType: "organisation",
      entityId: organisationId,
      after: Object.fromEntries(entries.map((e) => [e.header, e.field])),
    });
  });
}
