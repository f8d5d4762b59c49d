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
 * PGlite: COPY … TO '/dev/blob' page by page. Each page is first bounded (the position of its
 * last record, read from the index), then copied as that range of keys, so the next page starts
 * after it; between pages the event loop serves other requests. A page holds the records in its
 * range when it is copied (one written meanwhile inside the range is included, none is repeated
 * or skipped).
 */
async function* copyPglite(
  client: import("@electric-sql/pglite").PGlite,
  { responseId, filter, scope, format, pageSize }: CopyOptions,
): AsyncGenerator<Buffer> {
  let after: ExportCursor | null = null;
  for (;;) {
    const end: { rows: { month: string; id: string }[] } = await client.query(
      inlineParams(exportPageEnd(responseId, filter, scope, after, pageSize)),
    );
    const until: ExportCursor | null = end.rows[0] ? [end.rows[0].month, end.rows[0].id] : null;
    const text = inlineParams(exportSelect(responseId, filter, scope, { after, until }));
    const result = await client.query(`COPY (${text}) TO '/dev/blob' WITH (FORMAT ${format})`);
    if (result.blob && result.blob.size > 0) yield Buffer.from(await result.blob.arrayBuffer());
    if (!until) return;
    after = until;
    await yieldToEventLoop();
  }
}
