import type { Page } from "playwright-core";
import { expect, test } from "vitest";
import { newContext, signIn, startJourney, visible } from "./harness.ts";

/**
 * The 4W review loop: a partner (organisation editor of BRAC) reports through the form and
 * submits; the WASH coordinator approves or rejects from the review queue; the partner sees the
 * reason on "My organisation". Records are for the current month, which the demo leaves empty.
 */

const journey = startJourney();

const now = new Date();
const month = now.toISOString().slice(0, 7);
const lastDay = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 0)).toISOString().slice(0, 10);

/** Picks an option of a Mantine select (typing first narrows a searchable one). */
async function choose(page: Page, label: string, option: string | RegExp, typed?: string) {
  const box = page.getByRole("textbox", { name: label, exact: true });
  await box.click();
  if (typed) await box.fill(typed);
  await page.getByRole("option", { name: option }).first().click();
}

/** Fills what every record needs: WASH, an activity, a location, the current month. */
async function fillRecord(page: Page, activity: string, location: string) {
  await visible(page.getByRole("heading", { name: "New 4W record", level: 1 }));
  expect(await page.getByRole("textbox", { name: "Reporting organisation", exact: true }).inputValue()).toBe(
    "BRAC",
  );
  await choose(page, "Sector", "WASH (WASH)");
  await choose(page, "Activity", new RegExp(`^${activity}`));
  await choose(page, "Location", new RegExp(`· ${location}$`), location);
  await page.getByLabel("Start date").fill(`${month}-01`);
  await page.getByLabel("End date").fill(lastDay);
  await page.getByLabel("Reporting month").fill(month);
}

async function saveAndSubmit(page: Page) {
  await page.getByRole("button", { name: "Save as draft" }).click();
  await page.waitForURL(/\/r\/rohingya\/activities\/[0-9a-f-]{36}\/edit$/);
  const state = page.getByTestId("record-review-state");
  await visible(state);
  expect(await state.textContent()).toBe("Draft");
  await page.getByRole("button", { name: "Submit for review" }).click();
  await page.waitForFunction(
    () => document.querySelector('[data-testid="record-review-state"]')?.textContent === "Submitted",
  );
  return page.url();
}

test("a partner reports a record (fixing an inline error), submits it, and the coordinator approves it", async () => {
  const partner = await (await newContext(journey.browser, journey.server)).newPage();
  await signIn(partner, journey.server.accounts.organisation_editor!, "/r/rohingya/activities");
  await partner.getByRole("link", { name: "New record" }).click();
  await fillRecord(partner, "Hygiene promotion", "Camp 12");
  await choose(partner, "Indicator", /^# of people reached by hygiene promotion/);
  expect(await partner.getByRole("textbox", { name: "Unit", exact: true }).inputValue()).toBe("people");

  // More women and men than the total: the shared schema says so before anything is sent.
  await partner.getByRole("textbox", { name: "Total reached", exact: true }).fill("100");
  await partner.getByRole("textbox", { name: "Women", exact: true }).fill("80");
  await partner.getByRole("textbox", { name: "Men", exact: true }).fill("40");
  let posted = 0;
  partner.on("request", (r) => {
    if (r.method() === "POST" && r.url().endsWith("/api/v1/responses/rohingya/activities")) posted++;
  });
  await partner.getByRole("button", { name: "Save as draft" }).click();
  await visible(
    partner.getByText("women, men, girls and boys add up to 120, more than the 100 people reached in total"),
  );
  const total = partner.getByRole("textbox", { name: "Total reached", exact: true });
  expect(await total.getAttribute("aria-invalid")).toBe("true");
  expect(posted).toBe(0);

  await partner.getByRole("textbox", { name: "Men", exact: true }).fill("20");
  const recordUrl = await saveAndSubmit(partner);
  expect(posted).toBe(1);

  const coordinator = await (await newContext(journey.browser, journey.server)).newPage();
  await signIn(coordinator, journey.server.accounts.sector_coordinator!, "/r/rohingya");
  const nav = coordinator.getByRole("navigation", { name: "Main navigation" });
  expect(await nav.getByRole("link", { name: "My organisation" }).count()).toBe(0);
  await nav.getByRole("link", { name: "Review queue" }).click();
  await visible(coordinator.getByRole("heading", { name: "Review queue", level: 1 }));
  await coordinator.getByRole("combobox", { name: "Reporting month" }).selectOption(month);
  await coordinator.waitForURL((url) => url.searchParams.get("month") === month);
  // The list of the chosen month replaces the whole queue: only the new record is waiting.
  await visible(
    coordinator.getByTestId("review-count").getByText("1 record waiting for review", { exact: true }),
  );

  await coordinator.getByRole("checkbox", { name: /^Select Hygiene promotion at Camp 12, BRAC/ }).check();
  expect(await coordinator.getByTestId("selection-count").textContent()).toBe("1 selected");
  await coordinator.getByRole("button", { name: "Approve 1" }).click();
  await visible(coordinator.getByText("1 record approved."));
  await visible(coordinator.getByText("Nothing is waiting for review."));

  await partner.goto(recordUrl);
  await partner.waitForFunction(
    () => document.querySelector('[data-testid="record-review-state"]')?.textContent === "Approved",
  );
  // Approved records change only through review: the partner's form is read-only.
  expect(await partner.getByRole("button", { name: "Save changes" }).count()).toBe(0);
  await partner.context().close();
  await coordinator.context().close();
});

test("the coordinator rejects a record with a reason, and the partner sees it on My organisation", async () => {
  const partner = await (await newContext(journey.browser, journey.server)).newPage();
  await signIn(partner, journey.server.accounts.organisation_editor!, "/r/rohingya/activities/new");
  await fillRecord(partner, "Latrine construction", "Camp 13");
  await partner.getByRole("textbox", { name: "Women", exact: true }).fill("25");
  await partner.getByRole("textbox", { name: "Girls", exact: true }).fill("30");
  await saveAndSubmit(partner);

  const coordinator = await (await newContext(journey.browser, journey.server)).newPage();
  await signIn(coordinator, journey.server.accounts.sector_coordinator!, `/r/rohingya/review?month=${month}`);
  // The first journey approved its record: this month holds only the new one.
  await visible(
    coordinator.getByTestId("review-count").getByText("1 record waiting for review", { exact: true }),
  );
  // Keyboard only: focus "select all" and press Space.
  await coordinator.getByRole("checkbox", { name: "Select all records on this page" }).focus();
  await coordinator.keyboard.press("Space");
  expect(await coordinator.getByRole("checkbox", { name: /^Select Latrine construction/ }).isChecked()).toBe(
    true,
  );

  await coordinator.getByRole("button", { name: "Reject 1…" }).click();
  const dialog = coordinator.getByRole("dialog", { name: "Reject 1 record" });
  await visible(dialog);
  await dialog.getByRole("button", { name: "Reject 1 record" }).click();
  await visible(dialog.getByText("a rejection needs a reason"));
  const reason = "Girls are counted with the women; please split them by age.";
  await dialog.getByRole("textbox", { name: "Reason" }).fill(reason);
  await dialog.getByRole("button", { name: "Reject 1 record" }).click();
  await visible(coordinator.getByText("1 record rejected; the partner sees the reason."));

  await partner
    .getByRole("navigation", { name: "Main navigation" })
    .getByRole("link", { name: "My organisation" })
    .click();
  await visible(partner.getByRole("heading", { name: "BRAC", level: 2 }));
  const row = partner.getByTestId("rejected-row").filter({ hasText: reason });
  await visible(row);
  expect(await row.textContent()).toContain("Camp 13");
  await row.getByRole("link", { name: /^Fix/ }).click();
  await visible(partner.getByTestId("rejection-reason").getByText(reason));
  expect(await partner.getByTestId("record-review-state").textContent()).toBe("Rejected");
  await visible(partner.getByRole("button", { name: "Submit for review" }));
  await partner.context().close();
  await coordinator.context().close();
});

test("a save over someone else's change shows what changed and reloads the current version", async () => {
  const partner = await (await newContext(journey.browser, journey.server)).newPage();
  await signIn(
    partner,
    journey.server.accounts.organisation_editor!,
    "/r/rohingya/activities?reviewState=draft",
  );
  await partner.getByTestId("activity-row").first().locator('[data-column="activity"] a').click();
  await visible(partner.getByTestId("record-review-state").getByText("Draft"));
  const id = /activities\/([0-9a-f-]{36})\/edit/.exec(partner.url())![1]!;

  // Someone else changes the notes while the form is open.
  const status = await partner.evaluate(async (recordId) => {
    const base = `/api/v1/responses/rohingya/activities/${recordId}`;
    const session = (await (await fetch("/api/v1/auth/session")).json()) as { csrfToken: string };
    const current = (await (await fetch(base)).json()) as { version: number };
    const res = await fetch(base, {
      method: "PATCH",
      headers: { "content-type": "application/json", "x-csrf-token": session.csrfToken },
      body: JSON.stringify({ version: current.version, notes: "Changed in another tab" }),
    });
    return res.status;
  }, id);
  expect(status).toBe(200);

  const notes = partner.getByRole("textbox", { name: "Notes", exact: true });
  await notes.fill("My own note");
  await partner.getByRole("button", { name: "Save changes" }).click();
  const alert = partner.getByRole("alert").filter({ hasText: "Someone else changed this record" });
  await visible(alert);
  await visible(alert.getByTestId("stale-changes").getByText("Changed in another tab"));
  await alert.getByRole("button", { name: "Load the current version" }).click();
  await expect.poll(() => notes.inputValue(), { timeout: 20_000 }).toBe("Changed in another tab");
  expect(await partner.getByRole("alert").filter({ hasText: "Someone else changed" }).count()).toBe(0);
  await partner.context().close();
});

/** The month just ended (YYYY-MM), which "My organisation" shows as due, and its English name. */
const due = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
const dueMonth = due.toISOString().slice(0, 7);
const dueName = new Intl.DateTimeFormat("en-GB", { month: "long", year: "numeric", timeZone: "UTC" }).format(
  due,
);

type Counts = Record<"approved" | "submitted" | "draft" | "rejected", number>;

/** BRAC's records of the due month by review state, as the 4W API lists them. */
async function dueCounts(page: Page, organisationId: string): Promise<Counts> {
  return page.evaluate(
    async ({ organisation, month }) => {
      const query = new URLSearchParams({ organisation, from: month, to: month, limit: "500" });
      const res = await fetch(`/api/v1/responses/rohingya/activities?${query}`);
      const { items, nextCursor } = (await res.json()) as {
        items: { reviewState: string; reportingOrg: { id: string } }[];
        nextCursor: string | null;
      };
      if (nextCursor) throw new Error("more than 500 records in the due month");
      const counts = { approved: 0, submitted: 0, draft: 0, rejected: 0 };
      for (const a of items)
        if (a.reportingOrg.id === organisation) counts[a.reviewState as keyof typeof counts]++;
      return counts;
    },
    { organisation: organisationId, month: dueMonth },
  );
}

/** The due line as "My organisation" words it in English. */
function dueLine(c: Counts): string {
  const total = c.approved + c.submitted + c.draft + c.rejected;
  const parts = [
    c.approved && `${c.approved} approved`,
    c.submitted && `${c.submitted} submitted`,
    c.draft && `${c.draft} ${c.draft === 1 ? "draft" : "drafts"}`,
    c.rejected && `${c.rejected} rejected`,
  ].filter(Boolean);
  return `${total} ${total === 1 ? "record" : "records"} reported for ${dueName}: ${parts.join(", ")}.`;
}

test("My organisation shows the month due, what was reported for it, and follows a draft submitted", async () => {
  const partner = await (await newContext(journey.browser, journey.server)).newPage();
  await signIn(partner, journey.server.accounts.organisation_editor!, "/r/rohingya/my-organisation");
  await visible(partner.getByRole("heading", { name: "BRAC", level: 2 }));
  const explorer = await partner.getByRole("link", { name: "Open in the 4W explorer" }).getAttribute("href");
  const organisationId = new URL(explorer!, journey.server.url).searchParams.get("organisation")!;

  const section = partner.getByRole("region", { name: `Due now: ${dueName}` });
  await visible(section.getByRole("heading", { name: `Due now: ${dueName}`, level: 3 }));
  const before = await dueCounts(partner, organisationId);
  // The demo leaves the last two months in the works: some of BRAC's records are still drafts.
  expect(before.draft).toBeGreaterThan(0);
  const status = section.getByTestId("due-status");
  expect(await status.textContent()).toBe(dueLine(before));
  expect(await section.getByText(/not yet submitted\./).textContent()).toBe(
    `${before.draft} ${before.draft === 1 ? "draft" : "drafts"} not yet submitted. Open the drafts`,
  );

  // "Open the drafts" lists exactly the due month's drafts BRAC reports (not those it only
  // implements for another organisation); the partner submits one.
  await section.getByRole("link", { name: "Open the drafts" }).click();
  await partner.waitForURL(
    (url) =>
      url.searchParams.get("from") === dueMonth &&
      url.searchParams.get("to") === dueMonth &&
      url.searchParams.get("organisationRole") === "reporting" &&
      url.searchParams.get("reviewState") === "draft",
  );
  await visible(partner.getByLabel("Its part"));
  const rows = partner.getByTestId("activity-row");
  await expect.poll(() => rows.count()).toBe(before.draft);
  const own = rows.filter({
    has: partner.locator('[data-column="reporting"]').getByText("BRAC", { exact: true }),
  });
  expect(await own.count()).toBe(before.draft);
  await own.first().locator('[data-column="activity"] a').click();
  await visible(partner.getByTestId("record-review-state").getByText("Draft"));
  await partner.getByRole("button", { name: "Submit for review" }).click();
  await partner.waitForFunction(
    () => document.querySelector('[data-testid="record-review-state"]')?.textContent === "Submitted",
  );

  await partner
    .getByRole("navigation", { name: "Main navigation" })
    .getByRole("link", { name: "My organisation" })
    .click();
  const after = { ...before, draft: before.draft - 1, submitted: before.submitted + 1 };
  await expect.poll(() => status.textContent(), { timeout: 20_000 }).toBe(dueLine(after));
  expect(await dueCounts(partner, organisationId)).toEqual(after);
  await partner.context().close();
});
