import { expect, test } from "vitest";
import { newContext, signIn, startJourney, visible } from "./harness.ts";

const journey = startJourney();

test("an administrator adds an organisation, finds it, and sees the change in the audit log", async () => {
  const context = await newContext(journey.browser, journey.server);
  const page = await context.newPage();
  await signIn(page, journey.server.accounts.administrator!, "/r/rohingya/organisations");
  await visible(page.getByRole("heading", { name: "Organisations", level: 1 }));

  // The form checks with the shared schema before anything is sent.
  await page.getByRole("button", { name: "Add organisation" }).click();
  const dialog = page.getByRole("dialog", { name: "Add an organisation" });
  await visible(dialog);
  await dialog.getByRole("button", { name: "Add organisation" }).click();
  await visible(dialog.getByText("must be an IATI organisation type code"));
  expect(await dialog.getByRole("textbox", { name: "Name", exact: true }).getAttribute("aria-invalid")).toBe(
    "true",
  );

  const name = `Shanti Relief Network ${Date.now().toString(36)}`;
  await dialog.getByRole("textbox", { name: "Name", exact: true }).fill(name);
  await dialog.getByLabel("Acronym").fill("SRN");
  await dialog.getByRole("combobox", { name: "Type" }).selectOption("22");
  await dialog.getByLabel("IATI identifier").fill("BD-NAB-4471");
  await dialog.getByLabel("Aliases").fill("Shanti Relief\nSRN Cox's Bazar");
  const created = page.waitForResponse(
    (r) => r.url().endsWith("/api/v1/responses/rohingya/organisations") && r.request().method() === "POST",
  );
  await dialog.getByRole("button", { name: "Add organisation" }).click();
  expect((await created).status()).toBe(201);
  await dialog.waitFor({ state: "hidden" });

  await page.getByLabel("Search organisations").fill(name);
  const table = page.getByRole("table", { name: "Organisations of the response" });
  await visible(table.getByRole("cell", { name, exact: true }));
  await visible(table.getByRole("cell", { name: "National NGO" }));

  await page
    .getByRole("navigation", { name: "Main navigation" })
    .getByRole("link", { name: "Audit log", exact: true })
    .click();
  await visible(page.getByRole("heading", { name: "Audit log", level: 1 }));
  await page.getByLabel("Action", { exact: true }).fill("organisation.create");
  const log = page.getByRole("table", { name: "Audit log" });
  const entry = log.getByRole("row").filter({ hasText: "organisation.create" }).first();
  await visible(entry);
  expect(await entry.textContent()).toContain(journey.server.accounts.administrator!.email);
  await entry.getByRole("button", { name: "Show changes" }).click();
  await visible(log.getByRole("cell", { name: JSON.stringify(name) }));
  await context.close();
});
