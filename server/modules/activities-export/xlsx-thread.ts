import { Readable } from "node:stream";
import { MessageChannel, type MessagePort, Worker } from "node:worker_threads";
import type { Heads, WorkbookOptions } from "./xlsx-workbook.ts";

/**
 * The XLSX workbook written in a worker thread (xlsx-worker.ts) while this thread reads the
 * records. On PGlite the database runs on this thread, and turning its COPY text into sheet XML
 * here took a tenth of a million-row export's time on top of it; in the worker it runs on the
 * other core meanwhile. One worker per download, ended with it (finished, failed or abandoned).
 */

/** What the worker is started with: `rows` carries COPY text (Uint8Array) and then null. */
export interface XlsxWorkerData {
  entry: string;
  heads: Heads;
  options: WorkbookOptions;
  rows: MessagePort;
}

/** Main thread → worker, on the parent port: stop or go on sending the workbook. */
export type ToWorker = "pause" | "resume";

/** Worker → main thread: a chunk of records taken, a piece of the workbook, or its end. */
export type FromWorker = { type: "took" } | { type: "zip"; chunk: Uint8Array } | { type: "done" };

/** The whole ArrayBuffer of `bytes`, to transfer rather than copy, when nothing else shares it. */
export const transferList = (bytes: Uint8Array): ArrayBuffer[] =>
  bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? [bytes.buffer as ArrayBuffer] : [];

/** Records are sent at least this much at a time (PostgreSQL's COPY comes in socket-sized chunks). */
const SEND_BYTES = 1 << 20;
/**
 * Chunks sent and not yet taken by the worker (a PGlite page is about 2.5 MB of COPY text). The
 * worker takes the next one only when deflate has nearly caught up (xlsx-workbook.ts keeps 1 MB of
 * sheet XML ahead), so this thread may run a few pages ahead of it.
 */
const AHEAD = 4;

/** Chunks of at least `size` bytes (the last may be smaller) from smaller ones. */
async function* gathered(chunks: AsyncIterable<Buffer>, size: number): AsyncGenerator<Buffer> {
  let parts: Buffer[] = [];
  let length = 0;
  for await (const chunk of chunks) {
    parts.push(chunk);
    length += chunk.length;
    if (length < size) continue;
    yield parts.length === 1 ? parts[0]! : Buffer.concat(parts, length);
    parts = [];
    length = 0;
  }
  if (length > 0) yield Buffer.concat(parts, length);
}

/**
 * The worker's young generation, in MB. What it allocates is mostly Buffers of sheet XML (pieces
 * of 256 kB) that die at once; their memory is given back when a collection finds them dead.
 * With the default size, collections were rare and a million-row export on PGlite peaked at
 * 654-757 MB (one thread: 552 MB); with 4 MB, 557 MB.
 */
const YOUNG_MB = 4;

let running = 0;
/** Workers started and not yet exited (tests check none is left behind). */
export const xlsxWorkersRunning = () => running;

/**
 * The workbook of `records` (lines of COPY text) as a readable stream. An error reading the
 * records or in the worker destroys the stream (which aborts the HTTP reply or the file); a
 * stream destroyed by its reader (a client gone) ends the worker and stops reading the records.
 */
export function xlsxInWorker(
  heads: Heads,
  records: AsyncIterable<Buffer>,
  options: WorkbookOptions = {},
): Readable {
  const channel = new MessageChannel();
  const workerData: XlsxWorkerData = {
    entry: new URL("./xlsx-worker.ts", import.meta.url).href,
    heads,
    options,
    rows: channel.port2,
  };
  const worker = new Worker(new URL("./xlsx-worker.mjs", import.meta.url), {
    workerData,
    transferList: [channel.port2],
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_MB },
  });
  running++;
  let finished = false;
  let paused = false;
  let sent = 0;
  let taken = 0;
  // The sender waits here for the worker to take a chunk, or for the download to stop.
  let wake: (() => void) | null = null;
  const wakeSender = () => {
    wake?.();
    wake = null;
  };

  const out = new Readable({
    read() {
      if (!paused) return;
      paused = false;
      worker.postMessage("resume" satisfies ToWorker);
    },
    destroy(error, callback) {
      wakeSender();
      channel.port1.close();
      void worker.terminate();
      callback(error);
    },
  });

  worker.on("message", (message: FromWorker) => {
    if (message.type === "took") {
      taken++;
      wakeSender();
    } else if (message.type === "zip") {
      const chunk = Buffer.from(message.chunk.buffer, message.chunk.byteOffset, message.chunk.byteLength);
      if (!out.push(chunk) && !paused) {
        paused = true;
        worker.postMessage("pause" satisfies ToWorker);
      }
    } else {
      finished = true;
      out.push(null);
      void worker.terminate();
    }
  });
  worker.on("error", (error) => out.destroy(error));
  worker.on("exit", (code) => {
    running--;
    if (!finished)
      out.destroy(new Error(`The XLSX worker stopped before the workbook was written (${code}).`));
  });

  (async () => {
    for await (const chunk of gathered(records, SEND_BYTES)) {
      if (out.destroyed) return; // leaving the loop ends the records' query
      channel.port1.postMessage(chunk, transferList(chunk));
      sent++;
      while (sent - taken >= AHEAD && !out.destroyed) await new Promise<void>((resolve) => (wake = resolve));
    }
    if (!out.destroyed) channel.port1.postMessage(null);
  })().catch((error: unknown) => out.destroy(error as Error));
  return out;
}
