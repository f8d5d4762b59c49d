import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocationImportReport } from "../../../common/schemas/locations.ts";

/**
 * The real CLI (`bin/intersector.js`) on its own PGlite database in a temporary DATA_DIR: seed the
 * demo, import the Cox's Bazar camp outlines, and check exit codes 0 (done), 1 (bad input), 2 (usage).
 */

const repoRoot = path.resolve(import.meta.dirname, "../../..");
const dataDir = path.resolve(repoRoot, "../shared/data");
const outlines = path.join(
  dataDir,
  "locations/bgd-coxs-bazar/190310_Outline_Rohingya_Refugee_Camp_A1.geojson",
);
const hasData = fs.existsSync(outlines);

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

const suite = hasData ? describe : describe.skip;

suite(hasData ? "CLI locations import" : `CLI locations import: skipped, no data at ${dataDir}`, () => {
  beforeAll(async () => {
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "isx-cli-"));
    const seeded = await cli(["seed"]);
    expect(seeded.code, seeded.stderr).toBe(0);
    expect(seeded.stdout).toContain("manager@demo.intersector.org");
  }, 180_000);

  afterAll(() => {
    if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
  });

  it("imports the camp outlines into the demo response and exits 0 with a JSON report", async () => {
    // The demo already holds the 35 camps under their unions: the import adds their outlines and
    // keeps each camp under the union the file names (by name, e.g. "Raja Palong").
    const run = await cli([
      "locations",
      "import",
      "--response",
      "rohingya",
      "--file",
      outlines,
      "--code-property",
      "SSID",
      "--name-property",
      "New_Camp_N",
      "--parent-property",
      "Union",
      "--level",
      "camp",
      "--json",
    ]);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as LocationImportReport;
    expect(report).toMatchObject({ rows: 35, valid: 35, invalid: 0, created: 0, updated: 35, dryRun: false });
    expect(report.issues.filter((i) => i.severity === "error")).toEqual([]);
  }, 120_000);

  it("exits 1 and reports the unknown parent of a bad file", async () => {
    const bad = path.join(tempDir, "bad.csv");
    fs.writeFileSync(bad, "code,name,parent,level\nCLI-1,Lost camp,NO-SUCH-PARENT,camp\n");
    const run = await cli(["locations", "import", "--response", "rohingya", "--file", bad, "--json"]);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as LocationImportReport;
    expect(report.issues).toEqual([
      expect.objectContaining({ code: "UNKNOWN_PARENT", row: 2, value: "NO-SUCH-PARENT" }),
    ]);
    expect(report.created).toBe(0);
  }, 120_000);

  it("exits 1 with a readable message for a missing file or an unknown response", async () => {
    const missing = await cli([
      "locations",
      "import",
      "--response",
      "rohingya",
      "--file",
      path.join(tempDir, "nope.csv"),
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("does not exist");
    const unknown = await cli(["locations", "import", "--response", "no-such-response", "--file", outlines]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no-such-response/);
  }, 120_000);

  it("exits 2 for an unknown option", async () => {
    const run = await cli([
      "locations",
      "import",
      "--response",
      "rohingya",
      "--file",
      outlines,
      "--no-such-option",
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown option/i);
  }, 60_000);
});
