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
  private readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), "isx-import-"));
  private readonly file = path.join(this.dir, "planned.ndjson");
  private readonly out = fs.createWriteStream(this.file);
  count = 0;

  async write(plan: PlannedRow): Promise<void> {
    this.count++;
    if (!this.out.write(`${JSON.stringify(plan)}\n`)) await once(this.out, "drain");
  }

  async finish(): Promise<void> {
    if (this.out.writableFinished) return;
    this.out.end();
    await once(this.out, "finish");
  }

  /** The rows in file order, `size` at a time. */
  async *chunks(size: number): AsyncGenerator<PlannedRow[]> {
    await this.finish();
    const lines = readline.createInterface({ input: fs.createReadStream(this.file), crlfDelay: Infinity });
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
    this.out.destroy();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
