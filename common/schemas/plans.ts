import { z } from "zod";
import { isoDate } from "./responses.ts";

/** What a plan figure measures. */
export const planMetrics = ["in_need", "targeted", "target", "funding_required", "funding_received"] as const;
export type PlanMetric = (typeof planMetrics)[number];
export const objectiveKinds = ["strategic", "sector"] as const;

export const planYear = z.coerce.number().int().min(2000).max(2100);

export const objectiveInput = z
  .strictObject({
    kind: z.enum(objectiveKinds),
    code: z.string().trim().min(1).max(30),
    title: z.string().trim().min(3).max(500),
    description: z.string().trim().max(4000).nullable().optional(),
    sectorId: z.uuid().nullable().optional(),
    parentId: z.uuid().nullable().optional(),
  })
  .superRefine((o, ctx) => {
    if (o.kind === "sector" && !o.sectorId)
      ctx.addIssue({ code: "custom", path: ["sectorId"], message: "a sector objective names its sector" });
    if (o.kind === "strategic" && (o.sectorId || o.parentId))
      ctx.addIssue({ code: "custom", path: ["sectorId"], message: "a strategic objective has no sector or parent" });
  });
export type ObjectiveInput = z.infer<typeof objectiveInput>;

export const objectiveOutput = z.object({
  id: z.uuid(),
  year: z.number().int(),
  kind: z.enum(objectiveKinds),
  code: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  sectorId: z.uuid().nullable(),
  parentId: z.uuid().nullable(),
});

/**
 * One figure: the metric, what it is about (all optional: none is the whole response), the
 * value and its "as of" date. Funding is in US dollars; people are counts.
 */
export const figureInput = z
  .strictObject({
    metric: z.enum(planMetrics),
    sectorId: z.uuid().nullable().optional(),
    locationId: z.uuid().nullable().optional(),
    populationGroupId: z.uuid().nullable().optional(),
    indicatorId: z.uuid().nullable().optional(),
    organisationId: z.uuid().nullable().optional(),
    objectiveId: z.uuid().nullable().optional(),
    value: z.number().min(0, "must be 0 or more").max(1e13),
    asOf: isoDate,
    source: z.string().trim().max(500).nullable().optional(),
  })
  .superRefine((f, ctx) => {
    if (f.metric === "target" && !f.indicatorId)
      ctx.addIssue({ code: "custom", path: ["indicatorId"], message: "a target is set for an indicator" });
    if (f.metric !== "target" && f.indicatorId)
      ctx.addIssue({ code: "custom", path: ["indicatorId"], message: "only a target names an indicator" });
    if (f.organisationId && !f.metric.startsWith("funding"))
      ctx.addIssue({ code: "custom", path: ["organisationId"], message: "only funding is given per organisation" });
    if (!f.metric.startsWith("funding") && !Number.isInteger(f.value))
      ctx.addIssue({ code: "custom", path: ["value"], message: "people are counted in whole numbers" });
  });
export type FigureInput = z.infer<typeof figureInput>;

export const figuresInput = z.strictObject({ figures: z.array(figureInput).min(1).max(5000) });

export const figureOutput = z.object({
  id: z.uuid(),
  year: z.number().int(),
  metric: z.enum(planMetrics),
  sector: z.object({ id: z.uuid(), code: z.string(), name: z.string() }).nullable(),
  location: z.object({ id: z.uuid(), code: z.string(), name: z.string() }).nullable(),
  populationGroupId: z.uuid().nullable(),
  indicator: z.object({ id: z.uuid(), code: z.string(), name: z.string() }).nullable(),
  organisation: z.object({ id: z.uuid(), name: z.string(), acronym: z.string().nullable() }).nullable(),
  objectiveId: z.uuid().nullable(),
  value: z.number(),
  asOf: z.string(),
  source: z.string().nullable(),
});
export type FigureOutput = z.infer<typeof figureOutput>;

export const figureFilters = z.object({
  metric: z.enum(planMetrics).optional(),
  sector: z.uuid().optional(),
  /** `current` (default): the latest "as of" per figure; `history`: every dated value. */
  view: z.enum(["current", "history"]).default("current"),
  /** The figures as published on this date (the latest "as of" on or before it). */
  asOf: isoDate.optional(),
});

export const figuresWriteResult = z.object({ created: z.number().int(), updated: z.number().int() });
