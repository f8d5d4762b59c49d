import { z } from "zod";
import { isoDate } from "./responses.ts";

const people = z.number().int("must be a whole number").min(0, "must be 0 or more").max(100_000_000);

export const roundInput = z.strictObject({
  code: z
    .string()
    .trim()
    .min(1)
    .max(30)
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, "use letters, digits, '.', '-' or '_'"),
  name: z.string().trim().min(2).max(200),
  assessedOn: isoDate,
});
export type RoundInput = z.infer<typeof roundInput>;

export const roundOutput = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  assessedOn: z.string(),
  sites: z.number().int(),
  /** Null when withheld from the public (a small count). */
  individuals: z.number().int().nullable(),
});
export type RoundOutput = z.infer<typeof roundOutput>;

export const roundPatch = z.strictObject({
  code: roundInput.shape.code.optional(),
  name: roundInput.shape.name.optional(),
  assessedOn: isoDate.optional(),
});

const locationRef = z.object({ id: z.uuid(), code: z.string(), name: z.string() });

/** A population row as read back; people figures are null when withheld from the public. */
export const populationOutput = z.object({
  id: z.uuid(),
  location: locationRef.extend({ kind: z.string(), level: z.number().int() }),
  populationGroup: z.object({ id: z.uuid(), code: z.string(), name: z.string() }).nullable(),
  households: z.number().int().nullable(),
  individuals: z.number().int().nullable(),
  women: z.number().int().nullable(),
  men: z.number().int().nullable(),
  girls: z.number().int().nullable(),
  boys: z.number().int().nullable(),
  elderly: z.number().int().nullable(),
  suppressed: z.boolean(),
});
export type PopulationOutput = z.infer<typeof populationOutput>;

export const populationList = z.object({
  round: z.object({ code: z.string(), name: z.string(), assessedOn: z.string() }),
  items: z.array(populationOutput),
  /** Sums of the rows listed, counting withheld rows as nothing; null when a row was withheld. */
  total: z.object({ households: z.number().int(), individuals: z.number().int() }).nullable(),
});

export const severityOutput = z.object({
  id: z.uuid(),
  location: locationRef,
  sector: locationRef,
  severity: z.number().int(),
  priorityNeeds: z.array(z.string()),
});
export type SeverityOutput = z.infer<typeof severityOutput>;

export const roundDataResult = z.object({
  population: z.object({ created: z.number().int(), updated: z.number().int(), unchanged: z.number().int() }),
  severity: z.object({ created: z.number().int(), updated: z.number().int(), unchanged: z.number().int() }),
});
export type RoundDataResult = z.infer<typeof roundDataResult>;

/** A site's (or an admin area's) population in one round, with its sex and age breakdown. */
export const populationInput = z
  .strictObject({
    locationId: z.uuid(),
    populationGroupId: z.uuid().nullable().optional(),
    households: people.nullable().optional(),
    individuals: people,
    women: people.nullable().optional(),
    men: people.nullable().optional(),
    girls: people.nullable().optional(),
    boys: people.nullable().optional(),
    elderly: people.nullable().optional(),
  })
  .superRefine((p, ctx) => {
    const parts = [p.women, p.men, p.girls, p.boys].filter((v): v is number => v != null);
    const sum = parts.reduce((a, b) => a + b, 0);
    if (sum > p.individuals)
      ctx.addIssue({
        code: "custom",
        path: ["individuals"],
        message: `women, men, girls and boys add up to ${sum}, more than the ${p.individuals} individuals`,
      });
    if (p.households != null && p.households > p.individuals)
      ctx.addIssue({ code: "custom", path: ["households"], message: "more households than individuals" });
  });
export type PopulationInput = z.infer<typeof populationInput>;

export const severityInput = z.strictObject({
  locationId: z.uuid(),
  sectorId: z.uuid(),
  severity: z.number().int().min(1, "severity is 1 to 5").max(5, "severity is 1 to 5"),
  priorityNeeds: z.array(z.string().trim().min(1).max(120)).max(10).default([]),
});
export type SeverityInput = z.infer<typeof severityInput>;

export const roundDataInput = z.strictObject({
  population: z.array(populationInput).max(20_000).default([]),
  severity: z.array(severityInput).max(20_000).default([]),
});

export const flowInput = z
  .strictObject({
    originLocationId: z.uuid(),
    destinationLocationId: z.uuid(),
    people,
    periodStart: isoDate,
    periodEnd: isoDate,
    reason: z.string().trim().max(200).nullable().optional(),
  })
  .refine((f) => f.periodEnd >= f.periodStart, { path: ["periodEnd"], message: "ends before it starts" })
  .refine((f) => f.originLocationId !== f.destinationLocationId, {
    path: ["destinationLocationId"],
    message: "the destination is the origin",
  });
export type FlowInput = z.infer<typeof flowInput>;
export const flowsInput = z.strictObject({ flows: z.array(flowInput).min(1).max(10_000) });

export const flowOutput = z.object({
  id: z.uuid(),
  origin: z.object({ id: z.uuid(), code: z.string(), name: z.string() }),
  destination: z.object({ id: z.uuid(), code: z.string(), name: z.string() }),
  people: z.number().int().nullable(),
  periodStart: z.string(),
  periodEnd: z.string(),
  reason: z.string().nullable(),
  suppressed: z.boolean(),
});
