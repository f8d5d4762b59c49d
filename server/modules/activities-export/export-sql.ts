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
 * An empty text is NULL, so that COPY writes it unquoted like the list's CSV does.
 */
const guarded = (expr: string) =>
  `CASE WHEN left(${expr}, 1) IN ('=', '+', '-', '@', '|', chr(9), chr(13)) THEN '''' || ${expr} ELSE NULLIF(${expr}, '') END`;

const columns: Column[] = [
  { header: "reporting_org", text: guarded("ro.name") },
  { header: "implementing_org", text: guarded("io.name") },
  { header: "donors", text: guarded("dn.names") },
  { header: "sector_code", text: guarded("s.code") },
  { header: "sub_sector_code", text: guarded("ss.code") },
  { header: "activity_code", text: guarded("t.code") },
  { header: "activity", text: guarded("t.name") },
  { header: "indicator_code", text: guarded("i.code") },
  { header: "location_code", text: guarded("l.code") },
  { header: "location", text: guarded("l.name") },
  { header: "population_group", text: guarded("pg.code") },
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
 * Donor names come in the order the API lists them; the EXISTS test first spares the aggregate
 * (and its sort) for the many records without donors: a third of the time on PGlite otherwise.
 */
const lookups = `
  CROSS JOIN LATERAL (SELECT name FROM organisations x WHERE x.response_id = a.response_id AND x.id = a.reporting_org_id OFFSET 0) ro
  LEFT JOIN LATERAL (SELECT name FROM organisations x WHERE x.response_id = a.response_id AND x.id = a.implementing_org_id OFFSET 0) io ON true
  CROSS JOIN LATERAL (SELECT code FROM sectors x WHERE x.response_id = a.response_id AND x.id = a.sector_id OFFSET 0) s
  LEFT JOIN LATERAL (SELECT code FROM sectors x WHERE x.response_id = a.response_id AND x.id = a.sub_sector_id OFFSET 0) ss ON true
  CROSS JOIN LATERAL (SELECT code, name FROM activity_types x WHERE x.response_id = a.response_id AND x.id = a.activity_type_id OFFSET 0) t
  LEFT JOIN LATERAL (SELECT code FROM indicators x WHERE x.response_id = a.response_id AND x.id = a.indicator_id OFFSET 0) i ON true
  CROSS JOIN LATERAL (SELECT code, name FROM locations x WHERE x.response_id = a.response_id AND x.id = a.location_id OFFSET 0) l
  LEFT JOIN LATERAL (SELECT code FROM population_groups x WHERE x.response_id = a.response_id AND x.id = a.population_group_id OFFSET 0) pg ON true
  CROSS JOIN LATERAL (SELECT CASE WHEN EXISTS (SELECT 1 FROM activity_donors d WHERE d.response_id = a.response_id AND d.activity_id = a.id)
    THEN (SELECT string_agg(o.name, '; ' ORDER BY o.name, o.id) FROM activity_donors d
      JOIN organisations o ON o.response_id = d.response_id AND o.id = d.organisation_id
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

/**
 * The SELECT of the export rows in the list's order. With `page`, only the `page.size` records
 * after `page.after`, and one more row at the end holding the position of the last record, from
 * which the next page starts (PGlite writes a COPY into memory, so it reads by pages).
 */
export function exportSelect(
  responseId: string,
  filter: ExportFilter,
  scope: ReadScope,
  page?: { after: ExportCursor | null; size: number },
): SQL {
  const { where, ctes } = recordFilter(responseId, filter, scope);
  const values = sql.raw(columns.map((c) => c.text).join(",\n  "));
  const after = page?.after
    ? sql` AND (a.reporting_month, a.id) < (${page.after[0]}::date, ${page.after[1]}::uuid)`
    : sql``;
  const records = page
    ? sql`page a`
    : sql`(SELECT ${sql.raw(recordColumns)} FROM activities a WHERE ${where}) a`;
  const rows = sql`SELECT ${values} FROM ${records} ${sql.raw(lookups)} ORDER BY ${sql.raw(order)}`;
  if (!page) return ctes.length ? sql`WITH RECURSIVE ${sql.join(ctes, sql`, `)} ${rows}` : rows;
  ctes.push(sql`page AS MATERIALIZED (SELECT ${sql.raw(recordColumns)} FROM activities a
    WHERE ${where}${after} ORDER BY ${sql.raw(order)} LIMIT ${page.size})`);
  const position = sql`SELECT a.reporting_month::text, a.id::text, (SELECT count(*) FROM page)::text,
    ${sql.raw(
      Array(columns.length - 3)
        .fill("NULL")
        .join(", "),
    )} FROM page a ORDER BY a.reporting_month, a.id LIMIT 1`;
  return sql`WITH RECURSIVE ${sql.join(ctes, sql`, `)} (${rows}) UNION ALL (${position})`;
}

/**
 * Reads the position row a page ends with: `2024-03-01,<uuid>,10000` and empty columns (CSV), or
 * the same separated by tabs (COPY's text format).
 */
export function parseCursor(line: string): { cursor: ExportCursor; count: number } {
  const [month, id, count] = line.split(/[,\t]/);
  if (!month || !id || !/^\d{4}-\d{2}-\d{2}$/.test(month) || !count)
    throw new Error(`Not an export position: ${line.slice(0, 100)}`);
  return { cursor: [month, id], count: Number(count) };
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
