import { z } from "zod";

export const sectorKinds = ["sector", "sub_sector", "working_group"] as const;
export const disaggregations = ["none", "sex", "sex_age"] as const;

export const sectorCode = z
  .string()
  .trim()
  .min(2)
  .max(30)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, "use letters, digits, '-' or '_'");

export const sectorInput = z.strictObject({
  code: sectorCode,
  name: z.string().trim().min(2).max(200),
  kind: z.enum(sectorKinds).default("sector"),
  parentId: z.uuid().nullable().optional(),
  leadIds: z.array(z.uuid()).max(10).default([]),
  coLeadIds: z.array(z.uuid()).max(10).default([]),
});
/** Only the fields sent change: no defaults here (they would reset the kind and drop the leads). */
export const sectorUpdate = sectorInput
  .omit({ code: true })
  .extend({
    kind: z.enum(sectorKinds),
    leadIds: z.array(z.uuid()).max(10),
    coLeadIds: z.array(z.uuid()).max(10),
  })
  .partial();
export type SectorInput = z.input<typeof sectorInput>;

export const activityTypeInput = z.strictObject({
  code: sectorCode,
  name: z.string().trim().min(2).max(300),
});

export const indicatorInput = z.strictObject({
  code: sectorCode,
  name: z.string().trim().min(2).max(300),
  unit: z.string().trim().min(1).max(50),
  disaggregation: z.enum(disaggregations).default("none"),
});

export const populationGroupInput = z.strictObject({
  code: sectorCode,
  name: z.string().trim().min(2).max(200),
});

const orgRef = z.object({ id: z.uuid(), name: z.string(), acronym: z.string().nullable() });

export const sectorOutput = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(sectorKinds),
  parentId: z.uuid().nullable(),
  leads: z.array(orgRef),
  coLeads: z.array(orgRef),
  activityTypes: z.array(z.object({ id: z.uuid(), code: z.string(), name: z.string() })),
  indicators: z.array(
    z.object({
      id: z.uuid(),
      code: z.string(),
      name: z.string(),
      unit: z.string(),
      disaggregation: z.enum(disaggregations),
    }),
  ),
});
export type SectorOutput = z.infer<typeof sectorOutput>;
