import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import type { Page } from "playwright-core";
import { expect, onTestFinished, test } from "vitest";
import { newContext, phone, signIn, startJourney, visible } from "./harness.ts";

/**
 * The coordination structure: a visitor on a phone walks the tree from the SEG down to a working
 * group and opens it; a response manager seats an organisation on that working group with the
 * role that represents it, finds it in the representation matrix and downloads the workbook.
 */

const journey = startJourney();

/** Picks an option of a Mantine select (typing first narrows a searchable one). */
async function choose(page: Page, label: string, option: string | RegExp, typed?: string) {
  const box = page.getByRole("textbox", { name: label, exact: true });
  await box.click();
  if (typed) await box.fill(typed);
  await page.getByRole("option", { name: option }).first().click();
}

test("a visitor expands the structure down to a working group and opens its page", async () => {
  const context = await newContext(journey.browser, journey.server, phone);
  const page = await context.newPage();
  await page.goto("/r/rohingya");
  await page.getByRole("link", { name: "Open the structure" }).click();
  await visible(page.getByRole("heading", { name: "Coordination structure", level: 1 }));

  // The top body is open: the ISCG shows, what sits under it does not yet.
  const tree = page.getByRole("navigation", { name: "Coordination structure of the response" });
  await visible(tree.getByRole("link", { name: "Strategic Executive Group" }));
  expect(await tree.getByRole("link", { name: "Cash Working Group" }).count()).toBe(0);
  const iscg = tree.getByRole("button", { name: "Bodies under Inter Sector Coordination Group" });
  await iscg.click();
  expect(await iscg.getAttribute("aria-expanded")).toBe("true");
  // Under the ISCG, the refugee operations team holds the sectors and working groups.
  const roct = tree.getByRole("button", { name: "Bodies under Refugee Operations Coordination Team" });
  await visible(roct);
  expect(await tree.getByRole("link", { name: "Cash Working Group" }).count()).toBe(0);
  await roct.click();
  await visible(tree.getByRole("link", { name: "Cash Working Group" }));

  // The keyboard opens a branch too: the right arrow on Protection's toggle shows its sub-sectors.
  const protection = tree.getByRole("button", { name: "Bodies under Protection Sector" });
  await protection.focus();
  await page.keyboard.press("ArrowRight");
  await visible(tree.getByRole("link", { name: "GBV Sub-Sector" }));
  await page.keyboard.press("ArrowLeft");
  await tree.getByRole("link", { name: "GBV Sub-Sector" }).waitFor({ state: "detached" });

  await tree.getByRole("link", { name: "Cash Working Group" }).click();
  await visible(page.getByRole("heading", { name: "Cash Working Group", level: 1 }));
  await visible(page.getByText("World Food Programme (WFP)"));
  const members = page.getByRole("table", { name: /Member organisations of Cash Working Group/ });
  await visible(members.getByRole("row").filter({ hasText: "BRAC" }).filter({ hasText: "Cash focal point" }));
  // Visitors read; they get no editing controls.
  expect(await page.getByRole("button", { name: "Add a member" }).count()).toBe(0);
  await context.close();
});

test("a visitor opens the ISCG's terms of reference and finds its minutes among its documents", async () => {
  const context = await newContext(journey.browser, journey.server);
  const page = await context.newPage();
  await page.goto("/r/rohingya/structure");
  const tree = page.getByRole("navigation", { name: "Coordination structure of the response" });
  await tree.getByRole("link", { name: "Inter Sector Coordination Group", exact: true }).click();
  await visible(page.getByRole("heading", { name: "Inter Sector Coordination Group", level: 1 }));
  // The terms of reference are a document of the library, linked from the platform's facts.
  const terms = page
    .getByRole("definition")
    .getByRole("link", { name: "Inter Sector Coordination Group: terms of reference" });
  await visible(terms);
  expect(await terms.getAttribute("href")).toMatch(/^\/r\/rohingya\/documents\/[0-9a-f-]{36}$/);
  const documents = page.getByRole("region", { name: "Documents" });
  const minutes = documents.getByRole("link", { name: "Inter Sector Coordination Group: meeting minutes" });
  await visible(minutes);
  await minutes.click();
  await visible(
    page.getByRole("heading", { name: "Inter Sector Coordination Group: meeting minutes", level: 1 }),
  );
  await context.close();
});

test("a manager seats an organisation with its representing role and downloads the matrix", async () => {
  const context = await newContext(journey.browser, journey.server);
  const page = await context.newPage();
  await signIn(page, journey.server.accounts.response_manager!, "/r/rohingya/structure");
  const tree = page.getByRole("navigation", { name: "Coordination structure of the response" });
  await tree.getByRole("button", { name: "Bodies under Inter Sector Coordination Group" }).click();
  await tree.getByRole("button", { name: "Bodies under Refugee Operations Coordination Team" }).click();
  await tree.getByRole("link", { name: "Cash Working Group" }).click();
  await visible(page.getByRole("heading", { name: "Cash Working Group", level: 1 }));

  await page.getByRole("button", { name: "Add a member" }).click();
  const dialog = page.getByRole("dialog", { name: "Add a member organisation" });
  await visible(dialog);
  await choose(page, "Organisation", "Save the Children (SCI)", "Save the");
  await dialog.getByLabel("Role that represents it").fill("Cash and livelihoods coordinator");
  const saved = page.waitForResponse((r) => r.url().includes("/members/") && r.request().method() === "PUT");
  await dialog.getByRole("button", { name: "Add a member" }).click();
  expect((await saved).status()).toBe(201);
  await dialog.waitFor({ state: "hidden" });
  const members = page.getByRole("table", { name: /Member organisations of Cash Working Group/ });
  await visible(members.getByRole("row").filter({ hasText: "Save the Children" }));

  // Where must Save the Children be, and who goes?
  await page.getByRole("link", { name: "Coordination structure" }).first().click();
  await page.getByRole("link", { name: "Representation matrix" }).click();
  await visible(page.getByRole("heading", { name: "Representation matrix", level: 1 }));
  await choose(page, "Organisation", "Save the Children (SCI)", "Save the");
  await visible(page.getByRole("heading", { name: "Where Save the Children (SCI) sits, and who goes" }));
  await visible(page.getByText("Cash and livelihoods coordinator"));

  await page.getByRole("button", { name: "Download" }).click();
  const [file] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("menuitem", { name: "Excel workbook (XLSX)" }).click(),
  ]);
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "isx-e2e-structure-"));
  onTestFinished(() => fs.rmSync(folder, { recursive: true, force: true }));
  const target = path.join(folder, "matrix.xlsx");
  await file.saveAs(target);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(target);
  const sheet = book.getWorksheet("Representation")!;
  const values = sheet.getRow(4).values as unknown[];
  expect(values).toContain("Save the Children");
  expect(values).toContain("Cash and livelihoods coordinator");
  expect(sheet.getRow(2).values).toContain("Cash Working Group");
  await context.close();
});
