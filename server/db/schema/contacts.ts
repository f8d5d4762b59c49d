import { sql } from "drizzle-orm";
import {
  foreignKey,
  index,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { contactPlatformRoles } from "../../../common/schemas/contacts.ts";
import { users } from "./accounts.ts";
import { idColumn, responseIdColumn, timestamps } from "./columns.ts";
import { platforms } from "./platforms.ts";
import { organisations, sectors } from "./reference.ts";
import { responses } from "./tenancy.ts";

/** A person of the response's contact list: signed-in users only ever see it. */
export const contacts = pgTable(
  "contacts",
  {
    responseId: responseIdColumn().references(() => responses.id, { onDelete: "cascade" }),
    id: idColumn(),
    name: text("name").notNull(),
    organisationId: uuid("organisation_id").notNull(),
    title: text("title"),
    email: text("email").notNull(),
    /** E.164 numbers, normalised (`+8801712345678`). */
    phones: text("phones").array().notNull().default(sql`'{}'::text[]`),
    /** The person's account, when they have one; the account going leaves the contact. */
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    /** Last time the person confirmed the entry through their link; null if never. */
    confirmedAt: timestamp("confirmed_at", { withTimezone: true }),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.responseId, t.id] }),
    uniqueIndex("contacts_email_key").on(t.responseId, sql`lower(${t.email})`),
    // No cascade: an organisation with contacts is merged (which moves them), not deleted.
    foreignKey({
      columns: [t.responseId, t.organisationId],
      foreignColumns: [organisations.responseId, organisations.id],
    }),
    index("contacts_organisation_idx").on(t.responseId, t.organisationId),
  ],
);

/** The platforms a person sits on, and in what role. */
export const contactPlatforms = pgTable(
  "contact_platforms",
  {
    responseId: responseIdColumn(),
    contactId: uuid("contact_id").notNull(),
    platformId: uuid("platform_id").notNull(),
    role: text("role", { enum: contactPlatformRoles }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.responseId, t.contactId, t.platformId] }),
    foreignKey({
      columns: [t.responseId, t.contactId],
      foreignColumns: [contacts.responseId, contacts.id],
    }).onDelete("cascade"),
    foreignKey({
      columns: [t.responseId, t.platformId],
      foreignColumns: [platforms.responseId, platforms.id],
    }).onDelete("cascade"),
    index("contact_platforms_platform_idx").on(t.responseId, t.platformId),
  ],
);

/** The sectors a person works in. */
export const contactSectors = pgTable(
  "contact_sectors",
  {
    responseId: responseIdColumn(),
    contactId: uuid("contact_id").notNull(),
    sectorId: uuid("sector_id").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.responseId, t.contactId, t.sectorId] }),
    foreignKey({
      columns: [t.responseId, t.contactId],
      foreignColumns: [contacts.responseId, contacts.id],
    }).onDelete("cascade"),
    foreignKey({
      columns: [t.responseId, t.sectorId],
      foreignColumns: [sectors.responseId, sectors.id],
    }).onDelete("cascade"),
    index("contact_sectors_sector_idx").on(t.responseId, t.sectorId),
  ],
);

/** Single-use links mailed to a person to confirm their entry; only the token's SHA-256 is kept. */
export const contactConfirmations = pgTable(
  "contact_confirmations",
  {
    responseId: responseIdColumn(),
    tokenHash: text("token_hash").notNull(),
    contactId: uuid("contact_id").notNull(),
    requestedBy: uuid("requested_by").references(() => users.id, { onDelete: "set null" }),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.responseId, t.tokenHash] }),
    foreignKey({
      columns: [t.responseId, t.contactId],
      foreignColumns: [contacts.responseId, contacts.id],
    }).onDelete("cascade"),
    index("contact_confirmations_contact_idx").on(t.responseId, t.contactId),
  ],
);
