import { z } from "zod";

/** Kinds of document in a response's library. */
export const documentTypes = [
  "situation_report",
  "assessment",
  "plan",
  "minutes",
  /** A platform's mandate: its terms of reference (a platform points at its current one). */
  "terms_of_reference",
  "map",
  "infographic",
  "guidance",
  "tool",
  "other",
] as const;
export type DocumentType = (typeof documentTypes)[number];

/** `public`: anyone, signed out too; `signed_in`: only people with a role in the response. */
export const documentVisibilities = ["public", "signed_in"] as const;
export type DocumentVisibility = (typeof documentVisibilities)[number];

/** A language tag such as `en`, `bn`, `my` or `rhg`. */
export const languageTag = z
  .string()
  .trim()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, "a language tag such as en, bn or my");

const isoDate = z.iso.date();
const ids = z.array(z.uuid()).max(50);

export const documentInput = z.strictObject({
  title: z.string().trim().min(2).max(300),
  type: z.enum(documentTypes),
  /** The date the document is of (a situation report's reporting date), not its upload. */
  documentDate: isoDate.nullable().optional(),
  language: languageTag.default("en"),
  visibility: z.enum(documentVisibilities).default("public"),
  description: z.string().trim().max(4000).nullable().optional(),
  platformId: z.uuid().nullable().optional(),
  sectorIds: ids.default([]),
  locationIds: ids.default([]),
  organisationIds: ids.default([]),
});
export type DocumentInput = z.input<typeof documentInput>;

/** Only the fields sent change. */
export const documentUpdate = z
  .strictObject({
    title: z.string().trim().min(2).max(300),
    type: z.enum(documentTypes),
    documentDate: isoDate.nullable(),
    language: languageTag,
    visibility: z.enum(documentVisibilities),
    description: z.string().trim().max(4000).nullable(),
    platformId: z.uuid().nullable(),
    sectorIds: ids,
    locationIds: ids,
    organisationIds: ids,
  })
  .partial();
export type DocumentUpdate = z.input<typeof documentUpdate>;

export const documentQuery = z.object({
  q: z.string().trim().max(200).optional().describe("Words in the title or description."),
  type: z.enum(documentTypes).optional(),
  sector: z.string().max(40).optional().describe("A sector code (its sub-sectors included)."),
  location: z.uuid().optional(),
  organisation: z.uuid().optional(),
  language: languageTag.optional(),
  from: isoDate.optional().describe("Documents dated on or after this day."),
  to: isoDate.optional().describe("Documents dated on or before this day."),
  platform: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type DocumentQuery = z.infer<typeof documentQuery>;

const ref = z.object({ id: z.uuid(), name: z.string() });

export const documentVersionOutput = z.object({
  version: z.number().int(),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  note: z.string().nullable(),
  uploadedBy: z.string().nullable(),
  createdAt: z.string(),
});
export type DocumentVersionOutput = z.infer<typeof documentVersionOutput>;

export const documentOutput = z.object({
  id: z.uuid(),
  title: z.string(),
  type: z.enum(documentTypes),
  documentDate: z.string().nullable(),
  language: z.string(),
  visibility: z.enum(documentVisibilities),
  description: z.string().nullable(),
  platform: ref.nullable(),
  sectors: z.array(ref.extend({ code: z.string() })),
  locations: z.array(ref.extend({ code: z.string() })),
  organisations: z.array(ref.extend({ acronym: z.string().nullable() })),
  currentVersion: documentVersionOutput,
  versionCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type DocumentOutput = z.infer<typeof documentOutput>;

/**
 * A document another record links to (a platform's terms of reference, an event's agenda or
 * minutes): enough to show a link to its page. Null where the reader may not see the document.
 */
export const documentRef = z.object({ id: z.uuid(), title: z.string() });
export type DocumentRef = z.infer<typeof documentRef>;

export const documentList = z.object({ items: z.array(documentOutput), total: z.number().int() });
export type DocumentList = z.infer<typeof documentList>;
