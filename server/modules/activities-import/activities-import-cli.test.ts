import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppError } from "../../errors.ts";
import { buildResponse, buildTestApp } from "../../testing/factories.ts";
import { importActivities } from "./activities-import.service.ts";
import { refusedFileReport } from "./import-prepare.ts";
import { type ActivityImportReport, systemPrincipal } from "./import-types.ts";

/**
 * `intersector import activities` through the real CLI on its own PGlite in a temporary DATA_DIR
 * (seeded with the demo): exit 0 for a clean report, 1 for row errors or an unreadable file, 2 for usage.
 */

const repoRoot = path.resolve(import.meta.dirname, "../../..");
let tempDir: string;

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  // The CLI must use its own PGlite in DATA_DIR, never the test run's PostgreSQL.
  const { DATABASE_URL: _ignored, ...env } = process.env;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(repoRoot, "bin/intersector.js"), ...args],
      { cwd: repoRoot, env: { ...env, DATA_DIR: tempDir, LOG_LEVEL: "silent" }, timeout: 120_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const header = "Partner,Sector,Activity type,P-code,Status,Start date,End date,Month,Girls,Boys";

/** The keys of `--json`'s report and of each issue, as the 4W import issue spells them. */
const reportKeys = [
  "columns",
  "created",
  "hashtagRow",
  "invalid",
  "issues",
  "rows",
  "unchanged",
  "updated",
  "valid",
];
const issueKeys = ["code", "column", "message", "row", "severity", "value"];

describe("a refused file as a report", () => {
  it("has the report's keys, and the refusal as its one error issue with the reader's code and line", async () => {
    const { db } = await buildTestApp();
    const response = await buildResponse(db);
    const refuse = (content: Buffer) =>
      importActivities(db, response.id, content, {
        principal: systemPrincipal,
        actor: { id: null, label: "test" },
      }).then(
        () => expect.unreachable("the file should be refused"),
        (error: AppError) => refusedFileReport(error),
      );
    const blank = await refuse(Buffer.from("\n \n"));
    expect(Object.keys(blank).sort()).toEqual(reportKeys);
    expect(blank).toMatchObject({ rows: 0, valid: 0, invalid: 0, created: 0, hashtagRow: null, columns: [] });
    expect(blank.issues).toEqual([
      {
        row: null,
        column: null,
        severity: "error",
        code: "EMPTY_FILE",
        value: null,
        message: "The file holds no data, only blank space.",
      },
    ]);
    // A row pasted in Windows-1252 into a UTF-8 file: the reader names its line.
    const mixed = await refuse(
      Buffer.concat([Buffer.from(`${header}\nনলকূপ,EDU\n`), Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x0a])]),
    );
    expect(mixed.issues).toEqual([expect.objectContaining({ row: 3, code: "MIXED_ENCODING" })]);
    const missing = await refuse(Buffer.from("Partner,Comment\nSCI,hi\n"));
    expect(missing.issues).toEqual([
      expect.objectContaining({
        row: null,
        code: "VALIDATION_FAILED",
        message: expect.stringMatching(/^The file has no column for/),
      }),
    ]);
  });
});

describe("CLI import activities", () => {
  beforeAll(async () => {
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "isx-cli-import-"));
    const seeded = await cli(["seed"]);
    expect(seeded.code, seeded.stderr).toBe(0);
  }, 180_000);

  afterAll(() => {
    if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
  });

  it("exits 0 with a JSON report for a valid file, 1 for row errors or a bad file, 2 for usage", async () => {
    const good = path.join(tempDir, "good.csv");
    fs.writeFileSync(
      good,
      `${header}\nSCI,EDU,EDU-TLM,BD20229431,ongoing,2021-03-01,2021-03-31,2021-03,5,6\n`,
    );
    const ok = await cli([
      "import",
      "activities",
      "--response",
      "rohingya",
      "--file",
      good,
      "--dry-run",
      "--json",
    ]);
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    const report = JSON.parse(ok.stdout) as ActivityImportReport;
    expect(report).toMatchObject({ rows: 1, valid: 1, created: 1 });
    // Exactly the report the issue promises: no other key at the top or in a column.
    expect(Object.keys(report).sort()).toEqual(reportKeys);
    expect(Object.keys(report.columns[0]!).sort()).toEqual(["field", "hashtag", "header"]);

    // An unknown column (a header issue, on the header's line) and a row error.
    const bad = path.join(tempDir, "bad.csv");
    fs.writeFileSync(
      bad,
      `${header},Comment\nSCI,EDU,EDU-TLM,BD20229431,ongoing,01/03/2021,2021-03-31,2021-03,5,6,hi\n`,
    );
    const rowErrors = await cli(["import", "activities", "--response", "rohingya", "--file", bad]);
    expect(rowErrors.code).toBe(1);
    expect(rowErrors.stdout).toContain("could be day/month/year");
    const asJson = await cli([
      "import",
      "activities",
      "--response",
      "rohingya",
      "--file",
      bad,
      "--dry-run",
      "--json",
    ]);
    expect(asJson.code).toBe(1);
    const badReport = JSON.parse(asJson.stdout) as ActivityImportReport;
    expect(Object.keys(badReport).sort()).toEqual(reportKeys);
    expect(badReport.issues.map((i) => [i.row, i.column, i.code])).toEqual([
      [1, "Comment", "UNKNOWN_COLUMN"],
      [2, "Start date", "AMBIGUOUS_DATE"],
    ]);
    for (const issue of badReport.issues) expect(Object.keys(issue).sort()).toEqual(issueKeys);

    const binary = path.join(tempDir, "bad.pdf");
    fs.writeFileSync(binary, Buffer.from([0x25, 0x50, 0x44, 0x46, 0, 1, 2]));
    const unreadable = await cli(["import", "activities", "--response", "rohingya", "--file", binary]);
    expect(unreadable.code).toBe(1);
    expect(unreadable.stderr).toContain("PDF");
    // With --json the refusal is a report on stdout, its one error issue naming why.
    const unreadableJson = await cli([
      "import",
      "activities",
      "--response",
      "rohingya",
      "--file",
      binary,
      "--json",
    ]);
    expect(unreadableJson.code).toBe(1);
    const refused = JSON.parse(unreadableJson.stdout) as ActivityImportReport;
    expect(Object.keys(refused).sort()).toEqual(reportKeys);
    expect(refused.rows).toBe(0);
    expect(refused.issues).toHaveLength(1);
    expect(Object.keys(refused.issues[0]!).sort()).toEqual(issueKeys);
    expect(refused.issues[0]).toMatchObject({ severity: "error" });
    expect(refused.issues[0]!.message).toContain("PDF");

    const usage = await cli([
      "import",
      "activities",
      "--response",
      "rohingya",
      "--mode",
      "sometimes",
      "--file",
      good,
    ]);
    expect(usage.code).toBe(2);
  }, 180_000);
});
