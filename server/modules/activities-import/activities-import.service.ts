import { randomUUID } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Principal } from "../../../common/permissions.ts";
import { activityStatuses, checkActivityFigures, modalities } from "../../../common/schemas/activities.ts";
import { type Db, yieldToEventLoop } from "../../db/client.ts";
import { activities, activityDonors } from "../../db/schema/activities.ts";
import { conflict, invalid } from "../../errors.ts";
import {
  type ActivityRow,
  lockedMonths,
  monthLabel,
  type RecordValues,
  recordValues,
  scopeOf,
  writableFields,
} from "../activities/activities.guards.ts";
import { mayOn, readScope } from "../activities/activities.policy.ts";
import { type Actor, type AuditEntry, recordAuditMany } from "../audit/audit.service.ts";
import { detectHeader, hashtagRowSearchLimit } from "../tabular/detect.ts";
import { isTableError } from "../tabular/errors.ts";
import { openTable, type RawRow, type TableSource, takeHead } from "../tabular/read-table.ts";
import {
  columnLabel,
  type ExplicitMapping,
  type ImportField,
  type MappedColumn,
  mapColumns,
} from "./import-columns.ts";
import { type LocationRef, ReferenceCache, type TypedRef } from "./import-references.ts";
import { type DateFormat, parseDay, parseMonth, parseNumber } from "./import-values.ts";

/**
 * Importing 4W records from CSV, XLSX or HXL: read (streamed), map columns, resolve references,
 * validate each row with the rules of the API, then match existing records and write what
 * changed, all in one transaction.
 */

export type ImportMode = "all" | "valid-only";

export interface ImportIssue {
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
  issues: ImportIssue[];
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
interface PlannedRow {
  row: number;
  values: RecordValues;
  donorIds: string[];
  sectorParentId: string | null;
}

/** Rows per write statement. */
const BATCH = 500;

const countFields = [
  "reachedTotal",
  "women",
  "men",
  "girls",
  "boys",
  "elderly",
  "personsWithDisabilities",
] as const;

/** Turns a table-reading problem into a 400 with the reader's message. */
function unreadable(error: unknown): never {
  if (isTableError(error))
    throw invalid(error.message, [
      { path: "file", message: `${error.code}${error.details.row ? ` (row ${error.details.row})` : ""}` },
    ]);
  throw error;
}

/**
 * Reads, validates and (unless a dry run) writes the records of a file. A file that cannot be
 * read throws a 400 AppError and writes nothing; row problems are in the report. Mode `all`
 * writes nothing when any row has an error; `valid-only` writes the valid rows.
 */
export async function importActivities(
  db: Db,
  responseId: string,
  source: TableSource,
  options: ImportOptions,
): Promise<ActivityImportReport> {
  const mode = options.mode ?? "all";
  const issues: ImportIssue[] = [];
  const table = await openTable(source, { sheet: options.sheet }).catch(unreadable);
  const planned: PlannedRow[] = [];
  const badRows = new Set<number>();
  let rows = 0;
  let hashtagRow: number | null = null;
  let mapped: MappedColumn[] = [];
  try {
    const { head, rest } = await takeHead(table.rows, hashtagRowSearchLimit).catch(unreadable);
    const detection = detectHeader(head);
    if (detection.headerRow === null && detection.hashtagRow === null)
      throw invalid("The file has no rows.", [{ path: "file", message: "EMPTY_FILE" }]);
    hashtagRow = detection.hashtagRow;
    const mapping = mapColumns(detection.columns, hashtagRow !== null, options.mapping);
    mapped = mapping.columns;
    for (const w of detection.warnings) {
      const column = detection.columns.find((c) => c.index === w.column);
      issues.push({
        row: hashtagRow,
        column: column ? columnLabel(column) : null,
        severity: "warning",
        code: w.code,
        value: w.value,
        message: w.message,
      });
    }
    for (const p of mapping.problems)
      issues.push({
        row: hashtagRow ?? detection.headerRow,
        column: p.column,
        severity: p.code === "UNKNOWN_MAPPING" ? "error" : "warning",
        code: p.code,
        value: p.value,
        message: p.message,
      });
    if (mapping.problems.some((p) => p.code === "UNKNOWN_MAPPING"))
      throw invalid("The column mapping is not valid.", [
        ...mapping.problems
          .filter((p) => p.code === "UNKNOWN_MAPPING")
          .map((p) => ({ path: `mapping.${p.column}`, message: p.message })),
      ]);
    const fieldColumn = new Map<ImportField, MappedColumn>();
    for (const c of mapped) if (c.field) fieldColumn.set(c.field, c);
    const required: [ImportField, string][] = [
      ["reportingOrg", "the reporting organisation"],
      ["sector", "the sector"],
      ["locationCode", "the location (a code or name column)"],
      ["startDate", "the start date"],
      ["endDate", "the end date"],
      ["reportingMonth", "the reporting month"],
      ["status", "the status"],
    ];
    const missing = required.filter(
      ([f]) => !fieldColumn.has(f) && !(f === "locationCode" && fieldColumn.has("locationName")),
    );
    if (!fieldColumn.has("activityType") && !fieldColumn.has("activityName"))
      missing.push(["activityType", "the activity type (a code or name column)"]);
    if (missing.length)
      throw invalid(`The file has no column for ${missing.map(([, what]) => what).join(", ")}.`, [
        ...missing.map(([f, what]) => ({ path: `columns.${f}`, message: `no column for ${what}` })),
      ]);

    const refs = new ReferenceCache(db, responseId);
    const seenKeys = new Map<string, number>();
    const dataRows = async function* (): AsyncGenerator<RawRow> {
      for (const r of head) if (r.row > detection.dataAfterRow) yield r;
      yield* rest;
    };
    let sinceYield = 0;
    try {
      for await (const raw of dataRows()) {
        if (raw.cells.every((c) => c.trim() === "")) continue;
        rows++;
        const rowIssues: ImportIssue[] = [];
        const plan = await readRow(raw, fieldColumn, refs, options, rowIssues);
        if (plan) {
          const key = naturalKey(plan.values);
          const ext = plan.values.externalId
            ? `${plan.values.reportingOrgId}|ext|${plan.values.externalId}`
            : null;
          const earlier = seenKeys.get(key) ?? (ext ? seenKeys.get(ext) : undefined);
          if (earlier !== undefined)
            rowIssues.push({
              row: raw.row,
              column: null,
              severity: "error",
              code: "DUPLICATE_ROW",
              value: null,
              message: `Row ${raw.row} repeats row ${earlier} (same organisation and ${ext && seenKeys.get(ext) !== undefined ? "external id" : "activity type, location, month and population group"}).`,
            });
          else {
            seenKeys.set(key, raw.row);
            if (ext) seenKeys.set(ext, raw.row);
          }
        }
        issues.push(...rowIssues);
        if (rowIssues.some((i) => i.severity === "error")) badRows.add(raw.row);
        else if (plan) planned.push(plan);
        if (++sinceYield >= 250) {
          sinceYield = 0;
          await yieldToEventLoop();
        }
      }
    } catch (error) {
      unreadable(error);
    }
  } finally {
    table.close();
  }

  const report: ActivityImportReport = {
    rows,
    valid: 0,
    invalid: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    hashtagRow,
    columns: mapped.map((c) => ({ header: c.header, hashtag: c.hashtag, field: c.field })),
    issues,
  };
  await db.transaction(async (tx) => {
    const outcome = await commitRows(tx, responseId, planned, options, issues, badRows, mode);
    report.created = outcome.created;
    report.updated = outcome.updated;
    report.unchanged = outcome.unchanged;
  });
  report.invalid = badRows.size;
  report.valid = rows - badRows.size;
  issues.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  return report;
}

const naturalKey = (v: RecordValues) =>
  [v.reportingOrgId, v.activityTypeId, v.locationId, v.reportingMonth, v.populationGroupId ?? ""].join("|");

/** Reads one row into record values, or null with the problems in `issues`. */
async function readRow(
  raw: RawRow,
  fieldColumn: Map<ImportField, MappedColumn>,
  refs: ReferenceCache,
  options: ImportOptions,
  issues: ImportIssue[],
): Promise<PlannedRow | null> {
  const row = raw.row;
  const text = (f: ImportField) => {
    const c = fieldColumn.get(f);
    const v = c ? (raw.cells[c.index] ?? "").trim() : "";
    return v === "" ? null : v;
  };
  const col = (f: ImportField) => {
    const c = fieldColumn.get(f);
    return c ? columnLabel(c) : f;
  };
  const error = (f: ImportField | null, code: string, value: string | null, message: string) =>
    issues.push({ row, column: f ? col(f) : null, severity: "error", code, value, message });
  const warn = (f: ImportField | null, code: string, value: string | null, message: string) =>
    issues.push({ row, column: f ? col(f) : null, severity: "warning", code, value, message });
  const requireText = (f: ImportField, what: string) => {
    const v = text(f);
    if (v === null) error(f, "REQUIRED", null, `Row ${row} has no ${what}.`);
    return v;
  };

  // Organisations.
  const org = async (f: ImportField, value: string): Promise<string | null> => {
    const found = await refs.organisation(value);
    if (found.matches.length === 0) {
      error(
        f,
        "UNKNOWN_ORGANISATION",
        value,
        `No organisation is named "${value}" (by name, acronym or alias)${found.suggestion ? `: did you mean ${found.suggestion}?` : "."}`,
      );
      return null;
    }
    if (found.matches.length > 1) {
      error(
        f,
        "AMBIGUOUS_ORGANISATION",
        value,
        `"${value}" names several organisations: ${found.matches.map((m) => m.name).join(", ")}; use the full name.`,
      );
      return null;
    }
    const m = found.matches[0]!;
    if (m.merged_into) {
      error(f, "MERGED_ORGANISATION", value, `${m.name} was merged into ${m.merged_into}; use that one.`);
      return null;
    }
    return m.id;
  };
  const reportingText = requireText("reportingOrg", "reporting organisation");
  const reportingOrgId = reportingText ? await org("reportingOrg", reportingText) : null;
  const implText = text("implementingOrg");
  const implementingOrgId = implText ? await org("implementingOrg", implText) : null;
  const donorIds: string[] = [];
  for (const name of (text("donors") ?? "")
    .split(";")
    .map((d) => d.trim())
    .filter(Boolean)) {
    const id = await org("donors", name);
    if (id && !donorIds.includes(id)) donorIds.push(id);
  }

  // Sector and sub-sector.
  const sectorOf = async (f: ImportField, value: string) => {
    const found = await refs.sector(value);
    if (found.length === 0) error(f, "UNKNOWN_SECTOR", value, `No sector has the code or name "${value}".`);
    else if (found.length > 1 && found[0]!.code.toLowerCase() !== value.toLowerCase())
      error(
        f,
        "AMBIGUOUS_SECTOR",
        value,
        `"${value}" names several sectors: ${found.map((s) => s.code).join(", ")}.`,
      );
    else return found[0]!;
    return null;
  };
  const sectorText = requireText("sector", "sector");
  const sector = sectorText ? await sectorOf("sector", sectorText) : null;
  const subText = text("subSector");
  const subSector = subText ? await sectorOf("subSector", subText) : null;
  if (sector && subSector && subSector.parent_id !== sector.id) {
    error(
      "subSector",
      "SUB_SECTOR_MISMATCH",
      subText,
      `${subSector.code} is not a sub-sector of ${sector.code}.`,
    );
  }
  const inSector = (sectorId: string) => sectorId === sector?.id || sectorId === subSector?.id;

  // Activity type and indicator: by code or name, within the sector.
  const typed = async (
    f: ImportField,
    value: string,
    lookup: (v: string) => Promise<TypedRef[]>,
    what: string,
  ): Promise<string | null> => {
    const found = await lookup(value);
    if (found.length === 0) {
      error(
        f,
        `UNKNOWN_${what.toUpperCase().replace(/ /g, "_")}`,
        value,
        `No ${what} has the code or name "${value}".`,
      );
      return null;
    }
    if (!sector) return null;
    const fitting = found.filter((t) => inSector(t.sector_id));
    if (fitting.length === 0) {
      error(
        f,
        `${what.toUpperCase().replace(/ /g, "_")}_NOT_IN_SECTOR`,
        value,
        `The ${what} "${value}" does not belong to the sector ${sector.code}${subSector ? ` or ${subSector.code}` : ""}.`,
      );
      return null;
    }
    if (fitting.length > 1) {
      error(
        f,
        `AMBIGUOUS_${what.toUpperCase().replace(/ /g, "_")}`,
        value,
        `"${value}" names several ${what}s: ${fitting.map((t) => t.code).join(", ")}; use the code.`,
      );
      return null;
    }
    return fitting[0]!.id;
  };
  const typeCode = text("activityType");
  const typeName = text("activityName");
  let activityTypeId: string | null = null;
  if (typeCode)
    activityTypeId = await typed("activityType", typeCode, (v) => refs.activityType(v), "activity type");
  else if (typeName)
    activityTypeId = await typed("activityName", typeName, (v) => refs.activityType(v), "activity type");
  else error("activityType", "REQUIRED", null, `Row ${row} has no activity type.`);
  const indicatorText = text("indicator");
  const indicatorId = indicatorText
    ? await typed("indicator", indicatorText, (v) => refs.indicator(v), "indicator")
    : null;

  // Dates.
  const day = (f: ImportField, what: string) => {
    const v = requireText(f, what);
    if (v === null) return null;
    const parsed =
      f === "reportingMonth" ? parseMonth(v, options.dateFormat) : parseDay(v, options.dateFormat);
    if (!parsed.ok) {
      error(f, parsed.code, v, `Row ${row}, ${col(f)}: ${parsed.message}`);
      return null;
    }
    return parsed.value;
  };
  const startDate = day("startDate", "start date");
  const endDate = day("endDate", "end date");
  const reportingMonth = day("reportingMonth", "reporting month");

  // Location: by code (the name must agree when given), or by a unique name.
  const codeText = text("locationCode");
  const nameText = text("locationName");
  let locationId: string | null = null;
  const pickVersion = (versions: LocationRef[], value: string, f: ImportField) => {
    if (!startDate || !endDate) return versions[versions.length - 1] ?? null;
    const fit = versions.find(
      (l) => l.valid_from <= startDate && (l.valid_to === null || l.valid_to >= endDate),
    );
    if (!fit)
      error(
        f,
        "LOCATION_NOT_VALID",
        value,
        `${versions[0]!.code} is not valid over the whole activity (${startDate} to ${endDate}): ${versions.map((l) => `from ${l.valid_from}${l.valid_to ? ` to ${l.valid_to}` : ""}`).join("; ")}.`,
      );
    return fit ?? null;
  };
  if (codeText) {
    const versions = await refs.locationByCode(codeText);
    if (versions.length === 0)
      error("locationCode", "UNKNOWN_LOCATION", codeText, `No location has the code "${codeText}".`);
    else {
      const location = pickVersion(versions, codeText, "locationCode");
      if (location) {
        locationId = location.id;
        if (nameText && normaliseText(nameText) !== normaliseText(location.name))
          warn(
            "locationName",
            "CODE_NAME_MISMATCH",
            nameText,
            `The location code ${location.code} is ${location.name}, not "${nameText}"; the code is used.`,
          );
      }
    }
  } else if (nameText) {
    const found = await refs.locationByName(nameText);
    const codes = [...new Set(found.map((l) => l.code))];
    if (codes.length === 0)
      error("locationName", "UNKNOWN_LOCATION", nameText, `No location is named "${nameText}".`);
    else if (codes.length > 1)
      error(
        "locationName",
        "AMBIGUOUS_LOCATION",
        nameText,
        `Several locations are named "${nameText}" (${codes.join(", ")}); add a location code column.`,
      );
    else locationId = pickVersion(found, nameText, "locationName")?.id ?? null;
  } else error("locationCode", "REQUIRED", null, `Row ${row} has no location code or name.`);

  // Population group.
  const groupText = text("populationGroup");
  let populationGroupId: string | null = null;
  if (groupText) {
    const found = await refs.populationGroup(groupText);
    if (found.length === 0)
      error(
        "populationGroup",
        "UNKNOWN_POPULATION_GROUP",
        groupText,
        `No population group has the code or name "${groupText}".`,
      );
    else if (found.length > 1 && found[0]!.code.toLowerCase() !== groupText.toLowerCase())
      error(
        "populationGroup",
        "AMBIGUOUS_POPULATION_GROUP",
        groupText,
        `"${groupText}" names several population groups: ${found.map((g) => g.code).join(", ")}.`,
      );
    else populationGroupId = found[0]!.id;
  }

  // Choices.
  const choice = <T extends string>(f: ImportField, list: readonly T[], required: boolean): T | null => {
    const v = required ? requireText(f, f) : text(f);
    if (v === null) return null;
    const key = v.toLowerCase().replace(/[\s-]+/g, "_");
    const found = list.find((x) => x === key);
    if (!found) error(f, "INVALID_VALUE", v, `"${v}" is not one of ${list.join(", ")}.`);
    return found ?? null;
  };
  const status = choice("status", activityStatuses, true);
  const modality = choice("modality", modalities, false);

  // Numbers.
  const numberOf = (f: ImportField, whole: boolean) => {
    const v = text(f);
    if (v === null) return null;
    const parsed = parseNumber(v, whole);
    if (!parsed.ok) {
      error(f, parsed.code, v, `Row ${row}, ${col(f)}: ${parsed.message}`);
      return null;
    }
    if (parsed.value < 0) {
      error(f, "INVALID_NUMBER", v, `Row ${row}, ${col(f)}: must not be negative.`);
      return null;
    }
    if (parsed.value > (whole ? 1e9 : 1e12)) {
      error(f, "INVALID_NUMBER", v, `Row ${row}, ${col(f)}: is too large.`);
      return null;
    }
    return parsed.value;
  };
  const quantity = numberOf("quantity", false);
  const counts = Object.fromEntries(countFields.map((f) => [f, numberOf(f, true)])) as Record<
    (typeof countFields)[number],
    number | null
  >;
  const limited = (f: ImportField, max: number) => {
    const v = text(f);
    if (v && v.length > max) {
      error(f, "TOO_LONG", v.slice(0, 50), `Row ${row}, ${col(f)}: at most ${max} characters.`);
      return null;
    }
    return v;
  };
  const unit = limited("unit", 50);
  const notes = limited("notes", 2000);
  const externalId = limited("externalId", 100);

  if (issues.some((i) => i.severity === "error")) return null;
  if (!reportingOrgId || !sector || !activityTypeId || !locationId || !status) return null;
  if (!startDate || !endDate || !reportingMonth) return null;

  const figures = checkActivityFigures({ startDate, endDate, reportingMonth, ...counts });
  for (const i of figures.issues) {
    const f = fieldColumn.has(i.path as ImportField) ? (i.path as ImportField) : null;
    error(f, "INVALID_RECORD", null, `Row ${row}: ${i.path} ${i.message}.`);
  }
  if (figures.issues.length) return null;

  const values = recordValues({
    reportingOrgId,
    implementingOrgId,
    sectorId: sector.id,
    subSectorId: subSector?.id ?? null,
    activityTypeId,
    indicatorId,
    locationId,
    populationGroupId,
    status,
    startDate,
    endDate,
    reportingMonth,
    quantity,
    unit,
    ...counts,
    reachedTotal: figures.reachedTotal,
    modality,
    notes,
    externalId,
  });
  const scope = scopeOf(values, sector.parent_id);
  if (!mayOn(options.principal, "activity:write", refs.responseIdOf(), scope)) {
    const own = readScope(options.principal, refs.responseIdOf()).organisationIds;
    const byOrg = own.length > 0 && !own.includes(reportingOrgId);
    error(
      byOrg ? "reportingOrg" : "sector",
      byOrg ? "FORBIDDEN_ORGANISATION" : "FORBIDDEN_SECTOR",
      byOrg ? reportingText : sectorText,
      byOrg
        ? `You may import only the records of your own organisation, not of ${reportingText}.`
        : `You may not write records of the sector ${sector.code}.`,
    );
    return null;
  }
  return { row, values, donorIds: donorIds.sort(), sectorParentId: sector.parent_id };
}

const normaliseText = (v: string) => v.trim().replace(/\s+/g, " ").toLowerCase();

const comparable = (v: unknown) => (v === undefined ? null : v instanceof Date ? v.toISOString() : v);

/** True when the stored record already holds these values and donors. */
function same(existing: ActivityRow, donors: string[], plan: PlannedRow): boolean {
  for (const f of writableFields) {
    const a = comparable(existing[f]);
    const b = comparable(plan.values[f]);
    if (f === "quantity" ? (a === null ? null : Number(a)) !== b : a !== b) return false;
  }
  return donors.join(",") === plan.donorIds.join(",");
}

type Decision =
  | { kind: "create"; plan: PlannedRow; id: string }
  | { kind: "update"; plan: PlannedRow; existing: ActivityRow; donors: string[] }
  | { kind: "unchanged"; plan: PlannedRow };

/** Matches the planned rows to stored records, applies the rules that need them, and writes. */
async function commitRows(
  tx: Db,
  responseId: string,
  planned: PlannedRow[],
  options: ImportOptions,
  issues: ImportIssue[],
  badRows: Set<number>,
  mode: ImportMode,
): Promise<{ created: number; updated: number; unchanged: number }> {
  const rowError = (
    plan: PlannedRow,
    code: string,
    column: string | null,
    value: string | null,
    message: string,
  ) => {
    issues.push({ row: plan.row, column, severity: "error", code, value, message });
    badRows.add(plan.row);
  };
  // Existing records: by external id first, else the natural key; one statement per batch.
  const matched = new Map<PlannedRow, { byExternal: string | null; byKey: string | null }>();
  for (let i = 0; i < planned.length; i += BATCH) {
    const batch = planned.slice(i, i + BATCH);
    const column = <T>(pick: (p: PlannedRow) => T) => sql.param(batch.map(pick));
    const result = await tx.execute<{
      i: number | string;
      by_external: string | null;
      by_key: string | null;
    }>(sql`
      SELECT t.i, e.id AS by_external, k.id AS by_key FROM unnest(
        ${column((p) => p.values.reportingOrgId)}::uuid[], ${column((p) => p.values.externalId)}::text[],
        ${column((p) => p.values.activityTypeId)}::uuid[], ${column((p) => p.values.locationId)}::uuid[],
        ${column((p) => p.values.reportingMonth)}::date[], ${column((p) => p.values.populationGroupId)}::uuid[]
      ) WITH ORDINALITY AS t(org, ext, type, loc, month, pg, i)
      LEFT JOIN LATERAL (
        SELECT a.id FROM activities a
        WHERE a.response_id = ${responseId} AND a.reporting_org_id = t.org AND t.ext IS NOT NULL AND a.external_id = t.ext
        FOR UPDATE
      ) e ON true
      LEFT JOIN LATERAL (
        SELECT a.id FROM activities a
        WHERE a.response_id = ${responseId} AND a.reporting_org_id = t.org AND a.activity_type_id = t.type
          AND a.location_id = t.loc AND a.reporting_month = t.month
          AND a.population_group_id IS NOT DISTINCT FROM t.pg
        FOR UPDATE
      ) k ON true
      WHERE e.id IS NOT NULL OR k.id IS NOT NULL`);
    for (const r of result.rows)
      matched.set(batch[Number(r.i) - 1]!, { byExternal: r.by_external, byKey: r.by_key });
    await yieldToEventLoop();
  }
  const ids = [...new Set([...matched.values()].flatMap((m) => [m.byExternal, m.byKey]))].filter(
    (id): id is string => id !== null,
  );
  const existingById = new Map<string, ActivityRow>();
  const donorsById = new Map<string, string[]>();
  for (let i = 0; i < ids.length; i += BATCH) {
    const slice = ids.slice(i, i + BATCH);
    for (const row of await tx
      .select()
      .from(activities)
      .where(and(eq(activities.responseId, responseId), inArray(activities.id, slice))))
      existingById.set(row.id, row);
    for (const d of await tx
      .select()
      .from(activityDonors)
      .where(and(eq(activityDonors.responseId, responseId), inArray(activityDonors.activityId, slice))))
      donorsById.set(d.activityId, [...(donorsById.get(d.activityId) ?? []), d.organisationId]);
    await yieldToEventLoop();
  }

  const decisions: Decision[] = [];
  const claimed = new Map<string, number>();
  for (const plan of planned) {
    const match = matched.get(plan);
    // By external id when the row has one; the natural key must then be free or the same record.
    if (match?.byExternal && match.byKey && match.byKey !== match.byExternal) {
      rowError(
        plan,
        "DUPLICATE_RECORD",
        null,
        plan.values.externalId,
        `Record ${match.byKey} already has this organisation, activity type, location, month and population group; record ${match.byExternal} (external id ${plan.values.externalId}) cannot take them too.`,
      );
      continue;
    }
    const id = match?.byExternal ?? match?.byKey;
    const existing = id ? existingById.get(id) : undefined;
    if (!existing) {
      decisions.push({ kind: "create", plan, id: randomUUID() });
      continue;
    }
    const other = claimed.get(existing.id);
    if (other !== undefined) {
      rowError(
        plan,
        "DUPLICATE_ROW",
        null,
        null,
        `Row ${plan.row} and row ${other} match the same stored record ${existing.id}.`,
      );
      continue;
    }
    claimed.set(existing.id, plan.row);
    if (plan.values.externalId && existing.externalId && existing.externalId !== plan.values.externalId) {
      rowError(
        plan,
        "DUPLICATE_RECORD",
        null,
        plan.values.externalId,
        `Record ${existing.id} (external id ${existing.externalId}) already has this organisation, activity type, location, month and population group.`,
      );
      continue;
    }
    const donors = (donorsById.get(existing.id) ?? []).sort();
    if (same(existing, donors, plan)) decisions.push({ kind: "unchanged", plan });
    else decisions.push({ kind: "update", plan, existing, donors });
  }

  // Rights on stored records, and month locks on everything that would be written.
  const locked = await lockedMonths(
    tx,
    responseId,
    decisions.flatMap((d) =>
      d.kind === "create"
        ? [d.plan.values.reportingMonth]
        : d.kind === "update"
          ? [d.plan.values.reportingMonth, d.existing.reportingMonth]
          : [],
    ),
  );
  const writes: Decision[] = [];
  let unchanged = 0;
  for (const d of decisions) {
    if (d.kind === "unchanged") {
      unchanged++;
      continue;
    }
    const months =
      d.kind === "update"
        ? [d.plan.values.reportingMonth, d.existing.reportingMonth]
        : [d.plan.values.reportingMonth];
    const closed = months.filter((m) => locked.has(m));
    if (closed.length) {
      rowError(
        d.plan,
        "MONTH_LOCKED",
        null,
        monthLabel(closed[0]!),
        `The reporting month ${monthLabel(closed[0]!)} is locked; a response manager must unlock it before its records change.`,
      );
      continue;
    }
    if (d.kind === "update") {
      const storedScope = scopeOf(recordValues(d.existing), d.plan.sectorParentId);
      const reviewer =
        mayOn(options.principal, "activity:review", responseId, storedScope) &&
        mayOn(
          options.principal,
          "activity:review",
          responseId,
          scopeOf(d.plan.values, d.plan.sectorParentId),
        );
      if (!reviewer && !mayOn(options.principal, "activity:write", responseId, storedScope)) {
        rowError(
          d.plan,
          "FORBIDDEN_ORGANISATION",
          null,
          null,
          `You may not change the stored record ${d.existing.id}.`,
        );
        continue;
      }
      if (!reviewer && (d.existing.reviewState === "submitted" || d.existing.reviewState === "approved")) {
        rowError(
          d.plan,
          "RECORD_UNDER_REVIEW",
          null,
          d.existing.reviewState,
          `The stored record ${d.existing.id} is ${d.existing.reviewState}: only a reviewer may change it (ask the sector coordinator).`,
        );
        continue;
      }
    }
    writes.push(d);
  }

  const hasErrors = issues.some((i) => i.severity === "error");
  if (mode === "all" && hasErrors) return { created: 0, updated: 0, unchanged: 0 };
  const creates = writes.filter((d): d is Extract<Decision, { kind: "create" }> => d.kind === "create");
  const updates = writes.filter((d): d is Extract<Decision, { kind: "update" }> => d.kind === "update");
  if (options.dryRun) return { created: creates.length, updated: updates.length, unchanged };
  try {
    await writeCreates(tx, responseId, creates, options);
    await writeUpdates(tx, responseId, updates, options);
  } catch (error) {
    // Another writer took a key between the check and the write: nothing of the import is kept.
    const code =
      (error as { code?: string; cause?: { code?: string } }).code ??
      (error as { cause?: { code?: string } }).cause?.code;
    if (code === "23505") throw conflict("Records changed while the file was imported; import it again.");
    throw error;
  }
  return { created: creates.length, updated: updates.length, unchanged };
}

const valueColumns = (batch: { plan: PlannedRow }[]) => {
  const column = <T>(pick: (v: RecordValues) => T) => sql.param(batch.map((d) => pick(d.plan.values)));
  return sql`${column((v) => v.reportingOrgId)}::uuid[], ${column((v) => v.implementingOrgId)}::uuid[],
    ${column((v) => v.sectorId)}::uuid[], ${column((v) => v.subSectorId)}::uuid[],
    ${column((v) => v.activityTypeId)}::uuid[], ${column((v) => v.indicatorId)}::uuid[],
    ${column((v) => v.locationId)}::uuid[], ${column((v) => v.populationGroupId)}::uuid[],
    ${column((v) => v.status)}::text[], ${column((v) => v.startDate)}::date[], ${column((v) => v.endDate)}::date[],
    ${column((v) => v.reportingMonth)}::date[], ${column((v) => v.quantity)}::numeric[], ${column((v) => v.unit)}::text[],
    ${column((v) => v.reachedTotal)}::int[], ${column((v) => v.women)}::int[], ${column((v) => v.men)}::int[],
    ${column((v) => v.girls)}::int[], ${column((v) => v.boys)}::int[], ${column((v) => v.elderly)}::int[],
    ${column((v) => v.personsWithDisabilities)}::int[], ${column((v) => v.modality)}::text[],
    ${column((v) => v.notes)}::text[], ${column((v) => v.externalId)}::text[]`;
};
const valueNames = sql.raw(`reporting_org_id, implementing_org_id, sector_id, sub_sector_id, activity_type_id,
  indicator_id, location_id, population_group_id, status, start_date, end_date, reporting_month, quantity, unit,
  reached_total, women, men, girls, boys, elderly, persons_with_disabilities, modality, notes, external_id`);

async function writeDonors(tx: Db, responseId: string, pairs: [string, string][]) {
  if (pairs.length === 0) return;
  await tx.execute(sql`INSERT INTO activity_donors (response_id, activity_id, organisation_id)
    SELECT ${responseId}, a, o FROM unnest(${sql.param(pairs.map((p) => p[0]))}::uuid[], ${sql.param(pairs.map((p) => p[1]))}::uuid[]) AS t(a, o)`);
}

async function writeCreates(
  tx: Db,
  responseId: string,
  creates: Extract<Decision, { kind: "create" }>[],
  options: ImportOptions,
) {
  const createdBy = options.principal.userId || null;
  for (let i = 0; i < creates.length; i += BATCH) {
    const batch = creates.slice(i, i + BATCH);
    await tx.execute(sql`
      INSERT INTO activities (response_id, id, created_by, ${valueNames})
      SELECT ${responseId}, t.*  FROM (
        SELECT * FROM unnest(${sql.param(batch.map((d) => d.id))}::uuid[], ${sql.param(batch.map(() => createdBy))}::uuid[],
          ${valueColumns(batch)})
      ) AS t`);
    await writeDonors(
      tx,
      responseId,
      batch.flatMap((d) => d.plan.donorIds.map((o): [string, string] => [d.id, o])),
    );
    const audit: AuditEntry[] = batch.map((d) => ({
      responseId,
      actor: options.actor,
      action: "activity.create",
      entityType: "activity",
      entityId: d.id,
      after: { id: d.id, ...d.plan.values, donorIds: d.plan.donorIds, reviewState: "draft", version: 1 },
      reason: `import, row ${d.plan.row}`,
    }));
    await recordAuditMany(tx, audit);
    await yieldToEventLoop();
  }
}

async function writeUpdates(
  tx: Db,
  responseId: string,
  updates: Extract<Decision, { kind: "update" }>[],
  options: ImportOptions,
) {
  for (let i = 0; i < updates.length; i += BATCH) {
    const batch = updates.slice(i, i + BATCH);
    const result = await tx.execute<{ id: string }>(sql`
      UPDATE activities a SET (${valueNames}, version, updated_at) = (
        t.reporting_org_id, t.implementing_org_id, t.sector_id, t.sub_sector_id, t.activity_type_id,
        t.indicator_id, t.location_id, t.population_group_id, t.status, t.start_date, t.end_date, t.reporting_month,
        t.quantity, t.unit, t.reached_total, t.women, t.men, t.girls, t.boys, t.elderly, t.persons_with_disabilities,
        t.modality, t.notes, t.external_id, a.version + 1, now())
      FROM unnest(${sql.param(batch.map((d) => d.existing.id))}::uuid[], ${sql.param(batch.map((d) => d.existing.version))}::int[],
        ${valueColumns(batch)}) AS t(id, version, ${valueNames})
      WHERE a.response_id = ${responseId} AND a.id = t.id AND a.version = t.version
      RETURNING a.id`);
    if (result.rows.length !== batch.length)
      throw conflict("Records changed while the file was imported; import it again.");
    const changedDonors = batch.filter((d) => d.donors.join(",") !== d.plan.donorIds.join(","));
    if (changedDonors.length) {
      await tx.execute(sql`DELETE FROM activity_donors WHERE response_id = ${responseId}
        AND activity_id = ANY(${sql.param(changedDonors.map((d) => d.existing.id))}::uuid[])`);
      await writeDonors(
        tx,
        responseId,
        changedDonors.flatMap((d) => d.plan.donorIds.map((o): [string, string] => [d.existing.id, o])),
      );
    }
    await recordAuditMany(
      tx,
      batch.map((d) => ({
        responseId,
        actor: options.actor,
        action: "activity.update",
        entityType: "activity",
        entityId: d.existing.id,
        before: { ...d.existing, donorIds: d.donors },
        after: {
          ...d.existing,
          ...d.plan.values,
          donorIds: d.plan.donorIds,
          version: d.existing.version + 1,
        },
        reason: `import, row ${d.plan.row}`,
      })),
    );
    await yieldToEventLoop();
  }
}
