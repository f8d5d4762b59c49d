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
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { objectiveKinds, planMetrics } from "../../../common/schemas/plans.ts";
import { users } from "./accounts.ts";
import { idColumn, responseIdColumn, timestamps } from "./columns.ts";
import { indicators, locations, organisations, populationGroups, sectors } from "./reference.ts";
import { responses } from "./tenancy.ts";

const zeroUuid = sql.raw("'00000000-0000-0000-0000-000000000000'::uuid");

/** Strategic objectives of a response plan, and sector objectives under them. */
export const planObjectives = pgTable(
  "plan_objectives",
  {
    responseId: responseIdColumn().references(() => responses.id, { onDelete: "cascade" }),
    id: idColumn(),
    year: integer("year").notNull(),
    kind: text("kind", { enum: objectiveKinds }).notNull(),
    code: text("code").notNull(),
    title: text("title").notNull(),
    description: text("description"),
    sectorId: uuid("sector_id"),
    /** A sector objective contributes to a strategic objective. */
    parentId: uuid("parent_id"),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.responseId, t.id] }),
    uniqueIndex("plan_objectives_code_key").on(t.responseId, t.year, t.code),
    foreignKey({ columns: [t.responseId, t.sectorId], foreignColumns: [sectors.responseId, sectors.id] }),
    foreignKey({ columns: [t.responseId, t.parentId], foreignColumns: [t.responseId, t.id] }),
    check("plan_objectives_sector_kind", sql`(${t.kind} = 'sector') = (${t.sectorId} IS NOT NULL)`),
  ],
);

/**
 * One figure of the plan (people in need, targeted, an indicator target, funding required or
 * received), for a sector, location, population group, indicator or organisation where given,
 * as of a date. A new "as of" date adds a row, so every published figure keeps its history; the
 * current figure is the latest one per key.
 */
export const planFigures = pgTable(
  "plan_figures",
  {
    responseId: responseIdColumn().references(() => responses.id, { onDelete: "cascade" }),
    id: idColumn(),
    year: integer("year").notNull(),
    metric: text("metric", { enum: planMetrics }).notNull(),
    sectorId: uuid("sector_id"),
    locationId: uuid("location_id"),
    populationGroupId: uuid("population_group_id"),
    indicatorId: uuid("indicator_id"),
    organisationId: uuid("organisation_id"),
    objectiveId: uuid("objective_id"),
    value: numeric("value", { mode: "number" }).notNull(),
    asOf: date("as_of").notNull(),
    source: text("source"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.responseId, t.id] }),
    uniqueIndex("plan_figures_key").on(
      t.responseId,
      t.year,
      t.metric,
      sql`coalesce(${t.sectorId}, ${zeroUuid})`,
      sql`coalesce(${t.locationId}, ${zeroUuid})`,
      sql`coalesce(${t.populationGroupId}, ${zeroUuid})`,
      sql`coalesce(${t.indicatorId}, ${zeroUuid})`,
      sql`coalesce(${t.organisationId}, ${zeroUuid})`,
      t.asOf,
    ),
    index("plan_figures_sector_idx").on(t.responseId, t.year, t.sectorId),
    // The current figure per sector, place and group in key order, latest first: the gaps' need
    // figures are read in that order without a sort (migration 0016 adds INCLUDE (value)).
    index("plan_figures_current_idx").on(
      t.responseId,
      t.year,
      t.metric,
      t.sectorId,
      t.locationId,
      t.populationGroupId,
      t.asOf.desc().nullsFirst(),
    ),
    check("plan_figures_value_positive", sql`${t.value} >= 0`),
    foreignKey({ columns: [t.responseId, t.sectorId], foreignColumns: [sectors.responseId, sectors.id] }),
    foreignKey({
      columns: [t.responseId, t.locationId],
      foreignColumns: [locations.responseId, locations.id],
    }),
    foreignKey({
      columns: [t.responseId, t.populationGroupId],
      foreignColumns: [populationGroups.responseId, populationGroups.id],
    }),
    foreignKey({
      columns: [t.responseId, t.indicatorId],
      foreignColumns: [indicators.responseId, indicators.id],
    }),
    foreignKey({
      columns: [t.responseId, t.organisationId],
      foreignColumns: [organisations.responseId, organisations.id],
    }),
    foreignKey({
      columns: [t.responseId, t.objectiveId],
      foreignColumns: [planObjectives.responseId, planObjectives.id],
    }),
  ],
);
