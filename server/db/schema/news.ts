import {
  bigint,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { storyStates } from "../../../common/schemas/news.ts";
import { users } from "./accounts.ts";
import { idColumn, responseIdColumn, timestamps } from "./columns.ts";
import { locations, organisations, sectors } from "./reference.ts";
import { responses } from "./tenancy.ts";

/** A news story from the field: Markdown body, workflow draft → in review → published. */
export const newsStories = pgTable(
  "news_stories",
  {
    responseId: responseIdColumn().references(() => responses.id, { onDelete: "cascade" }),
    id: idColumn(),
    title: text("title").notNull(),
    summary: text("summary").notNull(),
    /** Markdown as written; rendered and sanitised on output. */
    body: text("body").notNull().default(""),
    language: text("language").notNull().default("en"),
    state: text("state", { enum: storyStates }).notNull().default("draft"),
    organisationId: uuid("organisation_id"),
    authorId: uuid("author_id").references(() => users.id, { onDelete: "set null" }),
    /** The reviewer's note when a story is returned to draft or taken down. */
    reviewNote: text("review_note"),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    publishedAt: timestamp("published_at", { withTimezone: true }),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.responseId, t.id] }),
    // No ON DELETE action: organisations are merged, not deleted, while referenced.
    foreignKey({
      columns: [t.responseId, t.organisationId],
      foreignColumns: [organisations.responseId, organisations.id],
    }),
    index("news_stories_published_idx").on(t.responseId, t.state, t.publishedAt),
  ],
);

/** Images of a story, kept in the file store, with caption and credit. */
export const newsImages = pgTable(
  "news_images",
  {
    responseId: responseIdColumn(),
    id: idColumn(),
    storyId: uuid("story_id").notNull(),
    fileKey: text("file_key").notNull(),
    fileName: text("file_name").notNull(),
    contentType: text("content_type").notNull(),
    size: bigint("size", { mode: "number" }).notNull(),
    sha256: text("sha256").notNull(),
    caption: text("caption").notNull().default(""),
    credit: text("credit").notNull().default(""),
    position: integer("position").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.responseId, t.id] }),
    foreignKey({
      columns: [t.responseId, t.storyId],
      foreignColumns: [newsStories.responseId, newsStories.id],
    }).onDelete("cascade"),
    index("news_images_story_idx").on(t.responseId, t.storyId),
  ],
);

const link = <N extends string>(name: N, column: string, target: typeof sectors | typeof locations) =>
  pgTable(
    name,
    {
      responseId: responseIdColumn(),
      storyId: uuid("story_id").notNull(),
      targetId: uuid(column).notNull(),
    },
    (t) => [
      primaryKey({ columns: [t.responseId, t.storyId, t.targetId] }),
      foreignKey({
        columns: [t.responseId, t.storyId],
        foreignColumns: [newsStories.responseId, newsStories.id],
      }).onDelete("cascade"),
      foreignKey({
        columns: [t.responseId, t.targetId],
        foreignColumns: [target.responseId, target.id],
      }).onDelete("cascade"),
      index(`${name}_target_idx`).on(t.responseId, t.targetId),
    ],
  );

export const newsStorySectors = link("news_story_sectors", "sector_id", sectors);
export const newsStoryLocations = link("news_story_locations", "location_id", locations);
