import { issuesOmittedCode } from "../../../common/schemas/activity-imports.ts";
import type { ImportIssue } from "./import-types.ts";

/** How many issues a report lists; the counts go on beyond it. */
export const reportedIssueLimit = 10_000;

/**
 * The problems found by an import: the first `limit` kept for the report (a file of a million
 * bad rows must not hold a million messages), every one counted, and the rows with an error.
 */
export class IssueLog {
  readonly kept: ImportIssue[] = [];
  omitted = 0;
  /** Errors among the omitted issues. */
  private omittedErrors = 0;
  errors = 0;
  /** Rows with at least one error. */
  invalidRows = 0;
  private lastErrorRow: number | null = null;

  constructor(private readonly limit = reportedIssueLimit) {}

  add(issue: ImportIssue): void {
    if (issue.severity === "error") {
      this.errors++;
      if (issue.row !== null && issue.row !== this.lastErrorRow) {
        this.invalidRows++;
        this.lastErrorRow = issue.row;
      }
    }
    if (this.kept.length < this.limit) this.kept.push(issue);
    else {
      this.omitted++;
      if (issue.severity === "error") this.omittedErrors++;
    }
  }

  /** The issues of one row, at once (so a row's errors count it once). */
  addRow(issues: ImportIssue[]): void {
    for (const i of issues) this.add(i);
  }

  get hasErrors(): boolean {
    return this.errors > 0;
  }

  /**
   * The issues kept, by row. When some were left out, a last issue (row and column null) says how
   * many: the report keeps the shape the CLI's --json promises, with no extra top-level key. It is
   * an error when an omitted issue was one, so "the issues hold an error" stays true of the file.
   */
  sorted(): ImportIssue[] {
    const issues = [...this.kept].sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
    if (this.omitted > 0)
      issues.push({
        row: null,
        column: null,
        severity: this.omittedErrors > 0 ? "error" : "warning",
        code: issuesOmittedCode,
        value: String(this.omitted),
        message: `${this.omitted.toLocaleString("en")} more issues (${this.omittedErrors.toLocaleString("en")} of them errors) are not listed: a report lists the first ${this.limit.toLocaleString("en")}.`,
      });
    return issues;
  }
}
