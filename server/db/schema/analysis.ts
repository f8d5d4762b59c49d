import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  date,
  foreignKey,
  index,
  integer,
  numeric,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { duplicationKinds } from "../../../common/schemas/analysis.ts";
import { users } from "./accounts.ts";
import { idColumn, responseIdColumn } from "./columns.ts";
import { sectors } from "./reference.ts";
import { responses } from "./tenancy.ts";

/**
 * A duplication finding marked "reviewed, not a duplicate". Findings are computed, not stored:
 * the key names what the finding is about (kind, activity type, location, month, …), so a review
 * still applies when the same finding is computed again, and lapses when its records change.
 */
export const duplicationReviews = pgTable(
  "duplication_reviews",
  {
    responseId: responseIdColumn().references(() => responses.id, { onDelete: "cascade" }),
    id: idColumn(),
    findingKey: text("finding_key").notNull(),
    kind: text("kind", { enum: duplicationKinds }).notNull(),
    sectorId: uuid("sector_id").notNull(),
    /** The records the reviewer saw; a finding with other records is a new finding. */
    recordsDigest: text("records_digest").notNull(),
    reason: text("reason").notNull(),
    reviewedBy: uuid("reviewed_by").references(() => users.id, { onDelete: "set null" }),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.responseId, t.id] }),
    uniqueIndex("duplication_reviews_key").on(t.responseId, t.findingKey),
    foreignKey({
      columns: [t.responseId, t.sectorId],
      foreignColumns: [sectors.responseId, sectors.id],
    }).onDelete("cascade"),
  ],
);

/**
 * The 4W records added up per place, sector, organisation and period, for the analysis endpoints
 * (decision 0011): each record counts in its month, its quarter and its year (`period_months` 1, 3
 * or 12), so a year or a quarter is read as one period instead of twelve or three months.
 * Statement-level triggers on `activities` (migration 0014) keep it in step within the writing
 * transaction, so figures are current on the next request. Only records that count (approved or
 * submitted) are added; a cell whose records all left is deleted.
 *
 * The organisation is the implementing one, or the reporting one where it implements itself:
 * partners present are counted distinct over cells, which cannot be added up. Sub-sector and
 * indicator are the zero uuid where a record has none, so they can be part of the primary key.
 */
export const activityCells = pgTable(
  "activity_cells",
  {
    // No foreign key: when a response is deleted, the triggers empty its cells as its records go.
    responseId: responseIdColumn(),
    periodMonths: smallint("period_months").notNull(),
    /** The first day of the period's first month. */
    periodStart: date("period_start").notNull(),
    sectorId: uuid("sector_id").notNull(),
    locationId: uuid("location_id").notNull(),
    organisationId: uuid("organisation_id").notNull(),
    reviewState: text("review_state", { enum: ["approved", "submitted"] }).notNull(),
    subSectorId: uuid("sub_sector_id").notNull(),
    indicatorId: uuid("indicator_id").notNull(),
    activities: integer("activities").notNull(),
    /** The sum of people reached over the records that give it, and how many give it. */
    reached: bigint("reached", { mode: "number" }).notNull(),
    reachedCount: integer("reached_count").notNull(),
    quantity: numeric("quantity", { mode: "number" }).notNull(),
    quantityCount: integer("quantity_count").notNull(),
  },
  (t) => [
    primaryKey({
      name: "activity_cells_pkey",
      columns: [
        t.responseId,
        t.periodMonths,
        t.periodStart,
        t.sectorId,
        t.locationId,
        t.organisationId,
        t.reviewState,
        t.subSectorId,
        t.indicatorId,
      ],
    }),
    // Cells emptied by a change, found and deleted at the end of the same statement.
    index("activity_cells_empty_idx").on(t.responseId).where(sql`${t.activities} = 0`),
    check("activity_cells_period_check", sql`${t.periodMonths} IN (1, 3, 12)`),
  ],
);

/**
 * A counter per response that changes with every write to what the analysis reads beside the 4W
 * records: plan figures, displacement rounds, population, needs severity, the gazetteer and the
 * sectors (statement-level triggers, migration 0017). The analysis keeps what it read of these per
 * version (`server/modules/analysis/reference-cache.ts`), so a change shows on the next request
 * while the same figures are not read again for every request. No foreign key: the triggers run
 * while a response's rows are deleted with it, and a counter left behind is harmless.
 */
export const analysisReferenceVersions = pgTable("analysis_reference_versions", {
  responseId: uuid("response_id").primaryKey(),
  version: bigint("version", { mode: "number" }).notNull(),
});
