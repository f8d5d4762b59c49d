import { z } from "zod";
import { documentRef } from "./documents.ts";

/** Kinds of coordination body, from the IASC, UN country team and refugee coordination models. */
export const platformTypes = [
  "hct",
  "seg",
  "iscg",
  "roct",
  "sector",
  "sub_sector",
  "working_group",
  "task_force",
  "unct",
  "smt",
  "pmt",
  "omt",
  "government",
  "other",
] as const;
export type PlatformType = (typeof platformTypes)[number];

export const platformLevels = ["national", "sub_national"] as const;
export const meetingFrequencies = [
  "weekly",
  "fortnightly",
  "monthly",
  "bimonthly",
  "quarterly",
  "biannual",
  "annual",
  "ad_hoc",
] as const;
export const chairRoles = ["chair", "co_chair"] as const;

export const platformCode = z
  .string()
  .trim()
  .min(2)
  .max(30)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, "use letters, digits, '-' or '_'");

/** A role title such as "Chief of Mission" or "Sector coordinator". */
const roleTitle = z.string().trim().min(2).max(120);

export const chairInput = z.strictObject({
  organisationId: z.uuid(),
  role: z.enum(chairRoles),
  roleTitle,
});

export const platformInput = z.strictObject({
  code: platformCode,
  name: z.string().trim().min(2).max(200),
  type: z.enum(platformTypes),
  level: z.enum(platformLevels).default("national"),
  parentId: z.uuid().nullable().optional(),
  /** For a sector/cluster (or its sub-sector, working group): the sector it coordinates. */
  sectorId: z.uuid().nullable().optional(),
  purpose: z.string().trim().max(4000).nullable().optional(),
  meetingFrequency: z.enum(meetingFrequencies).nullable().optional(),
  /** The terms of reference: a document of the library (of this response, visible to the writer). */
  torDocumentId: z.uuid().nullable().optional(),
  /** Terms of reference kept outside the library: an external link, shown when no document is set. */
  torUrl: z
    .url({ protocol: /^https?$/ })
    .max(1000)
    .nullable()
    .optional(),
  chairs: z.array(chairInput).max(10).default([]),
});
export type PlatformInput = z.input<typeof platformInput>;

/** Only the fields sent change. */
export const platformUpdate = platformInput
  .omit({ code: true })
  .extend({ type: z.enum(platformTypes), level: z.enum(platformLevels), chairs: z.array(chairInput).max(10) })
  .partial();
export type PlatformUpdate = z.input<typeof platformUpdate>;

export const memberInput = z.strictObject({
  /** Who represents the organisation on this platform, e.g. "Head of Office". */
  representativeRole: roleTitle.nullable(),
});

const orgRef = z.object({ id: z.uuid(), name: z.string(), acronym: z.string().nullable() });

export const platformSummary = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  type: z.enum(platformTypes),
  level: z.enum(platformLevels),
  parentId: z.uuid().nullable(),
  sectorId: z.uuid().nullable(),
  meetingFrequency: z.enum(meetingFrequencies).nullable(),
  chairs: z.array(orgRef.extend({ role: z.enum(chairRoles), roleTitle: z.string() })),
  memberCount: z.number().int(),
});
export type PlatformSummary = z.infer<typeof platformSummary>;

export const platformOutput = platformSummary.extend({
  purpose: z.string().nullable(),
  /** Null when none is set, or when the reader may not see it (a signed-in-only document). */
  torDocument: documentRef.nullable(),
  torUrl: z.string().nullable(),
  sector: z.object({ id: z.uuid(), code: z.string(), name: z.string() }).nullable(),
  parent: z.object({ id: z.uuid(), code: z.string(), name: z.string() }).nullable(),
  children: z.array(
    z.object({ id: z.uuid(), code: z.string(), name: z.string(), type: z.enum(platformTypes) }),
  ),
  members: z.array(orgRef.extend({ representativeRole: z.string().nullable() })),
  updatedAt: z.string(),
});
export type PlatformOutput = z.infer<typeof platformOutput>;

export const templateIds = ["iasc", "unct", "refugee"] as const;
export const templateSummary = z.object({
  id: z.enum(templateIds),
  name: z.string(),
  description: z.string(),
  platforms: z.number().int(),
});
export const copyTemplateResult = z.object({ created: z.number().int(), skipped: z.number().int() });

/** One organisation's row of the representation matrix: its role on each platform it sits on. */
export const representationRow = z.object({
  id: z.uuid(),
  name: z.string(),
  acronym: z.string().nullable(),
  /** Keyed by platform id. */
  seats: z.record(
    z.string(),
    z.object({ representativeRole: z.string().nullable(), chair: z.enum(chairRoles).nullable() }),
  ),
});
export type RepresentationRow = z.infer<typeof representationRow>;
