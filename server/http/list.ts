import { Readable } from "node:stream";
import { stringify } from "csv-stringify/sync";
import type { FastifyReply } from "fastify";
import { z } from "zod";
import { invalid } from "../errors.ts";

/** Query parameters every list accepts: search, page size, cursor and output format. */
export const listQuerySchema = z.object({
  q: z.string().trim().max(200).optional().describe("Search by name or code (typo-tolerant)."),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(500).optional().describe("The `nextCursor` of the previous page."),
  format: z
    .enum(["json", "csv", "hxl"])
    .optional()
    .describe(
      "Without it, one page of JSON. json, csv and hxl download the whole filtered list (json: an array).",
    ),
});

export type ListQuery = z.infer<typeof listQuerySchema>;

/** Where a page starts: after a (sort key, id) pair, or at an offset for relevance-ranked searches. */
export type Cursor = { after: [string, string] } | { offset: number };

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString("base64url");
}

const cursorSchema = z.union([
  z.strictObject({ after: z.tuple([z.string().max(400), z.uuid()]) }),
  z.strictObject({ offset: z.number().int().min(0).max(1_000_000) }),
]);

export function decodeCursor(raw: string | undefined): Cursor | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as Cursor;
    if (cursorSchema.safeParse(value).success) return value;
  } catch {
    // fall through to the error below
  }
  throw invalid("The cursor is not valid.", [
    { path: "querystring.cursor", message: "use the nextCursor of a previous page" },
  ]);
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Builds a page from `limit + 1` fetched rows. */
export function toPage<T>(rows: T[], limit: number, next: (last: T) => Cursor): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(next(last)) : null };
}

/** One column of a CSV / HXL download. */
export interface ExportColumn<T> {
  header: string;
  /** HXL hashtag with attributes, e.g. `#loc+code`. */
  hxl: string;
  value: (row: T) => string | number | boolean | null | undefined;
}

export interface ListOptions<T> {
  query: ListQuery;
  filename: string;
  columns: ExportColumn<T>[];
  fetchPage: (cursor: Cursor | null, limit: number) => Promise<Page<T>>;
}

/**
 * Answers a list request: one page of JSON, or the whole filtered list as CSV or HXL-tagged CSV,
 * streamed page by page so memory stays flat however long the list is.
 */
export async function sendList<T>(reply: FastifyReply, options: ListOptions<T>) {
  const { query, columns, fetchPage } = options;
  if (!query.format) return fetchPage(decodeCursor(query.cursor), query.limit);

  async function* pages() {
    let cursor: Cursor | null = null;
    for (;;) {
      const page: Page<T> = await fetchPage(cursor, 1000);
      yield page.items;
      if (!page.nextCursor) return;
      cursor = decodeCursor(page.nextCursor);
    }
  }

  if (query.format === "json") {
    async function* json() {
      let first = true;
      yield "[";
      for await (const items of pages()) {
        for (const item of items) {
          yield `${first ? "" : ","}\n${JSON.stringify(item)}`;
          first = false;
        }
      }
      yield "\n]\n";
    }
    reply
      .header("content-type", "application/json; charset=utf-8")
      .header("content-disposition", `attachment; filename="${options.filename}.json"`);
    return reply.send(Readable.from(json()));
  }

  const suffix = query.format === "hxl" ? ".hxl.csv" : ".csv";
  reply
    .header("content-type", "text/csv; charset=utf-8")
    .header("content-disposition", `attachment; filename="${options.filename}${suffix}"`);
  return reply.send(Readable.from(csvLines(query.format, columns, pages())));
}

/** A list as CSV, or HXL-tagged CSV (hashtag row under the header), from its pages of rows. */
export async function* csvLines<T>(
  format: "csv" | "hxl",
  columns: ExportColumn<T>[],
  pages: AsyncIterable<T[]>,
): AsyncGenerator<string> {
  if (format === "csv") yield "\uFEFF"; // lets Excel read UTF-8 (Bengali, Burmese) correctly
  yield stringify([columns.map((c) => c.header)]);
  if (format === "hxl") yield stringify([columns.map((c) => c.hxl)]);
  for await (const items of pages) {
    if (items.length > 0) yield stringify(items.map((row) => columns.map((c) => formatCell(c.value(row)))));
  }
}

function formatCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  // A text cell starting with = + - @ | would run as a formula in Excel (CSV injection, OWASP); quote it.
  return typeof value === "string" && /^[=+\-@|\t\r]/.test(text) ? `'${text}` : text;
}
