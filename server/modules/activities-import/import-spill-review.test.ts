import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { PlannedRowSpill } from "./import-spill.ts";
import type { PlannedRow } from "./import-types.ts";

/** Review of the spill: a spill file that cannot be written fails the import, not the whole server. */

const plan = (row: number) =>
  ({ row, values: { notes: "x".repeat(200) }, donorIds: [], sectorParentId: null }) as unknown as PlannedRow;

afterEach(() => {
  vi.restoreAllMocks();
});

describe("planned row spill (review)", () => {
  it("rejects the import's promise when the spill file fails (as a full disk would), with no uncaught error", async () => {
    const create = fs.createWriteStream;
    // The file cannot be opened: the stream emits "error" after the first write returned.
    vi.spyOn(fs, "createWriteStream").mockImplementation(((file: string) =>
      create(path.join(path.dirname(file), "missing", "planned.ndjson"))) as typeof fs.createWriteStream);
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.prependListener("uncaughtException", onUncaught);
    const spill = new PlannedRowSpill();
    try {
      const attempt = (async () => {
        for (let i = 0; i < 3; i++) await spill.write(plan(i));
        await new Promise((r) => setTimeout(r, 50));
        for await (const _ of spill.chunks(10)) {
          // reading would go on
        }
      })();
      await expect(attempt).rejects.toThrow(/ENOENT/);
    } finally {
      spill.dispose();
      await new Promise((r) => setTimeout(r, 50));
      process.removeListener("uncaughtException", onUncaught);
    }
    expect(uncaught).toEqual([]);
  });
});
