import { and, asc, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import {
  type ObjectiveInput,
  objectiveInput,
  type objectivePatch,
  type PlanOutput,
} from "../../../common/schemas/plans.ts";
import type { Db } from "../../db/client.ts";
import { planFigures, planObjectives } from "../../db/schema/plans.ts";
import { sectors } from "../../db/schema/reference.ts";
import { conflict, invalid, notFound } from "../../errors.ts";
import { type Actor, recordAudit } from "../audit/audit.service.ts";

export type ObjectiveRow = typeof planObjectives.$inferSelect;
type SectorRef = { id: string; code: string; name: string; parentId: string | null };

export const presentObjective = (o: ObjectiveRow) => ({
  id: o.id,
  year: o.year,
  kind: o.kind,
  code: o.code,
  title: o.title,
  description: o.description,
  sectorId: o.sectorId,
  parentId: o.parentId,
});

export async function getObjective(db: Db, responseId: string, year: number, id: string) {
  const [row] = await db
    .select()
    .from(planObjectives)
    .where(
      and(
        eq(planObjectives.responseId, responseId),
        eq(planObjectives.id, id),
        eq(planObjectives.year, year),
      ),
    );
  if (!row) throw notFound("Objective");
  return row;
}

/** The sector of an objective and its parent: a coordinator of either may write it. */
export async function objectiveSectorIds(db: Db, responseId: string, sectorId: string | null | undefined) {
  if (!sectorId) return [];
  const [s] = await db
    .select({ id: sectors.id, parentId: sectors.parentId })
    .from(sectors)
    .where(and(eq(sectors.responseId, responseId), eq(sectors.id, sectorId)));
  return s ? [s.id, ...(s.parentId ? [s.parentId] : [])] : [sectorId];
}

/** Checks the sector and parent an objective names exist in this response and this year's plan. */
async function checkReferences(db: Db, responseId: string, year: number, o: ObjectiveInput, selfId?: string) {
  const details: { path: string; message: string }[] = [];
  if (o.sectorId) {
    const [s] = await db
      .select({ id: sectors.id })
      .from(sectors)
      .where(and(eq(sectors.responseId, responseId), eq(sectors.id, o.sectorId)));
    if (!s) details.push({ path: "body.sectorId", message: "no such sector in this response" });
  }
  if (o.parentId) {
    const [p] = await db
      .select({ kind: planObjectives.kind, year: planObjectives.year })
      .from(planObjectives)
      .where(and(eq(planObjectives.responseId, responseId), eq(planObjectives.id, o.parentId)));
    if (!p || p.year !== year)
      details.push({ path: "body.parentId", message: `no objective with this id in the ${year} plan` });
    else if (p.kind !== "strategic" || o.parentId === selfId)
      details.push({
        path: "body.parentId",
        message: "a sector objective contributes to a strategic objective",
      });
  }
  if (details.length) throw invalid("The objective names records that cannot be used.", details);
}

async function requireFreeCode(db: Db, responseId: string, year: number, code: string, selfId?: string) {
  const [clash] = await db
    .select({ id: planObjectives.id })
    .from(planObjectives)
    .where(
      and(
        eq(planObjectives.responseId, responseId),
        eq(planObjectives.year, year),
        sql`lower(${planObjectives.code}) = lower(${code})`,
      ),
    );
  if (clash && clash.id !== selfId)
    throw conflict(`The ${year} plan already has an objective with the code "${code}".`, [
      { path: "body.code", message: "already used" },
    ]);
}

export async function createObjective(
  db: Db,
  responseId: string,
  year: number,
  actor: Actor,
  input: ObjectiveInput,
): Promise<ObjectiveRow> {
  await checkReferences(db, responseId, year, input);
  return db.transaction(async (tx) => {
    await requireFreeCode(tx, responseId, year, input.code);
    const [row] = await tx
      .insert(planObjectives)
      .values({
        responseId,
        year,
        kind: input.kind,
        code: input.code,
        title: input.title,
        description: input.description ?? null,
        sectorId: input.sectorId ?? null,
        parentId: input.parentId ?? null,
      })
      .returning();
    await recordAudit(tx, {
      responseId,
      actor,
      action: "plan_objective.create",
      entityType: "plan_objective",
      entityId: row!.id,
      after: row,
    });
    return row!;
  });
}

/** The objective as it would be after the patch, checked like a new one. */
export function mergeObjective(row: ObjectiveRow, patch: z.infer<typeof objectivePatch>): ObjectiveInput {
  const merged = {
    kind: patch.kind ?? row.kind,
    code: patch.code ?? row.code,
    title: patch.title ?? row.title,
    description: patch.description === undefined ? row.description : patch.description,
    sectorId: patch.sectorId === undefined ? row.sectorId : patch.sectorId,
    parentId: patch.parentId === undefined ? row.parentId : patch.parentId,
  };
  const parsed = objectiveInput.safeParse(merged);
  if (!parsed.success)
    throw invalid(
      "The objective would not be valid after this change.",
      parsed.error.issues.map((i) => ({ path: ["body", ...i.path].join("."), message: i.message })),
    );
  return parsed.data;
}

export async function updateObjective(
  db: Db,
  responseId: string,
  row: ObjectiveRow,
  actor: Actor,
  next: ObjectiveInput,
): Promise<ObjectiveRow> {
  await checkReferences(db, responseId, row.year, next, row.id);
  return db.transaction(async (tx) => {
    if (next.code !== row.code) await requireFreeCode(tx, responseId, row.year, next.code, row.id);
    if (next.kind !== "strategic") {
      const [child] = await tx
        .select({ id: planObjectives.id })
        .from(planObjectives)
        .where(and(eq(planObjectives.responseId, responseId), eq(planObjectives.parentId, row.id)));
      if (child)
        throw conflict("Sector objectives contribute to this objective: it stays strategic.", [
          { path: "body.kind", message: "has sector objectives" },
        ]);
    }
    const [after] = await tx
      .update(planObjectives)
      .set({
        kind: next.kind,
        code: next.code,
        title: next.title,
        description: next.description ?? null,
        sectorId: next.sectorId ?? null,
        parentId: next.parentId ?? null,
        updatedAt: new Date(),
      })
      .where(and(eq(planObjectives.responseId, responseId), eq(planObjectives.id, row.id)))
      .returning();
    await recordAudit(tx, {
      responseId,
      actor,
      action: "plan_objective.update",
      entityType: "plan_objective",
      entityId: row.id,
      before: row,
      after,
    });
    return after!;
  });
}

/** Refused (409) while sector objectives or figures refer to it: nothing is deleted silently. */
export async function deleteObjective(db: Db, responseId: string, row: ObjectiveRow, actor: Actor) {
  await db.transaction(async (tx) => {
    const [child] = await tx
      .select({ id: planObjectives.id })
      .from(planObjectives)
      .where(and(eq(planObjectives.responseId, responseId), eq(planObjectives.parentId, row.id)));
    if (child) throw conflict("Sector objectives contribute to this objective: delete or move them first.");
    const [figure] = await tx
      .select({ id: planFigures.id })
      .from(planFigures)
      .where(and(eq(planFigures.responseId, responseId), eq(planFigures.objectiveId, row.id)))
      .limit(1);
    if (figure) throw conflict("Plan figures refer to this objective: change them first.");
    await tx
      .delete(planObjectives)
      .where(and(eq(planObjectives.responseId, responseId), eq(planObjectives.id, row.id)));
    await recordAudit(tx, {
      responseId,
      actor,
      action: "plan_objective.delete",
      entityType: "plan_objective",
      entityId: row.id,
      before: row,
    });
  });
}

/** Strategic objectives (by code) each with its sector objectives; sector objectives without a parent last. */
export async function objectiveTree(
  db: Db,
  responseId: string,
  year: number,
): Promise<PlanOutput["objectives"]> {
  const rows = await db
    .select()
    .from(planObjectives)
    .where(and(eq(planObjectives.responseId, responseId), eq(planObjectives.year, year)))
    .orderBy(asc(planObjectives.code));
  const sectorRows: SectorRef[] = await db
    .select({ id: sectors.id, code: sectors.code, name: sectors.name, parentId: sectors.parentId })
    .from(sectors)
    .where(eq(sectors.responseId, responseId));
  const sectorOf = (id: string | null) => {
    const s = id ? sectorRows.find((x) => x.id === id) : undefined;
    return s ? { id: s.id, code: s.code, name: s.name } : null;
  };
  const withSector = (o: ObjectiveRow) => ({ ...presentObjective(o), sector: sectorOf(o.sectorId) });
  const tops = rows.filter((o) => o.kind === "strategic" || !o.parentId);
  return tops.map((o) => ({
    ...withSector(o),
    children: rows.filter((c) => c.parentId === o.id).map(withSector),
  }));
}
