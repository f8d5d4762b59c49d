import { sql } from "drizzle-orm";
import { date, pgTable, smallint, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { timestamps } from "./columns.ts";

/** A response is the tenant: the unit of access control and, with Citus, a reference table. */
export const responses = pgTable(
  "responses",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    countryIso3: text("country_iso3").notNull(),
    languages: text("languages").array().notNull(),
    startsOn: date("starts_on").notNull(),
    endsOn: date("ends_on"),
    /** Public figures below this count are suppressed (data responsibility); 0 turns it off. */
    suppressionThreshold: smallint("suppression_threshold").notNull().default(5),
    ...timestamps(),
  },
  (t) => [uniqueIndex("responses_slug_key").on(t.slug)],
);
