import { z } from "zod";
import { reviewStates, yearMonth } from "./activities.ts";

/** One organisation's reporting at a glance: records per reporting month and review state. */

export const activitySummaryQuery = z.object({
  organisation: z.uuid().describe("The reporting organisation."),
  from: yearMonth.optional().describe("First month counted, YYYY-MM (default: 11 months before `to`)."),
  to: yearMonth.optional().describe("Last month counted, YYYY-MM (default: the current month)."),
});

const counts = Object.fromEntries(reviewStates.map((s) => [s, z.number()])) as Record<
  (typeof reviewStates)[number],
  z.ZodNumber
>;

const named = z.object({ code: z.string(), name: z.string() });

export const activitySummaryOutput = z.object({
  organisation: z.object({ id: z.uuid(), name: z.string(), acronym: z.string().nullable() }),
  from: z.string().describe("YYYY-MM"),
  to: z.string().describe("YYYY-MM"),
  /** Every month from `to` back to `from` (newest first), zeros included. */
  months: z.array(z.object({ month: z.string().describe("YYYY-MM"), ...counts })),
  /** Locked reporting months within the range, YYYY-MM. */
  lockedMonths: z.array(z.string()),
  /** Rejected records to fix, any month, newest reporting month first (at most 50). */
  rejected: z.array(
    z.object({
      id: z.uuid(),
      reportingMonth: z.string().describe("YYYY-MM"),
      sector: named,
      activityType: named,
      location: named,
      rejectionReason: z.string().nullable(),
      reviewedAt: z.string().nullable(),
    }),
  ),
  rejectedTotal: z.number(),
});
export type ActivitySummary = z.infer<typeof activitySummaryOutput>;
export type MonthCounts = ActivitySummary["months"][number];
