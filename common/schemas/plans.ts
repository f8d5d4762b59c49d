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
      ctx.addIssue({
        code: "custom",
        path: ["sectorId"],
        message: "a strategic objective has no sector or parent",
      });
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
      ctx.addIssue({
        code: "custom",
        path: ["organisationId"],
        message: "only funding is given per organisation",
      });
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
  /** Null when withheld from the public (a small count of people). */
  value: z.number().nullable(),
  asOf: z.string(),
  source: z.string().nullable(),
  suppressed: z.boolean(),
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

export const figuresWriteResult = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
});
export type FiguresWriteResult = z.infer<typeof figuresWriteResult>;

/** A change to an objective: the fields to change; the result is checked as a whole. */
export const objectivePatch = z.strictObject({
  kind: z.enum(objectiveKinds).optional(),
  code: z.string().trim().min(1).max(30).optional(),
  title: z.string().trim().min(3).max(500).optional(),
  description: z.string().trim().max(4000).nullable().optional(),
  sectorId: z.uuid().nullable().optional(),
  parentId: z.uuid().nullable().optional(),
});

const ref = z.object({ id: z.uuid(), code: z.string(), name: z.string() });

/** The plan of one year: strategic objectives with their sector objectives, and the current figures. */
export const planOutput = z.object({
  year: z.number().int(),
  objectives: z.array(
    objectiveOutput.extend({
      sector: ref.nullable(),
      children: z.array(objectiveOutput.extend({ sector: ref.nullable() })),
    }),
  ),
  /**
   * Per metric and sector (null: the whole response): the current value (the figure given for the
   * whole sector when there is one, else the sum over the outermost places given, a place's figure
   * for all groups preferred to its figures per group), its latest "as of" date and how many
   * current figures it sums. Targets are per indicator and not summarised here.
   */
  summary: z.array(
    z.object({
      metric: z.enum(planMetrics),
      sector: ref.nullable(),
      value: z.number().nullable(),
      asOf: z.string(),
      figures: z.number().int(),
      suppressed: z.boolean(),
    }),
  ),
});
export type PlanOutput = z.infer<typeof planOutput>;

/** One finding of an import, tied to a row and column of the file. */
export const importIssue = z.object({
  /** The row as the file numbers it (1-based); 0 for the file as a whole. */
  row: z.number().int(),
  /** The column's header or hashtag, or null for the row as a whole. */
  column: z.string().nullable(),
  severity: z.enum(["error", "warning"]),
  code: z.string(),
  value: z.string().nullable(),
  message: z.string(),
});
export type ImportIssue = z.infer<typeof importIssue>;

/**
 * What an import found and did: data rows read, figures built from them, and what writing them
 * did (or would do, on a dry run). Any error writes nothing.
 */
export const figuresImportReport = z.object({
  rows: z.number().int(),
  figures: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  written: z.boolean(),
  dryRun: z.boolean(),
  issues: z.array(importIssue),
});
export type FiguresImportReport = z.infer<typeof figuresImportReport>;
