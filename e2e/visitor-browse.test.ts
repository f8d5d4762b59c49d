import { expect, test } from "vitest";
import { newContext, startJourney, visible } from "./harness.ts";

const journey = startJourney();

interface Summary {
  slug: string;
  counts: Record<"locations" | "sites" | "organisations" | "sectors", number>;
}

test("a visitor reads the response home, switches to Bengali, and finds a camp in the gazetteer", async () => {
  const listed = (await (await fetch(`${journey.server.url}/api/v1/responses`)).json()) as {
    items: Summary[];
  };
  const rohingya = listed.items.find((r) => r.slug === "rohingya")!;
  const context = await newContext(journey.browser, journey.server);
  const page = await context.newPage();
  await page.goto("/r/rohingya");

  await visible(page.getByRole("heading", { name: "Rohingya Refugee Response, Cox's Bazar", level: 1 }));
  const figures = page.getByRole("region", { name: "Key figures" });
  for (const key of ["locations", "sites", "organisations", "sectors"] as const) {
    const figure = figures.getByTestId(`count-${key}`);
    await visible(figure);
    expect(await figure.textContent()).toBe(new Intl.NumberFormat("en").format(rohingya.counts[key]));
  }
  await visible(page.getByRole("link", { name: "Health (HEALTH)" }));
  expect(await page.getByTestId("sector-tile").count()).toBe(rohingya.counts.sectors);
  await visible(page.getByRole("region", { name: "Map of the response's sites" }));

  // The hub: next meetings, latest stories and recent public documents, and the way to the 4W.
  await visible(page.getByRole("heading", { name: "Upcoming meetings", level: 2 }));
  await visible(page.getByRole("link", { name: "WASH Sector coordination meeting" }));
  await visible(page.getByRole("heading", { name: "Latest stories", level: 2 }));
  await visible(page.getByRole("link", { name: "Camps prepare for the monsoon and cyclone season" }));
  await visible(page.getByRole("link", { name: "Monsoon preparedness: joint situation report" }));
  // A signed-in-only plan is listed to members, never to visitors.
  expect(await page.getByText("Contingency plan for the cyclone season").count()).toBe(0);
  expect(await page.getByRole("link", { name: "Open the dashboard" }).getAttribute("href")).toBe(
    "/r/rohingya/dashboard",
  );
  expect(await page.getByRole("link", { name: "Who does what where (4W)" }).getAttribute("href")).toBe(
    "/r/rohingya/activities",
  );

  // The skip link is the first stop of the keyboard and lands on the page's content.
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  expect(await skip.evaluate((el) => el === document.activeElement)).toBe(true);

  await page.getByLabel("Language").selectOption("bn");
  await page.waitForFunction(() => document.documentElement.lang === "bn");
  expect(await page.evaluate(() => document.documentElement.dir)).toBe("ltr");
  await visible(page.getByRole("heading", { name: "মূল পরিসংখ্যান" }));
  await page.getByLabel("ভাষা").selectOption("en");
  await page.waitForFunction(() => document.documentElement.lang === "en");

  await page
    .getByRole("navigation", { name: "Main navigation" })
    .getByRole("link", { name: "Locations" })
    .click();
  await visible(page.getByRole("heading", { name: "Locations", level: 1 }));
  await page.getByLabel("Search locations").fill("Camp 1E");
  const results = page.getByRole("region", { name: "Search results" });
  await results.getByRole("button", { name: /^Camp 1E/ }).click();
  const detail = page.getByRole("region", { name: "Camp 1E" });
  await visible(detail.getByRole("heading", { name: "Camp 1E", level: 2 }));
  expect(await detail.getByTestId("location-code").textContent()).toBe("CXB-201");
  await visible(
    detail.getByRole("navigation", { name: "Parent areas" }).getByRole("button", { name: "Ukhia" }),
  );
  expect(new URL(page.url()).searchParams.get("code")).toBe("CXB-201");
  await context.close();
});
