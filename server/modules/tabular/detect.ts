import {
  checkHashtag,
  explainMalformed,
  type HashtagWarning,
  type HxlTag,
  parseHashtag,
} from "./hxl-tags.ts";
import type { RawRow } from "./read-table.ts";

/** One column of the table as its header rows describe it. */
export interface DetectedColumn {
  /** 0-based position in the row's cells. */
  index: number;
  /** Text header (trimmed), or null when there is none. */
  header: string | null;
  /** Normalised hashtag spec (`#adm2+name`), or null for an untagged column. */
  hashtag: string | null;
  tag: string | null;
  attributes: string[];
}

export interface HeaderDetection {
  /** Physical row of the HXL hashtag row, or null when the table has none. */
  hashtagRow: number | null;
  /** Physical row of the text header: just above the hashtag row, or the first non-empty row. */
  headerRow: number | null;
  /** Rows above the header (titles, legends, blank lines) that are not part of the table. */
  junkRows: number[];
  /** Data starts after this physical row (the hashtag row, else the header row, else 0). */
  dataAfterRow: number;
  columns: DetectedColumn[];
  /** Unknown, rejected or malformed hashtags; their columns are kept. */
  warnings: HashtagWarning[];
}

/** How many of the first rows libhxl searches for the hashtag row. */
export const hashtagRowSearchLimit = 25;

/** libhxl's FUZZY_HASHTAG_PERCENTAGE: this share of the non-empty cells must be valid hashtags. */
const fuzzyHashtagShare = 0.5;

const blank = (cell: string | undefined) => cell === undefined || cell.trim() === "";
const isEmptyRow = (cells: readonly string[]) => cells.every(blank);

/**
 * libhxl's rule for a hashtag row: at least half of the non-empty cells (trimmed) parse as hashtag
 * specs, and there is at least one. `country` without `#` counts against it, blanks are ignored.
 */
export function isHashtagRow(cells: readonly string[]): boolean {
  let nonEmpty = 0;
  let tags = 0;
  for (const cell of cells) {
    if (blank(cell)) continue;
    nonEmpty++;
    if (parseHashtag(cell)) tags++;
  }
  return tags > 0 && tags / nonEmpty >= fuzzyHashtagShare;
}

const asRows = (rows: ReadonlyArray<RawRow | readonly string[]>): RawRow[] =>
  rows.map((r, i) =>
    Array.isArray(r) ? { row: i + 1, cells: [...(r as readonly string[])] } : (r as RawRow),
  );

/**
 * Finds the HXL hashtag row in the first 25 rows (junk rows above it are skipped), takes the text
 * header from the row just above it, and describes every column. Without a hashtag row, the
 * first non-empty row is the header. Accepts raw rows or plain arrays (numbered from 1).
 */
export function detectHeader(firstRows: ReadonlyArray<RawRow | readonly string[]>): HeaderDetection {
  const rows = asRows(firstRows);
  const first = rows[0]?.row ?? 1;
  const searched = rows.filter((r) => r.row < first + hashtagRowSearchLimit);
  const hashtagAt = searched.findIndex((r) => isHashtagRow(r.cells));

  let hashtagRow: RawRow | null = null;
  let headerRow: RawRow | null = null;
  let tableStart: number;
  if (hashtagAt >= 0) {
    hashtagRow = rows[hashtagAt]!;
    const above = rows[hashtagAt - 1];
    if (above && above.row === hashtagRow.row - 1 && !isEmptyRow(above.cells)) headerRow = above;
    tableStart = headerRow ? hashtagAt - 1 : hashtagAt;
  } else {
    tableStart = rows.findIndex((r) => !isEmptyRow(r.cells));
    headerRow = tableStart >= 0 ? rows[tableStart]! : null;
    if (tableStart < 0) tableStart = 0;
  }

  const tags: (HxlTag | null)[] = (hashtagRow?.cells ?? []).map((c) => parseHashtag(c));
  const headerCells = headerRow?.cells ?? [];
  const hashtagCells = hashtagRow?.cells ?? [];
  let width = Math.max(headerCells.length, hashtagCells.length);
  while (width > 0 && blank(headerCells[width - 1]) && blank(hashtagCells[width - 1])) width--;

  const columns: DetectedColumn[] = [];
  const warnings: HashtagWarning[] = [];
  for (let index = 0; index < width; index++) {
    const header = headerCells[index]?.trim() || null;
    const tag = tags[index] ?? null;
    columns.push({
      index,
      header,
      hashtag: tag?.hashtag ?? null,
      tag: tag?.tag ?? null,
      attributes: tag?.attributes ?? [],
    });
    const raw = hashtagCells[index] ?? "";
    const problem = tag
      ? checkHashtag(tag)
      : blank(raw)
        ? null
        : { code: "MALFORMED_HASHTAG" as const, message: explainMalformed(raw) };
    if (problem) warnings.push({ ...problem, column: index, value: raw.trim() });
  }

  return {
    hashtagRow: hashtagRow?.row ?? null,
    headerRow: headerRow?.row ?? null,
    junkRows: rows.slice(0, tableStart).map((r) => r.row),
    dataAfterRow: hashtagRow?.row ?? headerRow?.row ?? 0,
    columns,
    warnings,
  };
}
