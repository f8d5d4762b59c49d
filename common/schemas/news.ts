import { z } from "zod";
import { languageTag } from "./documents.ts";

/**
 * A story's workflow: written as a draft, submitted for review, published by a reviewer. A
 * reviewer may return a story in review (or take a published one down) to draft with a note.
 */
export const storyStates = ["draft", "in_review", "published"] as const;
export type StoryState = (typeof storyStates)[number];

export const storyTransitions = ["submit", "publish", "return", "unpublish"] as const;
export type StoryTransition = (typeof storyTransitions)[number];

const ids = z.array(z.uuid()).max(30);

export const storyInput = z.strictObject({
  title: z.string().trim().min(3).max(200),
  summary: z.string().trim().min(3).max(600),
  /** Markdown; rendered to sanitised HTML by the server. Raw HTML in it is dropped. */
  body: z.string().max(50_000).default(""),
  language: languageTag.default("en"),
  /** The organisation the story is written for; an organisation editor's own one by default. */
  organisationId: z.uuid().nullable().optional(),
  sectorIds: ids.default([]),
  locationIds: ids.default([]),
});
export type StoryInput = z.input<typeof storyInput>;

export const storyUpdate = z
  .strictObject({
    title: z.string().trim().min(3).max(200),
    summary: z.string().trim().min(3).max(600),
    body: z.string().max(50_000),
    language: languageTag,
    organisationId: z.uuid().nullable(),
    sectorIds: ids,
    locationIds: ids,
  })
  .partial();
export type StoryUpdate = z.input<typeof storyUpdate>;

export const transitionInput = z.strictObject({
  action: z.enum(storyTransitions),
  /** Why a story is returned or taken down (required then, kept in the audit log). */
  note: z.string().trim().min(3).max(1000).optional(),
  /** When publishing: the publication date shown (defaults to now). */
  publishedAt: z.iso.datetime({ offset: true }).optional(),
});
export type TransitionInput = z.input<typeof transitionInput>;

export const imageFields = z.strictObject({
  caption: z.string().trim().max(300).default(""),
  credit: z.string().trim().max(200).default(""),
});

export const imageUpdate = z
  .strictObject({
    caption: z.string().trim().max(300),
    credit: z.string().trim().max(200),
    position: z.number().int().min(0).max(100),
  })
  .partial();

export const storyImageOutput = z.object({
  id: z.uuid(),
  url: z.string(),
  caption: z.string(),
  credit: z.string(),
  contentType: z.string(),
  position: z.number().int(),
});
export type StoryImage = z.infer<typeof storyImageOutput>;

const ref = z.object({ id: z.uuid(), code: z.string(), name: z.string() });

export const storySummary = z.object({
  id: z.uuid(),
  title: z.string(),
  summary: z.string(),
  language: z.string(),
  state: z.enum(storyStates),
  organisation: z.object({ id: z.uuid(), name: z.string(), acronym: z.string().nullable() }).nullable(),
  authorName: z.string().nullable(),
  sectors: z.array(ref),
  locations: z.array(ref),
  /** The first image, for cards and lists. */
  image: storyImageOutput.nullable(),
  publishedAt: z.string().nullable(),
  updatedAt: z.string(),
});
export type StorySummary = z.infer<typeof storySummary>;

export const storyOutput = storySummary.extend({
  body: z.string(),
  /** The body rendered from Markdown and sanitised: safe to insert as HTML. */
  bodyHtml: z.string(),
  images: z.array(storyImageOutput),
  reviewNote: z.string().nullable(),
  submittedAt: z.string().nullable(),
  createdAt: z.string(),
  /** What the caller may do with it now (the server checks again). */
  can: z.object({
    edit: z.boolean(),
    delete: z.boolean(),
    transitions: z.array(z.enum(storyTransitions)),
  }),
});
export type StoryOutput = z.infer<typeof storyOutput>;

export const storyQuery = z.object({
  state: z.enum(storyStates).optional().describe("Only signed-in writers and reviewers see other states."),
  sector: z.string().max(40).optional().describe("A sector code (its sub-sectors included)."),
  language: languageTag.optional(),
  q: z.string().trim().max(200).optional(),
  mine: z.enum(["true", "false"]).optional().describe("Stories the caller may edit or review."),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type StoryQuery = z.infer<typeof storyQuery>;

export const storyList = z.object({ items: z.array(storySummary), total: z.number().int() });
export type StoryList = z.infer<typeof storyList>;

export const markdownPreviewInput = z.strictObject({ body: z.string().max(50_000) });
