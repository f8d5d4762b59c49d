import { and, eq, inArray, sql } from "drizzle-orm";
import { can, type Principal } from "../../../common/permissions.ts";
import type { FigureInput, FiguresWriteResult } from "../../../common/schemas/plans.ts";
import { type Db, yieldToEventLoop } from "../../db/client.ts";
import { planFigures, planObjectives } from "../../db/schema/plans.ts";
import {
  indicators,
  locations,
  organisations,
  populationGroups,
  sectors,
} from "../../db/schema/reference.ts";
import { forbidden, notFound } from "../../errors.ts";
import { type Actor, type AuditEntry, recordAudit, recordAuditMany } from "../audit/audit.service.ts";

export type FigureRow = typeof planFigures.$inferSelect;

/** A problem with one figure of a batch: its index and the field at fault. */
export interface FigureProblem {
  index: number;
  field: keyof FigureInput | "";
  message: string;
}

/** What a figure's sector means for rights: the sector and its parent. */
export type SectorParents = Map<string, string | null>;

/** The figure's identity apart from its value: the same key and "as of" date is the same figure. */
export const figureKey = (f: {
  metric: string;
  sectorId?: string | null;
  locationId?: string | null;
  populationGroupId?: string | null;
  indicatorId?: string | null;
  organisationId?: string | null;
  asOf: string;
}) =>
  [f.metric, f.sectorId, f.locationId, f.populationGroupId, f.indicatorId, f.organisationId, f.asOf]
    .map((v) => v ?? "")
    .join("|");

const distinct = (values: (string | null | undefined)[]) => [
  ...new Set(values.filter((v): v is string => !!v)),
];

/**
 * Checks every id the figures name belongs to this response (and objectives to this year's plan),
 * and that a target's indicator is one of its sector's. A target without a sector takes its
 * indicator's sector (so rights and the analysis see it). Returns the problems and the sectors'
 * parents for authorisation.
 */
export async function checkFigureReferences(
  db: Db,
  responseId: string,
  year: number,
  figures: FigureInput[],
): Promise<{ problems: FigureProblem[]; sectorParents: SectorParents }> {
  const ids = (pick: (f: FigureInput) => string | null | undefined) => distinct(figures.map(pick));
  const idSet = async <T extends { id: string }>(list: string[], load: (ids: string[]) => Promise<T[]>) =>
    new Map((list.length ? await load(list) : []).map((r) => [r.id, r]));
  const sectorRows = await idSet(
    ids((f) => f.sectorId),
    (list) =>
      db
        .select({ id: sectors.id, parentId: sectors.parentId })
        .from(sectors)
        .where(and(eq(sectors.responseId, responseId), inArray(sectors.id, list))),
  );
  const indicatorRows = await idSet(
    ids((f) => f.indicatorId),
    (list) =>
      db
        .select({ id: indicators.id, sectorId: indicators.sectorId, code: indicators.code })
        .from(indicators)
        .where(and(eq(indicators.responseId, responseId), inArray(indicators.id, list))),
  );
  const locationRows = await idSet(
    ids((f) => f.locationId),
    (list) =>
      db
        .select({ id: locations.id })
        .from(locations)
        .where(and(eq(locations.responseId, responseId), inArray(locations.id, list))),
  );
  const groupRows = await idSet(
    ids((f) => f.populationGroupId),
    (list) =>
      db
        .select({ id: populationGroups.id })
        .from(populationGroups)
        .where(and(eq(populationGroups.responseId, responseId), inArray(populationGroups.id, list))),
  );
  const orgRows = await idSet(
    ids((f) => f.organisationId),
    (list) =>
      db
        .select({ id: organisations.id, mergedIntoId: organisations.mergedIntoId })
        .from(organisations)
        .where(and(eq(organisations.responseId, responseId), inArray(organisations.id, list))),
  );
  const objectiveRows = await idSet(
    ids((f) => f.objectiveId),
    (list) =>
      db
        .select({ id: planObjectives.id, year: planObjectives.year })
        .from(planObjectives)
        .where(and(eq(planObjectives.responseId, responseId), inArray(planObjectives.id, list))),
  );
  // Sectors of indicators (a target may take its indicator's sector) count for rights too.
  const indicatorSectors = distinct([...indicatorRows.values()].map((i) => i.sectorId)).filter(
    (id) => !sectorRows.has(id),
  );
  for (const [id, row] of await idSet(indicatorSectors, (list) =>
    db
      .select({ id: sectors.id, parentId: sectors.parentId })
      .from(sectors)
      .where(and(eq(sectors.responseId, responseId), inArray(sectors.id, list))),
  ))
    sectorRows.set(id, row);

  const problems: FigureProblem[] = [];
  const missing = (index: number, field: FigureProblem["field"], what: string) =>
    problems.push({ index, field, message: `no ${what} with this id in this response` });
  figures.forEach((f, index) => {
    if (f.sectorId && !sectorRows.has(f.sectorId)) missing(index, "sectorId", "sector");
    if (f.locationId && !locationRows.has(f.locationId)) missing(index, "locationId", "location");
    if (f.populationGroupId && !groupRows.has(f.populationGroupId))
      missing(index, "populationGroupId", "population group");
    if (f.organisationId) {
      const org = orgRows.get(f.organisationId);
      if (!org) missing(index, "organisationId", "organisation");
      else if (org.mergedIntoId)
        problems.push({
          index,
          field: "organisationId",
          message: "this organisation was merged into another",
        });
    }
    if (f.objectiveId) {
      const objective = objectiveRows.get(f.objectiveId);
      if (!objective) missing(index, "objectiveId", "objective");
      else if (objective.year !== year)
        problems.push({ index, field: "objectiveId", message: `an objective of the ${objective.year} plan` });
    }
    if (f.indicatorId) {
      const indicator = indicatorRows.get(f.indicatorId);
      if (!indicator) missing(index, "indicatorId", "indicator");
      else if (!f.sectorId) f.sectorId = indicator.sectorId;
      else if (indicator.sectorId !== f.sectorId)
        problems.push({
          index,
          field: "indicatorId",
          message: `indicator ${indicator.code} belongs to another sector than the figure's`,
        });
    }
  });
  const sectorParents: SectorParents = new Map([...sectorRows.values()].map((s) => [s.id, s.parentId]));
  return { problems, sectorParents };
}

/** Figures a second time in the same batch (same key and "as of" date): the later ones are at fault. */
export function duplicateFigures(figures: FigureInput[]): FigureProblem[] {
  const seen = new Map<string, number>();
  const problems: FigureProblem[] = [];
  figures.forEach((f, index) => {
    const key = figureKey(f);
    const first = seen.get(key);
    if (first === undefined) seen.set(key, index);
    else problems.push({ index, field: "", message: `the same figure as number ${first + 1} of the batch` });
  });
  return problems;
}

/** `plan:write` on the figure's sector and its parent; a figure without a sector is the manager's. */
export const figureSectorIds = (sectorId: string | null | undefined, parents: SectorParents) => {
  if (!sectorId) return [];
  const parent = parents.get(sectorId);
  return [sectorId, ...(parent ? [parent] : [])];
};

/** The indexes of the figures the principal may not write. */
export function refusedFigures(
  principal: Principal,
  responseId: string,
  figures: { sectorId?: string | null }[],
  parents: SectorParents,
): number[] {
  const refused: number[] = [];
  figures.forEach((f, index) => {
    if (!can(principal, "plan:write", { responseId, sectorIds: figureSectorIds(f.sectorId, parents) }))
      refused.push(index);
  });
  return refused;
}

const sameValue = (row: FigureRow, f: FigureInput) =>
  Number(row.value) === f.value &&
  (row.source ?? null) === (f.source ?? null) &&
  (row.objectiveId ?? null) === (f.objectiveId ?? null);

/**
 * Writes checked figures in one transaction: an existing figure (same key and "as of") gets the
 * new value, a new "as of" date adds a row (the older one stays as history). With `dryRun` the
 * counts are computed and nothing is written.
 */
export async function upsertFigures(
  db: Db,
  responseId: string,
  year: number,
  actor: Actor,
  figures: FigureInput[],
  options: { dryRun?: boolean } = {},
): Promise<FiguresWriteResult> {
  const result: FiguresWriteResult = { created: 0, updated: 0, unchanged: 0 };
  const run = async (tx: Db) => {
    const asOfs = distinct(figures.map((f) => f.asOf));
    const metrics = distinct(figures.map((f) => f.metric));
    const existing = await tx
      .select()
      .from(planFigures)
      .where(
        and(
          eq(planFigures.responseId, responseId),
          eq(planFigures.year, year),
          inArray(planFigures.asOf, asOfs),
          sql`${planFigures.metric} = ANY(${sql.param(metrics)}::text[])`,
        ),
      );
    const byKey = new Map(existing.map((r) => [figureKey(r), r]));
    const inserts: (typeof planFigures.$inferInsert)[] = [];
    const updates: { before: FigureRow; next: FigureInput }[] = [];
    for (const f of figures) {
      const row = byKey.get(figureKey(f));
      if (!row) inserts.push(toRow(responseId, year, actor, f));
      else if (sameValue(row, f)) result.unchanged++;
      else updates.push({ before: row, next: f });
    }
    result.created = inserts.length;
    result.updated = updates.length;
    if (options.dryRun) return;
    const audit: AuditEntry[] = [];
    for (let i = 0; i < inserts.length; i += 250) {
      const created = await tx
        .insert(planFigures)
        .values(inserts.slice(i, i + 250))
        .returning();
      for (const row of created)
        audit.push({
          responseId,
          actor,
          action: "plan_figure.create",
          entityType: "plan_figure",
          entityId: row.id,
          after: row,
        });
      await yieldToEventLoop();
    }
    for (const [i, { before, next }] of updates.entries()) {
      // Long work on PGlite runs in the event loop: let other requests in now and then.
      if (i % 250 === 249) await yieldToEventLoop();
      const [after] = await tx
        .update(planFigures)
        .set({
          value: next.value,
          source: next.source ?? null,
          objectiveId: next.objectiveId ?? null,
          updatedAt: new Date(),
        })
        .where(and(eq(planFigures.responseId, responseId), eq(planFigures.id, before.id)))
        .returning();
      audit.push({
        responseId,
        actor,
        action: "plan_figure.update",
        entityType: "plan_figure",
        entityId: before.id,
        before,
        after,
      });
    }
    await recordAuditMany(tx, audit);
  };
  if (options.dryRun) await run(db);
  else await db.transaction((tx) => run(tx));
  return result;
}

const toRow = (responseId: string, year: number, actor: Actor, f: FigureInput) => ({
  responseId,
  year,
  metric: f.metric,
  sectorId: f.sectorId ?? null,
  locationId: f.locationId ?? null,
  populationGroupId: f.populationGroupId ?? null,
  indicatorId: f.indicatorId ?? null,
  organisationId: f.organisationId ?? null,
  objectiveId: f.objectiveId ?? null,
  value: f.value,
  asOf: f.asOf,
  source: f.source ?? null,
  createdBy: actor.id,
});

export async function getFigure(db: Db, responseId: string, year: number, id: string): Promise<FigureRow> {
  const [row] = await db
    .select()
    .from(planFigures)
    .where(and(eq(planFigures.responseId, responseId), eq(planFigures.id, id), eq(planFigures.year, year)));
  if (!row) throw notFound("Figure");
  return row;
}

/** Deletes one dated figure (one history row); the caller has checked the right on its sector. */
export async function deleteFigure(
  db: Db,
  principal: Principal,
  responseId: string,
  row: FigureRow,
  actor: Actor,
) {
  const parents: SectorParents = new Map();
  if (row.sectorId) {
    const [s] = await db
      .select({ parentId: sectors.parentId })
      .from(sectors)
      .where(and(eq(sectors.responseId, responseId), eq(sectors.id, row.sectorId)));
    parents.set(row.sectorId, s?.parentId ?? null);
  }
  if (refusedFigures(principal, responseId, [row], parents).length)
    throw forbidden("You do not have permission (plan:write) for this figure's sector.");
  await db.transaction(async (tx) => {
    await tx
      .delete(planFigures)
      .where(and(eq(planFigures.responseId, responseId), eq(planFigures.id, row.id)));
    await recordAudit(tx, {
      responseId,
      actor,
      action: "plan_figure.delete",
      entityType: "plan_figure",
      entityId: row.id,
      before: row,
    });
  });
}
