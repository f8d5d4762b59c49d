import { to as copyTo } from "pg-copy-streams";
import { type Db, driverOf, yieldToEventLoop } from "../../db/client.ts";
import type { ReadScope } from "../activities/activities.policy.ts";
import {
  type ExportCursor,
  type ExportFilter,
  exportSelect,
  inlineParams,
  parseCursor,
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
): AsyncGenerator<Buffer> {
  const driver = driverOf(db);
  const options = { responseId, filter, scope, format };
  return driver.kind === "postgresql"
    ? copyPostgres(driver.pool, options)
    : copyPglite(driver.client, options);
}

interface CopyOptions {
  responseId: string;
  filter: ExportFilter;
  scope: ReadScope;
  format: CopyFormat;
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
 * PGlite: COPY … TO '/dev/blob' page by page (the next page starts after the position row the
 * previous one ends with), yielding to the event loop in between so other requests go on.
 */
async function* copyPglite(
  client: import("@electric-sql/pglite").PGlite,
  { responseId, filter, scope, format }: CopyOptions,
): AsyncGenerator<Buffer> {
  let after: ExportCursor | null = null;
  for (;;) {
    const text = inlineParams(exportSelect(responseId, filter, scope, { after, size: pgliteRows }));
    const result = await client.query(`COPY (${text}) TO '/dev/blob' WITH (FORMAT ${format})`);
    const bytes = result.blob ? Buffer.from(await result.blob.arrayBuffer()) : Buffer.alloc(0);
    if (bytes.length === 0) return; // no records after the position: no position row either
    // The last line is the position row (month, id, count, then empty columns).
    const last = bytes.lastIndexOf(0x0a, bytes.length - 2) + 1;
    const position = parseCursor(bytes.toString("utf8", last, bytes.length - 1));
    if (last > 0) yield bytes.subarray(0, last);
    if (position.count < pgliteRows) return;
    after = position.cursor;
    await yieldToEventLoop();
  }
}
