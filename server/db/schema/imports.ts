import {
  bigint,
  boolean,
  foreignKey,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { importStates } from "../../../common/schemas/activity-imports.ts";
import { users } from "./accounts.ts";
import { idColumn, responseIdColumn, timestamps } from "./columns.ts";
import { organisations } from "./reference.ts";
import { responses } from "./tenancy.ts";

export type ImportState = (typeof importStates)[number];

/**
 * An uploaded 4W file and what was done with it: checked (dry run), imported, or failed. The file
 * itself is kept on disk (DATA_DIR/imports) so it can be checked again with another mapping, and
 * returned annotated with its issues.
 */
export const activityImports = pgTable(
  "activity_imports",
  {
    responseId: responseIdColumn().references(() => responses.id, { onDelete: "cascade" }),
    id: idColumn(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    /** The organisation the file reports for, whose saved column mapping applies. */
    organisationId: uuid("organisation_id"),
    fileName: text("file_name").notNull(),
    fileSize: bigint("file_size", { mode: "number" }).notNull(),
    /** "csv" or "xlsx", found from the content. */
    format: text("format").notNull(),
    state: text("state", { enum: importStates }).notNull().default("uploaded"),
    /** Whether the last run was a dry run. */
    dryRun: boolean("dry_run").notNull().default(true),
    /** The options of the last run (mode, date format, sheet, mapping). */
    options: jsonb("options").notNull().default({}),
    /** The last progress written (a running import's live progress is in memory). */
    progress: jsonb("progress"),
    /** The report of the last finished run. */
    report: jsonb("report"),
    /** Why the last run failed: `{ code, message, details }`. */
    error: jsonb("error"),
    ...timestamps(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.responseId, t.id] }),
    index("activity_imports_created_by_idx").on(t.responseId, t.createdBy, t.createdAt),
    foreignKey({
      columns: [t.responseId, t.organisationId],
      foreignColumns: [organisations.responseId, organisations.id],
    }),
  ],
);

/** A header an organisation's files use, and the field it means: remembered for the next file. */
export const importColumnMappings = pgTable(
  "import_column_mappings",
  {
    responseId: responseIdColumn().references(() => responses.id, { onDelete: "cascade" }),
    organisationId: uuid("organisation_id").notNull(),
    /** The header as mappings compare it: lower case, letters and digits only (`squash`). */
    header: text("header").notNull(),
    /** An import field, or "ignore". */
    field: text("field").notNull(),
    updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.responseId, t.organisationId, t.header] }),
    foreignKey({
      columns: [t.responseId, t.organisationId],
      foreignColumns: [organisations.responseId, organisations.id],
    }).onDelete("cascade"),
  ],
);
