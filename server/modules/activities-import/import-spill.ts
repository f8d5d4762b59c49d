import { once } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import type { PlannedRow } from "./import-types.ts";

/**
 * The rows that passed validation, kept on disk (one JSON line each) between reading the file and
 * writing them, so an import's memory does not grow with the file and the database is only held
 * (a transaction, which on PGlite blocks every other request) while rows are written.
 */
export class PlannedRowSpill {
  /** Made at the first row, so a file refused at its header leaves nothing behind. */
  private spill: { dir: string; file: string; out: fs.WriteStream } | null = null;
  /** A write that failed (a full disk): thrown to the import, never left uncaught. */
  private failed: Error | null = null;
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
    if (!this.spill.out.write(`${JSON.stringify(plan)}\n`)) await once(this.spill.out, "drain");
  }

  /** The rows in file order, `size` at a time. */
  async *chunks(size: number): AsyncGenerator<PlannedRow[]> {
    if (!this.spill) return;
    const { out, file } = this.spill;
    if (this.failed) throw this.failed;
    if (!out.writableFinished) {
      out.end();
      await once(out, "finish");
    }
    const lines = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
    let chunk: PlannedRow[] = [];
    for await (const line of lines) {
      if (line === "") continue;
      chunk.push(JSON.parse(line) as PlannedRow);
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
