import { and, desc, eq, inArray, isNull, type SQL, sql } from "drizzle-orm";
import type { OrganisationInput, OrganisationOutput } from "../../../common/schemas/organisations.ts";
import type { Db } from "../../db/client.ts";
import { organisations } from "../../db/schema/reference.ts";
import { AppError, conflict, invalid, notFound } from "../../errors.ts";
import { type Cursor, type Page, toPage } from "../../http/list.ts";
import { type Actor, recordAudit, recordAuditMany } from "../audit/audit.service.ts";

type OrganisationRow = typeof organisations.$inferSelect;

export const presentOrganisation = (o: OrganisationRow): OrganisationOutput => ({
  id: o.id,
  name: o.name,
  acronym: o.acronym,
  type: o.type,
  iatiId: o.iatiId,
  aliases: o.aliases,
  parentId: o.parentId,
  mergedIntoId: o.mergedIntoId,
  updatedAt: o.updatedAt.toISOString(),
});

/**
 * Tables that point at an organisation, moved to the survivor on merge. A module that adds a
 * reference to organisations adds it here, so merges stay complete.
 */
export const organisationReferences: { table: string; column: string; key?: string[] }[] = [
  // An editor of both keeps one role; an editor of the duplicate now edits the survivor (audited).
  { table: "role_assignments", column: "organisation_id", key: ["user_id", "role"] },
  // Organisations merged earlier into the duplicate now redirect straight to the survivor.
  { table: "organisations", column: "merged_into_id" },
  { table: "organisations", column: "parent_id" },
  // sector_leads has the organisation in its primary key: duplicates are dropped first.
  { table: "sector_leads", column: "organisation_id", key: ["sector_id"] },
  // 4W records move to the survivor; a merge that would make two records of the survivor clash
  // (same external id or natural key) is refused by the unique indexes, and nothing moves.
  { table: "activities", column: "reporting_org_id" },
  { table: "activities", column: "implementing_org_id" },
  // A record funded by both keeps one donor row.
  { table: "activity_donors", column: "organisation_id", key: ["activity_id"] },
  // Uploaded 4W files, and the column mappings an organisation saved (the survivor's win).
  { table: "activity_imports", column: "organisation_id" },
  { table: "import_column_mappings", column: "organisation_id", key: ["header"] },
  // Coordination platforms: an organisation chairing or sitting on a platform twice keeps one seat.
  { table: "platform_chairs", column: "organisation_id", key: ["platform_id"] },
  { table: "platform_members", column: "organisation_id", key: ["platform_id"] },
  // Hub content: contacts, event organisers, stories, documents' organisations.
  { table: "contacts", column: "organisation_id" },
  { table: "event_organisers", column: "organisation_id", key: ["event_id"] },
  { table: "news_stories", column: "organisation_id" },
  { table: "document_organisations", column: "organisation_id", key: ["document_id"] },
  // Funding per organisation: a figure of both for the same key and date makes the merge refused.
  { table: "plan_figures", column: "organisation_id" },
];

export interface OrganisationFilter {
  q?: string;
  type?: string;
  includeMerged: boolean;
  /** `name` (default) or `recent`: last updated first. A search is ranked by relevance. */
  sort?: "name" | "recent";
}

// The cursor carries updated_at as JSON (milliseconds); order and compare at that precision.
const updatedMs = sql`date_trunc('milliseconds', ${organisations.updatedAt})`;

/** Lists organisations; `q` matches name, acronym and aliases, tolerating typos. */
export async function queryOrganisations(
  db: Db,
  responseId: string,
  filter: OrganisationFilter,
  cursor: Cursor | null,
  limit: number,
): Promise<Page<OrganisationOutput>> {
  const where: SQL[] = [eq(organisations.responseId, responseId)];
  if (!filter.includeMerged) where.push(sql`${organisations.mergedIntoId} IS NULL`);
  if (filter.type) where.push(sql`${organisations.type} = ${filter.type}`);
  const q = filter.q?.trim();
  if (q) {
    const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(sql`(${organisations.name} ILIKE ${like} OR ${organisations.acronym} ILIKE ${like}
      OR array_to_string(${organisations.aliases}, ' | ') ILIKE ${like} OR ${organisations.name} % ${q}
      OR ${q} <% array_to_string(${organisations.aliases}, ' | '))`);
  } else if (cursor && "after" in cursor) {
    // A cursor from another sort order (or a forged one) must not reach the timestamp cast.
    if (filter.sort === "recent" && Number.isNaN(Date.parse(cursor.after[0]))) {
      throw invalid("The cursor does not belong to this sort order.", [
        { path: "querystring.cursor", message: "use the nextCursor of a page with the same sort" },
      ]);
    }
    where.push(
      filter.sort === "recent"
        ? sql`(${updatedMs}, ${organisations.id}) < (${cursor.after[0]}::timestamptz, ${cursor.after[1]}::uuid)`
        : sql`(${organisations.name}, ${organisations.id}) > (${cursor.after[0]}, ${cursor.after[1]}::uuid)`,
    );
  }
  const offset = q && cursor && "offset" in cursor ? cursor.offset : 0;
  // Without a search the order is (name, id), which the keyset cursor relies on. (A constant rank
  // such as `0` would read as ORDER BY column position 0 and fail.)
  const order = q
    ? [
        sql`greatest(similarity(${organisations.name}, ${q}), similarity(coalesce(${organisations.acronym}, ''), ${q}), word_similarity(${q}, array_to_string(${organisations.aliases}, ' | '))) DESC`,
        organisations.name,
        organisations.id,
      ]
    : filter.sort === "recent"
      ? [desc(updatedMs), desc(organisations.id)]
      : [organisations.name, organisations.id];
  const rows = await db
    .select()
    .from(organisations)
    .where(and(...where))
    .orderBy(...order)
    .limit(limit + 1)
    .offset(offset);
  return toPage(rows.map(presentOrganisation), limit, (last) =>
    q
      ? { offset: offset + limit }
      : { after: [filter.sort === "recent" ? last.updatedAt : last.name, last.id] },
  );
}

/**
 * Refuses ids that are not live organisations of the response (400 naming each). A merged
 * organisation is only a redirect now: its survivor should be named instead.
 */
export async function requireActiveOrganisations(
  db: Db,
  responseId: string,
  ids: string[],
  path: string,
  message = "Some organisations do not exist in this response.",
): Promise<void> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return;
  const found = await db
    .select({ id: organisations.id })
    .from(organisations)
    .where(
      and(
        eq(organisations.responseId, responseId),
        inArray(organisations.id, unique),
        isNull(organisations.mergedIntoId),
      ),
    );
  const missing = unique.filter((id) => !found.some((f) => f.id === id));
  if (missing.length)
    throw invalid(
      message,
      missing.map((id) => ({ path, message: `unknown organisation ${id}` })),
    );
}

export async function getOrganisation(db: Db, responseId: string, id: string): Promise<OrganisationRow> {
  const [row] = await db
    .select()
    .from(organisations)
    .where(and(eq(organisations.responseId, responseId), eq(organisations.id, id)));
  if (!row) throw notFound("Organisation");
  return row;
}

async function checkUniqueName(db: Db, responseId: string, name: string, exceptId?: string) {
  const [clash] = await db
    .select({ id: organisations.id })
    .from(organisations)
    .where(
      and(
        eq(organisations.responseId, responseId),
        sql`lower(${organisations.name}) = lower(${name})`,
        exceptId ? sql`${organisations.id} <> ${exceptId}` : undefined,
      ),
    );
  if (clash)
    throw conflict(`An organisation named "${name}" already exists.`, [
      { path: "body.name", message: "already used" },
    ]);
}

async function checkParent(db: Db, responseId: string, parentId: string | null | undefined, selfId?: string) {
  if (!parentId) return;
  if (parentId === selfId)
    throw invalid("An organisation cannot be its own parent.", [{ path: "body.parentId", message: "cycle" }]);
  await getOrganisation(db, responseId, parentId).catch(() => {
    throw invalid("The parent organisation does not exist in this response.", [
      { path: "body.parentId", message: "unknown" },
    ]);
  });
  if (!selfId) return;
  const loop = await db.execute<{ id: string }>(sql`
    WITH RECURSIVE up AS (
      SELECT id, parent_id, 0 AS depth FROM organisations WHERE response_id = ${responseId} AND id = ${parentId}
      UNION ALL SELECT o.id, o.parent_id, up.depth + 1 FROM organisations o
        JOIN up ON o.response_id = ${responseId} AND o.id = up.parent_id WHERE up.depth < 20)
    SELECT id FROM up WHERE id = ${selfId}`);
  if (loop.rows.length) {
    throw invalid("That parent belongs to this organisation: the hierarchy would loop.", [
      { path: "body.parentId", message: "cycle" },
    ]);
  }
}

export async function createOrganisation(
  db: Db,
  responseId: string,
  actor: Actor,
  input: OrganisationInput & { aliases: string[] },
): Promise<OrganisationRow> {
  return db.transaction(async (tx) => {
    await checkUniqueName(tx, responseId, input.name);
    await checkParent(tx, responseId, input.parentId);
    const [row] = await tx
      .insert(organisations)
      .values({
        responseId,
        name: input.name,
        acronym: input.acronym ?? null,
        type: input.type,
        iatiId: input.iatiId ?? null,
        aliases: dedupe(input.aliases),
        parentId: input.parentId ?? null,
      })
      .returning();
    await recordAudit(tx, {
      responseId,
      actor,
      action: "organisation.create",
      entityType: "organisation",
      entityId: row!.id,
      after: row,
    });
    return row!;
  });
}

export async function updateOrganisation(
  db: Db,
  responseId: string,
  actor: Actor,
  id: string,
  changes: Partial<OrganisationInput>,
): Promise<OrganisationRow> {
  return db.transaction(async (tx) => {
    const before = await getOrganisation(tx, responseId, id);
    if (before.mergedIntoId)
      throw conflict("This organisation was merged into another; edit the surviving one.");
    if (changes.name) await checkUniqueName(tx, responseId, changes.name, id);
    await checkParent(tx, responseId, changes.parentId, id);
    const [after] = await tx
      .update(organisations)
      .set({
        ...changes,
        aliases: changes.aliases ? dedupe(changes.aliases) : undefined,
        updatedAt: new Date(),
      })
      .where(and(eq(organisations.responseId, responseId), eq(organisations.id, id)))
      .returning();
    await recordAudit(tx, {
      responseId,
      actor,
      action: "organisation.update",
      entityType: "organisation",
      entityId: id,
      before,
      after,
    });
    return after!;
  });
}

/**
 * Merges a duplicate into a survivor: every reference moves to the survivor, the duplicate's name,
 * acronym and aliases become aliases of the survivor (so spreadsheets spelled that way still match),
 * and the duplicate stays as a redirect.
 */
export async function mergeOrganisation(
  db: Db,
  responseId: string,
  actor: Actor,
  duplicateId: string,
  survivorId: string,
): Promise<OrganisationRow> {
  if (duplicateId === survivorId)
    throw invalid("An organisation cannot be merged into itself.", [
      { path: "body.intoId", message: "same organisation" },
    ]);
  return db.transaction(async (tx) => {
    // Lock both rows, in id order, so concurrent merges (A into B, B into A) cannot both pass.
    await tx.execute(sql`SELECT id FROM organisations WHERE response_id = ${responseId}
      AND id IN (${duplicateId}, ${survivorId}) ORDER BY id FOR UPDATE`);
    const duplicate = await getOrganisation(tx, responseId, duplicateId);
    const survivor = await getOrganisation(tx, responseId, survivorId);
    if (duplicate.mergedIntoId) throw conflict("This organisation was already merged.");
    if (survivor.mergedIntoId)
      throw invalid("The surviving organisation was itself merged; pick the one it was merged into.", [
        { path: "body.intoId", message: "merged" },
      ]);
    const editors = await tx.execute<{ user_id: string; email: string; role: string }>(sql`
      SELECT r.user_id, u.email, r.role FROM role_assignments r JOIN users u ON u.id = r.user_id
      WHERE r.response_id = ${responseId} AND r.organisation_id = ${duplicateId}`);
    for (const ref of organisationReferences) {
      const table = sql.raw(ref.table);
      const column = sql.raw(ref.column);
      if (ref.key) {
        await tx.execute(sql`DELETE FROM ${table} d WHERE d.response_id = ${responseId} AND d.${column} = ${duplicateId}
          AND EXISTS (SELECT 1 FROM ${table} s WHERE s.response_id = d.response_id AND s.${column} = ${survivorId}
            AND (${sql.raw(ref.key.map((k) => `s.${k}`).join(", "))}) = (${sql.raw(ref.key.map((k) => `d.${k}`).join(", "))}))`);
      }
      await tx.execute(
        sql`UPDATE ${table} SET ${column} = ${survivorId} WHERE response_id = ${responseId} AND ${column} = ${duplicateId}`,
      );
    }
    // The survivor may have had the duplicate as its parent; it cannot become its own.
    await tx.execute(
      sql`UPDATE organisations SET parent_id = NULL WHERE response_id = ${responseId} AND id = ${survivorId} AND parent_id = ${survivorId}`,
    );
    const aliases = dedupe([
      ...survivor.aliases,
      duplicate.name,
      ...(duplicate.acronym ? [duplicate.acronym] : []),
      ...duplicate.aliases,
    ]).filter((a) => a.toLowerCase() !== survivor.name.toLowerCase());
    const [after] = await tx
      .update(organisations)
      .set({ aliases, updatedAt: new Date() })
      .where(and(eq(organisations.responseId, responseId), eq(organisations.id, survivorId)))
      .returning();
    await tx
      .update(organisations)
      .set({ mergedIntoId: survivorId, parentId: null, updatedAt: new Date() })
      .where(and(eq(organisations.responseId, responseId), eq(organisations.id, duplicateId)));
    await recordAuditMany(
      tx,
      editors.rows.map((e) => ({
        responseId,
        actor,
        action: "user.role.change",
        entityType: "user",
        entityId: e.user_id,
        before: { email: e.email, role: e.role, organisationId: duplicateId },
        after: { email: e.email, role: e.role, organisationId: survivorId },
        reason: `organisation ${duplicate.name} merged into ${survivor.name}`,
      })),
    );
    await recordAudit(tx, {
      responseId,
      actor,
      action: "organisation.merge",
      entityType: "organisation",
      entityId: duplicateId,
      before: { duplicate, survivor },
      after: { mergedInto: survivorId, survivor: after },
    });
    return after!;
  });
}

/** Deletes an organisation nothing refers to; otherwise asks for a merge instead. */
export async function deleteOrganisation(
  db: Db,
  responseId: string,
  actor: Actor,
  id: string,
): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await getOrganisation(tx, responseId, id);
    for (const ref of organisationReferences) {
      const used = await tx.execute<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM ${sql.raw(ref.table)} WHERE response_id = ${responseId} AND ${sql.raw(ref.column)} = ${id}`,
      );
      if ((used.rows[0]?.n ?? 0) > 0) {
        throw new AppError(
          "CONFLICT",
          `This organisation is still referenced (${ref.table}); merge it into another instead of deleting it.`,
        );
      }
    }
    await tx
      .delete(organisations)
      .where(and(eq(organisations.responseId, responseId), eq(organisations.id, id)));
    await recordAudit(tx, {
      responseId,
      actor,
      action: "organisation.delete",
      entityType: "organisation",
      entityId: id,
      before,
    });
  });
}

function dedupe(values: string[]): string[] {
  const seen = new Set<string>();
  return values
    .map((v) => v.trim())
    .filter((v) => v && !seen.has(v.toLowerCase()) && seen.add(v.toLowerCase()));
}
