import { sql } from "drizzle-orm";
import {
  boolean,
  date,
  doublePrecision,
  foreignKey,
  index,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { locationKinds, siteTypes } from "../../../common/schemas/locations.ts";
import { organisationTypes } from "../../../common/schemas/organisations.ts";
import { disaggregations, sectorKinds } from "../../../common/schemas/sectors.ts";
import { idColumn, responseIdColumn, timestamps } from "./columns.ts";
import { responses } from "./tenancy.ts";

/**
 * The gazetteer of a response: admin levels 0–4 and sites, each with a P-code or site code.
 * A code is unique per validity start, so a renamed or split camp keeps its history.
 */
export const locations = pgTable(
  "locations",
  {
    responseId: responseIdColumn().references(() => responses.id, { onDelete: "cascade" }),
    id: idColumn(),
    code: text("code").notNull(),
    name: text("name").notNull(),
    /** Names in other languages keyed by language tag, e.g. `{ "bn": "উখিয়া" }`. */
    names: jsonb("names").$type<Record<string, string>>().notNull().default({}),
    kind: text("kind", { enum: locationKinds }).notNull(),
    /** 0–4 for admin areas; for a site, the level of the admin area it belongs to plus one. */
    level: smallint("level").notNull(),
    siteType: text("site_type", { enum: siteTypes }),
    parentId: uuid("parent_id"),
    lat: doublePrecision("lat"),
    lon: doublePrecision("lon"),
    /** GeoJSON Polygon or MultiPolygon; the bounding box below pre-filters point lookups. */
    geometry: jsonb("geometry"),
    minLon: doublePrecision("min_lon"),
    minLat: doublePrecision("min_lat"),
    maxLon: doublePrecision("max_lon"),
    maxLat: doublePrecision("max_lat"),
    validFrom: date("valid_from").notNull().default("1900-01-01"),
    validTo: date("valid_to"),
    /** Hidden from public outputs (data responsibility). */
    sensitive: boolean("sensitive").notNull().default(false),
    /** Name and other-language names in one lower-cased text, indexed for typo-tolerant search. */
    searchText: text("search_text").notNull().generatedAlwaysAs(sql`lower(name || ' ' || names::text)`),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.responseId, t.id] }),
    uniqueIndex("locations_code_valid_from_key").on(t.responseId, t.code, t.validFrom),
    foreignKey({ columns: [t.responseId, t.parentId], foreignColumns: [t.responseId, t.id] }),
    index("locations_parent_idx").on(t.responseId, t.parentId),
    index("locations_search_trgm_idx").using("gin", t.searchText.op("gin_trgm_ops")),
    index("locations_code_trgm_idx").using("gin", t.code.op("gin_trgm_ops")),
  ],
);

/**
 * Every location with itself and each location above it, kept by triggers on `locations`
 * (migration 0015, decision 0013). The analysis maps records to the places of a level through it:
 * as a recursive walk down the tree the planner guessed a hundred times too many rows.
 */
export const locationAncestors = pgTable(
  "location_ancestors",
  {
    // No foreign key: the triggers remove a location's rows when it goes.
    responseId: responseIdColumn(),
    locationId: uuid("location_id").notNull(),
    ancestorId: uuid("ancestor_id").notNull(),
    /** 0 for the location itself, 1 for its parent, and so on. */
    depth: smallint("depth").notNull(),
    /**
     * The ancestor's kind and level, copied so that the planner estimates "the places of a level
     * and what lies in them" from this table's own statistics.
     */
    ancestorKind: text("ancestor_kind", { enum: locationKinds }).notNull(),
    ancestorLevel: smallint("ancestor_level").notNull(),
  },
  (t) => [
    primaryKey({ name: "location_ancestors_pkey", columns: [t.responseId, t.ancestorId, t.locationId] }),
    index("location_ancestors_location_idx").on(t.responseId, t.locationId),
    index("location_ancestors_level_idx").on(t.responseId, t.ancestorKind, t.ancestorLevel),
  ],
);

export const organisations = pgTable(
  "organisations",
  {
    responseId: responseIdColumn().references(() => responses.id, { onDelete: "cascade" }),
    id: idColumn(),
    name: text("name").notNull(),
    acronym: text("acronym"),
    type: text("type", { enum: organisationTypes }).notNull(),
    iatiId: text("iati_id"),
    /** Other spellings seen in spreadsheets, matched on import. */
    aliases: text("aliases").array().notNull().default(sql`'{}'::text[]`),
    parentId: uuid("parent_id"),
    /** Set when this organisation was merged into another: references now point to the survivor. */
    mergedIntoId: uuid("merged_into_id"),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.responseId, t.id] }),
    uniqueIndex("organisations_name_key").on(t.responseId, sql`lower(${t.name})`),
    foreignKey({ columns: [t.responseId, t.parentId], foreignColumns: [t.responseId, t.id] }),
    foreignKey({ columns: [t.responseId, t.mergedIntoId], foreignColumns: [t.responseId, t.id] }),
    index("organisations_name_trgm_idx").using("gin", t.name.op("gin_trgm_ops")),
  ],
);

export const sectors = pgTable(
  "sectors",
  {
    responseId: responseIdColumn().references(() => responses.id, { onDelete: "cascade" }),
    id: idColumn(),
    code: text("code").notNull(),
    name: text("name").notNull(),
    kind: text("kind", { enum: sectorKinds }).notNull(),
    parentId: uuid("parent_id"),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.responseId, t.id] }),
    uniqueIndex("sectors_code_key").on(t.responseId, t.code),
    foreignKey({ columns: [t.responseId, t.parentId], foreignColumns: [t.responseId, t.id] }),
  ],
);

export const sectorLeadRoles = ["lead", "co_lead"] as const;

export const sectorLeads = pgTable(
  "sector_leads",
  {
    responseId: responseIdColumn(),
    sectorId: uuid("sector_id").notNull(),
    organisationId: uuid("organisation_id").notNull(),
    role: text("role", { enum: sectorLeadRoles }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.responseId, t.sectorId, t.organisationId] }),
    foreignKey({
      columns: [t.responseId, t.sectorId],
      foreignColumns: [sectors.responseId, sectors.id],
    }).onDelete("cascade"),
    foreignKey({
      columns: [t.responseId, t.organisationId],
      foreignColumns: [organisations.responseId, organisations.id],
    }).onDelete("cascade"),
  ],
);

export const activityTypes = pgTable(
  "activity_types",
  {
    responseId: responseIdColumn(),
    id: idColumn(),
    sectorId: uuid("sector_id").notNull(),
    code: text("code").notNull(),
    name: text("name").notNull(),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.responseId, t.id] }),
    uniqueIndex("activity_types_code_key").on(t.responseId, t.code),
    foreignKey({
      columns: [t.responseId, t.sectorId],
      foreignColumns: [sectors.responseId, sectors.id],
    }).onDelete("cascade"),
  ],
);

export const indicators = pgTable(
  "indicators",
  {
    responseId: responseIdColumn(),
    id: idColumn(),
    sectorId: uuid("sector_id").notNull(),
    code: text("code").notNull(),
    name: text("name").notNull(),
    unit: text("unit").notNull(),
    disaggregation: text("disaggregation", { enum: disaggregations }).notNull(),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.responseId, t.id] }),
    uniqueIndex("indicators_code_key").on(t.responseId, t.code),
    foreignKey({
      columns: [t.responseId, t.sectorId],
      foreignColumns: [sectors.responseId, sectors.id],
    }).onDelete("cascade"),
  ],
);

export const populationGroups = pgTable(
  "population_groups",
  {
    responseId: responseIdColumn().references(() => responses.id, { onDelete: "cascade" }),
    id: idColumn(),
    code: text("code").notNull(),
    name: text("name").notNull(),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.responseId, t.id] }),
    uniqueIndex("population_groups_code_key").on(t.responseId, t.code),
  ],
);
