import type { ImportIssue } from "../../../common/schemas/plans.ts";
import { invalid } from "../../errors.ts";
import { type DetectedColumn, detectHeader, hashtagRowSearchLimit } from "../tabular/detect.ts";
import { isTableError } from "../tabular/errors.ts";
import { matches, parseTagPattern, type TagPattern } from "../tabular/hxl-tags.ts";
import { openTable, type RawRow, takeHead } from "../tabular/read-table.ts";

/**
 * Reading a spreadsheet for the plan and displacement imports: the HXL hashtag row found anywhere
 * in the first 25 rows (titles above it skipped), each column given a field by its hashtag, else
 * by its header name, else by an explicit mapping; then the data rows, one at a time.
 */

/** How a field is recognised: hashtag patterns (libhxl style, tried in rule order) and header names. */
export interface FieldRule<F extends string> {
  field: F;
  tags?: string[];
  /** Header names, compared after `headerKey` (lower case, runs of other characters as `_`). */
  headers?: string[];
}

/** `{ "header or 0-based column index": field | "ignore" }` */
export type ColumnMapping = Record<string, string>;

export interface TableRow<F extends string> {
  /** The row as the file numbers it. */
  row: number;
  /** The trimmed cell of the field's column, or null when empty or absent. */
  get(field: F): string | null;
}

export interface MappedTable<F extends string> {
  has(field: F): boolean;
  /** What the report calls the field's column: its hashtag, else its header. */
  label(field: F): string;
  rows: AsyncIterable<TableRow<F>>;
  /** Warnings about columns (two columns for one field, a mapping naming no column). */
  issues: ImportIssue[];
  close(): void;
}

export const headerKey = (header: string) =>
  header
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_|_$/g, "");

const tableProblem = (error: unknown): never => {
  if (isTableError(error))
    throw invalid(`The file cannot be read: ${error.message}`, [{ path: "file", message: error.code }]);
  throw error;
};

/** Checks a mapping names known fields; 400 naming the bad entries otherwise. */
export function checkMapping<F extends string>(mapping: ColumnMapping | undefined, fields: readonly F[]) {
  if (!mapping) return;
  const bad = Object.entries(mapping).filter(([, f]) => f !== "ignore" && !fields.includes(f as F));
  if (bad.length)
    throw invalid(
      "The mapping names unknown fields.",
      bad.map(([k, f]) => ({
        path: `mapping.${k}`,
        message: `${f} is not one of ${fields.join(", ")} or "ignore"`,
      })),
    );
}

/** Parses the `mapping` parameter (JSON object); 400 when it is not one. */
export function parseMapping(text: string | undefined): ColumnMapping | undefined {
  if (text === undefined || text.trim() === "") return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalid("The mapping is not valid JSON.", [{ path: "mapping", message: "not JSON" }]);
  }
  if (
    !value ||
    typeof value !== "object" ||
    Array.isArray(value) ||
    Object.values(value).some((v) => typeof v !== "string")
  )
    throw invalid('The mapping must be an object of column → field (or "ignore").', [
      { path: "mapping", message: "not an object of strings" },
    ]);
  return value as ColumnMapping;
}

function assignColumns<F extends string>(
  columns: DetectedColumn[],
  rules: FieldRule<F>[],
  mapping: ColumnMapping | undefined,
) {
  const patterns = rules.map((r) => ({
    field: r.field,
    tags: (r.tags ?? []).map(parseTagPattern) as TagPattern[],
  }));
  const explicit = new Map(
    Object.entries(mapping ?? {}).map(([k, v]) => [/^\d+$/.test(k) ? k : headerKey(k), v]),
  );
  const assigned = new Map<F, DetectedColumn>();
  const issues: ImportIssue[] = [];
  const used = new Set<string>();
  const put = (field: F, column: DetectedColumn) => {
    const taken = assigned.get(field);
    if (taken) {
      issues.push({
        row: 0,
        column: column.hashtag ?? column.header,
        severity: "warning",
        code: "DUPLICATE_COLUMN",
        value: null,
        message: `Another column (${taken.hashtag ?? taken.header}) already gives ${field}: this one is not read.`,
      });
      return;
    }
    assigned.set(field, column);
  };
  // An explicit mapping first, then hashtags, then header names.
  for (const column of columns) {
    const mapped =
      explicit.get(String(column.index)) ??
      (column.header ? explicit.get(headerKey(column.header)) : undefined);
    if (mapped === undefined) continue;
    used.add(String(column.index));
    if (column.header) used.add(headerKey(column.header));
    if (mapped !== "ignore") put(mapped as F, column);
  }
  const free = (c: DetectedColumn) => !used.has(String(c.index));
  for (const column of columns.filter(free)) {
    const rule = patterns.find((p) => p.tags.some((t) => matches(t, column.hashtag)));
    if (rule) {
      used.add(String(column.index));
      put(rule.field, column);
    }
  }
  for (const column of columns.filter(free)) {
    const key = column.header ? headerKey(column.header) : null;
    const rule = key ? rules.find((r) => r.headers?.includes(key)) : undefined;
    if (rule && !assigned.has(rule.field)) put(rule.field, column);
  }
  for (const key of explicit.keys())
    if (!columns.some((c) => String(c.index) === key || (c.header && headerKey(c.header) === key)))
      issues.push({
        row: 0,
        column: key,
        severity: "warning",
        code: "MAPPED_COLUMN_MISSING",
        value: null,
        message: `The mapping names a column "${key}" the file does not have.`,
      });
  return { assigned, issues };
}

/** Opens the table and maps its columns; 400 when the file is not a readable table. */
export async function openMappedTable<F extends string>(
  bytes: Uint8Array,
  rules: FieldRule<F>[],
  options: { mapping?: ColumnMapping; sheet?: string } = {},
): Promise<MappedTable<F>> {
  checkMapping(
    options.mapping,
    rules.map((r) => r.field),
  );
  const table = await openTable(bytes, { sheet: options.sheet }).catch(tableProblem);
  const { head, rest } = await takeHead(table.rows, hashtagRowSearchLimit).catch(tableProblem);
  const detection = detectHeader(head);
  const { assigned, issues } = assignColumns(detection.columns, rules, options.mapping);
  const blank = (cells: string[]) => cells.every((c) => c.trim() === "");
  async function* rows(): AsyncGenerator<TableRow<F>> {
    const toRow = (raw: RawRow): TableRow<F> => ({
      row: raw.row,
      get: (field) => {
        const column = assigned.get(field);
        const cell = column ? raw.cells[column.index]?.trim() : undefined;
        return cell ? cell : null;
      },
    });
    for (const raw of head) if (raw.row > detection.dataAfterRow && !blank(raw.cells)) yield toRow(raw);
    try {
      for await (const raw of rest) if (!blank(raw.cells)) yield toRow(raw);
    } catch (error) {
      tableProblem(error);
    }
  }
  return {
    has: (field) => assigned.has(field),
    label: (field) => {
      const c = assigned.get(field);
      return c ? (c.hashtag ?? c.header ?? `column ${c.index + 1}`) : field;
    },
    rows: rows(),
    issues,
    close: () => table.close(),
  };
}

/** A count or amount as written in a spreadsheet: `1,234`, `1 234`, `1234.0`. Null when not a number. */
export function readNumber(text: string): number | null {
  const cleaned = text.replace(/[\s,\u00a0]/g, "").replace(/^\$/, "");
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(cleaned)) return null;
  return Number(cleaned);
}
