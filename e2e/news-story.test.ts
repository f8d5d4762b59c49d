import { parseFeed } from "@rowanmanning/feed-parser";
import type { Page } from "playwright-core";
import { expect, test } from "vitest";
import { illustrationPng } from "../server/seed/demo-files.ts";
import { newContext, phone, signIn, startJourney, visible } from "./harness.ts";

/**
 * A story from the field: an organisation editor (BRAC) writes a WASH story with an image,
 * caption and credit and submits it; the WASH sector coordinator publishes it; a visitor reads it
 * on the news list, on a phone, and finds it in the RSS feed. A script in the body never runs.
 */

const journey = startJourney();
const title = `Latrines repaired in Camp 4 ${Date.now().toString(36)}`;

async function openStoryFromList(page: Page, path: string) {
  await page.goto(path);
  await page.getByRole("link", { name: title }).click();
  await visible(page.getByRole("heading", { name: title, level: 1 }));
}

test("an editor writes a story with an image and submits it", async () => {
  const context = await newContext(journey.browser, journey.server);
  const page = await context.newPage();
  await signIn(page, journey.server.accounts.organisation_editor!, "/r/rohingya/news");
  await page.getByRole("link", { name: "Write a story" }).click();
  await visible(page.getByRole("heading", { name: "Write a story", level: 1 }));
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Summary").fill("Partners repaired latrine blocks damaged by the rains.");
  await page
    .getByLabel("Story", { exact: true })
    .fill("## What was done\n\nDoors and roofs were **repaired**.\n\n<script>window.__xss = 1</script>");
  await page.getByRole("tab", { name: "Preview" }).click();
  await visible(page.getByRole("heading", { name: "What was done", level: 2 }));
  await page.getByRole("tab", { name: "Write" }).click();
  const sectors = page.getByRole("textbox", { name: "Sectors" });
  await sectors.click();
  await page.getByRole("option", { name: "WASH", exact: true }).click();
  await page.keyboard.press("Escape");
  const created = page.waitForResponse((r) => r.url().endsWith("/news") && r.request().method() === "POST");
  await page.getByRole("button", { name: "Save the draft" }).click();
  expect((await created).status()).toBe(201);
  await visible(page.getByRole("heading", { name: "Edit the story", level: 1 }));

  await page.locator('input[type="file"]').setInputFiles({
    name: "latrines.png",
    mimeType: "image/png",
    buffer: illustrationPng([160, 190, 220], [90, 130, 80], 120, 68),
  });
  await page.getByLabel("Caption").fill("A repaired latrine block in Camp 4");
  await page.getByLabel("Credit").fill("Photo: BRAC WASH team");
  const uploaded = page.waitForResponse(
    (r) => r.url().includes("/images") && r.request().method() === "POST",
  );
  await page.getByRole("button", { name: "Add the image" }).click();
  expect((await uploaded).status()).toBe(201);
  await visible(page.getByRole("img", { name: "A repaired latrine block in Camp 4" }));

  await page.getByRole("button", { name: "Submit for review" }).click();
  await visible(page.getByText("This story is waiting for a reviewer."));
  // Not public yet.
  const anonymous = await newContext(journey.browser, journey.server);
  const visitor = await anonymous.newPage();
  await visitor.goto("/r/rohingya/news");
  await visible(visitor.getByRole("heading", { name: "News and stories", level: 1 }));
  expect(await visitor.getByRole("link", { name: title }).count()).toBe(0);
  await anonymous.close();
  await context.close();
});

test("the sector coordinator publishes it from the review queue", async () => {
  const context = await newContext(journey.browser, journey.server);
  const page = await context.newPage();
  await signIn(page, journey.server.accounts.sector_coordinator!, "/r/rohingya/news?view=review");
  await openStoryFromList(page, "/r/rohingya/news?view=review");
  const published = page.waitForResponse((r) => r.url().includes("/transitions"));
  await page.getByRole("button", { name: "Publish" }).click();
  expect((await published).status()).toBe(200);
  await visible(page.getByText("This story is published: everyone can read it."));
  await context.close();
});

test("a visitor reads it on a phone and finds it in the RSS feed", async () => {
  const context = await newContext(journey.browser, journey.server, phone);
  const page = await context.newPage();
  const dialogs: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await openStoryFromList(page, "/r/rohingya/news");
  await visible(page.getByRole("heading", { name: "What was done", level: 2 }));
  await visible(page.getByText("A repaired latrine block in Camp 4"));
  await visible(page.getByText("Photo: BRAC WASH team"));
  const image = page.getByRole("img", { name: "A repaired latrine block in Camp 4" });
  await visible(image);
  await page.waitForFunction(
    (alt) => [...document.images].some((i) => i.alt === alt && i.complete && i.naturalWidth > 0),
    "A repaired latrine block in Camp 4",
  );
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss ?? null)).toBeNull();
  expect(dialogs).toEqual([]);

  const rss = await page.request.get("/api/v1/responses/rohingya/news/feed.rss?sector=WASH");
  expect(rss.status()).toBe(200);
  const item = parseFeed(await rss.text()).items.find((i) => i.title === title);
  expect(item?.url).toMatch(/\/r\/rohingya\/news\/[0-9a-f-]{36}$/);
  await context.close();
});
