import { sql } from "drizzle-orm";
import {
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { practiceStatuses, practiceTypes } from "../../../common/schemas/practices.ts";
import { users } from "./accounts.ts";
import { idColumn, responseIdColumn, timestamps } from "./columns.ts";
import { responses } from "./tenancy.ts";

/** An implementing or partner organisation: one of the response's (by id) or a name. */
export interface PracticeOrganisationRef {
  role: "implementing" | "partner";
  organisationId: string | null;
  name: string | null;
}

export interface PracticeLink {
  url: string;
  title: string | null;
  kind: "link" | "attachment";
}

/** Text searched by `q`; one expression for the index and the query (decision 0010). */
export const practiceSearchText = sql`coalesce(title, '') || ' ' || coalesce(summary, '') || ' ' || coalesce(description, '') || ' ' || coalesce(key_lessons, '')`;

/**
 * A practice of the repository. The reference lists (GCM objectives and principles, SDG goals and
 * targets) are code constants validated on write, held here as arrays so facets count with unnest.
 */
export const practices = pgTable(
  "practices",
  {
    responseId: responseIdColumn().references(() => responses.id, { onDelete: "cascade" }),
    id: idColumn(),
    title: text("title").notNull(),
    summary: text("summary").notNull(),
    startDate: date("start_date"),
    endDate: date("end_date"),
    type: text("type", { enum: practiceTypes }).notNull(),
    status: text("status", { enum: practiceStatuses }).notNull().default("submitted"),
    countries: text("countries").array().notNull().default(sql`'{}'`),
    regions: text("regions").array().notNull().default(sql`'{}'`),
    subRegions: text("sub_regions").array().notNull().default(sql`'{}'`),
    organisations: jsonb("organisations").$type<PracticeOrganisationRef[]>().notNull().default([]),
    description: text("description"),
    benefitImpact: text("benefit_impact"),
    keyLessons: text("key_lessons"),
    gcmObjectives: integer("gcm_objectives").array().notNull().default(sql`'{}'`),
    gcmPrinciples: integer("gcm_principles").array().notNull().default(sql`'{}'`),
    /** The goals named and the goals of the targets named. */
    sdgGoals: integer("sdg_goals").array().notNull().default(sql`'{}'`),
    sdgTargets: text("sdg_targets").array().notNull().default(sql`'{}'`),
    links: jsonb("links").$type<PracticeLink[]>().notNull().default([]),
    /** 4W records (activities of this response) that apply the practice; checked on write. */
    activityIds: uuid("activity_ids").array().notNull().default(sql`'{}'`),
    documentIds: uuid("document_ids").array().notNull().default(sql`'{}'`),
    /** Years the practice ran (start to end, or to the year submitted): the year facet. */
    years: integer("years").array().notNull().default(sql`'{}'`),
    /** A signed-in submitter; null for the public form (name and e-mail below) or an erased account. */
    submittedBy: uuid("submitted_by").references(() => users.id, { onDelete: "set null" }),
    submitterName: text("submitter_name"),
    submitterEmail: text("submitter_email"),
    returnReason: text("return_reason"),
    submittedAt: timestamp("submitted_at", { withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp("published_at", { withTimezone: true }),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.responseId, t.id] }),
    index("practices_status_idx").on(t.responseId, t.status),
    index("practices_submitted_by_idx").on(t.responseId, t.submittedBy),
    index("practices_search_english_idx").using(
      "gin",
      sql`to_tsvector('english'::regconfig, ${practiceSearchText})`,
    ),
    index("practices_search_simple_idx").using(
      "gin",
      sql`to_tsvector('simple'::regconfig, ${practiceSearchText})`,
    ),
  ],
);

/** Reviewers' (and the submitter's) comments on a practice under review. */
export const practiceComments = pgTable(
  "practice_comments",
  {
    responseId: responseIdColumn(),
    id: idColumn(),
    practiceId: uuid("practice_id").notNull(),
    authorId: uuid("author_id").references(() => users.id, { onDelete: "set null" }),
    body: text("body").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.responseId, t.id] }),
    foreignKey({
      columns: [t.responseId, t.practiceId],
      foreignColumns: [practices.responseId, practices.id],
    }).onDelete("cascade"),
    index("practice_comments_practice_idx").on(t.responseId, t.practiceId),
  ],
);
