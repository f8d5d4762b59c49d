import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "./client.ts";

/** The embedded database folder belongs to one process at a time. */
describe("PGlite data folder lock", () => {
  it("refuses a folder another live process holds, and takes over a stale lock", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "isx-lock-"));
    fs.writeFileSync(path.join(dir, "pglite.lock"), String(process.ppid));
    await expect(openDatabase({ dataDir: dir })).rejects.toThrow(/in use by process \d+/);

    // No process has this pid: the lock is stale (a crashed server) and is taken over.
    fs.writeFileSync(path.join(dir, "pglite.lock"), "2147483646");
    const database = await openDatabase({ dataDir: dir });
    expect(fs.readFileSync(path.join(dir, "pglite.lock"), "utf8")).toBe(String(process.pid));
    await database.close();
    expect(fs.existsSync(path.join(dir, "pglite.lock"))).toBe(false);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
