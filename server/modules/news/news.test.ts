import { parseFeed } from "@rowanmanning/feed-parser";
import { and, eq } from "drizzle-orm";
import { XMLValidator } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { auditLog } from "../../db/schema/audit.ts";
import { buildTestApp } from "../../testing/factories.ts";
import { renderMarkdown } from "./markdown.ts";
import { buildNewsWorld, pngBytes } from "./news.world.ts";

let app: App;
let db: Db;
beforeAll(async () => {
  ({ app, db } = await buildTestApp());
});

describe("story workflow", () => {
  it("an editor writes for their organisation and submits; a coordinator publishes; the public reads it; every step is audited", async () => {
    const w = await buildNewsWorld(app, db);
    const editor = await w.login("organisation_editor");
    const created = await app.inject({
      method: "POST",
      url: w.url(),
      headers: editor,
      payload: {
        title: "Latrine repairs before the rains",
        summary: "Partners repaired 120 latrines in Camp 4.",
        body: "## What was done\n\nRepairs **before** the monsoon.",
        sectorIds: [w.ownSub.id],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const story = created.json();
    expect(story).toMatchObject({
      state: "draft",
      organisation: { id: w.ownOrg.id },
      can: { edit: true, transitions: ["submit"] },
    });
    expect(story.bodyHtml).toBe(
      "<h2>What was done</h2>\n<p>Repairs <strong>before</strong> the monsoon.</p>\n",
    );
    const move = (headers: Record<string, string>, action: string, extra = {}) =>
      app.inject({
        method: "POST",
        url: w.url(`/${story.id}/transitions`),
        headers,
        payload: { action, ...extra },
      });
    // Not public yet.
    expect((await app.inject({ method: "GET", url: w.url(`/${story.id}`) })).statusCode).toBe(404);
    // Editors may not publish, from draft or from review.
    expect((await move(editor, "publish")).statusCode).toBe(403);
    expect((await move(editor, "submit")).json().state).toBe("in_review");
    expect((await move(editor, "publish")).statusCode).toBe(403);
    // In review, the editor can no longer change it.
    const late = await app.inject({
      method: "PATCH",
      url: w.url(`/${story.id}`),
      headers: editor,
      payload: { title: "Changed title" },
    });
    expect(late.statusCode).toBe(403);
    const coordinator = await w.login("sector_coordinator");
    const returned = await move(coordinator, "return");
    expect(returned.statusCode).toBe(400);
    expect(returned.json().error.details[0].path).toBe("body.note");
    expect(
      (await move(coordinator, "return", { note: "Add the number of households." })).json(),
    ).toMatchObject({
      state: "draft",
      reviewNote: "Add the number of households.",
    });
    expect((await move(editor, "submit")).json().state).toBe("in_review");
    const published = await move(coordinator, "publish");
    expect(published.json()).toMatchObject({ state: "published", reviewNote: null });
    expect(published.json().publishedAt).toBeTruthy();
    expect((await move(coordinator, "publish")).statusCode).toBe(409);
    const open = await app.inject({ method: "GET", url: w.url(`/${story.id}`) });
    expect(open.statusCode).toBe(200);
    expect(open.json().can).toEqual({ edit: false, delete: false, transitions: [] });
    const list = await app.inject({ method: "GET", url: w.url() });
    expect(list.json().items.map((s: { id: string }) => s.id)).toEqual([story.id]);
    const down = await move(coordinator, "unpublish", { note: "Figures under review." });
    expect(down.json().state).toBe("draft");
    expect((await app.inject({ method: "GET", url: w.url(`/${story.id}`) })).statusCode).toBe(404);
    const audit = await db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.responseId, w.response.id), eq(auditLog.entityId, story.id)))
      .orderBy(auditLog.at);
    expect(audit.map((a) => a.action)).toEqual([
      "news.create",
      "news.submit",
      "news.return",
      "news.submit",
      "news.publish",
      "news.unpublish",
    ]);
  });

  it("shows unpublished stories only to their author, writers of their organisation and reviewers of their sectors", async () => {
    const w = await buildNewsWorld(app, db);
    const draft = await w.story(w.own);
    const otherDraft = await w.story(w.other);
    await w.story(w.own, "published");
    const seen = async (who: Parameters<typeof w.login>[0], query = "") => {
      const headers = await w.login(who);
      const res = await app.inject({ method: "GET", url: w.url(`?mine=true${query}`), headers });
      return res.json().items.map((s: { id: string }) => s.id) as string[];
    };
    expect(await seen("organisation_editor")).toContain(draft);
    expect(await seen("organisation_editor")).not.toContain(otherDraft);
    expect(await seen("sector_coordinator")).toContain(draft);
    expect(await seen("sector_coordinator")).not.toContain(otherDraft);
    expect(await seen("viewer")).toEqual([]);
    expect((await seen("response_manager")).length).toBe(3);
    const publicList = await app.inject({ method: "GET", url: w.url("?state=draft") });
    expect(publicList.json().items).toEqual([]);
    const viewer = await w.login("viewer");
    expect((await app.inject({ method: "GET", url: w.url(`/${draft}`), headers: viewer })).statusCode).toBe(
      404,
    );
  });

  it("filters the public list by sector (with sub-sectors), latest first", async () => {
    const w = await buildNewsWorld(app, db);
    const first = await w.story(w.own, "published");
    const second = await w.story(w.own, "published");
    await w.story(w.other, "published");
    const res = await app.inject({ method: "GET", url: w.url(`?sector=${w.parent.code}`) });
    expect(res.json().items.map((s: { id: string }) => s.id)).toEqual([second, first]);
    expect(res.json().total).toBe(2);
  });
});

describe("story images", () => {
  it("takes images with caption and credit, refuses other types, and serves them like their story", async () => {
    const w = await buildNewsWorld(app, db);
    const editor = await w.login("organisation_editor");
    const id = await w.story(w.own);
    const added = await w.uploadImage(editor, id);
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json()).toMatchObject({
      caption: "Volunteers check a drainage channel",
      credit: "Photo: WASH sector",
      contentType: "image/png",
    });
    const pdf = Buffer.from("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");
    const wrong = await w.uploadImage(editor, id, pdf, "photo.png");
    expect(wrong.statusCode).toBe(415);
    expect(wrong.json().error.message).toMatch(/Only PNG, JPEG, GIF and WebP/);
    const svg = await w.uploadImage(
      editor,
      id,
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
      "x.png",
    );
    expect(svg.statusCode).toBe(415);
    const long = await w.uploadImage(editor, id, pngBytes, "p.png", { caption: "x".repeat(400), credit: "" });
    expect(long.statusCode).toBe(400);
    expect(long.json().error.details[0].path).toBe("caption");
    const image = added.json().url as string;
    expect((await app.inject({ method: "GET", url: image })).statusCode).toBe(404);
    const mine = await app.inject({ method: "GET", url: image, headers: editor });
    expect(mine.statusCode).toBe(200);
    expect(mine.headers["content-type"]).toBe("image/png");
    expect(mine.rawPayload.equals(pngBytes)).toBe(true);
    const story = await app.inject({ method: "GET", url: w.url(`/${id}`), headers: editor });
    expect(story.json().images).toHaveLength(1);
    expect(story.json().image.url).toBe(image);
    const changed = await app.inject({
      method: "PATCH",
      url: image,
      headers: editor,
      payload: { caption: "Drainage channel, Camp 4" },
    });
    expect(changed.json().caption).toBe("Drainage channel, Camp 4");
    const gone = await app.inject({ method: "DELETE", url: image, headers: editor });
    expect(gone.statusCode).toBe(204);
    expect((await app.inject({ method: "GET", url: image, headers: editor })).statusCode).toBe(404);
  });
});

describe("Markdown", () => {
  it("renders Markdown and drops what could run", () => {
    expect(renderMarkdown("[site](https://example.org)")).toBe(
      '<p><a href="https://example.org" rel="noopener noreferrer nofollow">site</a></p>\n',
    );
    expect(renderMarkdown("# Title")).toBe("<h2>Title</h2>\n");
    expect(renderMarkdown("[x](javascript:alert(1))")).not.toMatch(/javascript/i);
    expect(renderMarkdown('<img src="x" onerror="alert(1)">')).not.toMatch(/onerror/);
    expect(renderMarkdown("<script>alert(1)</script>ok")).not.toMatch(/script|alert/);
    expect(renderMarkdown("![a](http://insecure.example/x.png)")).not.toMatch(/src=/);
  });

  it("previews a body for signed-in writers", async () => {
    const w = await buildNewsWorld(app, db);
    const res = await app.inject({
      method: "POST",
      url: w.url("/preview"),
      headers: w.managerHeaders,
      payload: { body: "*hi*" },
    });
    expect(res.json()).toEqual({ html: "<p><em>hi</em></p>\n" });
    expect(
      (await app.inject({ method: "POST", url: w.url("/preview"), payload: { body: "x" } })).statusCode,
    ).toBe(401);
  });
});

describe("feeds", () => {
  it("publishes RSS 2.0 and Atom 1.0 of published stories, per response and per sector", async () => {
    const w = await buildNewsWorld(app, db);
    const washStory = await w.story(w.own, "published", {
      title: "Water trucking & <chlorination>",
      body: "Safe **water**.",
    });
    await w.story(w.other, "published", { title: "Health post opens" });
    await w.story(w.own, "draft", { title: "Unpublished draft" });
    const storyUrl = `http://localhost:8080/r/${w.slug}/news/${washStory}`;

    // Read the feeds as a feed reader does (a parser of RSS and Atom, not a general XML reader).
    const rss = await app.inject({ method: "GET", url: w.url("/feed.rss") });
    expect(rss.statusCode).toBe(200);
    expect(rss.headers["content-type"]).toBe("application/rss+xml; charset=utf-8");
    expect(XMLValidator.validate(rss.body)).toBe(true);
    const channel = parseFeed(rss.body);
    expect(channel.meta).toMatchObject({ type: "rss", version: "2.0" });
    expect(channel.title).toBe(`${w.response.name}: news and stories`);
    expect(channel.items.map((i) => i.title).sort()).toEqual([
      "Health post opens",
      "Water trucking & <chlorination>",
    ]);
    const wash = channel.items.find((i) => i.title?.startsWith("Water"))!;
    expect(wash.url).toBe(storyUrl);
    expect(wash.content).toContain("<strong>water</strong>");
    expect(wash.published).toBeInstanceOf(Date);
    expect(Date.now() - wash.published!.getTime()).toBeLessThan(86_400_000);

    const atom = await app.inject({ method: "GET", url: w.url(`/feed.atom?sector=${w.parent.code}`) });
    expect(atom.headers["content-type"]).toBe("application/atom+xml; charset=utf-8");
    expect(XMLValidator.validate(atom.body)).toBe(true);
    const feed = parseFeed(atom.body);
    expect(feed.meta).toMatchObject({ type: "atom", version: "1.0" });
    expect(feed.items.map((i) => [i.title, i.url])).toEqual([["Water trucking & <chlorination>", storyUrl]]);
    expect(feed.items[0]!.updated ?? feed.items[0]!.published).toBeInstanceOf(Date);
    expect((await app.inject({ method: "GET", url: w.url("/feed.rss?sector=NOPE") })).statusCode).toBe(404);
  });
});
