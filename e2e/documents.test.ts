import { expect, test } from "vitest";
import { textPdf } from "../server/seed/demo-files.ts";
import { newContext, signIn, startJourney, visible } from "./harness.ts";

/**
 * The library: an organisation editor uploads a report (its type read from the file), sees its
 * preview and adds a second version; a renamed executable is refused; a visitor finds public
 * documents but not those kept for signed-in users.
 */

const journey = startJourney();
const title = `Latrine maintenance assessment ${Date.now().toString(36)}`;

test("an editor uploads a report, previews it and adds a version; a renamed executable is refused", async () => {
  const context = await newContext(journey.browser, journey.server);
  const page = await context.newPage();
  await signIn(page, journey.server.accounts.organisation_editor!, "/r/rohingya/documents");
  await page.getByRole("button", { name: "Upload a document" }).click();
  const dialog = page.getByRole("dialog", { name: "Upload a document" });
  await visible(dialog);

  // An ELF binary named like a PDF: refused, with the reason.
  const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(300, 1)]);
  await dialog
    .locator('input[type="file"]')
    .setInputFiles({ name: "report.pdf", mimeType: "application/pdf", buffer: elf });
  await dialog.getByLabel("Title").fill(title);
  await dialog.getByRole("textbox", { name: "Type" }).click();
  await page.getByRole("option", { name: "Assessment" }).click();
  const refused = page.waitForResponse(
    (r) => r.url().endsWith("/documents") && r.request().method() === "POST",
  );
  await dialog.getByRole("button", { name: "Upload", exact: true }).click();
  expect((await refused).status()).toBe(415);
  await visible(dialog.getByText("This file type is not supported."));

  await dialog.locator('input[type="file"]').setInputFiles({
    name: "assessment.pdf",
    mimeType: "application/pdf",
    buffer: textPdf("Latrine maintenance assessment", ["First edition."]),
  });
  const created = page.waitForResponse(
    (r) => r.url().endsWith("/documents") && r.request().method() === "POST",
  );
  await dialog.getByRole("button", { name: "Upload", exact: true }).click();
  expect((await created).status()).toBe(201);
  await visible(page.getByRole("heading", { name: title, level: 1 }));
  await visible(page.getByText("BRAC", { exact: false }).first());
  const preview = page.locator(`iframe[title="Preview of ${title}"]`);
  await visible(preview);
  const file = await page.request.get((await preview.getAttribute("src"))!);
  expect(file.headers()["content-type"]).toBe("application/pdf");
  expect(file.headers()["content-disposition"]).toMatch(/^inline; filename="assessment.pdf"/);

  await page.locator('input[type="file"]').setInputFiles({
    name: "assessment-v2.pdf",
    mimeType: "application/pdf",
    buffer: textPdf("Latrine maintenance assessment", ["Second edition."]),
  });
  await page.getByLabel("Note").fill("Figures of the second round");
  await page.getByRole("button", { name: "Upload the new version" }).click();
  const versions = page.getByRole("table");
  await visible(versions.getByRole("row").filter({ hasText: "Figures of the second round" }));
  expect(await versions.getByRole("row").count()).toBe(3); // header + two versions
  await context.close();
});

test("a visitor sees public documents only", async () => {
  const context = await newContext(journey.browser, journey.server);
  const page = await context.newPage();
  await page.goto("/r/rohingya/documents");
  await visible(page.getByRole("link", { name: "Monsoon preparedness: joint situation report" }));
  await visible(page.getByRole("link", { name: title, exact: true }));
  expect(await page.getByRole("link", { name: /Contingency plan/ }).count()).toBe(0);
  await page.getByRole("textbox", { name: "Type" }).click();
  await page.getByRole("option", { name: "Meeting minutes" }).click();
  await visible(page.getByRole("link", { name: "Inter Sector Coordination Group: meeting minutes" }));
  await page.getByRole("link", { name: title, exact: true }).waitFor({ state: "detached" });
  expect(await page.getByRole("button", { name: "Upload a document" }).count()).toBe(0);
  await context.close();
});
