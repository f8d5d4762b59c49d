import { z } from "zod";
import { roleNames } from "../permissions.ts";

export const email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: "must be an e-mail address" }))
  .pipe(z.string().max(254));
/** At least 12 characters: length beats composition rules (NIST SP 800-63B). */
export const password = z.string().min(12, "must be at least 12 characters").max(200);

export const loginInput = z.strictObject({ email, password: z.string().min(1).max(200) });

export const roleAssignmentInput = z.strictObject({
  responseSlug: z.string().min(1),
  role: z.enum(roleNames),
  sectorId: z.uuid().nullable().optional(),
  organisationId: z.uuid().nullable().optional(),
});

export const userInput = z.strictObject({
  email,
  name: z.string().trim().min(1).max(200),
  password: password.optional(),
  isAdmin: z.boolean().default(false),
  locale: z.enum(["en", "bn", "my"]).default("en"),
  roles: z.array(roleAssignmentInput).max(50).default([]),
});
export const userUpdate = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  isAdmin: z.boolean().optional(),
  disabled: z.boolean().optional(),
  locale: z.enum(["en", "bn", "my"]).optional(),
  roles: z.array(roleAssignmentInput).max(50).optional(),
});

export const roleOutput = z.object({
  responseId: z.uuid(),
  responseSlug: z.string(),
  role: z.enum(roleNames),
  sectorId: z.uuid().nullable(),
  organisationId: z.uuid().nullable(),
});

export const userOutput = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  isAdmin: z.boolean(),
  locale: z.string(),
  disabled: z.boolean(),
  roles: z.array(roleOutput),
});
export type UserOutput = z.infer<typeof userOutput>;
