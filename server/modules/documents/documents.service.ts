import { and, asc, desc, eq, getTableColumns, inArray, type SQL, sql } from "drizzle-orm";
import type {
  DocumentInput,
  DocumentOutput,
  DocumentQuery,
  DocumentUpdate,
  DocumentVersionOutput,
} from "../../../common/schemas/documents.ts";
import type { Db } from "../../db/client.ts";
import { type LinkTable, readLinks, writeLinks } from "../../db/link-tables.ts";
import { users } from "../../db/schema/accounts.ts";
import {
  documentLocations,
  documentOrganisations,
  documentSectors,
  documents,
  documentVersions,
} from "../../db/schema/documents.ts";
import { platforms } from "../../db/schema/platforms.ts";
import { locations, organisations, sectors } from "../../db/schema/reference.ts";
import { invalid, notFound } from "../../errors.ts";
import type { StoredFile } from "../../files/receive.ts";
import { type Actor, recordAudit } from "../audit/audit.service.ts";
import { requireActiveOrganisations } from "../organisations/organisations.service.ts";
import { refuseDeleteWhileLinked } from "./documents.refs.ts";
import { type ContentScope, withParentSectors } from "./documents.scope.ts";

export type DocumentRow = typeof documents.$inferSelect;
/** A version's columns without its extracted text (up to 200 kB, read by the search only). */
const { extractedText: _text, ...versionColumns } = getTableColumns(documentVersions);
export type VersionRow = Omit<typeof documentVersions.$inferSelect, "extractedText">;
type Links = { sectorIds: string[]; locationIds: string[]; organisationIds: string[] };

const linkTables = {
  sectorIds: { table: documentSectors, owner: documentSectors.documentId, target: documentSectors.targetId },
  locationIds: {
    table: documentLocations,
    owner: documentLocations.documentId,
    target: documentLocations.targetId,
  },
  organisationIds: {
    table: documentOrganisations,
    owner: documentOrganisations.documentId,
    target: documentOrganisations.targetId,
  },
} satisfies Record<keyof Links, LinkTable>;

/** Refuses ids that are not of this response (400 naming the field). */
export async function checkReferences(
  db: Db,
  responseId: string,
  input: Partial<Links> & { platformId?: string | null },
  prefix: string,
) {
  const missing = async (
    table: typeof sectors | typeof locations,
    ids: string[] | undefined,
    field: string,
  ) => {
    if (!ids?.length) return;
    const unique = [...new Set(ids)];
    const found = await db
      .select({ id: table.id })
      .from(table)
      .where(and(eq(table.responseId, responseId), inArray(table.id, unique)));
    const unknown = unique.filter((id) => !found.some((f) => f.id === id));
    if (unknown.length)
      throw invalid(`Unknown ${field} in this response.`, [
        { path: `${prefix}.${field}`, message: `unknown: ${unknown.join(", ")}` },
      ]);
  };
  await missing(sectors, input.sectorIds, "sectorIds");
  await missing(locations, input.locationIds, "locationIds");
  if (input.organisationIds?.length)
    await requireActiveOrganisations(db, responseId, input.organisationIds, `${prefix}.organisationIds`);
  if (input.platformId) {
    const [found] = await db
      .select({ id: platforms.id })
      .from(platforms)
      .where(and(eq(platforms.responseId, responseId), eq(platforms.id, input.platformId)));
    if (!found)
      throw invalid("The platform does not exist in this response.", [
        { path: `${prefix}.platformId`, message: "unknown" },
      ]);
  }
}

const linksOf = (db: Db, responseId: string, documentId: string): Promise<Links> =>
  readLinks(db, linkTables, responseId, documentId);

const setLinks = (db: Db, responseId: string, documentId: string, links: Partial<Links>) =>
  writeLinks(db, linkTables, responseId, documentId, links);

/** The scope the permission checks judge: sectors with their parents, and organisations. */
export async function documentScope(
  db: Db,
  responseId: string,
  links: Partial<Links>,
): Promise<ContentScope> {
  return {
    sectorIds: await withParentSectors(db, responseId, links.sectorIds ?? []),
    organisationIds: links.organisationIds ?? [],
  };
}

export async function currentLinks(db: Db, responseId: string, documentId: string) {
  return linksOf(db, responseId, documentId);
}

type CreateInput = Omit<Required<DocumentInput>, "documentDate" | "description" | "platformId"> &
  Pick<DocumentInput, "documentDate" | "description" | "platformId">;

export async function createDocument(
  db: Db,
  responseId: string,
  actor: Actor,
  input: CreateInput,
  file: StoredFile,
  note: string | null = null,
  /** The file's text for search (documents.text.ts), null when none was read. */
  text: string | null = null,
): Promise<DocumentRow> {
  return db.transaction(async (tx) => {
    await checkReferences(tx, responseId, input, "metadata");
    const { sectorIds, locationIds, organisationIds, ...columns } = input;
    const [row] = await tx
      .insert(documents)
      .values({ ...columns, responseId, createdBy: actor.id, currentVersion: 1 })
      .returning();
    await setLinks(tx, responseId, row!.id, { sectorIds, locationIds, organisationIds });
    const version = await insertVersion(tx, responseId, row!.id, 1, file, note, text, actor);
    await recordAudit(tx, {
      responseId,
      actor,
      action: "document.create",
      entityType: "document",
      entityId: row!.id,
      after: { ...row, sectorIds, locationIds, organisationIds, version },
    });
    return row!;
  });
}

async function insertVersion(
  db: Db,
  responseId: string,
  documentId: string,
  version: number,
  file: StoredFile,
  note: string | null,
  text: string | null,
  actor: Actor,
) {
  const [row] = await db
    .insert(documentVersions)
    .values({
      responseId,
      documentId,
      version,
      fileKey: file.key,
      fileName: file.fileName,
      contentType: file.contentType,
      size: file.size,
      sha256: file.sha256,
      extractedText: text,
      note,
      uploadedBy: actor.id,
    })
    // Without the text: the audit entry records the file, not 200 kB of its words.
    .returning(versionColumns);
  return row!;
}

export async function updateDocument(
  db: Db,
  responseId: string,
  actor: Actor,
  before: DocumentRow,
  changes: DocumentUpdate,
): Promise<void> {
  await db.transaction(async (tx) => {
    await checkReferences(tx, responseId, changes, "body");
    const { sectorIds, locationIds, organisationIds, ...columns } = changes;
    const linksBefore = await linksOf(tx, responseId, before.id);
    const [after] = await tx
      .update(documents)
      .set({ ...columns, updatedAt: new Date() })
      .where(and(eq(documents.responseId, responseId), eq(documents.id, before.id)))
      .returning();
    await setLinks(tx, responseId, before.id, { sectorIds, locationIds, organisationIds });
    await recordAudit(tx, {
      responseId,
      actor,
      action: "document.update",
      entityType: "document",
      entityId: before.id,
      before: { ...before, ...linksBefore },
      after: { ...after, ...(await linksOf(tx, responseId, before.id)) },
    });
  });
}

/** A new file for the document: the next version, the old ones kept. */
export async function addVersion(
  db: Db,
  responseId: string,
  actor: Actor,
  document: DocumentRow,
  file: StoredFile,
  note: string | null,
  text: string | null = null,
): Promise<VersionRow> {
  return db.transaction(async (tx) => {
    // The lock serialises two uploads to one document, so each gets its own number.
    const [locked] = await tx
      .execute<{ current_version: number }>(
        sql`SELECT current_version FROM documents WHERE response_id = ${responseId} AND id = ${document.id} FOR UPDATE`,
      )
      .then((r) => r.rows);
    if (!locked) throw notFound("Document");
    const next = locked.current_version + 1;
    const version = await insertVersion(tx, responseId, document.id, next, file, note, text, actor);
    await tx
      .update(documents)
      .set({ currentVersion: next, updatedAt: new Date() })
      .where(and(eq(documents.responseId, responseId), eq(documents.id, document.id)));
    await recordAudit(tx, {
      responseId,
      actor,
      action: "document.version.add",
      entityType: "document",
      entityId: document.id,
      after: version,
    });
    return version;
  });
}

/** Deletes the document and its versions; answers the file keys to remove from the store. */
export async function deleteDocument(
  db: Db,
  responseId: string,
  actor: Actor,
  document: DocumentRow,
): Promise<string[]> {
  return db.transaction(async (tx) => {
    await refuseDeleteWhileLinked(tx, responseId, document.id);
    const versions = await listVersionRows(tx, responseId, document.id);
    const links = await linksOf(tx, responseId, document.id);
    await tx
      .delete(documents)
      .where(and(eq(documents.responseId, responseId), eq(documents.id, document.id)));
    await recordAudit(tx, {
      responseId,
      actor,
      action: "document.delete",
      entityType: "document",
      entityId: document.id,
      before: { ...document, ...links, versions },
    });
    return versions.map((v) => v.fileKey);
  });
}

/** The document, or 404 when it does not exist or the caller may not see it. */
export async function getDocument(
  db: Db,
  responseId: string,
  id: string,
  member: boolean,
): Promise<DocumentRow> {
  const [row] = await db
    .select()
    .from(documents)
    .where(and(eq(documents.responseId, responseId), eq(documents.id, id)));
  if (!row || (row.visibility === "signed_in" && !member)) throw notFound("Document");
  return row;
}

export async function listVersionRows(db: Db, responseId: string, documentId: string) {
  return db
    .select(versionColumns)
    .from(documentVersions)
    .where(and(eq(documentVersions.responseId, responseId), eq(documentVersions.documentId, documentId)))
    .orderBy(desc(documentVersions.version));
}

export async function getVersion(db: Db, responseId: string, documentId: string, version: number) {
  const [row] = await db
    .select(versionColumns)
    .from(documentVersions)
    .where(
      and(
        eq(documentVersions.responseId, responseId),
        eq(documentVersions.documentId, documentId),
        eq(documentVersions.version, version),
      ),
    );
  if (!row) throw notFound("Version");
  return row;
}

export async function presentVersions(db: Db, rows: VersionRow[]): Promise<DocumentVersionOutput[]> {
  const ids = [...new Set(rows.map((r) => r.uploadedBy).filter((id): id is string => !!id))];
  const names = ids.length
    ? await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ids))
    : [];
  return rows.map((r) => ({
    version: r.version,
    fileName: r.fileName,
    contentType: r.contentType,
    size: r.size,
    sha256: r.sha256,
    note: r.note,
    uploadedBy: names.find((n) => n.id === r.uploadedBy)?.name ?? null,
    createdAt: r.createdAt.toISOString(),
  }));
}

const like = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Documents matching the filters, newest first; signed-in-only ones for members only. */
export async function listDocuments(db: Db, responseId: string, query: DocumentQuery, member: boolean) {
  const where: SQL[] = [sql`d.response_id = ${responseId}`];
  if (!member) where.push(sql`d.visibility = 'public'`);
  if (query.q)
    where.push(sql`(d.title ILIKE ${like(query.q)} OR coalesce(d.description, '') ILIKE ${like(query.q)})`);
  if (query.type) where.push(sql`d.type = ${query.type}`);
  if (query.language) where.push(sql`d.language = ${query.language}`);
  if (query.from) where.push(sql`d.document_date >= ${query.from}`);
  if (query.to) where.push(sql`d.document_date <= ${query.to}`);
  if (query.platform) where.push(sql`d.platform_id = ${query.platform}`);
  if (query.sector)
    where.push(sql`EXISTS (SELECT 1 FROM document_sectors ds JOIN sectors s ON s.response_id = ds.response_id AND s.id = ds.sector_id
      LEFT JOIN sectors p ON p.response_id = s.response_id AND p.id = s.parent_id
      WHERE ds.response_id = d.response_id AND ds.document_id = d.id AND (s.code = ${query.sector} OR p.code = ${query.sector}))`);
  if (query.location)
    where.push(sql`EXISTS (SELECT 1 FROM document_locations dl WHERE dl.response_id = d.response_id
      AND dl.document_id = d.id AND dl.location_id = ${query.location})`);
  if (query.organisation)
    where.push(sql`EXISTS (SELECT 1 FROM document_organisations dorg WHERE dorg.response_id = d.response_id
      AND dorg.document_id = d.id AND dorg.organisation_id = ${query.organisation})`);
  const condition = sql.join(where, sql` AND `);
  const ids = await db.execute<{ id: string; total: number }>(sql`
    SELECT d.id, count(*) OVER ()::int AS total FROM documents d WHERE ${condition}
    ORDER BY d.document_date DESC NULLS LAST, d.created_at DESC, d.id
    LIMIT ${query.limit} OFFSET ${query.offset}`);
  const rows = ids.rows.length
    ? await db
        .select()
        .from(documents)
        .where(
          and(
            eq(documents.responseId, responseId),
            inArray(
              documents.id,
              ids.rows.map((r) => r.id),
            ),
          ),
        )
    : [];
  const order = new Map(ids.rows.map((r, i) => [r.id, i]));
  rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  return { items: await presentDocuments(db, responseId, rows), total: ids.rows[0]?.total ?? 0 };
}

/** API shapes of documents, with their links and current version, in a few queries. */
export async function presentDocuments(
  db: Db,
  responseId: string,
  rows: DocumentRow[],
): Promise<DocumentOutput[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const sectorLinks = await db
    .select({
      documentId: documentSectors.documentId,
      id: sectors.id,
      code: sectors.code,
      name: sectors.name,
    })
    .from(documentSectors)
    .innerJoin(
      sectors,
      and(eq(sectors.responseId, documentSectors.responseId), eq(sectors.id, documentSectors.targetId)),
    )
    .where(and(eq(documentSectors.responseId, responseId), inArray(documentSectors.documentId, ids)))
    .orderBy(asc(sectors.name));
  const locationLinks = await db
    .select({
      documentId: documentLocations.documentId,
      id: locations.id,
      code: locations.code,
      name: locations.name,
    })
    .from(documentLocations)
    .innerJoin(
      locations,
      and(
        eq(locations.responseId, documentLocations.responseId),
        eq(locations.id, documentLocations.targetId),
      ),
    )
    .where(and(eq(documentLocations.responseId, responseId), inArray(documentLocations.documentId, ids)))
    .orderBy(asc(locations.name));
  const organisationLinks = await db
    .select({
      documentId: documentOrganisations.documentId,
      id: organisations.id,
      name: organisations.name,
      acronym: organisations.acronym,
    })
    .from(documentOrganisations)
    .innerJoin(
      organisations,
      and(
        eq(organisations.responseId, documentOrganisations.responseId),
        eq(organisations.id, documentOrganisations.targetId),
      ),
    )
    .where(
      and(eq(documentOrganisations.responseId, responseId), inArray(documentOrganisations.documentId, ids)),
    )
    .orderBy(asc(organisations.name));
  const versions = await db
    .select(versionColumns)
    .from(documentVersions)
    .where(and(eq(documentVersions.responseId, responseId), inArray(documentVersions.documentId, ids)));
  const platformIds = rows.map((r) => r.platformId).filter((id): id is string => !!id);
  const platformNames = platformIds.length
    ? await db
        .select({ id: platforms.id, name: platforms.name })
        .from(platforms)
        .where(and(eq(platforms.responseId, responseId), inArray(platforms.id, platformIds)))
    : [];
  const current = await presentVersions(
    db,
    rows.map((r) => versions.find((v) => v.documentId === r.id && v.version === r.currentVersion)!),
  );
  const strip = <T extends { documentId: string }>({ documentId: _, ...rest }: T) => rest;
  return rows.map((r, i) => ({
    id: r.id,
    title: r.title,
    type: r.type,
    documentDate: r.documentDate,
    language: r.language,
    visibility: r.visibility,
    description: r.description,
    platform: platformNames.find((p) => p.id === r.platformId) ?? null,
    sectors: sectorLinks.filter((l) => l.documentId === r.id).map(strip),
    locations: locationLinks.filter((l) => l.documentId === r.id).map(strip),
    organisations: organisationLinks.filter((l) => l.documentId === r.id).map(strip),
    currentVersion: current[i]!,
    versionCount: versions.filter((v) => v.documentId === r.id).length,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  }));
}
