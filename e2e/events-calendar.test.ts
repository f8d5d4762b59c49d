import { readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import ICAL from "ical.js";
import type { Page } from "playwright-core";
import { expect, test } from "vitest";
import { newContext, startJourney, visible } from "./harness.ts";

/**
 * A visitor (not signed in) opens the calendar, filters it by the WASH sector, finds next week's
 * WASH sector meeting, opens it, downloads it as .ics and takes the subscription address; the
 * test fetches that feed and reads it with a real iCalendar parser, finding the meeting next week
 * at 10:00 in Cox's Bazar (Asia/Dhaka, UTC+6).
 */

const journey = startJourney();

/** Picks an option of a Mantine select (typing first narrows a searchable one). */
async function choose(page: Page, label: string, option: string | RegExp, typed?: string) {
  const box = page.getByRole("textbox", { name: label, exact: true });
  await box.click();
  if (typed) await box.fill(typed);
  await page.getByRole("option", { name: option }).first().click();
}

/** Next week's Tuesday as a local date in Cox's Bazar: the demo's WASH meeting is on Tuesdays. */
function nextWeeksTuesday(): string {
  const today = new Date(Date.now() + 6 * 3600_000).toISOString().slice(0, 10);
  const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7;
  return new Date(Date.parse(`${today}T00:00:00Z`) + (7 - weekday + 1) * 86_400_000)
    .toISOString()
    .slice(0, 10);
}

function parseCalendar(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const zone of calendar.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(zone);
  return calendar;
}

/** The occurrences a parser expands from a VEVENT, up to a date. */
function occurrences(event: InstanceType<typeof ICAL.Event>, until: Date) {
  const starts: string[] = [];
  const iterator = event.iterator();
  for (let next = iterator.next(); next && next.toJSDate() < until; next = iterator.next())
    starts.push(next.toJSDate().toISOString());
  return starts;
}

test("a visitor finds next week's WASH sector meeting and subscribes to its calendar", async () => {
  const context = await newContext(journey.browser, journey.server);
  const page = await context.newPage();
  await page.goto("/r/rohingya");
  await page.getByRole("link", { name: "Meetings and events" }).first().click();
  await visible(page.getByRole("heading", { name: "Meetings and events", level: 1 }));
  await visible(page.getByText("Times in Asia/Dhaka"));

  // Only the WASH sector's events, in next week's view.
  await choose(page, "Sector", "WASH", "WASH");
  await page.waitForURL(/sector=WASH/);
  await page
    .locator("label")
    .filter({ hasText: /^Week$/ })
    .click();
  await page.waitForURL(/view=week/);
  await page.getByRole("button", { name: "Next", exact: true }).click();
  const tuesday = nextWeeksTuesday();
  await page.waitForURL(/day=/);
  await visible(page.getByRole("heading", { level: 2, name: /–/ }));
  const meeting = page.getByRole("link", { name: /WASH Sector coordination meeting/ });
  await visible(meeting.first());
  // Filtered: the week holds other sectors' meetings (read from the API), and none of them is shown.
  const weekStart = new Date(Date.parse(`${tuesday}T00:00:00+06:00`) - 86_400_000).toISOString();
  const weekEnd = new Date(Date.parse(weekStart) + 7 * 86_400_000).toISOString();
  const titlesOfWeek = async (filter: string) => {
    const res = await page.request.get(
      `/api/v1/responses/rohingya/events?from=${encodeURIComponent(weekStart)}&to=${encodeURIComponent(weekEnd)}${filter}`,
    );
    expect(res.status()).toBe(200);
    return new Set(((await res.json()) as { items: { title: string }[] }).items.map((i) => i.title));
  };
  const washTitles = await titlesOfWeek("&sector=WASH");
  const otherTitles = [...(await titlesOfWeek(""))].filter((t) => !washTitles.has(t));
  expect(washTitles.has("WASH Sector coordination meeting")).toBe(true);
  expect(otherTitles.length).toBeGreaterThan(0);
  // A chip's link reads "10:00 Title"; the same locator finds the WASH meeting, so it can fail.
  const chip = (title: string) => page.getByRole("link").filter({ hasText: title });
  expect(await chip("WASH Sector coordination meeting").count()).toBeGreaterThan(0);
  for (const other of otherTitles) expect(await chip(other).count(), other).toBe(0);
  expect(await meeting.first().textContent()).toContain("10:00");
  await meeting.first().click();

  await visible(page.getByRole("heading", { name: "WASH Sector coordination meeting", level: 1 }));
  await visible(page.getByText("FREQ=WEEKLY;BYDAY=TU"));
  await visible(page.getByText(/WASH Sector meeting room/));

  // The single event downloads as an .ics file that a parser reads.
  const [file] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download (.ics)" }).click(),
  ]);
  expect(file.suggestedFilename()).toBe("wash-sector-coordination-meeting.ics");
  const saved = path.join(os.tmpdir(), `isx-e2e-${process.pid}-wash.ics`);
  await file.saveAs(saved);
  const single = parseCalendar(await readFile(saved, "utf8"));
  await rm(saved, { force: true });
  expect(single.getAllSubcomponents("vevent")).toHaveLength(1);

  // The subscription address of the WASH Sector's calendar.
  await page.getByRole("button", { name: "Subscribe" }).click();
  const dialog = page.getByRole("dialog", { name: /Subscribe to the calendar: WASH Sector/ });
  await visible(dialog);
  const httpsUrl = await dialog.getByRole("textbox", { name: "Web address (https)" }).inputValue();
  const webcalUrl = await dialog.getByRole("textbox", { name: "Calendar app address (webcal)" }).inputValue();
  expect(httpsUrl).toBe(`${journey.server.url}/api/v1/responses/rohingya/events/calendar.ics?platform=WASH`);
  expect(webcalUrl).toBe(httpsUrl.replace(/^http:/, "webcal:"));
  await visible(dialog.getByRole("button", { name: "Copy the Web address (https)" }));
  await context.close();

  // What a calendar app gets from that address, without any session.
  const res = await fetch(httpsUrl);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
  const feed = parseCalendar(await res.text());
  const events = feed.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
  const wash = events.find((e) => e.summary === "WASH Sector coordination meeting");
  expect(wash, events.map((e) => e.summary).join(", ")).toBeDefined();
  expect(wash!.isRecurring()).toBe(true);
  // The parser expands the RRULE in the VTIMEZONE: next week's Tuesday, 10:00 in Dhaka (04:00 UTC).
  const starts = occurrences(wash!, new Date(`${tuesday}T23:59:59Z`));
  expect(starts).toContain(`${tuesday}T04:00:00.000Z`);
  // Visitors' feeds carry public events only: the HoSOG (signed-in users only) is not in any.
  const whole = await (await fetch(httpsUrl.replace("?platform=WASH", ""))).text();
  expect(whole).toContain("ISCG Sector Coordinators meeting");
  expect(whole).not.toContain("Heads of Sub-Office Group");
});
