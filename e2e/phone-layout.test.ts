import { expect, test } from "vitest";
import { newContext, phone, startJourney, visible } from "./harness.ts";

const journey = startJourney();

const overflows = () => document.documentElement.scrollWidth > window.innerWidth;

test("on a phone the navigation sits behind the burger and the home page fits the width", async () => {
  const context = await newContext(journey.browser, journey.server, phone);
  const page = await context.newPage();
  await page.goto("/r/rohingya");
  await visible(page.getByRole("heading", { name: "Rohingya Refugee Response, Cox's Bazar", level: 1 }));
  await visible(page.getByTestId("sector-tile"));
  await visible(page.locator(".isx-map .leaflet-interactive"));
  expect(await page.evaluate(overflows)).toBe(false);

  const nav = page.getByRole("navigation", { name: "Main navigation" });
  const locations = nav.getByRole("link", { name: "Locations" });
  expect(await locations.isVisible()).toBe(false);
  const burger = page.getByRole("button", { name: "Open navigation" });
  expect(await burger.getAttribute("aria-expanded")).toBe("false");
  await burger.click();
  await visible(locations);
  expect(await page.getByRole("button", { name: "Close navigation" }).getAttribute("aria-expanded")).toBe(
    "true",
  );
  await locations.click();
  await visible(page.getByRole("heading", { name: "Locations", level: 1 }));
  await page.getByRole("button", { name: "Open navigation" }).waitFor();
  expect(await page.evaluate(overflows)).toBe(false);
  await context.close();
});
