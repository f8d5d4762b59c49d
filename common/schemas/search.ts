import { z } from "zod";

/** What the search covers, in the order results are shown. */
export const searchKinds = [
  "news",
  "documents",
  "events",
  "practices",
  "organisations",
  "locations",
  "platforms",
] as const;
export type SearchKind = (typeof searchKinds)[number];

/**
 * Highlights come back as plain text with matched words between these two private-use
 * characters, never as HTML: the client builds text nodes from them, so nothing is interpreted.
 */
export const highlightStart = "\uE000";
export const highlightStop = "\uE001";

const kindList = z
  .string()
  .max(200)
  .transform((s, ctx) => {
    const names = s
      .split(",")
      .map((k) => k.trim())
      .filter(Boolean);
    for (const name of names)
      if (!(searchKinds as readonly string[]).includes(name)) {
        ctx.addIssue({
          code: "custom",
          message: `Unknown kind "${name}"; one of ${searchKinds.join(", ")}.`,
        });
        return z.NEVER;
      }
    return names as SearchKind[];
  });

export const searchQuery = z.object({
  q: z
    .string()
    .trim()
    .min(1, "Type something to search for.")
    .max(200, "A search is at most 200 characters."),
  kinds: kindList.optional().describe("Comma-separated kinds to search; all when absent."),
  limit: z.coerce.number().int().min(1).max(50).default(5).describe("Results per kind."),
});
export type SearchQuery = z.input<typeof searchQuery>;

export const searchHit = z.object({
  id: z.string(),
  title: z.string().describe("Highlighted title (marks as private-use characters)."),
  snippet: z.string().nullable().describe("Highlighted excerpt, or null."),
  /** The item's type (an enum value of its kind: document type, event type, …), if it has one. */
  type: z.string().nullable(),
  /** Its date (YYYY-MM-DD): publication, document date, start of the event (local time). */
  date: z.string().nullable(),
  /** A code: a location's P-code, a platform's code. */
  code: z.string().nullable(),
  rank: z.number(),
});
export type SearchHit = z.infer<typeof searchHit>;

export const searchGroup = z.object({
  kind: z.enum(searchKinds),
  total: z.number().int(),
  hits: z.array(searchHit),
});
export type SearchGroup = z.infer<typeof searchGroup>;

export const searchResults = z.object({
  query: z.string(),
  total: z.number().int(),
  groups: z.array(searchGroup),
});
export type SearchResults = z.infer<typeof searchResults>;
