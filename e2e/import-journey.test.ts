import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import type { Page } from "playwright-core";
import { afterAll, expect, test } from "vitest";
import { newContext, signIn, startJourney, visible } from "./harness.ts";

/**
 * The monthly report by spreadsheet: a partner (BRAC's focal point) downloads the WASH template,
 * fills three rows (one with a location code that does not exist), uploads it, reads the flagged
 * row in the annotated download, fixes it, imports the file (watching the progress bar) and sees
 * exactly the three records with their figures; the WASH coordinator approves them. Records are for the current month, which the demo leaves empty.
 */

const journey = startJourney();
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "isx-e2e-import-"));
afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

const now = new Date();
const month = now.toISOString().slice(0, 7);
const lastDay = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 0)).toISOString().slice(0, 10);

/** Clicks a link or button that downloads, and returns the saved file's path. */
async function download(page: Page, click: () => Promise<void>, name: string): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent("download"), click()]);
  const target = path.join(workDir, name);
  await file.saveAs(target);
  return target;
}

/** The values of a column of the template's hidden Lists sheet. */
const listColumn = (book: ExcelJS.Workbook, column: number) =>
  (book.getWorksheet("Lists")!.getColumn(column).values as unknown[])
    .slice(2)
    .filter((v): v is string => typeof v === "string");

async function uploadAndCheck(page: Page, file: string) {
  await page.getByLabel("Spreadsheet").setInputFiles(file);
  await page.getByRole("button", { name: "Upload and read columns" }).click();
  // The template's hashtag row maps every column: nothing to choose.
  await visible(page.getByText("Columns are read by their HXL hashtags (row 2)."));
  await page.getByRole("button", { name: "Check the file" }).click();
}

test("a partner fills the sector template, fixes the flagged row, imports it; the coordinator approves", async () => {
  const partner = await (await newContext(journey.browser, journey.server)).newPage();
  await signIn(partner, journey.server.accounts.organisation_editor!, "/r/rohingya/activities");
  await partner.getByRole("link", { name: "Import a spreadsheet" }).click();
  await visible(partner.getByRole("heading", { name: "Import 4W records", level: 1 }));

  const template = await download(partner, () => partner.getByTestId("template-WASH").click(), "wash.xlsx");
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(template);
  const sheet = book.getWorksheet("5W")!;
  const headers = (sheet.getRow(1).values as unknown[]).map(String);
  const col = (header: string) => headers.indexOf(header);
  const [activity] = listColumn(book, 2);
  const camps = listColumn(book, 4).filter((c) => c.startsWith("CXB-"));
  expect(activity).toMatch(/^WASH-/);
  expect(camps.length).toBeGreaterThan(3);
  const fill = (row: number, camp: string, girls: number) => {
    const r = sheet.getRow(row);
    const values: Record<string, string | number> = {
      reporting_org: "BRAC",
      sector_code: "WASH",
      activity_code: activity!,
      location_code: camp,
      status: "ongoing",
      start_date: `${month}-01`,
      end_date: lastDay,
      reporting_month: month,
      girls,
      boys: girls + 1,
      external_id: `BRAC-${month}-${row}`,
    };
    for (const [header, value] of Object.entries(values)) r.getCell(col(header)).value = value;
  };
  fill(3, camps[0]!, 40);
  fill(4, camps[1]!, 50);
  fill(5, "CXB-999", 60);
  const filled = path.join(workDir, "brac-wash.xlsx");
  await book.xlsx.writeFile(filled);

  await uploadAndCheck(partner, filled);
  await visible(partner.getByText("1 row has errors"));
  const issues = partner.getByTestId("import-issues");
  expect(await issues.textContent()).toContain("CXB-999");

  // The annotated file is the partner's workbook with an Issues column on the flagged row.
  const annotated = await download(
    partner,
    () => partner.getByRole("link", { name: "Download the file with issues" }).click(),
    "brac-wash-issues.xlsx",
  );
  const marked = new ExcelJS.Workbook();
  await marked.xlsx.readFile(annotated);
  const markedSheet = marked.getWorksheet("5W")!;
  const issuesColumn = (markedSheet.getRow(1).values as unknown[]).indexOf("Issues");
  expect(issuesColumn).toBeGreaterThan(col("review_state"));
  expect(String(markedSheet.getRow(5).getCell(issuesColumn).value)).toMatch(
    /^Error \(location_code\).*CXB-999/,
  );
  expect(markedSheet.getRow(3).getCell(issuesColumn).value).toBeNull();

  // Fixed in the annotated file itself and uploaded again: the Issues column is ignored.
  markedSheet.getRow(5).getCell(col("location_code")).value = camps[2]!;
  const corrected = path.join(workDir, "brac-wash-fixed.xlsx");
  await marked.xlsx.writeFile(corrected);
  await partner.getByRole("button", { name: "Upload a corrected file" }).click();
  await uploadAndCheck(partner, corrected);
  await visible(partner.getByText("The file is ready to import"));
  expect(await partner.getByRole("checkbox", { name: "Submit the records for review" }).isChecked()).toBe(
    true,
  );
  // The run's polls are held until the progress bar has been seen (a 3-row import ends at once).
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  const polls = "**/api/v1/responses/rohingya/activity-imports/*";
  await partner.route(polls, async (route) => {
    if (route.request().method() === "GET") await held;
    await route.continue();
  });
  await partner.getByRole("button", { name: "Import 3 rows" }).click();
  const bar = partner.getByRole("progressbar", { name: "Importing…" });
  await visible(bar);
  expect(Number(await bar.getAttribute("aria-valuenow"))).toBeGreaterThanOrEqual(0);
  expect(await partner.getByTestId("import-progress").textContent()).toMatch(
    /^(Starting…|\d+ rows read: \d+ valid, \d+ with errors|Saving: \d+ of 3 rows)$/,
  );
  release();
  await partner.unroute(polls);
  await visible(partner.getByText("3 records created, 0 updated, 0 unchanged."));
  await bar.waitFor({ state: "detached" });

  await partner.getByRole("link", { name: "See the records in the 4W" }).click();
  await partner.waitForURL(/\/r\/rohingya\/activities\?organisation=/);
  // This month holds exactly the three rows imported, each with its camp, figures and review state.
  await partner.goto(`${partner.url()}&from=${month}&to=${month}`);
  await visible(partner.getByTestId("totals-row").getByText("Total of 3 records shown"));
  const rows = partner.getByTestId("activity-row");
  expect(await rows.count()).toBe(3);
  const imported: [string, number][] = [
    [camps[0]!, 40],
    [camps[1]!, 50],
    [camps[2]!, 60],
  ];
  for (const [camp, girls] of imported) {
    const record = rows.filter({
      has: partner.locator('[data-column="location"]').getByText(camp, { exact: true }),
    });
    expect(await record.count(), camp).toBe(1);
    expect(await record.locator('[data-column="reporting"]').textContent()).toContain("BRAC");
    expect(await record.locator('[data-column="review"]').textContent()).toBe("Submitted");
    // Total reached (girls + boys), women, men, girls, boys.
    expect((await record.locator("td").allTextContents()).slice(-5)).toEqual([
      String(girls * 2 + 1),
      "—",
      "—",
      String(girls),
      String(girls + 1),
    ]);
  }
  expect(await partner.getByTestId("total-girls").textContent()).toBe("150");

  const coordinator = await (await newContext(journey.browser, journey.server)).newPage();
  await signIn(coordinator, journey.server.accounts.sector_coordinator!, `/r/rohingya/review`);
  await visible(coordinator.getByRole("heading", { name: "Review queue", level: 1 }));
  const ours = coordinator
    .getByTestId("review-row")
    .filter({ hasText: "BRAC" })
    .filter({ hasText: camps[2]! });
  await visible(ours);
  for (const camp of camps.slice(0, 3))
    await coordinator
      .getByTestId("review-row")
      .filter({ hasText: "BRAC" })
      .filter({ hasText: camp })
      .getByRole("checkbox")
      .check();
  await coordinator.getByRole("button", { name: "Approve 3" }).click();
  await visible(coordinator.getByText("3 records approved."));
  // Approved records leave the queue.
  await ours.waitFor({ state: "detached", timeout: 20_000 });
});
