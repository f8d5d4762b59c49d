import { sql } from "drizzle-orm";
import { timestamp, uuid } from "drizzle-orm/pg-core";

/** Id column filled by the database, so raw SQL inserts (imports, seeds) need not supply one. */
export const idColumn = () => uuid("id").notNull().default(sql`gen_random_uuid()`);

/** Every response-owned row carries its tenant; with Citus it is the distribution column. */
export const responseIdColumn = () => uuid("response_id").notNull();

export const timestamps = () => ({
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
