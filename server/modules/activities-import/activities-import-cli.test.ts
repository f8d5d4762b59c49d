import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ActivityImportReport } from "./import-types.ts";

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

    const bad = path.join(tempDir, "bad.csv");
    fs.writeFileSync(
      bad,
      `${header}\nSCI,EDU,EDU-TLM,BD20229431,ongoing,01/03/2021,2021-03-31,2021-03,5,6\n`,
    );
    const rowErrors = await cli(["import", "activities", "--response", "rohingya", "--file", bad]);
    expect(rowErrors.code).toBe(1);
    expect(rowErrors.stdout).toContain("could be day/month/year");

    const binary = path.join(tempDir, "bad.pdf");
    fs.writeFileSync(binary, Buffer.from([0x25, 0x50, 0x44, 0x46, 0, 1, 2]));
    const unreadable = await cli(["import", "activities", "--response", "rohingya", "--file", binary]);
    expect(unreadable.code).toBe(1);
    expect(unreadable.stderr).toContain("PDF");

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
