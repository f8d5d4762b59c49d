import { beforeAll, describe, expect, it } from "vitest";
import type { Action } from "../../../common/permissions.ts";
import type { App } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { buildTestApp } from "../../testing/factories.ts";
import { everyone, expected } from "../../testing/permission-cases.ts";
import { buildNewsWorld, type NewsWorld } from "./news.world.ts";

/** Every role against every news write: allowed → 2xx, refused → 403, signed out → 401. */

let app: App;
let db: Db;
beforeAll(async () => {
  ({ app, db } = await buildTestApp());
});

type State = "draft" | "in_review" | "published";
interface Case {
  name: string;
  action: Action;
  own?: boolean;
  /** The story the case acts on: own or other scope, in a state. */
  story?: { own: boolean; state: State };
  method: "POST" | "PATCH" | "DELETE";
  path: (id: string) => string;
  payload?: (w: NewsWorld) => unknown;
  image?: boolean;
}

const t = (action: string, note?: string) => () => ({ action, ...(note ? { note } : {}) });
const cases: Case[] = [
  {
    name: "write own story",
    action: "news:write",
    own: true,
    method: "POST",
    path: () => "",
    payload: (w) => ({ title: "Story", summary: "Summary", ...w.own }),
  },
  {
    name: "write other story",
    action: "news:write",
    own: false,
    method: "POST",
    path: () => "",
    payload: (w) => ({ title: "Story", summary: "Summary", ...w.other }),
  },
  {
    name: "edit own draft",
    action: "news:write",
    own: true,
    story: { own: true, state: "draft" },
    method: "PATCH",
    path: (id) => `/${id}`,
    payload: () => ({ title: "New title" }),
  },
  {
    name: "edit other draft",
    action: "news:write",
    own: false,
    story: { own: false, state: "draft" },
    method: "PATCH",
    path: (id) => `/${id}`,
    payload: () => ({ title: "New title" }),
  },
  {
    name: "move own draft out of reach",
    action: "news:write",
    own: false,
    story: { own: true, state: "draft" },
    method: "PATCH",
    path: (id) => `/${id}`,
    payload: (w) => w.other,
  },
  {
    name: "add image to own draft",
    action: "news:write",
    own: true,
    story: { own: true, state: "draft" },
    method: "POST",
    path: (id) => `/${id}/images`,
    image: true,
  },
  {
    name: "delete own draft",
    action: "news:write",
    own: true,
    story: { own: true, state: "draft" },
    method: "DELETE",
    path: (id) => `/${id}`,
  },
  {
    name: "submit own draft",
    action: "news:write",
    own: true,
    story: { own: true, state: "draft" },
    method: "POST",
    path: (id) => `/${id}/transitions`,
    payload: t("submit"),
  },
  {
    name: "submit other draft",
    action: "news:write",
    own: false,
    story: { own: false, state: "draft" },
    method: "POST",
    path: (id) => `/${id}/transitions`,
    payload: t("submit"),
  },
  {
    name: "publish own story in review",
    action: "news:publish",
    own: true,
    story: { own: true, state: "in_review" },
    method: "POST",
    path: (id) => `/${id}/transitions`,
    payload: t("publish"),
  },
  {
    name: "publish other story in review",
    action: "news:publish",
    own: false,
    story: { own: false, state: "in_review" },
    method: "POST",
    path: (id) => `/${id}/transitions`,
    payload: t("publish"),
  },
  {
    name: "return own story",
    action: "news:publish",
    own: true,
    story: { own: true, state: "in_review" },
    method: "POST",
    path: (id) => `/${id}/transitions`,
    payload: t("return", "Needs figures"),
  },
  {
    name: "take down own story",
    action: "news:publish",
    own: true,
    story: { own: true, state: "published" },
    method: "POST",
    path: (id) => `/${id}/transitions`,
    payload: t("unpublish", "Outdated"),
  },
  {
    name: "edit own published story",
    action: "news:publish",
    own: true,
    story: { own: true, state: "published" },
    method: "PATCH",
    path: (id) => `/${id}`,
    payload: () => ({ summary: "Corrected summary" }),
  },
  {
    name: "edit own story in review",
    action: "news:publish",
    own: true,
    story: { own: true, state: "in_review" },
    method: "PATCH",
    path: (id) => `/${id}`,
    payload: () => ({ summary: "Corrected summary" }),
  },
  {
    name: "delete other published story",
    action: "news:publish",
    own: false,
    story: { own: false, state: "published" },
    method: "DELETE",
    path: (id) => `/${id}`,
  },
];

describe("news permission matrix", () => {
  for (const c of cases) {
    describe(c.name, () => {
      for (const who of everyone) {
        const outcome = expected(who, c);
        it(`${who} → ${outcome}`, async () => {
          const w = await buildNewsWorld(app, db);
          const headers = await w.login(who);
          const id = c.story ? await w.story(c.story.own ? w.own : w.other, c.story.state) : "";
          const res = c.image
            ? await w.uploadImage(headers, id)
            : await app.inject({
                method: c.method,
                url: w.url(c.path(id)),
                headers,
                ...(c.payload ? { payload: c.payload(w) as object } : {}),
              });
          if (outcome === "allowed") {
            expect(res.statusCode, res.body).toBeGreaterThanOrEqual(200);
            expect(res.statusCode, res.body).toBeLessThan(300);
          } else {
            expect(res.statusCode, res.body).toBe(outcome === "forbidden" ? 403 : 401);
            expect(res.json().error.code).toBe(outcome === "forbidden" ? "FORBIDDEN" : "UNAUTHENTICATED");
          }
        });
      }
    });
  }

  it("a response manager of one response cannot publish, edit or write in another", async () => {
    const mine = await buildNewsWorld(app, db);
    const theirs = await buildNewsWorld(app, db);
    const headers = await mine.login("response_manager");
    const id = await theirs.story(theirs.own, "in_review");
    const publish = await app.inject({
      method: "POST",
      url: theirs.url(`/${id}/transitions`),
      headers,
      payload: { action: "publish" },
    });
    expect(publish.statusCode).toBe(403);
    expect(
      (
        await app.inject({
          method: "PATCH",
          url: mine.url(`/${id}`),
          headers,
          payload: { title: "Taken over" },
        })
      ).statusCode,
    ).toBe(404);
    const write = await app.inject({
      method: "POST",
      url: mine.url(),
      headers,
      payload: { title: "Story", summary: "Summary", ...theirs.own },
    });
    expect(write.statusCode).toBe(400);
  });

  it("a read-only token cannot write", async () => {
    const w = await buildNewsWorld(app, db);
    const id = await w.story(w.own);
    const token = await app.inject({
      method: "POST",
      url: "/api/v1/auth/tokens",
      headers: w.managerHeaders,
      payload: { name: "read", scope: "read" },
    });
    if (token.statusCode !== 201) return expect.fail(`token: ${token.body}`);
    const bearer = { authorization: `Bearer ${token.json().token}` };
    const res = await app.inject({
      method: "PATCH",
      url: w.url(`/${id}`),
      headers: bearer,
      payload: { title: "By token" },
    });
    expect(res.statusCode).toBe(403);
  });
});
