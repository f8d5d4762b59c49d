// The XLSX worker thread's entry: workers do not inherit the main thread's TypeScript loader
// (bin/intersector.js registers tsx; vitest has its own), so this registers tsx and then loads
// the worker's TypeScript body, xlsx-worker.ts.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.entry);
