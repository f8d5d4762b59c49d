import { Feed } from "feed";
import type { Db } from "../../db/client.ts";
import type { Env } from "../../env.ts";
import { renderMarkdown } from "./markdown.ts";
import { listStories } from "./news.service.ts";

/** RSS 2.0 and Atom 1.0 feeds of a response's published stories, whole or for one sector. */
export async function buildFeed(
  db: Db,
  env: Env,
  response: { id: string; slug: string; name: string },
  options: { sector?: { code: string; name: string }; format: "rss" | "atom" },
): Promise<string> {
  const base = env.PUBLIC_URL.replace(/\/$/, "");
  const { items, rows } = await listStories(
    db,
    response.id,
    response.slug,
    { state: "published", sector: options.sector?.code, limit: 50, offset: 0 },
    null,
  );
  const page = `${base}/r/${response.slug}/news${options.sector ? `?sector=${encodeURIComponent(options.sector.code)}` : ""}`;
  const self = (format: string) =>
    `${base}/api/v1/responses/${response.slug}/news/feed.${format}${options.sector ? `?sector=${encodeURIComponent(options.sector.code)}` : ""}`;
  const feed = new Feed({
    title: options.sector
      ? `${response.name}: ${options.sector.name} news`
      : `${response.name}: news and stories`,
    description: "Stories from the field, published by the response's coordination teams.",
    id: page,
    link: page,
    language: "en",
    updated: items[0]?.publishedAt ? new Date(items[0].publishedAt) : new Date(0),
    generator: "Intersector",
    feedLinks: { rss: self("rss"), atom: self("atom") },
    copyright: `Published by ${response.name} partners`,
  });
  items.forEach((story, i) => {
    const link = `${base}/r/${response.slug}/news/${story.id}`;
    feed.addItem({
      title: story.title,
      id: link,
      link,
      date: new Date(story.publishedAt!),
      published: new Date(story.publishedAt!),
      description: story.summary,
      // Sanitised like the story page, with image links made absolute for feed readers.
      content: renderMarkdown(rows[i]!.body).replaceAll('src="/api/', `src="${base}/api/`),
      author: [{ name: story.organisation?.name ?? story.authorName ?? response.name }],
      category: story.sectors.map((s) => ({ name: s.name, term: s.code })),
      ...(story.image ? { image: { url: `${base}${story.image.url}`, type: story.image.contentType } } : {}),
    });
  });
  return options.format === "rss" ? feed.rss2() : feed.atom1();
}
