import { z } from "zod";
import { isoDate } from "./responses.ts";

export const siteTypes = ["camp", "informal_settlement", "idp_site", "host_community_village"] as const;
export const locationKinds = ["admin", "site"] as const;

export const locationCode = z
  .string()
  .trim()
  .min(2)
  .max(40)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, "use letters, digits, '-', '_' or '.'");

const namesSchema = z.record(
  z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]+)*$/, "keys must be language tags such as bn or my"),
  z.string().trim().min(1).max(200),
);

export const locationInput = z
  .strictObject({
    code: locationCode,
    name: z.string().trim().min(1).max(200),
    names: namesSchema.default({}),
    kind: z.enum(locationKinds),
    /** Admin level 0–4; a site's level is set from its parent. */
    level: z.number().int().min(0).max(4).optional(),
    siteType: z.enum(siteTypes).nullable().optional(),
    parentCode: locationCode.nullable().optional(),
    lat: z.number().min(-90).max(90).nullable().optional(),
    lon: z.number().min(-180).max(180).nullable().optional(),
    validFrom: isoDate.optional(),
    validTo: isoDate.nullable().optional(),
    sensitive: z.boolean().default(false),
  })
  .superRefine((v, ctx) => {
    if (v.kind === "admin" && v.level === undefined) {
      ctx.addIssue({ code: "custom", path: ["level"], message: "an admin area needs a level from 0 to 4" });
    }
    if (v.kind === "site" && !v.siteType) {
      ctx.addIssue({ code: "custom", path: ["siteType"], message: "a site needs a site type" });
    }
    if (v.kind === "site" && !v.parentCode) {
      ctx.addIssue({ code: "custom", path: ["parentCode"], message: "a site must belong to an admin area" });
    }
    if ((v.lat == null) !== (v.lon == null)) {
      ctx.addIssue({ code: "custom", path: ["lat"], message: "give both lat and lon, or neither" });
    }
    if (v.validFrom && v.validTo && v.validTo < v.validFrom) {
      ctx.addIssue({ code: "custom", path: ["validTo"], message: "must not be before validFrom" });
    }
  });

export type LocationInput = z.input<typeof locationInput>;

export const locationOutput = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  names: z.record(z.string(), z.string()),
  kind: z.enum(locationKinds),
  level: z.number(),
  siteType: z.enum(siteTypes).nullable(),
  parentId: z.uuid().nullable(),
  parentCode: z.string().nullable(),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
  hasGeometry: z.boolean(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  sensitive: z.boolean(),
  childCount: z.number(),
});
export type LocationOutput = z.infer<typeof locationOutput>;

/** One problem found while validating an import, located by row (or feature) and column. */
export const importIssue = z.object({
  row: z.number().nullable(),
  column: z.string().nullable(),
  severity: z.enum(["error", "warning"]),
  code: z.string(),
  value: z.string().nullable(),
  message: z.string(),
});
export type ImportIssue = z.infer<typeof importIssue>;

export const locationImportReport = z.object({
  rows: z.number(),
  valid: z.number(),
  invalid: z.number(),
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  dryRun: z.boolean(),
  issues: z.array(importIssue),
});
export type LocationImportReport = z.infer<typeof locationImportReport>;
