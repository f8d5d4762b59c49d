import {
  bigint,
  date,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { documentTypes, documentVisibilities } from "../../../common/schemas/documents.ts";
import { users } from "./accounts.ts";
import { idColumn, responseIdColumn, timestamps } from "./columns.ts";
import { platforms } from "./platforms.ts";
import { locations, organisations, sectors } from "./reference.ts";
import { responses } from "./tenancy.ts";

/** A document of the library: its metadata. The files are its versions. */
export const documents = pgTable(
  "documents",
  {
    responseId: responseIdColumn().references(() => responses.id, { onDelete: "cascade" }),
    id: idColumn(),
    title: text("title").notNull(),
    type: text("type", { enum: documentTypes }).notNull(),
    documentDate: date("document_date"),
    language: text("language").notNull().default("en"),
    visibility: text("visibility", { enum: documentVisibilities }).notNull().default("public"),
    description: text("description"),
    /** The coordination platform it belongs to (terms of reference, minutes), if any. */
    platformId: uuid("platform_id"),
    currentVersion: integer("current_version").notNull().default(1),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.responseId, t.id] }),
    // No ON DELETE action: a composite SET NULL would clear response_id too; the platform
    // delete is refused while a document names it (409), so the link is removed first.
    foreignKey({
      columns: [t.responseId, t.platformId],
      foreignColumns: [platforms.responseId, platforms.id],
    }),
    index("documents_date_idx").on(t.responseId, t.documentDate),
  ],
);

/** Every file a document has had: a new upload adds a version and keeps the old ones. */
export const documentVersions = pgTable(
  "document_versions",
  {
    responseId: responseIdColumn(),
    documentId: uuid("document_id").notNull(),
    version: integer("version").notNull(),
    /** Where the file store keeps the bytes. */
    fileKey: text("file_key").notNull(),
    fileName: text("file_name").notNull(),
    /** Detected from the content, never taken from the name or the browser. */
    contentType: text("content_type").notNull(),
    size: bigint("size", { mode: "number" }).notNull(),
    sha256: text("sha256").notNull(),
    /** The file's words for search (plain text, CSV, PDF), capped; null when none could be read. */
    extractedText: text("extracted_text"),
    note: text("note"),
    uploadedBy: uuid("uploaded_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.responseId, t.documentId, t.version] }),
    foreignKey({
      columns: [t.responseId, t.documentId],
      foreignColumns: [documents.responseId, documents.id],
    }).onDelete("cascade"),
  ],
);

const link = <N extends string>(
  name: N,
  column: string,
  target: typeof sectors | typeof locations | typeof organisations,
) =>
  pgTable(
    name,
    {
      responseId: responseIdColumn(),
      documentId: uuid("document_id").notNull(),
      targetId: uuid(column).notNull(),
    },
    (t) => [
      primaryKey({ columns: [t.responseId, t.documentId, t.targetId] }),
      foreignKey({
        columns: [t.responseId, t.documentId],
        foreignColumns: [documents.responseId, documents.id],
      }).onDelete("cascade"),
      foreignKey({
        columns: [t.responseId, t.targetId],
        foreignColumns: [target.responseId, target.id],
      }).onDelete("cascade"),
      index(`${name}_target_idx`).on(t.responseId, t.targetId),
    ],
  );

/** The sectors, locations and organisations a document is about (filters of the library). */
export const documentSectors = link("document_sectors", "sector_id", sectors);
export const documentLocations = link("document_locations", "location_id", locations);
export const documentOrganisations = link("document_organisations", "organisation_id", organisations);
