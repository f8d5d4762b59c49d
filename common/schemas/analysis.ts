import { z } from "zod";
import { yearMonth } from "./activities.ts";

/**
 * The analysis API: presence, gaps, duplication, progress and trends, computed from the 4W, the
 * response plan and the displacement data. Public requests get suppressed figures (`null` with
 * `suppressed: true`) and no sensitive location; signed-in members of the response see all.
 */

export const duplicationKinds = ["same_activity", "over_reach", "shared_partner"] as const;
export type DuplicationKind = (typeof duplicationKinds)[number];

/** Organisation types counted as local and national actors (Grand Bargain localisation). */
export const localOrganisationTypes = ["10", "11", "15", "22", "24", "72"] as const;

/** Admin levels 0–4, or "site" (camps, settlements). */
export const analysisLevel = z.union([z.enum(["site"]), z.coerce.number().int().min(0).max(4)]);
export type AnalysisLevel = z.infer<typeof analysisLevel>;

export const analysisQuery = z
  .object({
    sector: z.uuid().optional().describe("Only this sector (and its sub-sectors)."),
    level: analysisLevel.optional().describe("Admin level 0–4 or `site`; default: sites."),
    location: z.uuid().optional().describe("Only places within this location."),
    from: yearMonth.optional().describe("First month (YYYY-MM); default: the latest month reported."),
    to: yearMonth.optional().describe("Last month (YYYY-MM); default: `from`."),
    format: z
      .enum(["json", "csv", "hxl"])
      .default("json")
      .describe("json, or a CSV download (hxl: with the HXL hashtag row)."),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ["to"], message: "is before `from`" });
export type AnalysisQuery = z.infer<typeof analysisQuery>;

/** The presence endpoint's query: the analysis filter, optionally split by month. */
export const presenceQuery = analysisQuery.and(
  z.object({
    by: z
      .enum(["month"])
      .optional()
      .describe(
        "`month`: one row per place, sector and reporting month (`month` set) instead of one per place and sector over the months asked.",
      ),
  }),
);
export type PresenceQuery = z.infer<typeof presenceQuery>;

export const ref = z.object({ id: z.uuid(), code: z.string(), name: z.string() });
export type Ref = z.infer<typeof ref>;

/** A count that a public request may see as `null` (below the threshold). */
const figure = z.number().nullable();

const basis = z.object({
  from: z.string().nullable(),
  to: z.string().nullable(),
  level: z.union([z.literal("site"), z.number()]),
  /** True when small numbers were suppressed and sensitive locations left out. */
  public: z.boolean(),
  threshold: z.number().int(),
});

/**
 * Presence and gaps answers name each place and sector once, in `places` and `sectors`, and their
 * rows point at them by position (`place`, `sector`). A site-level answer has thousands of rows:
 * a place's and a sector's id, code and name in every row made it twice as large (2.6 MB of JSON
 * for 7,700 rows, 340 KB gzipped, against 1.4 MB and 150 KB), and its ids took most of the
 * compression time. `expandAnswer` (common/analysis-rows.ts) puts them back into the rows.
 */
const names = {
  places: z.array(ref).describe("The places the rows are about; a row's `place` is a position in it."),
  sectors: z.array(ref).describe("The sectors the rows are about; a row's `sector` is a position in it."),
};
const position = z.number().int().min(0);

const presenceFigures = z.object({
  /** The reporting month (YYYY-MM) with `by=month`; null when the row covers all the months asked. */
  month: z.string().nullable(),
  /** Distinct partners: they do not add up across places or months (one may work in several). */
  organisations: z.number().int(),
  activities: z.number().int(),
  reached: figure,
  suppressed: z.boolean(),
});
export const presenceOutput = basis.extend({
  ...names,
  rows: z.array(presenceFigures.extend({ place: position, sector: position })),
});
/** A presence row with its place and sector in it (`expandAnswer`), and the answer made of them. */
export type PresenceRow = z.infer<typeof presenceFigures> & { location: Ref; sector: Ref };
export type PresenceAnswer = z.infer<typeof basis> & { rows: PresenceRow[] };
export type PresenceOutput = z.infer<typeof presenceOutput>;

const gapFigures = z.object({
  severity: z.number().int().nullable(),
  inNeed: figure,
  population: figure,
  reached: figure,
  partners: z.number().int(),
  /** Reached ÷ people in need (or ÷ population when no need figure is given). */
  coverage: z.number().nullable(),
  /** People in need not reached; null without a need figure. */
  unmet: figure,
  highNeedNoPartner: z.boolean(),
  suppressed: z.boolean(),
});
export const gapsOutput = basis.extend({
  ...names,
  rows: z.array(gapFigures.extend({ place: position, sector: position })),
});
/** A gap row with its place and sector in it (`expandAnswer`), and the answer made of them. */
export type GapRow = z.infer<typeof gapFigures> & { location: Ref; sector: Ref };
export type GapsAnswer = z.infer<typeof basis> & { rows: GapRow[] };
export type GapsOutput = z.infer<typeof gapsOutput>;

export const findingRecord = z.object({
  id: z.uuid(),
  reportingOrg: z.string(),
  implementingOrg: z.string().nullable(),
  activityType: z.string(),
  month: z.string(),
  startDate: z.string(),
  endDate: z.string(),
  reached: z.number().int().nullable(),
});

export const finding = z.object({
  key: z.string(),
  kind: z.enum(duplicationKinds),
  sector: ref,
  location: ref,
  month: z.string(),
  activityType: ref.nullable(),
  organisations: z.array(z.string()),
  /** For over-reach: people reached, and the population or people in need it exceeds. */
  reached: z.number().nullable(),
  limit: z.number().nullable(),
  limitKind: z.enum(["population", "in_need"]).nullable(),
  records: z.array(findingRecord),
  review: z
    .object({ reason: z.string(), reviewedBy: z.string().nullable(), reviewedAt: z.string() })
    .nullable(),
});
export type Finding = z.infer<typeof finding>;
export const duplicationOutput = z.object({
  from: z.string().nullable(),
  to: z.string().nullable(),
  findings: z.array(finding),
  open: z.number().int(),
  reviewed: z.number().int(),
});

export const duplicationReviewInput = z.strictObject({
  key: z.string().min(5).max(400),
  reason: z.string().trim().min(5, "say why it is not a duplicate (5 characters or more)").max(1000),
});

export const progressRow = z.object({
  sector: ref,
  indicator: ref.extend({ unit: z.string() }),
  target: figure,
  achieved: figure,
  /** Achieved ÷ target, 0–1 and beyond. */
  progress: z.number().nullable(),
  suppressed: z.boolean(),
});
export const fundingRow = z.object({
  sector: ref.nullable(),
  required: z.number().nullable(),
  received: z.number().nullable(),
  receivedLocal: z.number().nullable(),
  asOf: z.string().nullable(),
});
export const progressOutput = basis.extend({
  year: z.number().int(),
  indicators: z.array(progressRow),
  funding: z.array(fundingRow),
});

export const trendPoint = z.object({
  month: z.string(),
  sector: ref,
  organisations: z.number().int(),
  activities: z.number().int(),
  reached: figure,
});
export const populationPoint = z.object({
  round: z.object({ id: z.uuid(), code: z.string(), name: z.string(), assessedOn: z.string() }),
  individuals: figure,
  households: figure,
  sites: z.number().int(),
});
export const trendsOutput = basis.extend({
  monthly: z.array(trendPoint),
  population: z.array(populationPoint),
});

/** Key figures per sector for the dashboard, each with its "as of" date. */
export const sectorFigures = z.object({
  sector: ref,
  inNeed: figure,
  targeted: figure,
  reached: figure,
  partners: z.number().int(),
  fundingRequired: z.number().nullable(),
  fundingReceived: z.number().nullable(),
  /** The "as of" date of the people figures (in need, targeted). */
  figuresAsOf: z.string().nullable(),
  /** The "as of" date of the funding figures (required, received), which are updated apart. */
  fundingAsOf: z.string().nullable(),
});
export const dashboardOutput = basis.extend({
  year: z.number().int(),
  totals: sectorFigures.omit({ sector: true }).extend({
    /**
     * True when `reached` leaves out sector figures withheld as small numbers (public answers): the
     * total adds up the shown sector figures only, so a withheld one cannot be found by subtraction.
     */
    reachedPartial: z.boolean(),
    population: figure,
    populationAsOf: z.string().nullable(),
    localShare: z.number().nullable(),
  }),
  sectors: z.array(sectorFigures),
  latestMonth: z.string().nullable(),
});
export type DashboardOutput = z.infer<typeof dashboardOutput>;

export const mapIndicators = ["presence", "gap", "severity", "coverage", "reached"] as const;
export type MapIndicator = (typeof mapIndicators)[number];

/** The profile of one location: who works here, needs, population and trends. */
export const locationProfile = z.object({
  location: ref.extend({ level: z.number().int(), kind: z.string(), parents: z.array(ref) }),
  public: z.boolean(),
  latestMonth: z.string().nullable(),
  sectors: z.array(
    z.object({
      sector: ref,
      organisations: z.array(z.object({ id: z.uuid(), name: z.string(), acronym: z.string().nullable() })),
      activities: z.number().int(),
      reached: figure,
      inNeed: figure,
      severity: z.number().int().nullable(),
      priorityNeeds: z.array(z.string()),
    }),
  ),
  population: z.array(populationPoint),
  monthly: z.array(
    z.object({
      month: z.string(),
      /** All sectors; for the public, the shown sector figures only (see `partial`). */
      reached: figure,
      /** True when sector figures withheld as small numbers are left out of `reached`. */
      partial: z.boolean(),
      activities: z.number().int(),
    }),
  ),
});
export type LocationProfile = z.infer<typeof locationProfile>;
