import { and, asc, eq, sql } from "drizzle-orm";
import type { SectorOutput } from "../../../common/schemas/sectors.ts";
import type { Db } from "../../db/client.ts";
import { activityTypes, indicators, organisations, sectorLeads, sectors } from "../../db/schema/reference.ts";
import { conflict, invalid, notFound } from "../../errors.ts";
import { type Actor, recordAudit } from "../audit/audit.service.ts";
import { requireActiveOrganisations } from "../organisations/organisations.service.ts";

const leadsMissing = "Some lead organisations do not exist in this response.";

type SectorRow = typeof sectors.$inferSelect;

/** Every sector of a response with leads and catalogue, parents first then by name. */
export async function listSectors(db: Db, responseId: string, q?: string): Promise<SectorOutput[]> {
  const rows = await db
    .select()
    .from(sectors)
    .where(eq(sectors.responseId, responseId))
    .orderBy(asc(sectors.name));
  const leads = await db
    .select({
      sectorId: sectorLeads.sectorId,
      role: sectorLeads.role,
      id: organisations.id,
      name: organisations.name,
      acronym: organisations.acronym,
    })
    .from(sectorLeads)
    .innerJoin(
      organisations,
      and(
        eq(organisations.responseId, sectorLeads.responseId),
        eq(organisations.id, sectorLeads.organisationId),
      ),
    )
    .where(eq(sectorLeads.responseId, responseId))
    .orderBy(asc(organisations.name));
  const types = await db
    .select()
    .from(activityTypes)
    .where(eq(activityTypes.responseId, responseId))
    .orderBy(asc(activityTypes.code));
  const inds = await db
    .select()
    .from(indicators)
    .where(eq(indicators.responseId, responseId))
    .orderBy(asc(indicators.code));
  const needle = q?.trim().toLowerCase();
  return rows
    .map((s) => ({
      id: s.id,
      code: s.code,
      name: s.name,
      kind: s.kind,
      parentId: s.parentId,
      leads: leads
        .filter((l) => l.sectorId === s.id && l.role === "lead")
        .map(({ id, name, acronym }) => ({ id, name, acronym })),
      coLeads: leads
        .filter((l) => l.sectorId === s.id && l.role === "co_lead")
        .map(({ id, name, acronym }) => ({ id, name, acronym })),
      activityTypes: types
        .filter((t) => t.sectorId === s.id)
        .map(({ id, code, name }) => ({ id, code, name })),
      indicators: inds
        .filter((i) => i.sectorId === s.id)
        .map(({ id, code, name, unit, disaggregation }) => ({ id, code, name, unit, disaggregation })),
    }))
    .filter((s) => !needle || s.name.toLowerCase().includes(needle) || s.code.toLowerCase().includes(needle));
}

export async function getSectorByCode(db: Db, responseId: string, code: string): Promise<SectorRow> {
  const [row] = await db
    .select()
    .from(sectors)
    .where(and(eq(sectors.responseId, responseId), eq(sectors.code, code)));
  if (!row) throw notFound(`Sector ${code}`);
  return row;
}

/** The sector and its parent: a coordinator of either may edit it. */
export const sectorScope = (s: SectorRow) => [s.id, ...(s.parentId ? [s.parentId] : [])];

async function setLeads(
  db: Db,
  responseId: string,
  sectorId: string,
  leadIdList: string[],
  coLeadIdList: string[],
) {
  // The same organisation named twice is one lead, not a constraint violation.
  const leadIds = [...new Set(leadIdList)];
  const coLeadIds = [...new Set(coLeadIdList)];
  const overlap = leadIds.filter((id) => coLeadIds.includes(id));
  if (overlap.length)
    throw invalid("An organisation cannot be both lead and co-lead.", [
      { path: "body.coLeadIds", message: "also a lead" },
    ]);
  await requireActiveOrganisations(db, responseId, leadIds, "body.leadIds", leadsMissing);
  await requireActiveOrganisations(db, responseId, coLeadIds, "body.coLeadIds", leadsMissing);
  await db
    .delete(sectorLeads)
    .where(and(eq(sectorLeads.responseId, responseId), eq(sectorLeads.sectorId, sectorId)));
  const rows = [
    ...leadIds.map((organisationId) => ({ responseId, sectorId, organisationId, role: "lead" as const })),
    ...coLeadIds.map((organisationId) => ({
      responseId,
      sectorId,
      organisationId,
      role: "co_lead" as const,
    })),
  ];
  if (rows.length) await db.insert(sectorLeads).values(rows);
}

async function checkParent(
  db: Db,
  responseId: string,
  parentId: string | null | undefined,
  kind: string,
  selfId?: string,
) {
  if (!parentId) {
    if (kind === "sub_sector")
      throw invalid("A sub-sector needs a parent sector.", [{ path: "body.parentId", message: "required" }]);
    return;
  }
  if (parentId === selfId)
    throw invalid("A sector cannot be its own parent.", [{ path: "body.parentId", message: "cycle" }]);
  const [parent] = await db
    .select()
    .from(sectors)
    .where(and(eq(sectors.responseId, responseId), eq(sectors.id, parentId)));
  if (!parent)
    throw invalid("The parent sector does not exist in this response.", [
      { path: "body.parentId", message: "unknown" },
    ]);
  if (parent.parentId)
    throw invalid("Sectors nest one level deep: the parent must be a top-level sector.", [
      { path: "body.parentId", message: "too deep" },
    ]);
  if (selfId) {
    const [child] = await db
      .select({ id: sectors.id })
      .from(sectors)
      .where(and(eq(sectors.responseId, responseId), eq(sectors.parentId, selfId)))
      .limit(1);
    if (child)
      throw invalid("This sector has sub-sectors, so it cannot become a sub-sector itself.", [
        { path: "body.parentId", message: "too deep" },
      ]);
  }
}

export interface SectorWrite {
  code?: string;
  name?: string;
  kind?: SectorRow["kind"];
  parentId?: string | null;
  leadIds?: string[];
  coLeadIds?: string[];
}

export async function createSector(
  db: Db,
  responseId: string,
  actor: Actor,
  input: Required<Pick<SectorWrite, "code" | "name" | "kind">> & SectorWrite,
): Promise<SectorRow> {
  return db.transaction(async (tx) => {
    const [clash] = await tx
      .select({ id: sectors.id })
      .from(sectors)
      .where(and(eq(sectors.responseId, responseId), eq(sectors.code, input.code)));
    if (clash)
      throw conflict(`A sector with the code ${input.code} already exists.`, [
        { path: "body.code", message: "already used" },
      ]);
    await checkParent(tx, responseId, input.parentId, input.kind);
    const [row] = await tx
      .insert(sectors)
      .values({
        responseId,
        code: input.code,
        name: input.name,
        kind: input.kind,
        parentId: input.parentId ?? null,
      })
      .returning();
    await setLeads(tx, responseId, row!.id, input.leadIds ?? [], input.coLeadIds ?? []);
    await recordAudit(tx, {
      responseId,
      actor,
      action: "sector.create",
      entityType: "sector",
      entityId: row!.id,
      after: { ...row, leadIds: input.leadIds, coLeadIds: input.coLeadIds },
    });
    return row!;
  });
}

export async function updateSector(
  db: Db,
  responseId: string,
  actor: Actor,
  before: SectorRow,
  changes: SectorWrite,
): Promise<void> {
  await db.transaction(async (tx) => {
    const { leadIds, coLeadIds, ...columns } = changes;
    if (columns.parentId !== undefined || columns.kind)
      await checkParent(
        tx,
        responseId,
        columns.parentId === undefined ? before.parentId : columns.parentId,
        columns.kind ?? before.kind,
        before.id,
      );
    const [after] = await tx
      .update(sectors)
      .set({ ...columns, updatedAt: new Date() })
      .where(and(eq(sectors.responseId, responseId), eq(sectors.id, before.id)))
      .returning();
    if (leadIds || coLeadIds) {
      const current = await tx
        .select()
        .from(sectorLeads)
        .where(and(eq(sectorLeads.responseId, responseId), eq(sectorLeads.sectorId, before.id)));
      await setLeads(
        tx,
        responseId,
        before.id,
        leadIds ?? current.filter((l) => l.role === "lead").map((l) => l.organisationId),
        coLeadIds ?? current.filter((l) => l.role === "co_lead").map((l) => l.organisationId),
      );
    }
    await recordAudit(tx, {
      responseId,
      actor,
      action: "sector.update",
      entityType: "sector",
      entityId: before.id,
      before,
      after: { ...after, leadIds, coLeadIds },
    });
  });
}

export async function deleteSector(
  db: Db,
  responseId: string,
  actor: Actor,
  sector: SectorRow,
): Promise<void> {
  await db.transaction(async (tx) => {
    const children = await tx.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM sectors WHERE response_id = ${responseId} AND parent_id = ${sector.id}`,
    );
    if ((children.rows[0]?.n ?? 0) > 0) throw conflict("Delete or move this sector's sub-sectors first.");
    // Coordinators' roles would vanish with the sector, silently: ask for them to be moved first.
    const coordinators = await tx.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM role_assignments WHERE response_id = ${responseId} AND sector_id = ${sector.id}`,
    );
    const n = coordinators.rows[0]?.n ?? 0;
    if (n > 0)
      throw conflict(`${n} account(s) coordinate this sector; change their roles before deleting it.`);
    const catalogue = await tx.execute(sql`
      SELECT 'activity_type' AS kind, code, name FROM activity_types WHERE response_id = ${responseId} AND sector_id = ${sector.id}
      UNION ALL SELECT 'indicator', code, name FROM indicators WHERE response_id = ${responseId} AND sector_id = ${sector.id}`);
    const leads = await tx
      .select()
      .from(sectorLeads)
      .where(and(eq(sectorLeads.responseId, responseId), eq(sectorLeads.sectorId, sector.id)));
    // A platform that coordinated this sector stays in the structure, unlinked (its foreign key has
    // no ON DELETE action: a composite SET NULL would clear its response_id too).
    const unlinked = await tx.execute<{ id: string }>(
      sql`UPDATE platforms SET sector_id = NULL, updated_at = now() WHERE response_id = ${responseId} AND sector_id = ${sector.id} RETURNING id`,
    );
    await tx.delete(sectors).where(and(eq(sectors.responseId, responseId), eq(sectors.id, sector.id)));
    await recordAudit(tx, {
      responseId,
      actor,
      action: "sector.delete",
      entityType: "sector",
      entityId: sector.id,
      // The catalogue and leads go with the sector (cascade); the audit keeps what they were.
      before: {
        ...sector,
        leads,
        catalogue: catalogue.rows,
        unlinkedPlatforms: unlinked.rows.map((r) => r.id),
      },
    });
  });
}
