import { z } from "zod";

/**
 * 4W imports as the API and the web app share them: the fields a column can fill, the
 * validation report, an uploaded file's preview, and an import job with its progress.
 */

/** A record's own values: what the API, the import and the export carry as they are. */
export const valueFields = [
  "status",
  "startDate",
  "endDate",
  "reportingMonth",
  "quantity",
  "unit",
  "reachedTotal",
  "women",
  "men",
  "girls",
  "boys",
  "elderly",
  "personsWithDisabilities",
  "modality",
  "notes",
  "externalId",
] as const;

/** The fields an import column can fill. */
export const importFields = [
  "reportingOrg",
  "implementingOrg",
  "donors",
  "sector",
  "subSector",
  "activityType",
  "activityName",
  "indicator",
  "locationCode",
  "locationName",
  /**
   * Admin areas (HXL #adm1…#adm4, or headers such as District and Upazila) by code or name: the
   * most specific one is the location when no location column is given, the others the areas
   * it lies in.
   */
  "adm1Code",
  "adm1Name",
  "adm2Code",
  "adm2Name",
  "adm3Code",
  "adm3Name",
  "adm4Code",
  "adm4Name",
  /** The area the location lies in, at any level (a "Parent" column): a name is looked up within it. */
  "parentCode",
  "parentName",
  "populationGroup",
  ...valueFields,
  /** Read from exports but never imported: review goes through the review workflow. */
  "reviewState",
] as const;
export type ImportField = (typeof importFields)[number];

/** The code of the last issue of a report that left issues out; its value is how many. */
export const issuesOmittedCode = "ISSUES_OMITTED";

export const importIssue = z.object({
  row: z
    .number()
    .nullable()
    .describe(
      "The file's line (a header problem names the header or hashtag line); null only for ISSUES_OMITTED and for a refused file whose reader names no line.",
    ),
  column: z.string().nullable(),
  severity: z.enum(["error", "warning"]),
  code: z.string(),
  value: z.string().nullable(),
  message: z.string(),
});

export const activityImportReport = z.object({
  rows: z.number(),
  valid: z.number(),
  invalid: z.number(),
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  hashtagRow: z.number().nullable(),
  columns: z.array(
    z.object({ header: z.string().nullable(), hashtag: z.string().nullable(), field: z.string().nullable() }),
  ),
  issues: z
    .array(importIssue)
    .describe(
      "The first 10,000 issues by row; when there are more, a last issue with code ISSUES_OMITTED and the number left out as its value.",
    ),
});

/** Header text or 0-based column index → field, or "ignore". */
export const importMapping = z
  .record(z.string().max(200), z.enum([...importFields, "ignore"]))
  .describe(
    'Header text or 0-based column index → field, or "ignore". A key made of digits is a column index (a header such as "2024" is mapped by its index).',
  );

export const importProgress = z.object({
  phase: z.enum(["reading", "writing", "done"]),
  rowsRead: z.number(),
  valid: z.number(),
  invalid: z.number(),
  written: z.number(),
  toWrite: z.number(),
  /** Bytes of the file read so far. */
  bytesRead: z.number().optional(),
});

export const importStates = ["uploaded", "running", "validated", "imported", "failed"] as const;

export const importView = z.object({
  id: z.string(),
  fileName: z.string(),
  fileSize: z.number(),
  format: z.string(),
  organisationId: z.string().nullable(),
  state: z.enum(importStates),
  dryRun: z.boolean(),
  /** 0–1: through the file while reading (70%), then through the writes. */
  fraction: z.number(),
  progress: importProgress.nullable(),
  report: activityImportReport.nullable(),
  error: z
    .object({
      code: z.string(),
      message: z.string(),
      details: z.array(z.object({ path: z.string(), message: z.string() })),
    })
    .nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});

export const importPreview = z.object({
  format: z.string(),
  sheets: z.array(z.string()),
  sheet: z.string().nullable(),
  hashtagRow: z.number().nullable(),
  headerRow: z.number().nullable(),
  savedMappingUsed: z.boolean(),
  columns: z.array(
    z.object({
      index: z.number(),
      header: z.string().nullable(),
      hashtag: z.string().nullable(),
      field: z.string().nullable(),
      samples: z.array(z.string()),
    }),
  ),
  missing: z.array(z.object({ field: z.string(), message: z.string() })),
  issues: z
    .array(importIssue)
    .describe(
      "Warnings about the header: unknown, rejected (legacy) or malformed hashtags, and columns that fill no field or a field another column fills. The columns are kept.",
    ),
});

export const importRunBody = z.strictObject({
  dryRun: z.boolean(),
  mode: z.enum(["all", "valid-only"]).default("all"),
  dateFormat: z.enum(["DMY", "MDY"]).optional(),
  sheet: z.string().trim().min(1).max(100).optional(),
  mapping: importMapping.optional(),
  saveMapping: z.boolean().default(false).describe("Remember the mapping for the import's organisation."),
  submit: z
    .boolean()
    .default(false)
    .describe("Submit the records written for review (new records, and drafts or rejected ones updated)."),
});

export type ImportView = z.infer<typeof importView>;
export type ImportPreview = z.infer<typeof importPreview>;
export type ImportReport = z.infer<typeof activityImportReport>;
export type ImportIssueView = z.infer<typeof importIssue>;
export type ImportRunBody = z.input<typeof importRunBody>;
export type ImportMappingInput = z.infer<typeof importMapping>;
