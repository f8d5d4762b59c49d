import { z } from "zod";

/** A calendar date written YYYY-MM-DD, in the years a humanitarian record can have (1900–2100). */
export const isoDate = z.iso
  .date({ error: "must be a date written YYYY-MM-DD" })
  .refine((value) => value >= "1900-01-01" && value <= "2100-12-31", "must be between 1900 and 2100");
export const slugSchema = z
  .string()
  .min(2)
  .max(60)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "use lower-case letters, digits and single hyphens");

/** A response (the tenant) as the API writes it. */
export const responseInput = z.strictObject({
  slug: slugSchema,
  name: z.string().trim().min(3).max(200),
  countryIso3: z.string().regex(/^[A-Z]{3}$/, "must be an ISO 3166-1 alpha-3 code such as BGD"),
  languages: z
    .array(z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]+)*$/, "must be a language tag such as en, bn or my"))
    .min(1)
    .max(10),
  startsOn: isoDate,
  endsOn: isoDate.nullable().optional(),
});
export const responseUpdate = responseInput.omit({ slug: true }).partial();

export const responseOutput = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  countryIso3: z.string(),
  languages: z.array(z.string()),
  startsOn: z.string(),
  endsOn: z.string().nullable(),
});

export type ResponseInput = z.infer<typeof responseInput>;
export type ResponseOutput = z.infer<typeof responseOutput>;

export const responseSummary = responseOutput.extend({
  counts: z.object({
    locations: z.number(),
    sites: z.number(),
    organisations: z.number(),
    sectors: z.number(),
  }),
});
export type ResponseSummary = z.infer<typeof responseSummary>;
