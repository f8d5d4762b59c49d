import { z } from "zod";
import { email } from "./users.ts";

/** The part a person plays on a coordination platform. */
export const contactPlatformRoles = [
  "chair",
  "co_chair",
  "member_representative",
  "alternate",
  "focal_point",
  "secretariat",
  "observer",
] as const;
export type ContactPlatformRole = (typeof contactPlatformRoles)[number];

/** Entries not confirmed for this many months are flagged stale. */
export const staleAfterMonths = 6;
/** A confirmation link works for this many days, once. */
export const confirmationDays = 14;

/** The moment before which an entry's last confirmation (or creation) makes it stale. */
export function staleBefore(now: Date): Date {
  const cut = new Date(now);
  cut.setUTCMonth(cut.getUTCMonth() - staleAfterMonths);
  return cut;
}

/** Stale: confirmed before the cut, or never confirmed and created before it. */
export function isStale(entry: { confirmedAt: Date | null; createdAt: Date }, now: Date): boolean {
  return (entry.confirmedAt ?? entry.createdAt).getTime() < staleBefore(now).getTime();
}

const phoneMessage = "use the international format: + then country code and number, e.g. +880 1712 345678";

/**
 * A phone number in E.164 shape (+, country code, up to 15 digits). Spaces, dots, dashes and
 * brackets are accepted for readability and dropped, so `+880 1712-345678` is kept as `+8801712345678`.
 */
export const phone = z
  .string()
  .trim()
  .max(30, phoneMessage)
  .transform((value) => value.replace(/[\s().-]/g, ""))
  .pipe(z.string().regex(/^\+[1-9]\d{6,14}$/, phoneMessage));

export const contactPlatformInput = z.strictObject({
  platformId: z.uuid(),
  role: z.enum(contactPlatformRoles),
});

export const contactInput = z.strictObject({
  name: z.string().trim().min(2).max(200),
  organisationId: z.uuid(),
  title: z.string().trim().min(2).max(200).nullable().optional(),
  email,
  phones: z.array(phone).max(5).default([]),
  platforms: z.array(contactPlatformInput).max(50).default([]),
  sectorIds: z.array(z.uuid()).max(50).default([]),
  /** The person's account in the portal, when they have one. */
  userId: z.uuid().nullable().optional(),
});
export type ContactInput = z.input<typeof contactInput>;

/** Only the fields sent change: no defaults (a default `phones: []` would wipe the phones). */
export const contactUpdate = z
  .strictObject({
    name: z.string().trim().min(2).max(200),
    organisationId: z.uuid(),
    title: z.string().trim().min(2).max(200).nullable(),
    email,
    phones: z.array(phone).max(5),
    platforms: z.array(contactPlatformInput).max(50),
    sectorIds: z.array(z.uuid()).max(50),
    userId: z.uuid().nullable(),
  })
  .partial();
export type ContactUpdate = z.input<typeof contactUpdate>;

export const contactFilters = z.object({
  organisation: z.uuid().optional(),
  platform: z.uuid().optional(),
  sector: z.uuid().optional(),
  chairs: z
    .enum(["true"])
    .optional()
    .describe("true: only people who chair or co-chair a platform (a sector's coordinators, for one)."),
  stale: z
    .enum(["true", "false"])
    .optional()
    .describe("true: only entries not confirmed for six months; false: only fresh ones."),
});

export const contactOutput = z.object({
  id: z.uuid(),
  name: z.string(),
  title: z.string().nullable(),
  email: z.string(),
  phones: z.array(z.string()),
  organisation: z.object({ id: z.uuid(), name: z.string(), acronym: z.string().nullable() }),
  platforms: z.array(
    z.object({
      id: z.uuid(),
      code: z.string(),
      name: z.string(),
      role: z.enum(contactPlatformRoles),
      /** The sector the platform coordinates, if any. */
      sectorId: z.uuid().nullable(),
    }),
  ),
  sectors: z.array(z.object({ id: z.uuid(), code: z.string(), name: z.string() })),
  userId: z.uuid().nullable(),
  confirmedAt: z.string().nullable(),
  /** When a confirmation was last asked for (null if never). */
  confirmationRequestedAt: z.string().nullable(),
  stale: z.boolean(),
  /** Whether the signed-in user may change or delete this entry (the server still checks). */
  canEdit: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ContactOutput = z.infer<typeof contactOutput>;

export const contactList = z.object({
  items: z.array(contactOutput),
  nextCursor: z.string().nullable(),
  /** All entries matching the filters, and how many of them are stale. */
  total: z.number().int(),
  staleCount: z.number().int(),
});
export type ContactList = z.infer<typeof contactList>;

export const requestConfirmationInput = z.strictObject({
  ids: z.array(z.uuid()).min(1).max(200),
});
export const requestConfirmationResult = z.object({
  /** Messages sent. */
  requested: z.number().int(),
  /** Addresses whose message could not be sent (the mail server refused or was down). */
  failed: z.array(z.string()),
});

/** The secret of a confirmation link. */
export const confirmationToken = z.string().trim().min(20).max(200);

/** What the person sees on the public confirmation page. */
export const confirmationView = z.object({
  name: z.string(),
  title: z.string().nullable(),
  email: z.string(),
  phones: z.array(z.string()),
  organisation: z.string(),
  platforms: z.array(z.object({ name: z.string(), role: z.enum(contactPlatformRoles) })),
  responseName: z.string(),
  expiresAt: z.string(),
});
export type ConfirmationView = z.infer<typeof confirmationView>;

/** The person confirms, correcting what is wrong; fields left out stay as they are. */
export const confirmationInput = z.strictObject({
  token: confirmationToken,
  name: z.string().trim().min(2).max(200).optional(),
  title: z.string().trim().min(2).max(200).nullable().optional(),
  email: email.optional(),
  phones: z.array(phone).max(5).optional(),
});
export type ConfirmationInput = z.input<typeof confirmationInput>;
