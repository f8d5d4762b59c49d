import { on } from "node:events";
import { parentPort, workerData } from "node:worker_threads";
import { type FromWorker, type ToWorker, transferList, type XlsxWorkerData } from "./xlsx-thread.ts";
import { zipWorkbook } from "./xlsx-workbook.ts";

/**
 * The XLSX worker thread (started by xlsx-thread.ts): COPY text comes in on `rows` (null ends
 * it), the workbook's bytes go back on the parent port in pieces of about 1 MiB, which the main
 * thread can pause and resume. An error here is uncaught on purpose: it ends the thread and
 * reaches the main thread as the worker's `error` event, which aborts the download.
 */

const port = parentPort!;
const { heads, options, rows } = workerData as XlsxWorkerData;

/** Output is posted at least this much at a time: each message waits for the main thread's turn. */
const POST_BYTES = 1 << 20;

async function* records(): AsyncGenerator<Buffer> {
  for await (const [chunk] of on(rows, "message") as AsyncIterable<[Uint8Array | null]>) {
    if (chunk === null) break;
    if (!(chunk instanceof Uint8Array)) throw new TypeError("The XLSX worker takes COPY text as bytes.");
    port.postMessage({ type: "took" } satisfies FromWorker);
    yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  }
  rows.close();
}

const zip = zipWorkbook(heads, records(), options);
let pieces: Buffer[] = [];
let size = 0;
const post = () => {
  if (size === 0) return;
  const chunk = Buffer.concat(pieces, size);
  pieces = [];
  size = 0;
  port.postMessage({ type: "zip", chunk } satisfies FromWorker, transferList(chunk));
};
zip.on("data", (chunk: Buffer) => {
  pieces.push(chunk);
  size += chunk.length;
  if (size >= POST_BYTES) post();
});
zip.on("end", () => {
  post();
  port.postMessage({ type: "done" } satisfies FromWorker);
});
zip.on("error", (error) => {
  throw error;
});
port.on("message", (message: ToWorker) => {
  if (message === "pause") zip.pause();
  else zip.resume();
});
