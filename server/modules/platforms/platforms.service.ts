import { and, asc, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import type {
  chairInput,
  PlatformOutput,
  PlatformSummary,
  PlatformType,
} from "../../../common/schemas/platforms.ts";
import type { Db } from "../../db/client.ts";
import { platformChairs, platformMembers, platforms } from "../../db/schema/platforms.ts";
import { organisations, sectors } from "../../db/schema/reference.ts";
import { conflict, invalid, notFound } from "../../errors.ts";
import { type Actor, recordAudit } from "../audit/audit.service.ts";
import { requireLinkableDocument, visibleDocumentRefs } from "../documents/documents.refs.ts";
import { requireActiveOrganisations } from "../organisations/organisations.service.ts";

export type PlatformRow = typeof platforms.$inferSelect;
type ChairInput = z.infer<typeof chairInput>;

/** Top bodies first among siblings: the order a structure chart reads in. */
const typeRank: Record<PlatformType, number> = {
  seg: 0,
  hct: 1,
  unct: 2,
  government: 3,
  iscg: 4,
  roct: 5,
  smt: 6,
  pmt: 7,
  omt: 8,
  sector: 9,
  sub_sector: 10,
  working_group: 11,
  task_force: 12,
  other: 13,
};

/** Every platform of a response with chairs and member counts, depth-first from the top bodies. */
export async function listPlatforms(db: Db, responseId: string): Promise<PlatformSummary[]> {
  const rows = await db
    .select()
    .from(platforms)
    .where(eq(platforms.responseId, responseId))
    .orderBy(asc(platforms.name));
  const chairs = await db
    .select({
      platformId: platformChairs.platformId,
      role: platformChairs.role,
      roleTitle: platformChairs.roleTitle,
      id: organisations.id,
      name: organisations.name,
      acronym: organisations.acronym,
    })
    .from(platformChairs)
    .innerJoin(
      organisations,
      and(
        eq(organisations.responseId, platformChairs.responseId),
        eq(organisations.id, platformChairs.organisationId),
      ),
    )
    .where(eq(platformChairs.responseId, responseId))
    .orderBy(asc(platformChairs.role), asc(organisations.name));
  const counts = await db.execute<{ platform_id: string; n: number }>(
    sql`SELECT platform_id, count(*)::int AS n FROM platform_members WHERE response_id = ${responseId} GROUP BY platform_id`,
  );
  const memberCount = new Map(counts.rows.map((r) => [r.platform_id, r.n]));
  const summaries = rows.map(
    (p): PlatformSummary => ({
      id: p.id,
      code: p.code,
      name: p.name,
      type: p.type,
      level: p.level,
      parentId: p.parentId,
      sectorId: p.sectorId,
      meetingFrequency: p.meetingFrequency,
      chairs: chairs
        .filter((c) => c.platformId === p.id)
        .map(({ id, name, acronym, role, roleTitle }) => ({ id, name, acronym, role, roleTitle })),
      memberCount: memberCount.get(p.id) ?? 0,
    }),
  );
  return treeOrder(summaries);
}

/** Parents before children, siblings by type then name; orphans cannot occur (foreign key). */
export function treeOrder<
  T extends { id: string; parentId: string | null; type: PlatformType; name: string },
>(rows: T[]): T[] {
  const byParent = new Map<string | null, T[]>();
  for (const r of rows) byParent.set(r.parentId, [...(byParent.get(r.parentId) ?? []), r]);
  const out: T[] = [];
  const visit = (parentId: string | null) => {
    const children = (byParent.get(parentId) ?? []).sort(
      (a, b) => typeRank[a.type] - typeRank[b.type] || a.name.localeCompare(b.name),
    );
    for (const c of children) {
      out.push(c);
      visit(c.id);
    }
  };
  visit(null);
  return out;
}

export async function getPlatform(db: Db, responseId: string, id: string): Promise<PlatformRow> {
  const [row] = await db
    .select()
    .from(platforms)
    .where(and(eq(platforms.responseId, responseId), eq(platforms.id, id)));
  if (!row) throw notFound("Platform");
  return row;
}

/**
 * The platform with its parent, children, sector, chairs, members with representing roles and
 * terms of reference (a signed-in-only document only for `member` readers).
 */
export async function presentPlatform(
  db: Db,
  responseId: string,
  row: PlatformRow,
  member: boolean,
): Promise<PlatformOutput> {
  const all = await listPlatforms(db, responseId);
  const summary = all.find((p) => p.id === row.id)!;
  const ref = (p: PlatformSummary) => ({ id: p.id, code: p.code, name: p.name });
  const parent = row.parentId ? all.find((p) => p.id === row.parentId) : undefined;
  const [sector] = row.sectorId
    ? await db
        .select({ id: sectors.id, code: sectors.code, name: sectors.name })
        .from(sectors)
        .where(and(eq(sectors.responseId, responseId), eq(sectors.id, row.sectorId)))
    : [];
  const members = await db
    .select({
      id: organisations.id,
      name: organisations.name,
      acronym: organisations.acronym,
      representativeRole: platformMembers.representativeRole,
    })
    .from(platformMembers)
    .innerJoin(
      organisations,
      and(
        eq(organisations.responseId, platformMembers.responseId),
        eq(organisations.id, platformMembers.organisationId),
      ),
    )
    .where(and(eq(platformMembers.responseId, responseId), eq(platformMembers.platformId, row.id)))
    .orderBy(asc(organisations.name));
  const tor = await visibleDocumentRefs(db, responseId, [row.torDocumentId], member);
  return {
    ...summary,
    purpose: row.purpose,
    torDocument: (row.torDocumentId && tor.get(row.torDocumentId)) || null,
    torUrl: row.torUrl,
    sector: sector ?? null,
    parent: parent ? ref(parent) : null,
    children: all.filter((p) => p.parentId === row.id).map((p) => ({ ...ref(p), type: p.type })),
    members,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The platform's sector and that sector's parent: a coordinator of either may edit it. */
export async function platformSectorScope(db: Db, responseId: string, row: PlatformRow): Promise<string[]> {
  if (!row.sectorId) return [];
  const [sector] = await db
    .select({ id: sectors.id, parentId: sectors.parentId })
    .from(sectors)
    .where(and(eq(sectors.responseId, responseId), eq(sectors.id, row.sectorId)));
  return sector ? [sector.id, ...(sector.parentId ? [sector.parentId] : [])] : [];
}

async function checkParent(db: Db, responseId: string, parentId: string | null | undefined, selfId?: string) {
  if (!parentId) return;
  const all = await db
    .select({ id: platforms.id, parentId: platforms.parentId })
    .from(platforms)
    .where(eq(platforms.responseId, responseId));
  const parentOf = new Map(all.map((p) => [p.id, p.parentId]));
  if (!parentOf.has(parentId))
    throw invalid("The parent platform does not exist in this response.", [
      { path: "body.parentId", message: "unknown" },
    ]);
  // Walk up from the new parent: meeting this platform would close a loop.
  for (let at: string | null | undefined = parentId; at; at = parentOf.get(at)) {
    if (at === selfId)
      throw invalid("A platform cannot sit under itself or one of its own sub-platforms.", [
        { path: "body.parentId", message: "cycle" },
      ]);
  }
}

async function checkSector(db: Db, responseId: string, sectorId: string | null | undefined) {
  if (!sectorId) return;
  const [found] = await db
    .select({ id: sectors.id })
    .from(sectors)
    .where(and(eq(sectors.responseId, responseId), eq(sectors.id, sectorId)));
  if (!found)
    throw invalid("The sector does not exist in this response.", [
      { path: "body.sectorId", message: "unknown" },
    ]);
}

async function checkUnique(
  db: Db,
  responseId: string,
  code: string | undefined,
  name: string | undefined,
  selfId?: string,
) {
  const clashes = await db
    .select({ id: platforms.id, code: platforms.code, name: platforms.name })
    .from(platforms)
    .where(
      and(
        eq(platforms.responseId, responseId),
        sql`(${platforms.code} = ${code ?? null} OR lower(${platforms.name}) = lower(${name ?? null}))`,
      ),
    );
  const other = clashes.filter((c) => c.id !== selfId);
  if (code && other.some((c) => c.code === code))
    throw conflict(`A platform with the code ${code} already exists.`, [
      { path: "body.code", message: "already used" },
    ]);
  if (name && other.length)
    throw conflict(`A platform named ${name} already exists.`, [
      { path: "body.name", message: "already used" },
    ]);
}

async function setChairs(db: Db, responseId: string, platformId: string, chairs: ChairInput[]) {
  const ids = chairs.map((c) => c.organisationId);
  if (new Set(ids).size !== ids.length)
    throw invalid("An organisation chairs a platform once.", [{ path: "body.chairs", message: "duplicate" }]);
  if (chairs.filter((c) => c.role === "chair").length > 1)
    throw invalid("A platform has one chair; the others are co-chairs.", [
      { path: "body.chairs", message: "more than one chair" },
    ]);
  await requireActiveOrganisations(db, responseId, ids, "body.chairs");
  await db
    .delete(platformChairs)
    .where(and(eq(platformChairs.responseId, responseId), eq(platformChairs.platformId, platformId)));
  if (chairs.length)
    await db.insert(platformChairs).values(chairs.map((c) => ({ responseId, platformId, ...c })));
}

export interface PlatformWrite {
  code?: string;
  name?: string;
  type?: PlatformType;
  level?: PlatformRow["level"];
  parentId?: string | null;
  sectorId?: string | null;
  purpose?: string | null;
  meetingFrequency?: PlatformRow["meetingFrequency"];
  torDocumentId?: string | null;
  torUrl?: string | null;
  chairs?: ChairInput[];
}

/**
 * `member`: whether the writer may see signed-in-only documents, so nobody links (and so learns
 * the existence of) a document they cannot read.
 */
export async function createPlatform(
  db: Db,
  responseId: string,
  actor: Actor,
  input: Required<Pick<PlatformWrite, "code" | "name" | "type">> & PlatformWrite,
  member: boolean,
): Promise<PlatformRow> {
  return db.transaction(async (tx) => {
    await checkUnique(tx, responseId, input.code, input.name);
    await checkParent(tx, responseId, input.parentId);
    await checkSector(tx, responseId, input.sectorId);
    await requireLinkableDocument(tx, responseId, input.torDocumentId, member, "body.torDocumentId");
    const { chairs = [], ...columns } = input;
    const [row] = await tx
      .insert(platforms)
      .values({ ...columns, responseId })
      .returning();
    await setChairs(tx, responseId, row!.id, chairs);
    await recordAudit(tx, {
      responseId,
      actor,
      action: "platform.create",
      entityType: "platform",
      entityId: row!.id,
      after: { ...row, chairs },
    });
    return row!;
  });
}

export async function updatePlatform(
  db: Db,
  responseId: string,
  actor: Actor,
  before: PlatformRow,
  changes: PlatformWrite,
  member: boolean,
): Promise<void> {
  await db.transaction(async (tx) => {
    const { chairs, ...columns } = changes;
    await checkUnique(tx, responseId, undefined, columns.name, before.id);
    if (columns.parentId !== undefined) await checkParent(tx, responseId, columns.parentId, before.id);
    if (columns.sectorId !== undefined) await checkSector(tx, responseId, columns.sectorId);
    await requireLinkableDocument(tx, responseId, columns.torDocumentId, member, "body.torDocumentId");
    const [after] = await tx
      .update(platforms)
      .set({ ...columns, updatedAt: new Date() })
      .where(and(eq(platforms.responseId, responseId), eq(platforms.id, before.id)))
      .returning();
    if (chairs) await setChairs(tx, responseId, before.id, chairs);
    await recordAudit(tx, {
      responseId,
      actor,
      action: "platform.update",
      entityType: "platform",
      entityId: before.id,
      before,
      after: { ...after, chairs },
    });
  });
}

export async function deletePlatform(
  db: Db,
  responseId: string,
  actor: Actor,
  row: PlatformRow,
): Promise<void> {
  await db.transaction(async (tx) => {
    const [child] = await tx
      .select({ id: platforms.id })
      .from(platforms)
      .where(and(eq(platforms.responseId, responseId), eq(platforms.parentId, row.id)))
      .limit(1);
    if (child) throw conflict("Delete or move this platform's sub-platforms first.");
    const chairs = await tx
      .select()
      .from(platformChairs)
      .where(and(eq(platformChairs.responseId, responseId), eq(platformChairs.platformId, row.id)));
    const members = await tx
      .select()
      .from(platformMembers)
      .where(and(eq(platformMembers.responseId, responseId), eq(platformMembers.platformId, row.id)));
    await tx.delete(platforms).where(and(eq(platforms.responseId, responseId), eq(platforms.id, row.id)));
    await recordAudit(tx, {
      responseId,
      actor,
      action: "platform.delete",
      entityType: "platform",
      entityId: row.id,
      // Chairs and members go with the platform (cascade); the audit keeps what they were.
      before: { ...row, chairs, members },
    });
  });
}

/** Adds an organisation to the platform or changes the role that represents it. */
export async function putMember(
  db: Db,
  responseId: string,
  actor: Actor,
  platform: PlatformRow,
  organisationId: string,
  representativeRole: string | null,
): Promise<{ created: boolean }> {
  return db.transaction(async (tx) => {
    await requireActiveOrganisations(tx, responseId, [organisationId], "params.organisationId");
    const where = and(
      eq(platformMembers.responseId, responseId),
      eq(platformMembers.platformId, platform.id),
      eq(platformMembers.organisationId, organisationId),
    );
    const [before] = await tx.select().from(platformMembers).where(where);
    if (before)
      await tx.update(platformMembers).set({ representativeRole, updatedAt: new Date() }).where(where);
    else
      await tx
        .insert(platformMembers)
        .values({ responseId, platformId: platform.id, organisationId, representativeRole });
    await recordAudit(tx, {
      responseId,
      actor,
      action: before ? "platform.member.update" : "platform.member.add",
      entityType: "platform",
      entityId: platform.id,
      before: before ?? undefined,
      after: { organisationId, representativeRole },
    });
    return { created: !before };
  });
}

export async function removeMember(
  db: Db,
  responseId: string,
  actor: Actor,
  platform: PlatformRow,
  organisationId: string,
): Promise<void> {
  await db.transaction(async (tx) => {
    const [before] = await tx
      .delete(platformMembers)
      .where(
        and(
          eq(platformMembers.responseId, responseId),
          eq(platformMembers.platformId, platform.id),
          eq(platformMembers.organisationId, organisationId),
        ),
      )
      .returning();
    if (!before) throw notFound("Member");
    await recordAudit(tx, {
      responseId,
      actor,
      action: "platform.member.remove",
      entityType: "platform",
      entityId: platform.id,
      before,
    });
  });
}
