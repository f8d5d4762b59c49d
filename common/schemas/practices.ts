import { z } from "zod";
import {
  gcmObjectiveIds,
  gcmPrincipleIds,
  goalOfTarget,
  sdgGoalIds,
  sdgTargetIds,
} from "../reference/index.ts";
import { documentRef } from "./documents.ts";

/** The repository of practices: what a practice is, its review workflow, and the faceted search. */

export const practiceTypes = [
  "strategy_framework",
  "policy",
  "programme_project",
  "tool_guidance",
  "partnership",
  "other",
] as const;
export type PracticeType = (typeof practiceTypes)[number];

/** submitted → under_review → published, or → returned (to the submitter, who edits and resubmits). */
export const practiceStatuses = ["submitted", "under_review", "returned", "published"] as const;
export type PracticeStatus = (typeof practiceStatuses)[number];

/** Numbers from a reference list; an unknown one is refused naming the value and the valid range. */
const referenceNumber = (ids: ReadonlySet<number>, what: string) =>
  z.coerce
    .number()
    .int()
    .superRefine((value, ctx) => {
      if (!ids.has(value))
        ctx.addIssue({ code: "custom", message: `${value} is not ${what} (1–${ids.size})`, input: value });
    });
export const gcmObjectiveId = referenceNumber(gcmObjectiveIds, "a GCM objective");
export const gcmPrincipleId = referenceNumber(gcmPrincipleIds, "a GCM guiding principle");
export const sdgGoalId = referenceNumber(sdgGoalIds, "an SDG goal");
export const sdgTargetId = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    if (sdgTargetIds.has(value)) return;
    const goal = goalOfTarget(value);
    const why = sdgGoalIds.has(goal) ? `goal ${goal} has no target ${value}` : `there is no SDG goal ${goal}`;
    ctx.addIssue({ code: "custom", message: `${value} is not an SDG target (${why})`, input: value });
  });

/** Distinct values, in the order given. */
const distinct = <T extends z.ZodType>(item: T, max: number) =>
  z
    .array(item)
    .max(max)
    .transform((values) => [...new Set(values)] as z.output<T>[]);

const iso3 = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, "must be an ISO 3166-1 alpha-3 code such as BGD");
const shortText = z.string().trim().min(1).max(200);
const longText = (max: number) => z.string().trim().max(max).nullable().optional();
const isoDate = z.iso.date();

/** An organisation of the response (by id) or, when it is not listed there, a name. */
export const practiceOrganisationInput = z
  .strictObject({
    organisationId: z.uuid().nullable().optional(),
    name: z.string().trim().min(2).max(200).nullable().optional(),
  })
  .refine((o) => !!o.organisationId || !!o.name, { message: "give an organisationId or a name" });

export const practiceLinkInput = z.strictObject({
  url: z.url({ protocol: /^https?$/ }).max(1000),
  title: z.string().trim().max(200).nullable().optional(),
  /** A web page, or a file (an attachment) kept outside the library (library documents go in documentIds). */
  kind: z.enum(["link", "attachment"]).default("link"),
});

const practiceFields = {
  title: z.string().trim().min(3).max(300),
  summary: z.string().trim().min(10).max(2000),
  startDate: isoDate.nullable().optional(),
  endDate: isoDate.nullable().optional(),
  type: z.enum(practiceTypes),
  countries: distinct(iso3, 60),
  regions: distinct(shortText, 20),
  subRegions: distinct(shortText, 40),
  implementingOrganisations: z.array(practiceOrganisationInput).max(30),
  partnerOrganisations: z.array(practiceOrganisationInput).max(60),
  description: longText(20_000),
  benefitImpact: longText(10_000),
  keyLessons: longText(10_000),
  gcmObjectives: distinct(gcmObjectiveId, 23),
  gcmPrinciples: distinct(gcmPrincipleId, 10),
  sdgGoals: distinct(sdgGoalId, 17),
  sdgTargets: distinct(sdgTargetId, 169),
  links: z.array(practiceLinkInput).max(30),
  /** 4W records of this response that apply the practice (ones the writer may see). */
  activityIds: distinct(z.uuid(), 200),
  /** Documents of the response's library that apply it (ones the writer may see). */
  documentIds: distinct(z.uuid(), 50),
};

/** On create, a list left out is empty; on update (below) it is left as it was. */
const listDefaults = {
  countries: practiceFields.countries.default([]),
  regions: practiceFields.regions.default([]),
  subRegions: practiceFields.subRegions.default([]),
  implementingOrganisations: practiceFields.implementingOrganisations.default([]),
  partnerOrganisations: practiceFields.partnerOrganisations.default([]),
  gcmObjectives: practiceFields.gcmObjectives.default([]),
  gcmPrinciples: practiceFields.gcmPrinciples.default([]),
  sdgGoals: practiceFields.sdgGoals.default([]),
  sdgTargets: practiceFields.sdgTargets.default([]),
  links: practiceFields.links.default([]),
  activityIds: practiceFields.activityIds.default([]),
  documentIds: practiceFields.documentIds.default([]),
};

const datesInOrder = (p: { startDate?: string | null; endDate?: string | null }) =>
  !p.startDate || !p.endDate || p.startDate <= p.endDate;
const datesMessage = { message: "the end date is before the start date", path: ["endDate"] };

export const practiceInput = z
  .strictObject({ ...practiceFields, ...listDefaults })
  .refine(datesInOrder, datesMessage);
export type PracticeInput = z.input<typeof practiceInput>;

/** Only the fields sent change. */
export const practiceUpdate = z.strictObject(practiceFields).partial().refine(datesInOrder, datesMessage);
export type PracticeUpdate = z.input<typeof practiceUpdate>;

/**
 * The public form: the practice, who sends it, and two anti-spam fields: `website` is a honeypot
 * (hidden from people, filled by bots) and `formToken` is the signed time the form was opened.
 */
export const publicPracticeInput = z
  .strictObject({
    ...practiceFields,
    ...listDefaults,
    submitterName: z.string().trim().min(2).max(200),
    submitterEmail: z.email().max(320),
    website: z.string().max(500).optional(),
    formToken: z.string().min(10).max(200),
  })
  .refine(datesInOrder, datesMessage);
export type PublicPracticeInput = z.input<typeof publicPracticeInput>;

export const formTokenOutput = z.object({ formToken: z.string(), minSeconds: z.number().int() });

export const transitionInput = z.discriminatedUnion("action", [
  z.strictObject({ action: z.literal("start_review") }),
  z.strictObject({ action: z.literal("publish") }),
  z.strictObject({ action: z.literal("return"), reason: z.string().trim().min(5).max(4000) }),
  z.strictObject({ action: z.literal("resubmit") }),
]);
export type TransitionInput = z.input<typeof transitionInput>;

export const commentInput = z.strictObject({ body: z.string().trim().min(1).max(4000) });

const orgOutput = z.object({
  organisationId: z.uuid().nullable(),
  name: z.string(),
  acronym: z.string().nullable(),
});

/**
 * A linked 4W record the reader may see: a label ("BRAC · Hygiene promotion · Camp 1E · 2024-03")
 * and what the 4W explorer filters on (organisation, place code, month) to show it there.
 */
export const practiceActivityRef = z.object({
  id: z.uuid(),
  label: z.string(),
  reportingOrgId: z.uuid(),
  locationCode: z.string(),
  /** YYYY-MM */
  reportingMonth: z.string(),
});
export type PracticeActivityRef = z.infer<typeof practiceActivityRef>;

export const practiceSummary = z.object({
  id: z.uuid(),
  title: z.string(),
  summary: z.string(),
  type: z.enum(practiceTypes),
  status: z.enum(practiceStatuses),
  startDate: z.string().nullable(),
  endDate: z.string().nullable(),
  countries: z.array(z.string()),
  gcmObjectives: z.array(z.number().int()),
  gcmPrinciples: z.array(z.number().int()),
  sdgGoals: z.array(z.number().int()),
  submittedAt: z.string(),
  publishedAt: z.string().nullable(),
});
export type PracticeSummary = z.infer<typeof practiceSummary>;

export const practiceComment = z.object({
  id: z.uuid(),
  authorLabel: z.string(),
  body: z.string(),
  createdAt: z.string(),
});
export type PracticeComment = z.infer<typeof practiceComment>;

export const practiceOutput = practiceSummary.extend({
  regions: z.array(z.string()),
  subRegions: z.array(z.string()),
  implementingOrganisations: z.array(orgOutput),
  partnerOrganisations: z.array(orgOutput),
  description: z.string().nullable(),
  benefitImpact: z.string().nullable(),
  keyLessons: z.string().nullable(),
  sdgTargets: z.array(z.string()),
  links: z.array(
    z.object({ url: z.string(), title: z.string().nullable(), kind: z.enum(["link", "attachment"]) }),
  ),
  /** Linked 4W records and documents the reader may see (a visitor: approved records, public documents). */
  activities: z.array(practiceActivityRef),
  documents: z.array(documentRef),
  submitter: z.object({ userId: z.uuid().nullable(), name: z.string() }),
  /** Only for reviewers and the submitter: their e-mail, the return reason, the comments. */
  submitterEmail: z.string().nullable(),
  returnReason: z.string().nullable(),
  comments: z.array(practiceComment),
  /** What the asking user may do with it now. */
  can: z.object({ edit: z.boolean(), review: z.boolean(), publish: z.boolean(), resubmit: z.boolean() }),
  updatedAt: z.string(),
});
export type PracticeOutput = z.infer<typeof practiceOutput>;

/** Repeated query parameters (`?objective=2&objective=7`) or one value. */
const many = <T extends z.ZodType>(item: T) =>
  z
    .preprocess((v) => (Array.isArray(v) ? v : [v]), z.array(item).max(50))
    .optional()
    .transform((v) => v ?? []);

export const practiceSearchQuery = z.object({
  q: z.string().trim().max(200).optional().describe("Words in the title, summary, description or lessons."),
  objective: many(gcmObjectiveId).describe("GCM objective ids (any of them)."),
  principle: many(gcmPrincipleId).describe("GCM guiding principle ids (any of them)."),
  goal: many(sdgGoalId).describe("SDG goals (any of them; a target counts for its goal)."),
  country: many(iso3).describe("ISO3 country codes (any of them)."),
  type: many(z.enum(practiceTypes)).describe("Types of practice (any of them)."),
  year: many(z.coerce.number().int().min(1900).max(2200)).describe("Years the practice ran (any of them)."),
  /**
   * `published` (default, everyone), `mine` (my submissions in any state) or `review` (the
   * reviewers' queue: submitted and under review, or the `status` asked).
   */
  scope: z.enum(["published", "mine", "review"]).default("published"),
  status: many(z.enum(practiceStatuses)).describe("With scope=review or mine: these states only."),
  document: z.uuid().optional().describe("Only practices that link this document of the library."),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type PracticeSearchQuery = z.input<typeof practiceSearchQuery>;

export const facetNames = ["objective", "principle", "goal", "country", "type", "year"] as const;
export type FacetName = (typeof facetNames)[number];

export const facetCount = z.object({ value: z.string(), count: z.number().int() });
export const practiceSearchOutput = z.object({
  items: z.array(practiceSummary),
  total: z.number().int(),
  /** For each facet, the count per value with every other filter applied. */
  facets: z.record(z.enum(facetNames), z.array(facetCount)),
});
export type PracticeSearchOutput = z.infer<typeof practiceSearchOutput>;

export const referenceListsOutput = z.object({
  gcmObjectives: z.array(z.object({ id: z.number().int(), title: z.string() })),
  gcmPrinciples: z.array(z.object({ id: z.number().int(), title: z.string() })),
  sdgGoals: z.array(z.object({ id: z.number().int(), title: z.string() })),
  sdgTargets: z.array(z.object({ id: z.string(), title: z.string() })),
});
