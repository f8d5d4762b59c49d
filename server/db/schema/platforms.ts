import { sql } from "drizzle-orm";
import {
  foreignKey,
  index,
  type PgTableExtraConfigValue,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import {
  chairRoles,
  meetingFrequencies,
  platformLevels,
  platformTypes,
} from "../../../common/schemas/platforms.ts";
import { idColumn, responseIdColumn, timestamps } from "./columns.ts";
// documents.ts imports this file too: the cycle is safe because drizzle reads a foreign key's
// columns lazily (in the table's config callback), after both modules have loaded.
import { documents } from "./documents.ts";
import { organisations, sectors } from "./reference.ts";
import { responses } from "./tenancy.ts";

/** A coordination body of a response (HCT, ISCG, a sector, a working group, …), in one tree. */
export const platforms = pgTable(
  "platforms",
  {
    responseId: responseIdColumn().references(() => responses.id, { onDelete: "cascade" }),
    id: idColumn(),
    code: text("code").notNull(),
    name: text("name").notNull(),
    type: text("type", { enum: platformTypes }).notNull(),
    level: text("level", { enum: platformLevels }).notNull().default("national"),
    parentId: uuid("parent_id"),
    /** The sector a sector/cluster platform coordinates; its coordinators may edit the platform. */
    sectorId: uuid("sector_id"),
    purpose: text("purpose"),
    meetingFrequency: text("meeting_frequency", { enum: meetingFrequencies }),
    /** The terms of reference: a document of the library. */
    torDocumentId: uuid("tor_document_id"),
    /** Terms of reference kept outside the library (an external link), the fallback. */
    torUrl: text("tor_url"),
    ...timestamps(),
  },
  // Typed, so TypeScript need not infer it through documents, whose type refers back to this table.
  (t): PgTableExtraConfigValue[] => [
    primaryKey({ columns: [t.responseId, t.id] }),
    uniqueIndex("platforms_code_key").on(t.responseId, t.code),
    uniqueIndex("platforms_name_key").on(t.responseId, sql`lower(${t.name})`),
    foreignKey({ columns: [t.responseId, t.parentId], foreignColumns: [t.responseId, t.id] }),
    // No ON DELETE action: a composite SET NULL would clear response_id too, so deleting a
    // sector unlinks its platforms first (sectors.service).
    foreignKey({ columns: [t.responseId, t.sectorId], foreignColumns: [sectors.responseId, sectors.id] }),
    // No ON DELETE action either: deleting a document that is a platform's terms of reference is
    // refused with a message naming the platform (documents.service), so the link is changed first.
    foreignKey({
      columns: [t.responseId, t.torDocumentId],
      foreignColumns: [documents.responseId, documents.id],
    }),
    index("platforms_parent_idx").on(t.responseId, t.parentId),
  ],
);

/** Chair and co-chairs: an organisation and the role that chairs for it. */
export const platformChairs = pgTable(
  "platform_chairs",
  {
    responseId: responseIdColumn(),
    platformId: uuid("platform_id").notNull(),
    organisationId: uuid("organisation_id").notNull(),
    role: text("role", { enum: chairRoles }).notNull(),
    roleTitle: text("role_title").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.responseId, t.platformId, t.organisationId] }),
    foreignKey({
      columns: [t.responseId, t.platformId],
      foreignColumns: [platforms.responseId, platforms.id],
    }).onDelete("cascade"),
    foreignKey({
      columns: [t.responseId, t.organisationId],
      foreignColumns: [organisations.responseId, organisations.id],
    }).onDelete("cascade"),
  ],
);

/** Member organisations and the role that represents each ("where must we be, and who goes"). */
export const platformMembers = pgTable(
  "platform_members",
  {
    responseId: responseIdColumn(),
    platformId: uuid("platform_id").notNull(),
    organisationId: uuid("organisation_id").notNull(),
    representativeRole: text("representative_role"),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.responseId, t.platformId, t.organisationId] }),
    foreignKey({
      columns: [t.responseId, t.platformId],
      foreignColumns: [platforms.responseId, platforms.id],
    }).onDelete("cascade"),
    foreignKey({
      columns: [t.responseId, t.organisationId],
      foreignColumns: [organisations.responseId, organisations.id],
    }).onDelete("cascade"),
    index("platform_members_organisation_idx").on(t.responseId, t.organisationId),
  ],
);
