import type { Page } from "playwright-core";
import { expect, test } from "vitest";
import { newContext, signIn, startJourney, visible } from "./harness.ts";

/**
 * The analysis pages: a visitor opens the Rohingya dashboard and its key figures, switches the
 * map to the WASH gaps, opens a camp's summary from the map and then its profile; the WASH sector
 * coordinator marks a duplication finding as reviewed, not a duplicate, with a reason.
 */

const journey = startJourney();

/** Picks an option of a Mantine select (typing first narrows a searchable one). */
async function choose(page: Page, label: string, option: string, typed?: string) {
  const box = page.getByRole("textbox", { name: label, exact: true });
  await box.click();
  if (typed) await box.fill(typed);
  await page.getByRole("option", { name: option, exact: true }).first().click();
}

test("a visitor reads the dashboard, maps the WASH gaps and opens a camp's profile", async () => {
  const context = await newContext(journey.browser, journey.server);
  const page = await context.newPage();
  await page.goto("/r/rohingya");
  await page.getByRole("link", { name: "Open the dashboard" }).click();
  await visible(page.getByRole("heading", { name: "Response dashboard", level: 1 }));

  // Key figures carry numbers and the date they hold for.
  const inNeed = page.getByTestId("figure-inNeed");
  await visible(inNeed.getByText(/as of/));
  // Playwright's innerText (rendered text): textContent would include Mantine's inline <style>.
  // biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator, not a DOM node
  expect(await inNeed.innerText()).toMatch(/People in need\s*[\d,]{4,}/);
  // biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator, not a DOM node
  expect(await page.getByTestId("figure-reached").innerText()).toMatch(/[\d,]{3,}/);
  await visible(page.getByRole("heading", { name: "People in need, targeted and reached by sector" }));
  // Public figures say that small numbers are withheld.
  await visible(page.getByText(/numbers under 5 are not published/));

  await page.getByRole("navigation").getByRole("link", { name: "Map", exact: true }).click();
  await visible(page.getByRole("heading", { name: "Map", level: 1 }));
  await choose(page, "Indicator", "Gap (people not reached)");
  const washGaps = page.waitForResponse(
    (r) => r.url().includes("/analysis/gaps") && r.url().includes("sector=") && r.status() === 200,
  );
  await choose(page, "Sector", "WASH", "WASH");
  await washGaps;
  expect(page.url()).toContain("indicator=gap");
  await visible(page.getByText("Legend: Gap (people not reached)"));
  const table = page.getByRole("table", { name: "Places by Gap (people not reached)" });
  await visible(table.getByRole("button", { name: "Show the summary of Camp 1E" }));

  // The camp's shape on the map (an SVG path of Leaflet). Camps lie close together at this zoom,
  // so the click goes to Camp 1E's own element rather than to a point a neighbour may cover.
  const camp = page.locator("path.isx-place-CXB-201");
  await camp.waitFor({ state: "attached" });
  await camp.dispatchEvent("click");
  const summary = page.getByRole("region", { name: "Camp 1E" });
  await visible(summary);
  await visible(summary.getByText("WASH", { exact: true }));
  await summary.getByRole("link", { name: "Open the profile of Camp 1E" }).click();

  await visible(page.getByRole("heading", { name: "Camp 1E", level: 1 }));
  await visible(page.getByRole("link", { name: "Ukhia" }));
  const sectors = page.getByRole("table", { name: "Sectors in Camp 1E" });
  await visible(sectors.getByRole("row").filter({ hasText: "WASH" }));
  await visible(page.getByRole("heading", { name: "Population over assessment rounds" }));
  expect(
    await page.getByRole("link", { name: "See the 4W records of this place" }).getAttribute("href"),
  ).toBe("/r/rohingya/activities?location=CXB-201");
  await context.close();
});

test("the WASH coordinator marks a duplication finding as reviewed, not a duplicate", async () => {
  const context = await newContext(journey.browser, journey.server);
  const page = await context.newPage();
  // Visitors are asked to sign in first.
  await page.goto("/r/rohingya/duplication");
  await visible(page.getByRole("link", { name: "Sign in" }).first());
  expect(await page.getByRole("heading", { name: "Duplication review" }).count()).toBe(0);

  await signIn(page, journey.server.accounts.sector_coordinator!, "/r/rohingya/duplication");
  await visible(page.getByRole("heading", { name: "Duplication review", level: 1 }));
  await choose(page, "Sector", "WASH", "WASH");
  const finding = page.getByRole("article").filter({ hasText: "WASH" }).first();
  await visible(finding.getByRole("button", { name: "Mark reviewed, not a duplicate" }));
  const title = (await finding.getByRole("heading", { level: 2 }).textContent()) ?? "";
  expect(title).toMatch(/, /);
  await finding.getByRole("button", { name: "Mark reviewed, not a duplicate" }).click();

  // A reason is required: too short is refused before anything is sent.
  const reason = finding.getByRole("textbox", { name: /Why is it not a duplicate/ });
  await reason.fill("ok");
  await finding.getByRole("button", { name: "Mark reviewed", exact: true }).click();
  await visible(finding.getByText("Say why it is not a duplicate (5 characters or more)."));

  const text = "Different households: checked with both partners on the distribution lists.";
  await reason.fill(text);
  const saved = page.waitForResponse(
    (r) => r.url().includes("/duplication/reviews") && r.request().method() === "PUT",
  );
  await finding.getByRole("button", { name: "Mark reviewed", exact: true }).click();
  expect((await saved).status()).toBe(204);

  // It leaves the open list and shows under "Reviewed" with its reason.
  await page.getByRole("article", { name: title }).filter({ hasText: "WASH" }).waitFor({ state: "detached" });
  await page.getByRole("tab", { name: /Reviewed/ }).click();
  const reviewed = page.getByRole("article", { name: title }).filter({ hasText: "WASH" });
  await visible(reviewed.getByText("Reviewed: not a duplicate"));
  await visible(reviewed.getByText(text));
  await visible(reviewed.getByRole("button", { name: "Reopen" }));
  await context.close();
});
