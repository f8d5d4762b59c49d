import { sql } from "drizzle-orm";
import {
  check,
  date,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { idColumn, responseIdColumn, timestamps } from "./columns.ts";
import { locations, populationGroups, sectors } from "./reference.ts";
import { responses } from "./tenancy.ts";

const zeroUuid = sql.raw("'00000000-0000-0000-0000-000000000000'::uuid");

/** A DTM-style assessment round (site assessment, baseline, mobility tracking). */
export const displacementRounds = pgTable(
  "displacement_rounds",
  {
    responseId: responseIdColumn().references(() => responses.id, { onDelete: "cascade" }),
    id: idColumn(),
    code: text("code").notNull(),
    name: text("name").notNull(),
    assessedOn: date("assessed_on").notNull(),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.responseId, t.id] }),
    uniqueIndex("displacement_rounds_code_key").on(t.responseId, t.code),
  ],
);

/** People at a site (or in an admin area) in one round, by population group, sex and age. */
export const populationFigures = pgTable(
  "population_figures",
  {
    responseId: responseIdColumn(),
    id: idColumn(),
    roundId: uuid("round_id").notNull(),
    locationId: uuid("location_id").notNull(),
    populationGroupId: uuid("population_group_id"),
    households: integer("households"),
    individuals: integer("individuals").notNull(),
    women: integer("women"),
    men: integer("men"),
    girls: integer("girls"),
    boys: integer("boys"),
    elderly: integer("elderly"),
  },
  (t) => [
    primaryKey({ columns: [t.responseId, t.id] }),
    uniqueIndex("population_figures_key").on(
      t.responseId,
      t.roundId,
      t.locationId,
      sql`coalesce(${t.populationGroupId}, ${zeroUuid})`,
    ),
    index("population_figures_location_idx").on(t.responseId, t.locationId),
    foreignKey({
      columns: [t.responseId, t.roundId],
      foreignColumns: [displacementRounds.responseId, displacementRounds.id],
    }).onDelete("cascade"),
    foreignKey({
      columns: [t.responseId, t.locationId],
      foreignColumns: [locations.responseId, locations.id],
    }),
    foreignKey({
      columns: [t.responseId, t.populationGroupId],
      foreignColumns: [populationGroups.responseId, populationGroups.id],
    }),
    check("population_figures_positive", sql`${t.individuals} >= 0`),
  ],
);

/** Severity of needs (1–5) per location and sector in one round, with the priority needs named. */
export const needsSeverity = pgTable(
  "needs_severity",
  {
    responseId: responseIdColumn(),
    id: idColumn(),
    roundId: uuid("round_id").notNull(),
    locationId: uuid("location_id").notNull(),
    sectorId: uuid("sector_id").notNull(),
    severity: smallint("severity").notNull(),
    priorityNeeds: text("priority_needs").array().notNull().default(sql`'{}'::text[]`),
  },
  (t) => [
    primaryKey({ columns: [t.responseId, t.id] }),
    uniqueIndex("needs_severity_key").on(t.responseId, t.roundId, t.locationId, t.sectorId),
    foreignKey({
      columns: [t.responseId, t.roundId],
      foreignColumns: [displacementRounds.responseId, displacementRounds.id],
    }).onDelete("cascade"),
    foreignKey({
      columns: [t.responseId, t.locationId],
      foreignColumns: [locations.responseId, locations.id],
    }),
    foreignKey({ columns: [t.responseId, t.sectorId], foreignColumns: [sectors.responseId, sectors.id] }),
    check("needs_severity_range", sql`${t.severity} BETWEEN 1 AND 5`),
  ],
);

/** People moving from one location to another over a period. */
export const mobilityFlows = pgTable(
  "mobility_flows",
  {
    responseId: responseIdColumn().references(() => responses.id, { onDelete: "cascade" }),
    id: idColumn(),
    originLocationId: uuid("origin_location_id").notNull(),
    destinationLocationId: uuid("destination_location_id").notNull(),
    people: integer("people").notNull(),
    periodStart: date("period_start").notNull(),
    periodEnd: date("period_end").notNull(),
    reason: text("reason"),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.responseId, t.id] }),
    index("mobility_flows_period_idx").on(t.responseId, t.periodStart),
    foreignKey({
      columns: [t.responseId, t.originLocationId],
      foreignColumns: [locations.responseId, locations.id],
    }),
    foreignKey({
      columns: [t.responseId, t.destinationLocationId],
      foreignColumns: [locations.responseId, locations.id],
    }),
    check("mobility_flows_period", sql`${t.periodEnd} >= ${t.periodStart}`),
    check("mobility_flows_people", sql`${t.people} >= 0`),
  ],
);
