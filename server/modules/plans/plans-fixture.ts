import type { Db } from "../../db/client.ts";
import { displacementRounds, mobilityFlows } from "../../db/schema/displacement.ts";
import { planFigures, planObjectives } from "../../db/schema/plans.ts";
import { buildLocation } from "../../testing/factories.ts";

/** Plan and displacement records of one response, for the permission matrix: own sector and other. */
export interface PlanWorld {
  year: number;
  ownSectorId: string;
  otherSectorId: string;
  ownObjectiveId: string;
  otherObjectiveId: string;
  ownFigureId: string;
  otherFigureId: string;
  roundCode: string;
  flowId: string;
  locationId: string;
  otherLocationId: string;
}

export async function buildPlanWorld(
  db: Db,
  responseId: string,
  refs: { ownSectorId: string; otherSectorId: string; locationId: string },
): Promise<PlanWorld> {
  const year = 2025;
  const [own, other] = await db
    .insert(planObjectives)
    .values([
      {
        responseId,
        year,
        kind: "sector" as const,
        code: "OWN-SO",
        title: "Own sector objective",
        sectorId: refs.ownSectorId,
      },
      {
        responseId,
        year,
        kind: "sector" as const,
        code: "OTH-SO",
        title: "Other sector objective",
        sectorId: refs.otherSectorId,
      },
    ])
    .returning();
  const [ownFigure, otherFigure] = await db
    .insert(planFigures)
    .values([
      {
        responseId,
        year,
        metric: "in_need" as const,
        sectorId: refs.ownSectorId,
        value: 100,
        asOf: "2025-01-01",
      },
      {
        responseId,
        year,
        metric: "in_need" as const,
        sectorId: refs.otherSectorId,
        value: 100,
        asOf: "2025-01-01",
      },
    ])
    .returning();
  const [round] = await db
    .insert(displacementRounds)
    .values({ responseId, code: "R1", name: "Round 1", assessedOn: "2025-03-31" })
    .returning();
  const second = await buildLocation(db, responseId);
  const [flow] = await db
    .insert(mobilityFlows)
    .values({
      responseId,
      originLocationId: refs.locationId,
      destinationLocationId: second.id,
      people: 40,
      periodStart: "2025-01-01",
      periodEnd: "2025-01-31",
    })
    .returning();
  return {
    year,
    ownSectorId: refs.ownSectorId,
    otherSectorId: refs.otherSectorId,
    ownObjectiveId: own!.id,
    otherObjectiveId: other!.id,
    ownFigureId: ownFigure!.id,
    otherFigureId: otherFigure!.id,
    roundCode: round!.code,
    flowId: flow!.id,
    locationId: refs.locationId,
    otherLocationId: second.id,
  };
}
