import { z } from "zod";

/** IATI OrganisationType codelist (the codes are what we store). */
export const organisationTypeLabels = {
  "10": "Government",
  "11": "Local Government",
  "15": "Other Public Sector",
  "21": "International NGO",
  "22": "National NGO",
  "23": "Regional NGO",
  "24": "Partner Country based NGO",
  "30": "Public Private Partnership",
  "40": "Multilateral",
  "60": "Foundation",
  "70": "Private Sector",
  "71": "Private Sector in Provider Country",
  "72": "Private Sector in Aid Recipient Country",
  "73": "Private Sector in Third Country",
  "80": "Academic, Training and Research",
  "90": "Other",
} as const;
export const organisationTypes = Object.keys(organisationTypeLabels) as [
  keyof typeof organisationTypeLabels,
  ...(keyof typeof organisationTypeLabels)[],
];

export const organisationInput = z.strictObject({
  name: z.string().trim().min(2).max(200),
  acronym: z.string().trim().min(1).max(30).nullable().optional(),
  type: z.enum(organisationTypes, { error: "must be an IATI organisation type code (10, 21, 22, 40, …)" }),
  iatiId: z
    .string()
    .trim()
    .regex(/^[A-Z]{2}(-[A-Za-z0-9]+)+$/, "must be an IATI organisation identifier such as XM-DAC-41121")
    .nullable()
    .optional(),
  aliases: z.array(z.string().trim().min(1).max(200)).max(30).default([]),
  parentId: z.uuid().nullable().optional(),
});
/** Only the fields sent change: no defaults here (a default `aliases: []` would wipe the aliases). */
export const organisationUpdate = organisationInput
  .extend({ aliases: z.array(z.string().trim().min(1).max(200)).max(30) })
  .partial();
export type OrganisationInput = z.input<typeof organisationInput>;

export const organisationOutput = z.object({
  id: z.uuid(),
  name: z.string(),
  acronym: z.string().nullable(),
  type: z.enum(organisationTypes),
  iatiId: z.string().nullable(),
  aliases: z.array(z.string()),
  parentId: z.uuid().nullable(),
  mergedIntoId: z.uuid().nullable(),
  updatedAt: z.string(),
});
export type OrganisationOutput = z.infer<typeof organisationOutput>;

export const organisationMerge = z.strictObject({
  /** The organisation that survives; the one in the URL is merged into it. */
  intoId: z.uuid(),
});
