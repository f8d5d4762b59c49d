import { type SQL, sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type { ActivityFilters } from "../../../common/schemas/activities.ts";
import { invalid } from "../../errors.ts";
import type { ReadScope } from "../activities/activities.policy.ts";
import { activityFilterSql } from "../activities/activities.queries.ts";

/**
 * The 4W download as SQL: the database joins the names, neutralises formula-like text and writes
 * the rows as CSV (COPY … WITH CSV, sent on as it is) or as COPY's tab-separated text (turned into
 * worksheet rows), so a million rows never become a million JavaScript objects.
 * The columns are those of `activityColumns` (the CSV / HXL download of the list), in its order
 * (checked by exportStream); a test compares the output byte for byte with the list's CSV.
 */

export type ExportFilter = ActivityFilters & { q?: string };

/** The keyset position after a row: (reporting_month, id), the list's order, newest first. */
export type ExportCursor = [month: string, id: string];

interface Column {
  header: string;
  /** The value as text (NULL when empty), formula-like text already neutralised. */
  text: string;
  /** Written as a number cell in XLSX. */
  number?: boolean;
}

/**
 * Text starting with = + - @ | (or a tab or return) would run as a formula when a spreadsheet
 * reads it (CSV injection, OWASP): quoted with a leading apostrophe, which the 4W import removes.
 * An empty text is NULL, so that COPY writes it unquoted like the list's CSV does. The first
 * character is compared as a code point (ascii() of = + - @ | tab return), not as a one-letter
 * text (left(…, 1)) against seven others: cheaper per cell, and the same test.
 */
const guarded = (expr: string) =>
  `CASE WHEN ascii(${expr}) IN (61, 43, 45, 64, 124, 9, 13) THEN '''' || ${expr} ELSE NULLIF(${expr}, '') END`;

const columns: Column[] = [
  { header: "reporting_org", text: "ro.name" },
  { header: "implementing_org", text: "io.name" },
  { header: "donors", text: guarded("dn.names") },
  { header: "sector_code", text: "s.code" },
  { header: "sub_sector_code", text: "ss.code" },
  { header: "activity_code", text: "t.code" },
  { header: "activity", text: "t.name" },
  { header: "indicator_code", text: "i.code" },
  { header: "location_code", text: "l.code" },
  { header: "location", text: "l.name" },
  { header: "population_group", text: "pg.code" },
  { header: "status", text: guarded("a.status") },
  { header: "start_date", text: "a.start_date::text" },
  { header: "end_date", text: "a.end_date::text" },
  { header: "reporting_month", text: "left(a.reporting_month::text, 7)" },
  // The API's quantity is a JavaScript number made from this numeric (accepted in [0, 1e12]);
  // trim_scale prints it as JavaScript does (12.5, not 12.50).
  { header: "quantity", text: "trim_scale(a.quantity)::text", number: true },
  { header: "unit", text: guarded("a.unit") },
  { header: "reached_total", text: "a.reached_total::text", number: true },
  { header: "women", text: "a.women::text", number: true },
  { header: "men", text: "a.men::text", number: true },
  { header: "girls", text: "a.girls::text", number: true },
  { header: "boys", text: "a.boys::text", number: true },
  { header: "elderly", text: "a.elderly::text", number: true },
  { header: "persons_with_disabilities", text: "a.persons_with_disabilities::text", number: true },
  { header: "modality", text: guarded("a.modality") },
  { header: "notes", text: guarded("a.notes") },
  { header: "external_id", text: guarded("a.external_id") },
  { header: "review_state", text: guarded("a.review_state") },
];

/** The headers of the columns written here, to check them against the list's columns. */
export const sqlHeaders = columns.map((c) => c.header);

/**
 * References by id. Each is a lateral lookup fenced with OFFSET 0 so that it stays a per-row
 * index probe (memoised by PostgreSQL) whatever the planner's statistics say: the small reference
 * tables are often never analysed (PGlite has no autovacuum), and as plain joins the planner then
 * rescanned a cross product of them for every record (a million-row export ran 3–5 times longer).
 * Formula-like text is guarded here, once per reference (the lookups are memoised), rather than
 * in every row. Donor names come in the order the API lists them; the EXISTS test first spares the
 * aggregate (and its sort) for the many records without donors: a third of the time on PGlite
 * otherwise; and each donor's name is a probe of the organisations' key (a merge join read every
 * organisation of the response for each record with donors).
 */
const lookups = `
  CROSS JOIN LATERAL (SELECT ${guarded("name")} AS name FROM organisations x WHERE x.response_id = a.response_id AND x.id = a.reporting_org_id OFFSET 0) ro
  LEFT JOIN LATERAL (SELECT ${guarded("name")} AS name FROM organisations x WHERE x.response_id = a.response_id AND x.id = a.implementing_org_id OFFSET 0) io ON true
  CROSS JOIN LATERAL (SELECT ${guarded("code")} AS code FROM sectors x WHERE x.response_id = a.response_id AND x.id = a.sector_id OFFSET 0) s
  LEFT JOIN LATERAL (SELECT ${guarded("code")} AS code FROM sectors x WHERE x.response_id = a.response_id AND x.id = a.sub_sector_id OFFSET 0) ss ON true
  CROSS JOIN LATERAL (SELECT ${guarded("code")} AS code, ${guarded("name")} AS name FROM activity_types x WHERE x.response_id = a.response_id AND x.id = a.activity_type_id OFFSET 0) t
  LEFT JOIN LATERAL (SELECT ${guarded("code")} AS code FROM indicators x WHERE x.response_id = a.response_id AND x.id = a.indicator_id OFFSET 0) i ON true
  CROSS JOIN LATERAL (SELECT ${guarded("code")} AS code, ${guarded("name")} AS name FROM locations x WHERE x.response_id = a.response_id AND x.id = a.location_id OFFSET 0) l
  LEFT JOIN LATERAL (SELECT ${guarded("code")} AS code FROM population_groups x WHERE x.response_id = a.response_id AND x.id = a.population_group_id OFFSET 0) pg ON true
  CROSS JOIN LATERAL (SELECT CASE WHEN EXISTS (SELECT 1 FROM activity_donors d WHERE d.response_id = a.response_id AND d.activity_id = a.id)
    THEN (SELECT string_agg(x.name, '; ' ORDER BY x.name, x.id) FROM activity_donors d
      CROSS JOIN LATERAL (SELECT o.name, o.id FROM organisations o WHERE o.response_id = d.response_id AND o.id = d.organisation_id OFFSET 0) x
      WHERE d.response_id = a.response_id AND d.activity_id = a.id) END AS names OFFSET 0) dn`;

const recordColumns = `a.response_id, a.id, a.reporting_org_id, a.implementing_org_id, a.sector_id, a.sub_sector_id,
  a.activity_type_id, a.indicator_id, a.location_id, a.population_group_id, a.status, a.start_date, a.end_date,
  a.reporting_month, a.quantity, a.unit, a.reached_total, a.women, a.men, a.girls, a.boys, a.elderly,
  a.persons_with_disabilities, a.modality, a.notes, a.external_id, a.review_state`;

const order = "a.reporting_month DESC, a.id DESC";

/** The records of the filtered list (the list's own filters and visibility), with the CTEs they need. */
function recordFilter(responseId: string, filter: ExportFilter, scope: ReadScope) {
  const { where, subtree } = activityFilterSql(responseId, filter, scope);
  return {
    where: sql.join([sql`a.response_id = ${responseId}`, ...where], sql` AND `),
    ctes: subtree ? [subtree] : [],
  };
}

/** Which columns XLSX writes as number cells (the others are text). */
export const numberColumns = columns.map((c) => c.number === true);

/** Records from `after` (exclusive) down to `until` (inclusive), in the list's order; null: no bound. */
export interface ExportRange {
  after: ExportCursor | null;
  until: ExportCursor | null;
}

const keyBelow = (cursor: ExportCursor | null) =>
  cursor ? sql` AND (a.reporting_month, a.id) < (${cursor[0]}::date, ${cursor[1]}::uuid)` : sql``;
const keyFrom = (cursor: ExportCursor | null) =>
  cursor ? sql` AND (a.reporting_month, a.id) >= (${cursor[0]}::date, ${cursor[1]}::uuid)` : sql``;
const withCtes = (ctes: SQL[], query: SQL) =>
  ctes.length ? sql`WITH RECURSIVE ${sql.join(ctes, sql`, `)} ${query}` : query;

/**
 * The SELECT of the export rows in the list's order; with `range`, only the records in it
 * (PGlite writes a COPY into memory, so it reads by pages: `exportPageEnd` finds where a page
 * ends, and the page is then the plain range, streamed from the index without being held).
 */
export function exportSelect(
  responseId: string,
  filter: ExportFilter,
  scope: ReadScope,
  range?: ExportRange,
): SQL {
  const { where, ctes } = recordFilter(responseId, filter, scope);
  const values = sql.raw(columns.map((c) => c.text).join(",\n  "));
  const bounds = range ? sql`${keyBelow(range.after)}${keyFrom(range.until)}` : sql``;
  const records = sql`(SELECT ${sql.raw(recordColumns)} FROM activities a WHERE ${where}${bounds}) a`;
  return withCtes(ctes, sql`SELECT ${values} FROM ${records} ${sql.raw(lookups)} ORDER BY ${sql.raw(order)}`);
}

/**
 * The position (reporting month as YYYY-MM-DD, id) of the `size`th record after `after` in the
 * list's order: the last record of a page of `size`. No row when fewer records are left.
 */
export function exportPageEnd(
  responseId: string,
  filter: ExportFilter,
  scope: ReadScope,
  after: ExportCursor | null,
  size: number,
): SQL {
  const { where, ctes } = recordFilter(responseId, filter, scope);
  return withCtes(
    ctes,
    sql`SELECT a.reporting_month::text AS month, a.id::text AS id FROM activities a
      WHERE ${where}${keyBelow(after)} ORDER BY ${sql.raw(order)} OFFSET ${size - 1} LIMIT 1`,
  );
}

const dialect = new PgDialect();

/**
 * The statement as text with its parameters written in as literals, because COPY takes no
 * parameters. Strings become E'…' literals (backslashes and quotes doubled, so the setting of
 * standard_conforming_strings does not matter); arrays become array literals of such strings.
 */
export function inlineParams(query: SQL): string {
  const { sql: text, params } = dialect.sqlToQuery(query);
  return text.replace(/\$(\d+)/g, (_, n: string) => literal(params[Number(n) - 1]));
}

function literal(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "string") {
    if (value.includes("\0")) throw invalid("Text with a NUL character cannot be searched for.");
    return `E'${value.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
  }
  if (Array.isArray(value))
    return literal(`{${value.map((v) => `"${String(v).replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(",")}}`);
  throw new Error(`Cannot write ${typeof value} into an export statement`);
}
