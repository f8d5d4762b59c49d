import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { activityTypes, indicators, populationGroups, type sectors } from "../../db/schema/reference.ts";
import { conflict, notFound } from "../../errors.ts";
import { type Actor, recordAudit } from "../audit/audit.service.ts";

type SectorRow = typeof sectors.$inferSelect;

/** The catalogue tables a sector owns, with the same create / update / delete rules. */
const catalogue = { activity_type: activityTypes, indicator: indicators } as const;
export type CatalogueKind = keyof typeof catalogue;

export async function upsertCatalogueItem(
  db: Db,
  responseId: string,
  actor: Actor,
  kind: CatalogueKind,
  sector: SectorRow,
  input: { code: string; name: string; unit?: string; disaggregation?: "none" | "sex" | "sex_age" },
): Promise<{ id: string; created: boolean }> {
  const table = catalogue[kind];
  return db.transaction(async (tx) => {
    const [existing] = await tx
      .select()
      .from(table)
      .where(and(eq(table.responseId, responseId), eq(table.code, input.code)));
    if (existing && existing.sectorId !== sector.id) {
      throw conflict(`The code ${input.code} is already used in another sector.`, [
        { path: "body.code", message: "already used" },
      ]);
    }
    if (existing) {
      const [after] = await tx
        .update(table)
        .set({ ...input, updatedAt: new Date() })
        .where(and(eq(table.responseId, responseId), eq(table.id, existing.id)))
        .returning();
      await recordAudit(tx, {
        responseId,
        actor,
        action: `${kind}.update`,
        entityType: kind,
        entityId: existing.id,
        before: existing,
        after,
      });
      return { id: existing.id, created: false };
    }
    const values =
      kind === "indicator"
        ? { responseId, sectorId: sector.id, unit: "people", disaggregation: "none" as const, ...input }
        : { responseId, sectorId: sector.id, code: input.code, name: input.name };
    const [row] = await tx
      .insert(table)
      .values(values as typeof indicators.$inferInsert)
      .returning();
    await recordAudit(tx, {
      responseId,
      actor,
      action: `${kind}.create`,
      entityType: kind,
      entityId: row!.id,
      after: row,
    });
    return { id: row!.id, created: true };
  });
}

export async function deleteCatalogueItem(
  db: Db,
  responseId: string,
  actor: Actor,
  kind: CatalogueKind,
  sector: SectorRow,
  code: string,
): Promise<void> {
  const table = catalogue[kind];
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(table)
      .where(and(eq(table.responseId, responseId), eq(table.sectorId, sector.id), eq(table.code, code)));
    if (!before) throw notFound(`${kind === "indicator" ? "Indicator" : "Activity type"} ${code}`);
    await tx.delete(table).where(and(eq(table.responseId, responseId), eq(table.id, before.id)));
    await recordAudit(tx, {
      responseId,
      actor,
      action: `${kind}.delete`,
      entityType: kind,
      entityId: before.id,
      before,
    });
  });
}

export async function listPopulationGroups(db: Db, responseId: string) {
  return db
    .select({ id: populationGroups.id, code: populationGroups.code, name: populationGroups.name })
    .from(populationGroups)
    .where(eq(populationGroups.responseId, responseId))
    .orderBy(asc(populationGroups.name));
}

export async function upsertPopulationGroup(
  db: Db,
  responseId: string,
  actor: Actor,
  input: { code: string; name: string },
) {
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(populationGroups)
      .where(and(eq(populationGroups.responseId, responseId), eq(populationGroups.code, input.code)));
    const [after] = before
      ? await tx
          .update(populationGroups)
          .set({ name: input.name, updatedAt: new Date() })
          .where(and(eq(populationGroups.responseId, responseId), eq(populationGroups.id, before.id)))
          .returning()
      : await tx
          .insert(populationGroups)
          .values({ responseId, ...input })
          .returning();
    await recordAudit(tx, {
      responseId,
      actor,
      action: before ? "population_group.update" : "population_group.create",
      entityType: "population_group",
      entityId: after!.id,
      before,
      after,
    });
    return { id: after!.id, code: after!.code, name: after!.name, created: !before };
  });
}
