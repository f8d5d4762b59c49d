import { sql } from "drizzle-orm";
import {
  check,
  date,
  foreignKey,
  index,
  integer,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { activityStatuses, modalities, reviewStates } from "../../../common/schemas/activities.ts";
import { users } from "./accounts.ts";
import { idColumn, responseIdColumn, timestamps } from "./columns.ts";
import {
  activityTypes,
  indicators,
  locations,
  organisations,
  populationGroups,
  sectors,
} from "./reference.ts";
import { responses } from "./tenancy.ts";

const count = (name: string) => integer(name);

/**
 * A 4W record: who (reporting and implementing organisation, donors) does what (sector, activity
 * type, indicator) where (location) and when (dates, reporting month), for whom and how many.
 * The rules that need other tables live in the activities service; the checks here are the
 * last line of defence.
 */
export const activities = pgTable(
  "activities",
  {
    responseId: responseIdColumn().references(() => responses.id, { onDelete: "cascade" }),
    id: idColumn(),
    reportingOrgId: uuid("reporting_org_id").notNull(),
    /** Null when the reporting organisation implements the activity itself. */
    implementingOrgId: uuid("implementing_org_id"),
    sectorId: uuid("sector_id").notNull(),
    subSectorId: uuid("sub_sector_id"),
    activityTypeId: uuid("activity_type_id").notNull(),
    indicatorId: uuid("indicator_id"),
    locationId: uuid("location_id").notNull(),
    populationGroupId: uuid("population_group_id"),
    status: text("status", { enum: activityStatuses }).notNull(),
    startDate: date("start_date").notNull(),
    endDate: date("end_date").notNull(),
    /** The first day of the month reported. */
    reportingMonth: date("reporting_month").notNull(),
    quantity: numeric("quantity", { mode: "number" }),
    unit: text("unit"),
    reachedTotal: count("reached_total"),
    women: count("women"),
    men: count("men"),
    girls: count("girls"),
    boys: count("boys"),
    elderly: count("elderly"),
    personsWithDisabilities: count("persons_with_disabilities"),
    modality: text("modality", { enum: modalities }),
    notes: text("notes"),
    externalId: text("external_id"),
    reviewState: text("review_state", { enum: reviewStates }).notNull().default("draft"),
    rejectionReason: text("rejection_reason"),
    reviewedBy: uuid("reviewed_by").references(() => users.id, { onDelete: "set null" }),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true }),
    /** Starts at 1, one more per change: the optimistic concurrency token. */
    version: integer("version").notNull().default(1),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.responseId, t.id] }),
    uniqueIndex("activities_external_id_key")
      .on(t.responseId, t.reportingOrgId, t.externalId)
      .where(sql`${t.externalId} IS NOT NULL`),
    // The natural key: re-importing the same row updates it instead of duplicating it.
    uniqueIndex("activities_natural_key").on(
      t.responseId,
      t.reportingOrgId,
      t.activityTypeId,
      t.locationId,
      t.reportingMonth,
      sql`coalesce(${t.populationGroupId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
    ),
    // The list's keyset order (read backwards: newest month first), and its filters in that order.
    index("activities_month_idx").on(t.responseId, t.reportingMonth, t.id),
    index("activities_sector_idx").on(t.responseId, t.sectorId, t.reportingMonth),
    index("activities_reporting_org_idx").on(t.responseId, t.reportingOrgId, t.reportingMonth),
    index("activities_implementing_org_idx").on(t.responseId, t.implementingOrgId),
    index("activities_location_idx").on(t.responseId, t.locationId, t.reportingMonth),
    index("activities_review_state_idx").on(t.responseId, t.reviewState, t.reportingMonth),
    foreignKey({
      columns: [t.responseId, t.reportingOrgId],
      foreignColumns: [organisations.responseId, organisations.id],
    }),
    foreignKey({
      columns: [t.responseId, t.implementingOrgId],
      foreignColumns: [organisations.responseId, organisations.id],
    }),
    foreignKey({ columns: [t.responseId, t.sectorId], foreignColumns: [sectors.responseId, sectors.id] }),
    foreignKey({ columns: [t.responseId, t.subSectorId], foreignColumns: [sectors.responseId, sectors.id] }),
    foreignKey({
      columns: [t.responseId, t.activityTypeId],
      foreignColumns: [activityTypes.responseId, activityTypes.id],
    }),
    foreignKey({
      columns: [t.responseId, t.indicatorId],
      foreignColumns: [indicators.responseId, indicators.id],
    }),
    foreignKey({
      columns: [t.responseId, t.locationId],
      foreignColumns: [locations.responseId, locations.id],
    }),
    foreignKey({
      columns: [t.responseId, t.populationGroupId],
      foreignColumns: [populationGroups.responseId, populationGroups.id],
    }),
    check("activities_dates_check", sql`${t.endDate} >= ${t.startDate}`),
    check("activities_month_check", sql`extract(day from ${t.reportingMonth}) = 1`),
    check(
      "activities_counts_check",
      sql`coalesce(${t.reachedTotal}, 0) >= 0 AND coalesce(${t.women}, 0) >= 0 AND coalesce(${t.men}, 0) >= 0
        AND coalesce(${t.girls}, 0) >= 0 AND coalesce(${t.boys}, 0) >= 0 AND coalesce(${t.elderly}, 0) >= 0
        AND coalesce(${t.personsWithDisabilities}, 0) >= 0 AND coalesce(${t.quantity}, 0) >= 0`,
    ),
    check("activities_version_check", sql`${t.version} >= 1`),
  ],
);

/** Donors of a record; an organisation funds a record once. */
export const activityDonors = pgTable(
  "activity_donors",
  {
    responseId: responseIdColumn(),
    activityId: uuid("activity_id").notNull(),
    organisationId: uuid("organisation_id").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.responseId, t.activityId, t.organisationId] }),
    index("activity_donors_organisation_idx").on(t.responseId, t.organisationId),
    foreignKey({
      columns: [t.responseId, t.activityId],
      foreignColumns: [activities.responseId, activities.id],
    }).onDelete("cascade"),
    foreignKey({
      columns: [t.responseId, t.organisationId],
      foreignColumns: [organisations.responseId, organisations.id],
    }),
  ],
);

/** A locked reporting month: no record of that month changes until a response manager unlocks it. */
export const monthLocks = pgTable(
  "month_locks",
  {
    responseId: responseIdColumn().references(() => responses.id, { onDelete: "cascade" }),
    /** The first day of the month. */
    month: date("month").notNull(),
    lockedBy: uuid("locked_by").references(() => users.id, { onDelete: "set null" }),
    lockedAt: timestamp("locked_at", { withTimezone: true }).notNull().defaultNow(),
    reason: text("reason"),
  },
  (t) => [
    primaryKey({ columns: [t.responseId, t.month] }),
    check("month_locks_month_check", sql`extract(day from ${t.month}) = 1`),
  ],
);
