import type { Principal } from "../../../common/permissions.ts";
import type { RecordValues } from "../activities/activities.guards.ts";
import type { Actor } from "../audit/audit.service.ts";
import type { ExplicitMapping } from "./import-columns.ts";
import type { DateFormat } from "./import-values.ts";

export type ImportMode = "all" | "valid-only";

export interface ImportIssue {
  /**
   * The line of the file (as a spreadsheet numbers it); a header problem names the header or
   * hashtag line. Null only for the last issue of a report that left issues out (ISSUES_OMITTED)
   * and for a file refused as a whole where the reader names no line.
   */
  row: number | null;
  column: string | null;
  severity: "error" | "warning";
  code: string;
  value: string | null;
  message: string;
}

export interface ActivityImportReport {
  rows: number;
  valid: number;
  invalid: number;
  created: number;
  updated: number;
  unchanged: number;
  hashtagRow: number | null;
  columns: { header: string | null; hashtag: string | null; field: string | null }[];
  /** At most `issueLimit`, then one ISSUES_OMITTED issue counting the rest. */
  issues: ImportIssue[];
}

/** Where an import is: rows read and checked, then rows matched and written. */
export interface ImportProgress {
  phase: "reading" | "writing" | "done";
  rowsRead: number;
  valid: number;
  invalid: number;
  /** Valid rows matched (and, unless a dry run, written) so far. */
  written: number;
  /** Valid rows to match and write. */
  toWrite: number;
}

export interface ImportOptions {
  /** The importer: its rights are checked on every row. */
  principal: Principal;
  actor: Actor;
  dryRun?: boolean;
  mode?: ImportMode;
  dateFormat?: DateFormat;
  sheet?: string;
  mapping?: ExplicitMapping;
  /** Send the records written (new ones, and drafts or rejected ones updated) to review. */
  submit?: boolean;
  /** Called as rows are read and written (about every thousand rows). */
  onProgress?: (progress: ImportProgress) => void;
  /** Validated rows matched and written per step (default 5,000); small in tests of chunk boundaries. */
  chunkSize?: number;
  /** How many issues the report lists (default 10,000); the rest are counted in a last issue. */
  issueLimit?: number;
}

/** A principal with every right, for the command line. */
export const systemPrincipal: Principal = {
  userId: "",
  email: "system",
  name: "System",
  isAdmin: true,
  roles: [],
  scope: "write",
};

/** A row that passed every check that needs no existing record. */
export interface PlannedRow {
  row: number;
  values: RecordValues;
  donorIds: string[];
  sectorParentId: string | null;
}

/** Rows per write statement. */
export const BATCH = 500;

export const countFields = [
  "reachedTotal",
  "women",
  "men",
  "girls",
  "boys",
  "elderly",
  "personsWithDisabilities",
] as const;

/** Text compared the way people mean it: trimmed, spaces collapsed, case ignored. */
export const normaliseText = (v: string) => v.trim().replace(/\s+/g, " ").toLowerCase();
