/**
 * Why a file could not be read as a table. The import pipeline turns these into its own issues or
 * AppErrors; the codes are stable and the messages are written for the person who uploaded the file.
 */
export type TableErrorCode =
  /** Zero bytes, or only whitespace (or an empty sheet). */
  | "EMPTY_FILE"
  /** Not text and not a workbook: PDF, image, old binary .xls, archive, random bytes. */
  | "BINARY_NOT_TABLE"
  /** An HTML page (often a sign-in or error page saved instead of the file). */
  | "HTML_NOT_TABLE"
  /** A ZIP/XLSX that ends early: an interrupted upload or download. */
  | "TRUNCATED_XLSX"
  /** A complete ZIP that is not a readable workbook, or a workbook whose XML is damaged. */
  | "UNREADABLE_XLSX"
  /** CSV text that cannot be split into records (a quoted cell never closed). */
  | "UNREADABLE_CSV"
  /** options.sheet names a sheet the workbook does not have. */
  | "NO_SUCH_SHEET"
  /** One row is longer than the limits (characters or columns), so reading stops early. */
  | "ROW_TOO_LONG"
  /** One cell holds more text than a spreadsheet cell can (32,767 characters by default). */
  | "CELL_TOO_LONG"
  /** A CSV row is in another encoding than the rest of the file (UTF-8 and Windows-1252 mixed). */
  | "MIXED_ENCODING";

export interface TableErrorDetails {
  /** 1-based row (CSV record or sheet row) the problem was found in, when known. */
  row?: number;
  /** 1-based column of the problem, when it is one cell. */
  column?: number;
  /** The workbook's sheet names, for NO_SUCH_SHEET. */
  sheetNames?: string[];
}

/** The one error type of this module: a stable code, a readable message and optional details. */
export class TableError extends Error {
  readonly code: TableErrorCode;
  readonly details: TableErrorDetails;

  constructor(code: TableErrorCode, message: string, details: TableErrorDetails = {}, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = "TableError";
    this.code = code;
    this.details = details;
  }
}

/** True when the value is a TableError, optionally with the given code. */
export function isTableError(error: unknown, code?: TableErrorCode): error is TableError {
  return error instanceof TableError && (code === undefined || error.code === code);
}
