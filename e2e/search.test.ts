import { expect, test } from "vitest";
import { newContext, phone, startJourney, visible } from "./harness.ts";

const journey = startJourney();

test("a visitor searches from the header, forgives a typo, opens a meeting, and on a phone searches from the menu", async () => {
  const context = await newContext(journey.browser, journey.server);
  const page = await context.newPage();
  await page.goto("/r/rohingya");
  await visible(page.getByRole("heading", { name: "People and funding" }));

  const box = page
    .getByRole("search", { name: "Search" })
    .getByRole("searchbox", { name: "Search this response" });
  await box.fill("Oxfarm");
  await box.press("Enter");
  await visible(page.getByRole("heading", { name: "Search", level: 1 }));
  expect(new URL(page.url()).pathname).toBe("/r/rohingya/search");
  const organisations = page.getByTestId("search-group-organisations");
  await visible(organisations.getByRole("link", { name: /Oxfam/ }));

  // Matched words are marked (as elements built from text, not HTML from the server).
  await page.goto("/r/rohingya/search?q=wash%20sector%20meeting");
  const meetings = page.getByTestId("search-group-events");
  const meeting = meetings.getByRole("link", { name: "WASH Sector coordination meeting" });
  await visible(meeting);
  expect(await meetings.locator("mark").count()).toBeGreaterThan(0);
  await meeting.click();
  await visible(page.getByRole("heading", { name: "WASH Sector coordination meeting", level: 1 }));
  expect(new URL(page.url()).pathname).toMatch(/^\/r\/rohingya\/events\/[0-9a-f-]{36}$/);

  await page.setViewportSize(phone);
  await page.goto("/r/rohingya");
  await page.getByRole("button", { name: "Open navigation" }).click();
  const menuBox = page
    .getByRole("navigation", { name: "Main navigation" })
    .getByRole("searchbox", { name: "Search this response" });
  await menuBox.fill("Ukhia");
  await menuBox.press("Enter");
  await visible(page.getByTestId("search-group-locations").getByRole("link", { name: /Ukhia/ }));
  await context.close();
}, 90_000);
