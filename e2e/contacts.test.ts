import { expect, test } from "vitest";
import { newContext, signIn, startJourney, visible } from "./harness.ts";

/**
 * Contacts: a visitor gets none; the WASH sector coordinator finds a stale entry in their sector,
 * asks the person to confirm, the person confirms through the mailed link (read from the
 * development mail log the server prints), and the entry is current again; adding a person, a
 * local phone number is refused with the format to use.
 */

const journey = startJourney();

/** The token of the last confirmation link the server's log mailer printed, waiting for it. */
async function mailedToken(after: number): Promise<string> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const tokens = [
      ...journey.server
        .output()
        .slice(after)
        .matchAll(/confirm-contact\?token=([A-Za-z0-9_-]+)/g),
    ];
    if (tokens.length) return tokens.at(-1)![1]!;
    if (Date.now() > deadline)
      throw new Error(`no confirmation link in the server output:\n${journey.server.output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

test("a visitor gets no contacts: not on the page, the platform page nor the API", async () => {
  const context = await newContext(journey.browser, journey.server);
  const page = await context.newPage();
  // The home page's sector tiles name lead organisations, not people, for visitors.
  await page.goto("/r/rohingya");
  const washTile = page.getByTestId("sector-tile").filter({ has: page.getByText("WASH", { exact: true }) });
  await visible(washTile.getByText(/Led by/));
  expect(await washTile.getByText(/Coordinators:/).count()).toBe(0);
  await page.goto("/r/rohingya/contacts");
  await visible(page.getByText("Sign in required"));
  expect(await page.getByText("Kamrul Hasan Talukder").count()).toBe(0);
  for (const format of ["", "?format=csv", "?format=vcf"]) {
    const res = await page.request.get(`/api/v1/responses/rohingya/contacts${format}`);
    expect(res.status()).toBe(401);
    expect(await res.text()).not.toContain("example.org");
  }
  // The WASH platform page shows its members, not its people.
  await page.goto("/r/rohingya/structure");
  const tree = page.getByRole("navigation", { name: "Coordination structure of the response" });
  await tree.getByRole("button", { name: "Bodies under Inter Sector Coordination Group" }).click();
  await tree.getByRole("button", { name: "Bodies under Refugee Operations Coordination Team" }).click();
  await tree.getByRole("link", { name: "WASH Sector" }).click();
  await visible(page.getByRole("heading", { name: "WASH Sector", level: 1 }));
  await visible(page.getByRole("table", { name: /Member organisations of WASH Sector/ }));
  expect(await page.getByRole("heading", { name: "Contacts", level: 2 }).count()).toBe(0);
  expect(await page.getByRole("link", { name: "Contacts" }).count()).toBe(0);
  await context.close();
});

test("a coordinator asks a stale contact to confirm; the person confirms by the link; the entry is current", async () => {
  const context = await newContext(journey.browser, journey.server);
  const page = await context.newPage();
  await signIn(page, journey.server.accounts.sector_coordinator!, "/r/rohingya");
  // Signed in, the WASH tile names the people who chair and co-chair the sector's platform.
  await visible(
    page
      .getByTestId("sector-tile")
      .filter({ has: page.getByText("WASH", { exact: true }) })
      .getByText(/Coordinators: .*Tanvir Ahmed Sarker/),
  );
  await page.getByRole("link", { name: "Contacts" }).click();
  await visible(page.getByRole("heading", { name: "Contacts", level: 1 }));
  await visible(page.getByText(/people · \d+ stale/));

  await page.getByRole("checkbox", { name: "Stale only" }).check();
  const row = page.getByRole("row").filter({ hasText: "Kamrul Hasan Talukder" });
  await visible(row);
  await visible(row.getByText("Stale", { exact: true }));
  // Fresh entries are filtered out.
  await page.getByRole("row").filter({ hasText: "Tanvir Ahmed Sarker" }).waitFor({ state: "detached" });

  const before = journey.server.output().length;
  const sent = page.waitForResponse((r) => r.url().includes("/request-confirmation"));
  await row.getByRole("button", { name: "Request confirmation from Kamrul Hasan Talukder" }).click();
  expect((await sent).status()).toBe(200);
  await visible(page.getByText("A confirmation link was sent to 1 person."));
  await visible(row.getByText(/Asked to confirm/));
  const token = await mailedToken(before);

  // The person opens the link, signed out, and corrects their title.
  const visitor = await newContext(journey.browser, journey.server);
  const person = await visitor.newPage();
  await person.goto(`/r/rohingya/confirm-contact?token=${token}`);
  await visible(person.getByRole("heading", { name: "Confirm your contact details", level: 1 }));
  const title = person.getByRole("textbox", { name: "Title or position" });
  await visible(title);
  expect(await title.inputValue()).toBe("WASH Sector Co-coordinator");
  await title.fill("WASH Sector Co-coordinator, Cox's Bazar");
  await person.getByRole("button", { name: "Confirm my details" }).click();
  await visible(person.getByText("Your details are confirmed."));
  // The link works once.
  await person.reload();
  await visible(person.getByText(/unknown, already used or expired/));
  await visitor.close();

  // Back in the directory: no longer stale.
  await page.reload();
  await visible(page.getByRole("heading", { name: "Contacts", level: 1 }));
  await page.getByRole("row").filter({ hasText: "Sabina Yasmin Khan" }).first().waitFor();
  expect(await page.getByRole("row").filter({ hasText: "Kamrul Hasan Talukder" }).count()).toBe(0);
  await page.getByRole("checkbox", { name: "Stale only" }).uncheck();
  const confirmed = page.getByRole("row").filter({ hasText: "Kamrul Hasan Talukder" });
  await visible(confirmed.getByText("Current", { exact: true }));
  await visible(confirmed.getByText("WASH Sector Co-coordinator, Cox's Bazar"));
  await context.close();
});

test("a coordinator adds a person: a local phone number is refused with the format to use", async () => {
  const context = await newContext(journey.browser, journey.server);
  const page = await context.newPage();
  await signIn(page, journey.server.accounts.sector_coordinator!, "/r/rohingya/contacts");
  await page.getByRole("button", { name: "Add a contact" }).click();
  const dialog = page.getByRole("dialog", { name: "Add a contact" });
  await visible(dialog);
  await dialog.getByRole("textbox", { name: "Name" }).fill("Shahana Parvin Ruma");
  const organisation = dialog.getByRole("textbox", { name: "Organisation" });
  await organisation.click();
  await organisation.fill("BRAC");
  await page.getByRole("option", { name: "BRAC" }).first().click();
  await dialog.getByRole("textbox", { name: "Title or position" }).fill("WASH Officer");
  await dialog.getByRole("textbox", { name: "E-mail" }).fill("shahana.ruma@example.org");
  const phones = dialog.getByRole("textbox", { name: "Phone numbers" });
  await phones.fill("01712 345678");
  await phones.press("Enter");
  const sectors = dialog.getByRole("textbox", { name: "Sectors" });
  await sectors.click();
  await page.getByRole("option", { name: "WASH" }).first().click();
  await sectors.press("Tab"); // closes the list of sectors
  await dialog.getByRole("button", { name: "Save" }).click();
  await visible(dialog.getByText(/international format/));
  // Replace the local number with the international one (Backspace in the empty box drops the last).
  await phones.click();
  await phones.press("Backspace");
  await phones.fill("+880 1712 345678");
  await phones.press("Enter");
  const saved = page.waitForResponse((r) => r.url().endsWith("/contacts") && r.request().method() === "POST");
  await dialog.getByRole("button", { name: "Save" }).click();
  expect((await saved).status()).toBe(201);
  await dialog.waitFor({ state: "hidden" });
  const row = page.getByRole("row").filter({ hasText: "Shahana Parvin Ruma" });
  await visible(row.getByText("+8801712345678"));
  await visible(row.getByText("Current", { exact: true }));
  await context.close();
});
