import type { ImportIssue } from "../../../common/schemas/locations.ts";
import { locationCode } from "../../../common/schemas/locations.ts";
import { isCalendarDate } from "./dates.ts";
import type { GazetteerRow, Parsed } from "./gazetteer-parse.ts";

/** The current version (greatest valid_from) of a code in the gazetteer. */
export type Existing = {
  id: string;
  code: string;
  name: string;
  names: Record<string, string>;
  kind: "admin" | "site";
  level: number;
  siteType: string | null;
  parentId: string | null;
  parentCode: string | null;
  lat: number | null;
  lon: number | null;
  validFrom: string;
  validTo: string | null;
  hasGeometry: boolean;
  sensitive: boolean;
  /** valid_from of every version of the code. */
  versions: string[];
};

const problem = (
  row: GazetteerRow,
  column: string | null,
  code: string,
  value: unknown,
  message: string,
  severity: ImportIssue["severity"] = "error",
): ImportIssue => ({
  row: row.row,
  column,
  severity,
  code,
  value: value == null ? null : String(value),
  message,
});

/**
 * What a valid row does: create a new code, update the current version in place (same or no
 * valid_from), start a new version (a later valid_from), or nothing (it describes an older version).
 */
export type ImportAction = "create" | "update" | "version" | "historic";

/** A row after validation, with everything needed to write it. */
export interface Planned {
  row: GazetteerRow;
  existing: Existing | undefined;
  action: ImportAction;
  /** The parent's code, resolved when the file names it; undefined when the row names no parent. */
  parentCode: string | undefined;
  kind: "admin" | "site";
  level: number;
  /** Distance from the root, so parents are written before their children. */
  depth: number;
}

/**
 * Checks parsed rows against each other and the gazetteer: code format, duplicates (also
 * differing only by case), unknown parents, cycles, sites holding locations, levels that do not
 * descend, dates and versions. It does not change `parsed`: a parent written as a name comes back
 * resolved in `planned[].parentCode`.
 */
export function validateGazetteer(
  parsed: Parsed,
  existing: Map<string, Existing>,
  byName: Map<string, string[]>,
): { issues: ImportIssue[]; planned: Planned[] } {
  const issues = [...parsed.issues];
  const seen = new Map<string, GazetteerRow>();
  const seenLower = new Map<string, string>();
  const fileRows = new Map<string, GazetteerRow>();
  for (const row of parsed.rows) {
    if (row.unreadable) continue; // already reported by the parser
    if (!locationCode.safeParse(row.code).success) {
      issues.push(
        problem(
          row,
          "code",
          row.code ? "INVALID_CODE" : "MISSING_CODE",
          row.code,
          row.code ? "The code may hold letters, digits, '-', '_' and '.' only." : "The code is empty.",
        ),
      );
      continue;
    }
    const first = seen.get(row.code);
    if (first) {
      issues.push(
        problem(
          row,
          "code",
          "DUPLICATE_CODE",
          row.code,
          `The code ${row.code} appears again (first on row ${first.row}).`,
        ),
      );
      continue;
    }
    const lower = row.code.toLowerCase();
    const variant = seenLower.get(lower);
    if (variant)
      issues.push(
        problem(
          row,
          "code",
          "CASE_VARIANT_CODE",
          row.code,
          `The code ${row.code} differs from ${variant} only by case.`,
          "warning",
        ),
      );
    seen.set(row.code, row);
    seenLower.set(lower, row.code);
    fileRows.set(row.code, row);
  }

  // Dates, and which version of its code each row speaks about.
  const planned: Planned[] = [];
  const failed = new Set<string>();
  const actions = new Map<string, ImportAction>();
  for (const row of [...fileRows.values()]) {
    const current = existing.get(row.code);
    const badDate = (["validFrom", "validTo"] as const).find(
      (key) => row[key] !== undefined && !isCalendarDate(row[key]!),
    );
    if (badDate) {
      issues.push(
        problem(
          row,
          badDate === "validFrom" ? "valid_from" : "valid_to",
          "INVALID_DATE",
          row[badDate],
          "Validity dates must be real days written YYYY-MM-DD, in the years 1900 to 2100.",
        ),
      );
      failed.add(row.code);
      continue;
    }
    let action: ImportAction = current ? "update" : "create";
    if (current && row.validFrom && row.validFrom !== current.validFrom) {
      if (row.validFrom > current.validFrom) action = "version";
      else if (current.versions.includes(row.validFrom)) action = "historic";
      else {
        issues.push(
          problem(
            row,
            "valid_from",
            "VERSION_BEFORE_CURRENT",
            row.validFrom,
            `The current version of ${row.code} starts on ${current.validFrom}: a row may change it or start a later version, not an earlier one.`,
          ),
        );
        failed.add(row.code);
        continue;
      }
    }
    if (action === "historic") {
      // An older version, e.g. from re-importing an old file: history is not rewritten.
      issues.push(
        problem(
          row,
          "valid_from",
          "HISTORIC_VERSION",
          row.validFrom,
          `The row describes the version of ${row.code} from ${row.validFrom}, which is no longer current; it is left as it is.`,
          "warning",
        ),
      );
      fileRows.delete(row.code);
      planned.push({
        row,
        existing: current,
        action,
        parentCode: undefined,
        kind: current!.kind,
        level: current!.level,
        depth: 0,
      });
      continue;
    }
    const from = action === "update" ? current!.validFrom : (row.validFrom ?? "1900-01-01");
    const to = row.validTo ?? (action === "update" ? current!.validTo : null);
    if (to && to < from) {
      issues.push(
        problem(row, "valid_to", "INVALID_PERIOD", to, `valid_to ${to} is before valid_from ${from}.`),
      );
      failed.add(row.code);
      continue;
    }
    actions.set(row.code, action);
  }

  // Parents may be written as a code or as the exact name of an existing location.
  const parents = new Map<string, string>();
  for (const row of fileRows.values()) {
    if (!row.parentCode) continue;
    let parent = row.parentCode;
    if (!fileRows.has(parent) && !existing.has(parent)) {
      const matches = byName.get(parent.toLowerCase()) ?? [];
      if (matches.length === 1) parent = matches[0]!;
    }
    parents.set(row.code, parent);
  }
  // The gazetteer as it would stand after the import.
  const parentOf = (code: string): string | null =>
    (fileRows.has(code) ? parents.get(code) : undefined) ?? existing.get(code)?.parentCode ?? null;
  const kindOf = (code: string) => fileRows.get(code)?.kind ?? existing.get(code)?.kind;
  const levelOf = (code: string, hops = 0): number | undefined => {
    if (hops > 12) return undefined; // a cycle, reported on its own rows
    if (kindOf(code) === "site") {
      const parent = parentOf(code);
      const parentLevel = parent ? levelOf(parent, hops + 1) : undefined;
      return parentLevel !== undefined ? parentLevel + 1 : existing.get(code)?.level;
    }
    return fileRows.get(code)?.level ?? existing.get(code)?.level;
  };
  // Locations the file does not mention, by their parent's code: they must still fit under it.
  const untouchedChildren = new Map<string, Existing[]>();
  for (const e of existing.values()) {
    if (fileRows.has(e.code) || !e.parentCode) continue;
    untouchedChildren.set(e.parentCode, [...(untouchedChildren.get(e.parentCode) ?? []), e]);
  }

  for (const row of fileRows.values()) {
    if (failed.has(row.code)) continue;
    const current = existing.get(row.code);
    const named = parents.get(row.code);
    if (named && !fileRows.has(named) && !existing.has(named)) {
      issues.push(
        problem(
          row,
          "parent",
          "UNKNOWN_PARENT",
          named,
          `No location with the code ${named}, in the file or the gazetteer.`,
        ),
      );
      continue;
    }
    // Walk up the parents; meeting the row again means a cycle.
    const chain = [row.code];
    let cursor = parentOf(row.code);
    let cycle = false;
    while (cursor) {
      if (chain.includes(cursor)) {
        cycle = true;
        break;
      }
      chain.push(cursor);
      cursor = parentOf(cursor);
    }
    if (cycle) {
      issues.push(
        problem(
          row,
          "parent",
          "PARENT_CYCLE",
          parentOf(row.code),
          `The parents loop back: ${chain.join(" → ")} → ${cursor}.`,
        ),
      );
      continue;
    }
    if (!current) {
      if (!row.name) {
        issues.push(
          problem(
            row,
            "name",
            "UNKNOWN_CODE",
            row.code,
            `No location has the code ${row.code}; give a name, a parent and a level to create it.`,
          ),
        );
        continue;
      }
      if (!row.kind) {
        issues.push(
          problem(row, "level", "MISSING_LEVEL", null, "A new location needs a level (0–4 or a site type)."),
        );
        continue;
      }
    }
    const kind = row.kind ?? current!.kind;
    const parentCode = parentOf(row.code);
    if (parentCode && kindOf(parentCode) === "site") {
      issues.push(
        problem(
          row,
          "parent",
          "PARENT_IS_SITE",
          parentCode,
          `${parentCode} is a site: only an admin area can hold other locations.`,
        ),
      );
      continue;
    }
    const parentLevel = parentCode ? levelOf(parentCode) : undefined;
    let level = row.level ?? current?.level ?? 0;
    if (kind === "site") {
      if (!parentCode) {
        issues.push(
          problem(row, "parent", "SITE_WITHOUT_PARENT", null, "A site must belong to an admin area."),
        );
        continue;
      }
      level = parentLevel !== undefined ? parentLevel + 1 : level;
    } else if (parentLevel !== undefined && level <= parentLevel) {
      issues.push(
        problem(
          row,
          "level",
          "LEVEL_NOT_BELOW_PARENT",
          level,
          `Level ${level} must be deeper than its parent's level ${parentLevel}.`,
        ),
      );
      continue;
    } else if (!parentCode && level > 0 && !current) {
      issues.push(
        problem(
          row,
          "parent",
          "MISSING_PARENT",
          null,
          `An admin level ${level} area needs a parent.`,
          "warning",
        ),
      );
    }
    const children = untouchedChildren.get(row.code) ?? [];
    if (kind === "site" && children.length) {
      const some = children.slice(0, 3).map((c) => c.code);
      issues.push(
        problem(
          row,
          "level",
          "PARENT_IS_SITE",
          row.siteType ?? kind,
          `${row.code} holds ${some.join(", ")}${children.length > 3 ? "…" : ""}: it cannot become a site, which holds no other locations.`,
        ),
      );
      continue;
    }
    const tooHigh =
      kind === "admin" ? children.find((c) => c.kind === "admin" && c.level <= level) : undefined;
    if (tooHigh) {
      issues.push(
        problem(
          row,
          "level",
          "LEVEL_NOT_ABOVE_CHILD",
          level,
          `Level ${level} must be above the level ${tooHigh.level} of ${tooHigh.code}, which the file leaves under ${row.code}.`,
        ),
      );
      continue;
    }
    if (row.lat !== undefined && (row.lat < -90 || row.lat > 90)) {
      issues.push(problem(row, "lat", "OUT_OF_RANGE", row.lat, "Latitude must be between -90 and 90."));
      continue;
    }
    if (row.lon !== undefined && (row.lon < -180 || row.lon > 180)) {
      issues.push(problem(row, "lon", "OUT_OF_RANGE", row.lon, "Longitude must be between -180 and 180."));
      continue;
    }
    if (current && row.name && current.name !== row.name) {
      issues.push(
        problem(
          row,
          "name",
          "NAME_CHANGED",
          row.name,
          `The name of ${row.code} changes from "${current.name}".`,
          "warning",
        ),
      );
    }
    planned.push({
      row,
      existing: current,
      action: actions.get(row.code)!,
      parentCode: named,
      kind,
      level,
      depth: chain.length - 1,
    });
  }
  // File order, whichever check found the problem (Array.prototype.sort is stable).
  issues.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  return { issues, planned };
}
