import { and, eq, inArray, sql } from "drizzle-orm";
import type { z } from "zod";
import type {
  PopulationInput,
  RoundDataResult,
  RoundInput,
  RoundOutput,
  roundPatch,
  SeverityInput,
} from "../../../common/schemas/displacement.ts";
import { type Db, yieldToEventLoop } from "../../db/client.ts";
import { displacementRounds, needsSeverity, populationFigures } from "../../db/schema/displacement.ts";
import { locations, populationGroups, sectors } from "../../db/schema/reference.ts";
import { conflict, invalid, notFound } from "../../errors.ts";
import { suppress } from "../analysis/suppression.ts";
import { type Actor, type AuditEntry, recordAudit, recordAuditMany } from "../audit/audit.service.ts";

export type RoundRow = typeof displacementRounds.$inferSelect;

export async function getRound(db: Db, responseId: string, code: string): Promise<RoundRow> {
  const [row] = await db
    .select()
    .from(displacementRounds)
    .where(and(eq(displacementRounds.responseId, responseId), eq(displacementRounds.code, code)));
  if (!row) throw notFound(`Round "${code}"`);
  return row;
}

/**
 * Rounds, newest first, with how many places were assessed and how many people they hold. The
 * public counts neither sensitive places nor a small total.
 */
export async function listRounds(
  db: Db,
  responseId: string,
  audience: { isPublic: boolean; threshold: number },
): Promise<RoundOutput[]> {
  const visible = audience.isPublic
    ? sql`AND NOT EXISTS (SELECT 1 FROM locations s JOIN locations l ON l.response_id = s.response_id AND l.code = s.code
        WHERE l.response_id = p.response_id AND l.id = p.location_id AND s.sensitive)`
    : sql``;
  const result = await db.execute<{
    id: string;
    code: string;
    name: string;
    assessed_on: string;
    sites: number;
    individuals: number;
  }>(sql`
    SELECT r.id, r.code, r.name, r.assessed_on::text AS assessed_on,
      (SELECT count(DISTINCT p.location_id)::int FROM population_figures p
        WHERE p.response_id = r.response_id AND p.round_id = r.id ${visible}) AS sites,
      (SELECT coalesce(sum(p.individuals), 0)::int FROM population_figures p
        WHERE p.response_id = r.response_id AND p.round_id = r.id ${visible}) AS individuals
    FROM displacement_rounds r WHERE r.response_id = ${responseId}
    ORDER BY r.assessed_on DESC, r.code`);
  return result.rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    assessedOn: r.assessed_on,
    sites: r.sites,
    individuals: audience.isPublic ? suppress(r.individuals, audience.threshold) : r.individuals,
  }));
}

async function requireFreeCode(db: Db, responseId: string, code: string, selfId?: string) {
  const [clash] = await db
    .select({ id: displacementRounds.id })
    .from(displacementRounds)
    .where(and(eq(displacementRounds.responseId, responseId), eq(displacementRounds.code, code)));
  if (clash && clash.id !== selfId)
    throw conflict(`A round with the code "${code}" exists.`, [
      { path: "body.code", message: "already used" },
    ]);
}

export async function createRound(db: Db, responseId: string, actor: Actor, input: RoundInput) {
  return db.transaction(async (tx) => {
    await requireFreeCode(tx, responseId, input.code);
    const [row] = await tx
      .insert(displacementRounds)
      .values({ responseId, ...input })
      .returning();
    await recordAudit(tx, {
      responseId,
      actor,
      action: "displacement_round.create",
      entityType: "displacement_round",
      entityId: row!.id,
      after: row,
    });
    return row!;
  });
}

export async function updateRound(
  db: Db,
  responseId: string,
  row: RoundRow,
  actor: Actor,
  patch: z.infer<typeof roundPatch>,
) {
  return db.transaction(async (tx) => {
    if (patch.code && patch.code !== row.code) await requireFreeCode(tx, responseId, patch.code, row.id);
    const [after] = await tx
      .update(displacementRounds)
      .set({ ...patch, updatedAt: new Date() })
      .where(and(eq(displacementRounds.responseId, responseId), eq(displacementRounds.id, row.id)))
      .returning();
    await recordAudit(tx, {
      responseId,
      actor,
      action: "displacement_round.update",
      entityType: "displacement_round",
      entityId: row.id,
      before: row,
      after,
    });
    return after!;
  });
}

/** Deletes the round with its population and severity rows (cascade), audited with their counts. */
export async function deleteRound(db: Db, responseId: string, row: RoundRow, actor: Actor) {
  await db.transaction(async (tx) => {
    const [counts] = (
      await tx.execute<{ population: number; severity: number }>(sql`
        SELECT (SELECT count(*)::int FROM population_figures WHERE response_id = ${responseId} AND round_id = ${row.id}) AS population,
          (SELECT count(*)::int FROM needs_severity WHERE response_id = ${responseId} AND round_id = ${row.id}) AS severity`)
    ).rows;
    await tx
      .delete(displacementRounds)
      .where(and(eq(displacementRounds.responseId, responseId), eq(displacementRounds.id, row.id)));
    await recordAudit(tx, {
      responseId,
      actor,
      action: "displacement_round.delete",
      entityType: "displacement_round",
      entityId: row.id,
      before: { ...row, ...counts },
    });
  });
}

/** A problem with one entry of the round's data: which list, which entry, which field. */
export interface DataProblem {
  list: "population" | "severity";
  index: number;
  field: string;
  message: string;
}

const distinct = (values: (string | null | undefined)[]) => [
  ...new Set(values.filter((v): v is string => !!v)),
];

/** Checks the ids named belong to this response, and no place (and group or sector) comes twice. */
export async function checkRoundData(
  db: Db,
  responseId: string,
  population: PopulationInput[],
  severity: SeverityInput[],
): Promise<DataProblem[]> {
  const known = async (table: typeof locations | typeof populationGroups | typeof sectors, ids: string[]) =>
    new Set(
      ids.length
        ? (
            await db
              .select({ id: table.id })
              .from(table)
              .where(and(eq(table.responseId, responseId), inArray(table.id, ids)))
          ).map((r) => r.id)
        : [],
    );
  const locationIds = await known(locations, distinct([...population, ...severity].map((p) => p.locationId)));
  const groupIds = await known(populationGroups, distinct(population.map((p) => p.populationGroupId)));
  const sectorIds = await known(sectors, distinct(severity.map((s) => s.sectorId)));
  const problems: DataProblem[] = [];
  const seen = new Map<string, number>();
  population.forEach((p, index) => {
    if (!locationIds.has(p.locationId))
      problems.push({
        list: "population",
        index,
        field: "locationId",
        message: "no location with this id in this response",
      });
    if (p.populationGroupId && !groupIds.has(p.populationGroupId))
      problems.push({
        list: "population",
        index,
        field: "populationGroupId",
        message: "no population group with this id in this response",
      });
    const key = `p|${p.locationId}|${p.populationGroupId ?? ""}`;
    const first = seen.get(key);
    if (first !== undefined)
      problems.push({
        list: "population",
        index,
        field: "",
        message: `the same place and group as entry ${first + 1}`,
      });
    else seen.set(key, index);
  });
  severity.forEach((s, index) => {
    if (!locationIds.has(s.locationId))
      problems.push({
        list: "severity",
        index,
        field: "locationId",
        message: "no location with this id in this response",
      });
    if (!sectorIds.has(s.sectorId))
      problems.push({
        list: "severity",
        index,
        field: "sectorId",
        message: "no sector with this id in this response",
      });
    const key = `s|${s.locationId}|${s.sectorId}`;
    const first = seen.get(key);
    if (first !== undefined)
      problems.push({
        list: "severity",
        index,
        field: "",
        message: `the same place and sector as entry ${first + 1}`,
      });
    else seen.set(key, index);
  });
  return problems;
}

const people = ["households", "individuals", "women", "men", "girls", "boys", "elderly"] as const;

/**
 * Upserts the round's population (per place and group) and severity (per place and sector) in one
 * transaction; entries not named stay as they are. With `dryRun` it only counts.
 */
export async function writeRoundData(
  db: Db,
  responseId: string,
  round: RoundRow,
  actor: Actor,
  population: PopulationInput[],
  severity: SeverityInput[],
  options: { dryRun?: boolean } = {},
): Promise<RoundDataResult> {
  const result: RoundDataResult = {
    population: { created: 0, updated: 0, unchanged: 0 },
    severity: { created: 0, updated: 0, unchanged: 0 },
  };
  const run = async (tx: Db) => {
    const audit: AuditEntry[] = [];
    const entry = (action: string, entityType: string, id: string, before: unknown, after: unknown) =>
      audit.push({ responseId, actor, action, entityType, entityId: id, before, after });
    const existingPopulation = await tx
      .select()
      .from(populationFigures)
      .where(and(eq(populationFigures.responseId, responseId), eq(populationFigures.roundId, round.id)));
    const popByKey = new Map(
      existingPopulation.map((r) => [`${r.locationId}|${r.populationGroupId ?? ""}`, r]),
    );
    const newPopulation: (typeof populationFigures.$inferInsert)[] = [];
    for (const p of population) {
      const values = Object.fromEntries(people.map((k) => [k, p[k] ?? null])) as Record<
        (typeof people)[number],
        number | null
      >;
      const row = popByKey.get(`${p.locationId}|${p.populationGroupId ?? ""}`);
      if (!row) {
        newPopulation.push({
          responseId,
          roundId: round.id,
          locationId: p.locationId,
          populationGroupId: p.populationGroupId ?? null,
          ...values,
          individuals: p.individuals,
        });
        continue;
      }
      if (people.every((k) => row[k] === values[k])) {
        result.population.unchanged++;
        continue;
      }
      result.population.updated++;
      if (result.population.updated % 250 === 0) await yieldToEventLoop();
      if (options.dryRun) continue;
      const [after] = await tx
        .update(populationFigures)
        .set({ ...values, individuals: p.individuals })
        .where(and(eq(populationFigures.responseId, responseId), eq(populationFigures.id, row.id)))
        .returning();
      entry("population_figure.update", "population_figure", row.id, row, after);
    }
    result.population.created = newPopulation.length;

    const existingSeverity = await tx
      .select()
      .from(needsSeverity)
      .where(and(eq(needsSeverity.responseId, responseId), eq(needsSeverity.roundId, round.id)));
    const sevByKey = new Map(existingSeverity.map((r) => [`${r.locationId}|${r.sectorId}`, r]));
    const newSeverity: (typeof needsSeverity.$inferInsert)[] = [];
    for (const s of severity) {
      const row = sevByKey.get(`${s.locationId}|${s.sectorId}`);
      if (!row) {
        newSeverity.push({ responseId, roundId: round.id, ...s });
        continue;
      }
      if (row.severity === s.severity && row.priorityNeeds.join("\n") === s.priorityNeeds.join("\n")) {
        result.severity.unchanged++;
        continue;
      }
      result.severity.updated++;
      if (result.severity.updated % 250 === 0) await yieldToEventLoop();
      if (options.dryRun) continue;
      const [after] = await tx
        .update(needsSeverity)
        .set({ severity: s.severity, priorityNeeds: s.priorityNeeds })
        .where(and(eq(needsSeverity.responseId, responseId), eq(needsSeverity.id, row.id)))
        .returning();
      entry("needs_severity.update", "needs_severity", row.id, row, after);
    }
    result.severity.created = newSeverity.length;
    if (options.dryRun) return;
    for (let i = 0; i < newPopulation.length; i += 250) {
      const rows = await tx
        .insert(populationFigures)
        .values(newPopulation.slice(i, i + 250))
        .returning();
      for (const r of rows) entry("population_figure.create", "population_figure", r.id, null, r);
      await yieldToEventLoop();
    }
    for (let i = 0; i < newSeverity.length; i += 250) {
      const rows = await tx
        .insert(needsSeverity)
        .values(newSeverity.slice(i, i + 250))
        .returning();
      for (const r of rows) entry("needs_severity.create", "needs_severity", r.id, null, r);
      await yieldToEventLoop();
    }
    await recordAuditMany(tx, audit);
  };
  if (options.dryRun) await run(db);
  else await db.transaction((tx) => run(tx));
  return result;
}

/** 400 naming `body.population[3].locationId` and the like. */
export function dataProblemsError(problems: DataProblem[], prefix = "body") {
  return invalid(
    "Some entries cannot be written: nothing was.",
    problems.map((p) => ({
      path: `${prefix}.${p.list}[${p.index}]${p.field ? `.${p.field}` : ""}`,
      message: p.message,
    })),
  );
}
