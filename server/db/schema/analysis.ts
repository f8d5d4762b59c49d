import { foreignKey, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
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
