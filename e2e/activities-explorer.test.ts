import { expect, test } from "vitest";
import { newContext, startJourney, visible } from "./harness.ts";

const journey = startJourney();

test("a visitor filters the 4W by sector, sees the totals and downloads the same selection", async () => {
  const context = await newContext(journey.browser, journey.server);
  const page = await context.newPage();
  await page.goto("/r/rohingya");
  await page
    .getByRole("navigation", { name: "Main navigation" })
    .getByRole("link", { name: "4W", exact: true })
    .click();
  await visible(page.getByRole("heading", { name: "4W: who does what, where, when", level: 1 }));
  await visible(page.getByTestId("activity-row"));

  await page.getByRole("textbox", { name: "Sector", exact: true }).click();
  await page.getByRole("option", { name: "WASH (WASH)" }).click();
  await page.waitForURL((url) => url.searchParams.get("sector") === "WASH");

  // Every row loaded is a WASH record, and the totals row adds them up.
  await page.waitForFunction(() => {
    const cells = [...document.querySelectorAll('[data-testid="activity-row"] [data-column="sector"]')];
    return (
      cells.length > 0 &&
      cells.every((c) => c.textContent === "WASH") &&
      !document.querySelector('table[aria-busy="true"]')
    );
  });
  const sectors = await page.getByTestId("activity-row").locator('[data-column="sector"]').allTextContents();
  expect(sectors.length).toBeGreaterThan(0);
  expect(new Set(sectors)).toEqual(new Set(["WASH"]));
  const totals = page.getByTestId("totals-row");
  await visible(totals);
  expect(await totals.textContent()).toContain(`${sectors.length} record`);
  expect(await page.getByTestId("totals-note").textContent()).toContain("The totals cover");

  await page.getByRole("button", { name: "Download", exact: true }).click();
  const csv = page.getByRole("menuitem", { name: "CSV", exact: true });
  await visible(csv);
  const href = await csv.getAttribute("href");
  expect(href).toBeTruthy();
  const link = new URL(href ?? "", journey.server.url);
  expect(link.pathname).toBe("/api/v1/responses/rohingya/activities");
  expect(link.searchParams.get("sector")).toBe("WASH");
  expect(link.searchParams.get("format")).toBe("csv");

  // The link reproduces the view: the same address opens with the filter chosen.
  const again = await context.newPage();
  await again.goto(page.url());
  await visible(again.getByTestId("activity-row"));
  expect(await again.getByRole("textbox", { name: "Sector", exact: true }).inputValue()).toBe("WASH (WASH)");
  await context.close();
});
