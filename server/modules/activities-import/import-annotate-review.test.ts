import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { writeAnnotatedCsv } from "./import-annotate.ts";
import type { ActivityImportReport } from "./import-types.ts";

/** Review of the annotated download: a download cancelled part-way lets the file go. */

const openOn = (file: string) =>
  fs
    .readdirSync("/proc/self/fd")
    .map((fd) => {
      try {
        return fs.readlinkSync(`/proc/self/fd/${fd}`);
      } catch {
        return "";
      }
    })
    .filter((target) => target === file).length;

describe("annotated CSV (review)", () => {
  it("ends and closes the stored file when the download is cancelled", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "isx-annotate-"));
    const file = path.join(dir, "upload.csv");
    fs.writeFileSync(file, `a,b,c\n${"1,2,3\n".repeat(200_000)}`);
    const report = { issues: [], issuesOmitted: 0, hashtagRow: null } as unknown as ActivityImportReport;
    const out = new PassThrough();
    // The browser reads a little, then the download is cancelled.
    out.once("data", () => out.destroy());
    const writing = writeAnnotatedCsv(file, report, 1, out).then(
      () => "ended",
      () => "failed",
    );
    const outcome = await Promise.race([
      writing,
      new Promise((r) => setTimeout(() => r("still waiting"), 3_000)),
    ]);
    await new Promise((r) => setTimeout(r, 50));
    try {
      expect(outcome).not.toBe("still waiting");
      expect(openOn(file)).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
