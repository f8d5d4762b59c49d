import { type SQL, sql } from "drizzle-orm";
import {
  highlightStart,
  highlightStop,
  type SearchGroup,
  type SearchHit,
  type SearchKind,
  searchKinds,
} from "../../../common/schemas/search.ts";
import type { Db } from "../../db/client.ts";

/**
 * One search across the response's content. Text kinds use PostgreSQL full-text search twice:
 * the `english` configuration (stems "latrines" to "latrin") and `simple` (any language, words as
 * written); titles and names also match with pg_trgm strict word similarity so typos still find them.
 * Highlights mark words with private-use characters, never HTML (see common/schemas/search.ts).
 */

/** Strict word similarity above which a misspelt name still counts ("Oxfarm" → "Oxfam" 0.44, "Ukia" → "Ukhia" 0.38), while "wash" does not find "Cash" (0.25). */
const nameSimilarity = 0.35;

const titleMarks = `StartSel=${highlightStart}, StopSel=${highlightStop}, HighlightAll=true`;
const snippetMarks = `StartSel=${highlightStart}, StopSel=${highlightStop}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;

/** How one kind is searched: a fixed table and expressions (no user input goes into these). */
interface KindSpec {
  table: string;
  title: string;
  /** Longer text searched and excerpted; null for names only. */
  body: string | null;
  type: string;
  date: string;
  code: string;
  /** Visibility filter for visitors (and members), as SQL over the table's columns. */
  visible: (member: boolean) => string;
}

const specs: Record<SearchKind, KindSpec> = {
  news: {
    table: "news_stories",
    title: "title",
    // Markdown's marks (headings, emphasis, link targets) are left out of the text and excerpt.
    body: "coalesce(summary, '') || ' ' || regexp_replace(coalesce(body, ''), '[#*_`>]+|!?\\[([^\\]]*)\\]\\([^)]*\\)', '\\1', 'g')",
    type: "null",
    date: "to_char(published_at, 'YYYY-MM-DD')",
    code: "null",
    // Drafts and stories in review are seen on the news pages by those who may; search shows published.
    visible: () => "state = 'published'",
  },
  documents: {
    table: "documents",
    title: "title",
    // The description, then the words of the current version's file (extracted at upload, capped).
    body: "coalesce(description, '') || ' ' || coalesce((select v.extracted_text from document_versions v where v.response_id = t.response_id and v.document_id = t.id and v.version = t.current_version), '')",
    type: "type",
    date: "document_date::text",
    code: "null",
    visible: (member) => (member ? "true" : "visibility = 'public'"),
  },
  events: {
    table: "events",
    title: "title",
    body: "coalesce(description, '') || ' ' || coalesce(place, '')",
    type: "type",
    date: "to_char(starts_at at time zone time_zone, 'YYYY-MM-DD')",
    code: "null",
    visible: (member) => (member ? "true" : "visibility = 'public'"),
  },
  practices: {
    table: "practices",
    title: "title",
    body: "coalesce(summary, '') || ' ' || coalesce(description, '') || ' ' || coalesce(key_lessons, '')",
    type: "type",
    date: "coalesce(start_date::text, to_char(published_at, 'YYYY-MM-DD'))",
    code: "null",
    visible: () => "status = 'published'",
  },
  organisations: {
    table: "organisations",
    title: "name || coalesce(' (' || acronym || ')', '')",
    body: null,
    type: "type",
    date: "null",
    code: "null",
    visible: () => "merged_into_id is null",
  },
  locations: {
    table: "locations",
    title: "name",
    body: null,
    type: "null",
    date: "null",
    code: "code",
    visible: (member) => `(valid_to is null or valid_to > current_date)${member ? "" : " and not sensitive"}`,
  },
  platforms: {
    table: "platforms",
    title: "name || ' (' || code || ')'",
    body: null,
    type: "type",
    date: "null",
    code: "code",
    visible: () => "true",
  },
};

interface HitRow extends Record<string, unknown> {
  id: string;
  title: string;
  snippet: string | null;
  type: string | null;
  date: string | null;
  code: string | null;
  rank: number;
  total: number;
}

function kindQuery(kind: SearchKind, responseId: string, q: string, member: boolean, limit: number): SQL {
  const s = specs[kind];
  const title = sql.raw(`(${s.title})`);
  const body = sql.raw(s.body ? `(${s.body})` : "''");
  // Locations also match their names in other languages (the indexed lower-cased search_text).
  const nameText = kind === "locations" ? sql.raw("search_text") : sql`lower(${title})`;
  return sql`
    with query as (
      select websearch_to_tsquery('english', ${q}) || websearch_to_tsquery('simple', ${q}) as tsq,
             lower(${q}) as lq
    ), candidates as (
      select t.id::text as id, ${title} as title, ${body} as body, ${sql.raw(s.type)}::text as type, ${sql.raw(s.date)}::text as date,
             ${sql.raw(s.code)}::text as code,
             setweight(to_tsvector('english', ${title}), 'A') || setweight(to_tsvector('simple', ${title}), 'A')
               || setweight(to_tsvector('english', ${body}), 'B') || setweight(to_tsvector('simple', ${body}), 'B') as doc,
             strict_word_similarity(query.lq, ${nameText}) as similarity
      from ${sql.raw(s.table)} t, query
      where t.response_id = ${responseId} and ${sql.raw(s.visible(member))}
    ), matched as (
      select c.*,
        -- Full-text matches first; a name only near in spelling comes after them.
        ts_rank(c.doc, query.tsq) + (c.doc @@ query.tsq)::int + c.similarity / 2 as rank
      from candidates c, query
      where c.doc @@ query.tsq or c.similarity >= ${nameSimilarity}
    )
    select m.id,
           ts_headline('english', m.title, query.tsq, ${titleMarks}) as title,
           ${s.body ? sql`nullif(ts_headline('english', m.body, query.tsq, ${snippetMarks}), '')` : sql`null`} as snippet,
           m.type, m.date, m.code, m.rank::float8 as rank, (count(*) over ())::int as total
    from matched m, query
    order by m.rank desc, m.title
    limit ${limit}
  `;
}

export async function search(
  db: Db,
  responseId: string,
  q: string,
  options: { kinds?: SearchKind[]; limit: number; member: boolean },
): Promise<SearchGroup[]> {
  const kinds = options.kinds?.length ? searchKinds.filter((k) => options.kinds!.includes(k)) : searchKinds;
  // Independent queries: run together (one connection serialises them on PGlite, which is fine).
  return Promise.all(
    kinds.map(async (kind): Promise<SearchGroup> => {
      const result = await db.execute<HitRow>(kindQuery(kind, responseId, q, options.member, options.limit));
      const hits: SearchHit[] = result.rows.map((r) => ({
        id: r.id,
        title: r.title,
        snippet: r.snippet?.includes(highlightStart) ? r.snippet : null,
        type: r.type,
        date: r.date,
        code: r.code,
        rank: Number(r.rank),
      }));
      return { kind, total: result.rows[0]?.total ?? 0, hits };
    }),
  );
}
