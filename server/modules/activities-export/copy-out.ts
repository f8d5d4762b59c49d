import { to as copyTo } from "pg-copy-streams";
import { type Db, driverOf, yieldToEventLoop } from "../../db/client.ts";
import type { ReadScope } from "../activities/activities.policy.ts";
import {
  type ExportCursor,
  type ExportFilter,
  exportPageEnd,
  exportSelect,
  inlineParams,
} from "./export-sql.ts";

/** COPY's CSV (quoted as csv-stringify quotes: a comma, quote or line break) or its text format. */
export type CopyFormat = "csv" | "text";

/** The export rows straight out of the database with COPY, as bytes (whole lines). */
export function copyRows(
  db: Db,
  responseId: string,
  filter: ExportFilter,
  scope: ReadScope,
  format: CopyFormat,
  pageSize = pgliteRows,
): AsyncGenerator<Buffer> {
  const driver = driverOf(db);
  const options = { responseId, filter, scope, format, pageSize };
  return driver.kind === "postgresql"
    ? copyPostgres(driver.pool, options)
    : copyPglite(driver.client, options);
}

interface CopyOptions {
  responseId: string;
  filter: ExportFilter;
  scope: ReadScope;
  format: CopyFormat;
  /** Records per COPY on PGlite. */
  pageSize: number;
}

/**
 * PostgreSQL: one COPY … TO STDOUT of the whole list on a connection of its own, streamed as the
 * server writes it (one statement, one snapshot; the socket's backpressure holds the server back).
 */
async function* copyPostgres(
  pool: import("pg").Pool,
  { responseId, filter, scope, format }: CopyOptions,
): AsyncGenerator<Buffer> {
  const text = inlineParams(exportSelect(responseId, filter, scope));
  const client = await pool.connect();
  let done = false;
  try {
    const stream = client.query(copyTo(`COPY (${text}) TO STDOUT WITH (FORMAT ${format})`));
    for await (const chunk of stream) yield chunk as Buffer;
    done = true;
  } finally {
    // A reader that stopped early (a client gone) leaves the COPY running: closing the connection
    // ends it on the server, and the pool opens a fresh one.
    client.release(done ? undefined : true);
  }
}

/** Records per COPY on PGlite: it writes the whole result into memory, and blocks the event loop. */
const pgliteRows = 10_000;

/**
 * PGlite: COPY … TO a device of its file system page by page. Each page is first bounded (the
 * position of its last record, read from the index), then copied as that range of keys, so the
 * next page starts after it; between pages the event loop serves other requests. A page holds the
 * records in its range when it is copied (one written meanwhile inside the range is included, none
 * is repeated or skipped).
 */
async function* copyPglite(
  client: import("@electric-sql/pglite").PGlite,
  { responseId, filter, scope, format, pageSize }: CopyOptions,
): AsyncGenerator<Buffer> {
  const sink = openCopySink(client);
  try {
    let after: ExportCursor | null = null;
    for (;;) {
      const end: { rows: { month: string; id: string }[] } = await client.query(
        inlineParams(exportPageEnd(responseId, filter, scope, after, pageSize)),
      );
      const until: ExportCursor | null = end.rows[0] ? [end.rows[0].month, end.rows[0].id] : null;
      const text = inlineParams(exportSelect(responseId, filter, scope, { after, until }));
      await client.query(`COPY (${text}) TO '${sink.path}' WITH (FORMAT ${format})`);
      const page = sink.take();
      if (page.length > 0) yield page;
      if (!until) return;
      after = until;
      await yieldToEventLoop();
    }
  } finally {
    sink.close();
  }
}

/** The parts of Emscripten's file system (PGlite's `Module.FS`) that a device needs. */
interface DeviceFs {
  makedev(major: number, minor: number): number;
  getDevice(device: number): unknown;
  registerDevice(device: number, ops: { write: DeviceWrite }): void;
  mkdev(path: string, device: number): void;
  unlink(path: string): void;
}
type DeviceWrite = (stream: { path: string }, heap: Uint8Array, offset: number, length: number) => number;

/** What COPY wrote to each open sink's path, by PGlite instance. */
const sinksOf = new WeakMap<object, { device: number; open: Map<string, CopySink> }>();
let sinkCount = 0;

/**
 * A character device that COPY writes a page into, gathered in one growing buffer. PGlite's own
 * '/dev/blob' keeps a copy of each write (about a kilobyte: a stdio buffer) and then a Blob of
 * them, which Node 20 reads back part by part: 3.5 s of a profiled million-row export on the main
 * thread, now one copy into the buffer per write. Each download has its own path (one device
 * number for all, told apart by the path), so downloads at once never mix their pages.
 */
function openCopySink(client: import("@electric-sql/pglite").PGlite) {
  // PGlite types FS as Emscripten's, which the project does not install; these four calls are
  // Emscripten's documented device API.
  const fs = client.Module.FS as unknown as DeviceFs;
  let sinks = sinksOf.get(client);
  if (!sinks) {
    // The first device number nothing uses (Emscripten numbers its own from 64 up: /dev/random,
    // /dev/urandom, PGlite's /dev/blob).
    let major = 64;
    while (fs.getDevice(fs.makedev(major, 0))) major++;
    const open = new Map<string, CopySink>();
    sinks = { device: fs.makedev(major, 0), open };
    sinksOf.set(client, sinks);
    fs.registerDevice(sinks.device, {
      write: (stream, heap, offset, length) => {
        open.get(stream.path)?.write(heap, offset, length);
        return length;
      },
    });
  }
  const { device, open } = sinks;
  const path = `/dev/isx-copy-${++sinkCount}`;
  const sink = new CopySink(path, () => {
    open.delete(path);
    fs.unlink(path);
  });
  open.set(path, sink);
  fs.mkdev(path, device);
  return sink;
}

class CopySink {
  private bytes = Buffer.allocUnsafe(1 << 20);
  private length = 0;

  constructor(
    readonly path: string,
    readonly close: () => void,
  ) {}

  write(heap: Uint8Array, offset: number, length: number): void {
    if (this.length + length > this.bytes.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.length + length));
      this.bytes.copy(bigger, 0, 0, this.length);
      this.bytes = bigger;
    }
    // A byte view of the heap, whatever its element type: set() is then a plain copy.
    this.bytes.set(new Uint8Array(heap.buffer, heap.byteOffset + offset, length), this.length);
    this.length += length;
  }

  /** The bytes written since the last take, in a buffer of their own (which can be transferred). */
  take(): Buffer {
    const page = Buffer.from(this.bytes.subarray(0, this.length));
    this.length = 0;
    return page;
  }
}
