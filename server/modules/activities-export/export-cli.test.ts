import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activityColumns } from "../activities/activities.routes.ts";

/**
 * `intersector export activities` as a user runs it: a separate process on its own embedded
 * database (DATABASE_URL removed), seeded with the demo. Few process starts: each costs seconds.
 */

const root = path.resolve(import.meta.dirname, "../../..");
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "isx-export-cli-"));

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: "silent" };
  delete env.DATABASE_URL;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["bin/intersector.js", ...args], { cwd: root, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  const seeded = await cli(["seed"]);
  expect(seeded.code, seeded.stderr).toBe(0);
}, 180_000);

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe("intersector export activities", () => {
  it("streams CSV to stdout and XLSX to a file, with the filters", async () => {
    const csv = await cli([
      "export",
      "activities",
      "--response",
      "rohingya",
      "--format",
      "csv",
      "--from",
      "2020-01",
    ]);
    expect(csv.code, csv.stderr).toBe(0);
    const lines = parse(csv.stdout.replace(/^\uFEFF/, "")) as string[][];
    expect(lines[0]).toEqual(activityColumns.map((c) => c.header));
    expect(lines.length).toBeGreaterThan(1);

    const out = path.join(dataDir, "export.xlsx");
    const xlsx = await cli([
      "export",
      "activities",
      "--response",
      "rohingya",
      "--format",
      "xlsx",
      "--out",
      out,
    ]);
    expect(xlsx.code, xlsx.stderr).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(2).getCell(1).value).toBe("#org+name");
    expect(sheet.rowCount).toBeGreaterThanOrEqual(lines.length + 1);
  }, 120_000);

  it("exits 2 for xlsx without --out and 1 for an unknown response", async () => {
    const usage = await cli(["export", "activities", "--response", "rohingya", "--format", "xlsx"]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("--out");
    const unknown = await cli(["export", "activities", "--response", "nowhere", "--format", "json"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("nowhere");
  }, 120_000);
});
