import { once } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { type RecordValues, writableFields } from "../activities/activities.guards.ts";
import type { PlannedRow } from "./import-types.ts";

/** Spill lines are gathered to about this many characters per write (one write a row was 10% of pass 1). */
const WRITE_CHARS = 256 * 1024;

/** A row as one JSON array: row, sector parent, donors, then the values in `writableFields` order. */
const toLine = (plan: PlannedRow) =>
  JSON.stringify([
    plan.row,
    plan.sectorParentId,
    plan.donorIds,
    ...writableFields.map((f) => plan.values[f]),
  ]);

function fromLine(line: string): PlannedRow {
  const a = JSON.parse(line) as unknown[];
  const values: Record<string, unknown> = {};
  for (let i = 0; i < writableFields.length; i++) values[writableFields[i]!] = a[i + 3];
  return {
    row: a[0] as number,
    sectorParentId: a[1] as string | null,
    donorIds: a[2] as string[],
    values: values as RecordValues,
  };
}

/**
 * The rows that passed validation, kept on disk (one JSON array a line: field names were half of
 * each line) between reading the file and writing them, so an import's memory does not grow with
 * the file and the database is only held (a transaction, which on PGlite blocks every other
 * request) while rows are written.
 */
export class PlannedRowSpill {
  /** Made at the first row, so a file refused at its header leaves nothing behind. */
  private spill: { dir: string; file: string; out: fs.WriteStream } | null = null;
  /** A write that failed (a full disk): thrown to the import, never left uncaught. */
  private failed: Error | null = null;
  /** Lines not yet handed to the file. */
  private pending = "";
  count = 0;

  async write(plan: PlannedRow): Promise<void> {
    if (!this.spill) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "isx-import-"));
      const file = path.join(dir, "planned.ndjson");
      const out = fs.createWriteStream(file).on("error", (error) => {
        this.failed = error;
      });
      this.spill = { dir, file, out };
    }
    if (this.failed) throw this.failed;
    this.count++;
    this.pending += `${toLine(plan)}\n`;
    if (this.pending.length >= WRITE_CHARS) await this.flush();
  }

  private async flush(): Promise<void> {
    if (!this.spill || this.pending === "") return;
    // A failed stream never drains.
    if (this.failed) throw this.failed;
    const text = this.pending;
    this.pending = "";
    if (!this.spill.out.write(text)) await once(this.spill.out, "drain");
  }

  /** The rows in file order, `size` at a time. */
  async *chunks(size: number): AsyncGenerator<PlannedRow[]> {
    if (!this.spill) return;
    const { out, file } = this.spill;
    await this.flush();
    if (this.failed) throw this.failed;
    if (!out.writableFinished) {
      out.end();
      await once(out, "finish");
    }
    const lines = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
    let chunk: PlannedRow[] = [];
    for await (const line of lines) {
      if (line === "") continue;
      chunk.push(fromLine(line));
      if (chunk.length >= size) {
        yield chunk;
        chunk = [];
      }
    }
    if (chunk.length) yield chunk;
  }

  dispose(): void {
    if (!this.spill) return;
    this.spill.out.on("error", () => {}).destroy();
    fs.rmSync(this.spill.dir, { recursive: true, force: true });
    this.spill = null;
  }
}
