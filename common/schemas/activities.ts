import { z } from "zod";
import type { ErrorDetail } from "../errors.ts";
import { isoDate } from "./responses.ts";
import { sectorCode } from "./sectors.ts";

/** 4W activity records: what the API accepts and returns, and the rules a form can check alone. */

export const activityStatuses = ["planned", "ongoing", "completed", "suspended"] as const;
export const reviewStates = ["draft", "submitted", "approved", "rejected"] as const;
export const modalities = ["in_kind", "cash", "service", "voucher"] as const;
export const reviewActions = ["submit", "approve", "reject"] as const;

export type ActivityStatus = (typeof activityStatuses)[number];
export type ReviewState = (typeof reviewStates)[number];
export type ReviewAction = (typeof reviewActions)[number];

/** A month written YYYY-MM (list filters, month locks). */
export const yearMonth = z
  .string()
  .regex(/^(19|20)\d{2}-(0[1-9]|1[0-2])$/, "must be a month written YYYY-MM")
  .refine((v) => v <= "2100-12", "must be between 1900 and 2100");

/** A reporting month: YYYY-MM, or the first day of the month written YYYY-MM-01. Stored as YYYY-MM-01. */
export const reportingMonth = z
  .string()
  .regex(/^\d{4}-\d{2}(-\d{2})?$/, "must be a month written YYYY-MM (or YYYY-MM-01)")
  .transform((v) => (v.length === 7 ? `${v}-01` : v))
  .pipe(isoDate);

const count = z.number().int("must be a whole number").min(0).max(1_000_000_000);

/** The fields of a record; the rules across fields are `checkActivityFigures`. */
const activityFields = z.strictObject({
  reportingOrgId: z.uuid(),
  /** Null: the reporting organisation implements it. */
  implementingOrgId: z.uuid().nullable().optional(),
  donorIds: z.array(z.uuid()).max(20),
  sectorId: z.uuid(),
  subSectorId: z.uuid().nullable().optional(),
  activityTypeId: z.uuid(),
  indicatorId: z.uuid().nullable().optional(),
  locationId: z.uuid(),
  populationGroupId: z.uuid().nullable().optional(),
  status: z.enum(activityStatuses),
  startDate: isoDate,
  endDate: isoDate,
  reportingMonth,
  quantity: z.number().min(0).max(1e12).nullable().optional(),
  unit: z.string().trim().min(1).max(50).nullable().optional(),
  reachedTotal: count.nullable().optional(),
  women: count.nullable().optional(),
  men: count.nullable().optional(),
  girls: count.nullable().optional(),
  boys: count.nullable().optional(),
  elderly: count.nullable().optional(),
  personsWithDisabilities: count.nullable().optional(),
  modality: z.enum(modalities).nullable().optional(),
  notes: z.string().trim().max(2000).nullable().optional(),
  /** The reporting organisation's own id for the record, for idempotent re-import. */
  externalId: z.string().trim().min(1).max(100).nullable().optional(),
});

/** The values the cross-field rules read; missing figures count as not given. */
export interface ActivityFigures {
  startDate: string;
  endDate: string;
  reportingMonth: string;
  reachedTotal?: number | null;
  women?: number | null;
  men?: number | null;
  girls?: number | null;
  boys?: number | null;
  elderly?: number | null;
  personsWithDisabilities?: number | null;
}

const monthOf = (date: string) => `${date.slice(0, 7)}-01`;

/**
 * The rules of a record that need no database: end not before start; reporting month the first
 * day of a month between the start month and the end month; women + men + girls + boys not above
 * the total (a missing total becomes their sum); elderly and persons with disabilities not above
 * the total (and so not given without one). Returns the problems (paths are field names) and the
 * total to store.
 *
 * @example
 * checkActivityFigures({ startDate: "2024-01-01", endDate: "2024-03-31", reportingMonth: "2024-02-01", women: 3, men: 2 })
 * // → { issues: [], reachedTotal: 5 }
 */
export function checkActivityFigures(v: ActivityFigures): {
  issues: ErrorDetail[];
  reachedTotal: number | null;
} {
  const issues: ErrorDetail[] = [];
  if (v.endDate < v.startDate) issues.push({ path: "endDate", message: "must not be before the start date" });
  if (!v.reportingMonth.endsWith("-01")) {
    issues.push({ path: "reportingMonth", message: "must be the first day of a month (YYYY-MM-01)" });
  } else if (v.reportingMonth < monthOf(v.startDate) || v.reportingMonth > monthOf(v.endDate)) {
    issues.push({
      path: "reportingMonth",
      message: `must be a month from ${v.startDate.slice(0, 7)} to ${v.endDate.slice(0, 7)} (the activity's dates)`,
    });
  }
  const parts = [v.women, v.men, v.girls, v.boys].filter((n): n is number => n != null);
  const sum = parts.reduce((a, b) => a + b, 0);
  let total = v.reachedTotal ?? null;
  if (total === null && parts.length > 0) total = sum;
  else if (total !== null && sum > total) {
    issues.push({
      path: "reachedTotal",
      message: `women, men, girls and boys add up to ${sum}, more than the ${total} people reached in total`,
    });
  }
  for (const field of ["elderly", "personsWithDisabilities"] as const) {
    const value = v[field];
    if (value == null) continue;
    if (total === null)
      issues.push({
        path: field,
        message: "needs the total of people reached (or women, men, girls and boys)",
      });
    else if (value > total)
      issues.push({ path: field, message: `must not be more than the ${total} people reached in total` });
  }
  return { issues, reachedTotal: total };
}

/** A new record (created as a draft). */
export const activityInput = activityFields
  .extend({ donorIds: z.array(z.uuid()).max(20).default([]) })
  .superRefine((v, ctx) => {
    for (const issue of checkActivityFigures(v).issues)
      ctx.addIssue({ code: "custom", path: [issue.path], message: issue.message });
  });
export type ActivityInput = z.output<typeof activityInput>;

/**
 * Changes to a record: only the fields sent change. `version` is the version the change was
 * made from; a stale one is refused with 409 and the current record. The cross-field rules run
 * on the record as it would be after the change (on the server).
 */
export const activityUpdate = activityFields.partial().extend({ version: z.number().int().min(1) });
export type ActivityUpdate = z.output<typeof activityUpdate>;

const named = z.object({ id: z.uuid(), code: z.string(), name: z.string() });
const org = z.object({ id: z.uuid(), name: z.string(), acronym: z.string().nullable() });

export const activityOutput = z.object({
  id: z.uuid(),
  version: z.number(),
  reviewState: z.enum(reviewStates),
  rejectionReason: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  reportingOrg: org,
  implementingOrg: org.nullable(),
  donors: z.array(org),
  sector: named,
  subSector: named.nullable(),
  activityType: named,
  indicator: named.extend({ unit: z.string() }).nullable(),
  location: named,
  populationGroup: named.nullable(),
  status: z.enum(activityStatuses),
  startDate: z.string(),
  endDate: z.string(),
  /** First day of the month, YYYY-MM-01. */
  reportingMonth: z.string(),
  quantity: z.number().nullable(),
  unit: z.string().nullable(),
  reachedTotal: z.number().nullable(),
  women: z.number().nullable(),
  men: z.number().nullable(),
  girls: z.number().nullable(),
  boys: z.number().nullable(),
  elderly: z.number().nullable(),
  personsWithDisabilities: z.number().nullable(),
  modality: z.enum(modalities).nullable(),
  notes: z.string().nullable(),
  externalId: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ActivityOutput = z.infer<typeof activityOutput>;

/**
 * Free text a filter passes to the database, which cannot hold a NUL character: refused with the
 * query's other errors, before a download has started streaming.
 */
export const noNul = (text: string) => !text.includes("\0");
export const noNulMessage = { message: "must not contain a NUL character" };

/** List filters, beside `q`, `limit`, `cursor` and `format`. */
export const activityFilters = z.object({
  sector: sectorCode.optional().describe("Sector or sub-sector code."),
  organisation: z.uuid().optional().describe("Reporting or implementing organisation."),
  organisationRole: z
    .enum(["reporting", "implementing"])
    .optional()
    .describe(
      "With `organisation`: only the records it reports, or only those it implements (itself, or for another organisation). Unset: either.",
    ),
  location: z
    .string()
    .trim()
    .min(1)
    .max(40)
    .refine(noNul, noNulMessage)
    .optional()
    .describe("Location code: records there and anywhere below it."),
  from: yearMonth.optional().describe("First reporting month, YYYY-MM."),
  to: yearMonth.optional().describe("Last reporting month, YYYY-MM."),
  status: z.enum(activityStatuses).optional(),
  reviewState: z.enum(reviewStates).optional(),
});
export type ActivityFilters = z.infer<typeof activityFilters>;

/** Submit, approve or reject a selection, all or nothing. */
export const activityBulkInput = z
  .strictObject({
    ids: z.array(z.uuid()).min(1).max(1000),
    action: z.enum(reviewActions),
    reason: z.string().trim().min(3).max(2000).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.action === "reject" && !v.reason)
      ctx.addIssue({ code: "custom", path: ["reason"], message: "a rejection needs a reason" });
  });
export type ActivityBulkInput = z.infer<typeof activityBulkInput>;

export const activityBulkOutput = z.object({
  action: z.enum(reviewActions),
  updated: z.number(),
  ids: z.array(z.uuid()),
});

export const monthLockInput = z.strictObject({
  month: yearMonth,
  reason: z.string().trim().max(500).nullable().optional(),
});

/** Unlocking needs a reason, kept in the audit log. */
export const monthUnlockInput = z.strictObject({
  month: yearMonth,
  reason: z.string().trim().min(5, "give a reason of at least 5 characters").max(500),
});

export const monthLockOutput = z.object({
  month: z.string().describe("YYYY-MM"),
  lockedAt: z.string(),
  lockedBy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  reason: z.string().nullable(),
});
export type MonthLockOutput = z.infer<typeof monthLockOutput>;
