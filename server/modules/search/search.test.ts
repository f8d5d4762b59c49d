import { beforeAll, describe, expect, it } from "vitest";
import { highlightStart, highlightStop, type SearchResults } from "../../../common/schemas/search.ts";
import type { App } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { documents } from "../../db/schema/documents.ts";
import { events } from "../../db/schema/events.ts";
import { newsStories } from "../../db/schema/news.ts";
import { platforms } from "../../db/schema/platforms.ts";
import { practices } from "../../db/schema/practices.ts";
import {
  buildLocation,
  buildOrganisation,
  buildResponse,
  buildTestApp,
  buildUser,
  signIn,
} from "../../testing/factories.ts";

let app: App;
let db: Db;
let slug: string;
let otherSlug: string;
let memberCookie: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  ({ app, db } = await buildTestApp());
  const response = await buildResponse(db);
  const other = await buildResponse(db);
  slug = response.slug;
  otherSlug = other.slug;
  const r = response.id;
  const oxfam = await buildOrganisation(db, r, { name: "Oxfam GB", acronym: "OXGB" });
  ids.oxfam = oxfam.id;
  await buildOrganisation(db, other.id, { name: "Oxfam Novib" });
  ids.ukhia = (await buildLocation(db, r, { name: "Ukhia", code: "BD2022" })).id;
  ids.secret = (await buildLocation(db, r, { name: "Kutupalong Safehouse", sensitive: true })).id;
  const [published] = await db
    .insert(newsStories)
    .values({
      responseId: r,
      title: "Repairs before the rains",
      summary: "Partners worked in Camp 4.",
      body: "## Work done\n\nVolunteers **repaired latrines** and desludged the [cisterns](https://example.org/c) before the monsoon.",
      state: "published",
      publishedAt: new Date("2026-05-01T00:00:00Z"),
    })
    .returning();
  ids.published = published!.id;
  const [draft] = await db
    .insert(newsStories)
    .values({ responseId: r, title: "Draft about desludging", summary: "Not yet.", state: "draft" })
    .returning();
  ids.draft = draft!.id;
  const [doc] = await db
    .insert(documents)
    .values({
      responseId: r,
      title: "Cholera preparedness plan",
      type: "plan",
      visibility: "signed_in",
      description: "Internal plan for oral vaccination.",
    })
    .returning();
  ids.doc = doc!.id;
  await db.insert(documents).values({
    responseId: r,
    title: "<script>alert(1)</script> monsoon guidance",
    type: "guidance",
    visibility: "public",
  });
  await db.insert(events).values({
    responseId: r,
    title: "WASH sector monthly meeting",
    type: "coordination_meeting",
    startsAt: new Date("2026-06-01T04:00:00Z"),
    endsAt: new Date("2026-06-01T05:00:00Z"),
    timeZone: "Asia/Dhaka",
  });
  await db.insert(practices).values({
    responseId: r,
    title: "Community early warning volunteers",
    summary: "Volunteers warn households about cyclones.",
    type: "programme_project",
    status: "published",
  });
  await db
    .insert(platforms)
    .values({ responseId: r, code: "ISCG", name: "Inter Sector Coordination Group", type: "iscg" });
  const member = await buildUser(db, { role: "viewer", responseId: r });
  memberCookie = (await signIn(app, member.email)).cookie;
});

const find = async (q: string, extra = "", headers: Record<string, string> = {}, on = slug) => {
  const res = await app.inject({
    method: "GET",
    url: `/api/v1/responses/${on}/search?q=${encodeURIComponent(q)}${extra}`,
    headers,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as SearchResults;
};
const group = (r: SearchResults, kind: string) => r.groups.find((g) => g.kind === kind)!;

describe("search", () => {
  it("finds a story by a word of its body (stemmed) and marks it in the excerpt", async () => {
    const result = await find("latrine");
    const news = group(result, "news");
    expect(news.hits.map((h) => h.id)).toEqual([ids.published]);
    expect(news.hits[0]!.snippet).toContain(
      `repaired ${highlightStart}latrines${highlightStop} and desludged the cisterns`,
    );
    // Markdown's marks and link targets are not part of the excerpt.
    expect(news.hits[0]!.snippet).not.toMatch(/[#*]|example\.org/);
    expect(news.hits[0]!.date).toBe("2026-05-01");
  });

  it("tolerates a typo in an organisation's name, within the response only", async () => {
    const orgs = group(await find("Oxfarm"), "organisations");
    expect(orgs.hits.map((h) => h.id)).toEqual([ids.oxfam]);
    expect(orgs.total).toBe(1);
  });

  it("finds a place by a misspelt name", async () => {
    const places = group(await find("Ukia"), "locations");
    expect(places.hits.map((h) => h.id)).toContain(ids.ukhia);
  });

  it("shows visitors neither drafts, signed-in documents nor sensitive places; members see the last two", async () => {
    const visitor = await find("desludging");
    expect(group(visitor, "news").hits.map((h) => h.id)).toEqual([ids.published]);
    expect(group(await find("cholera"), "documents").total).toBe(0);
    expect(group(await find("Kutupalong"), "locations").total).toBe(0);
    const member = { cookie: memberCookie };
    expect(group(await find("cholera", "", member), "documents").hits.map((h) => h.id)).toEqual([ids.doc]);
    expect(group(await find("Kutupalong", "", member), "locations").hits.map((h) => h.id)).toEqual([
      ids.secret,
    ]);
    // Drafts stay out of search for everyone (the news pages show them to their writers).
    expect(group(await find("draft", "", member), "news").total).toBe(0);
  });

  it("returns titles as text with private-use marks, never HTML marks", async () => {
    const docs = group(await find("monsoon"), "documents");
    const title = docs.hits[0]!.title;
    expect(title).toContain("<script>alert(1)</script>");
    expect(title).toContain(`${highlightStart}monsoon${highlightStop}`);
    expect(title).not.toContain("<mark>");
  });

  it("searches events, practices and platforms; kinds= narrows and limit= widens", async () => {
    expect(group(await find("wash meeting"), "events").total).toBe(1);
    expect(group(await find("cyclones"), "practices").total).toBe(1);
    expect(group(await find("coordination group"), "platforms").total).toBe(1);
    // Typo tolerance is not so loose that "wash" finds "Cash".
    expect(group(await find("wash"), "platforms").total).toBe(0);
    const only = await find("monsoon", "&kinds=news,documents&limit=20");
    expect(only.groups.map((g) => g.kind)).toEqual(["news", "documents"]);
    expect(only.total).toBe(2);
    expect(group(await find("Oxfam", "", {}, otherSlug), "organisations").total).toBe(1);
  });

  it("refuses an empty, a 300-character or an unknown-kind search with a 400 and details", async () => {
    for (const url of [
      `/api/v1/responses/${slug}/search?q=`,
      `/api/v1/responses/${slug}/search?q=%20%20`,
      `/api/v1/responses/${slug}/search?q=${"a".repeat(300)}`,
      `/api/v1/responses/${slug}/search?q=rain&kinds=spells`,
    ]) {
      const res = await app.inject({ method: "GET", url });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.details.length, url).toBeGreaterThan(0);
    }
    const missing = await app.inject({ method: "GET", url: "/api/v1/responses/no-such-response/search?q=x" });
    expect(missing.statusCode).toBe(404);
  });
});
