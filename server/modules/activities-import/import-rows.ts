import { hash } from "node:crypto";
import { activityStatuses, checkActivityFigures, modalities } from "../../../common/schemas/activities.ts";
import { type RecordValues, recordValues, scopeOf } from "../activities/activities.guards.ts";
import { mayOn, readScope } from "../activities/activities.policy.ts";
import type { RawRow } from "../tabular/read-table.ts";
import { columnLabel, type ImportField, type MappedColumn } from "./import-columns.ts";
import { locationColumns, resolveLocation } from "./import-locations.ts";
import type { ReferenceCache, TypedRef } from "./import-references.ts";

import { countFields, type ImportIssue, type ImportOptions, type PlannedRow } from "./import-types.ts";
import { looksLikeFormula, parseDay, parseMonth, parseNumber } from "./import-values.ts";

export const naturalKey = (v: RecordValues) =>
  [v.reportingOrgId, v.activityTypeId, v.locationId, v.reportingMonth, v.populationGroupId ?? ""].join("|");

/**
 * A short, fixed-size stand-in for a long key (16 bytes as 24 characters): imports keep one per row.
 * One-shot `hash` rather than a Hash object per key (a tenth of pass 1's own time went to those).
 */
const digest = (key: string) => hash("md5", key, "base64");
export const keyDigest = (v: RecordValues) => digest(naturalKey(v));
/** The external id as a key: unique per reporting organisation. Null without one. */
export const externalKey = (v: Pick<RecordValues, "reportingOrgId" | "externalId">) =>
  v.externalId ? `${v.reportingOrgId}|${v.externalId}` : null;
export const externalDigest = (v: Pick<RecordValues, "reportingOrgId" | "externalId">) => {
  const key = externalKey(v);
  return key ? digest(key) : null;
};

/**
 * Removes the quote our exports put before text a spreadsheet would run as a formula (`'=…`), so
 * exports re-import unchanged: such a cell is text by intent and is not refused as a formula.
 */
const unguard = (v: string) => (/^'[=+\-@|]/.test(v) ? v.slice(1) : v);

/** Reads one row into record values, or null with the problems in `issues`. */
export async function readRow(
  raw: RawRow,
  fieldColumn: Map<ImportField, MappedColumn>,
  refs: ReferenceCache,
  options: ImportOptions,
  issues: ImportIssue[],
): Promise<PlannedRow | null> {
  const row = raw.row;
  const cell = (c: MappedColumn) => (raw.cells[c.index] ?? "").trim();
  const col = (f: ImportField) => {
    const c = fieldColumn.get(f);
    return c ? columnLabel(c) : f;
  };
  const error = (f: ImportField | null, code: string, value: string | null, message: string) =>
    issues.push({ row, column: f ? col(f) : null, severity: "error", code, value, message });
  const warn = (f: ImportField | null, code: string, value: string | null, message: string) =>
    issues.push({ row, column: f ? col(f) : null, severity: "warning", code, value, message });

  // A formula would be stored as text and run in whichever spreadsheet opens a later export
  // elsewhere: the row is refused. Each such field then reads as empty (without a REQUIRED error).
  const refused = new Set<ImportField>();
  for (const [f, c] of fieldColumn) {
    const v = cell(c);
    if (!looksLikeFormula(v)) continue;
    refused.add(f);
    error(
      f,
      "FORMULA_IN_CELL",
      v.slice(0, 200),
      `Row ${row}, ${col(f)}: "${v.length > 50 ? `${v.slice(0, 50)}…` : v}" would run as a formula in a spreadsheet, so the row is not imported: remove the leading "${v[0]}" or reword the text.`,
    );
  }
  const text = (f: ImportField) => {
    const c = fieldColumn.get(f);
    const v = c && !refused.has(f) ? unguard(cell(c)) : "";
    return v === "" ? null : v;
  };
  const requireText = (f: ImportField, what: string) => {
    const v = text(f);
    if (v === null && !refused.has(f)) error(f, "REQUIRED", null, `Row ${row} has no ${what}.`);
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
    // A merged organisation's name is an alias of its survivor (the merge adds it): both match,
    // and the name stands for the survivor, as the merge intends. Only a merged one alone is refused.
    const matches = found.matches.filter(
      (m) => !m.merged_into_id || !found.matches.some((s) => s.id === m.merged_into_id),
    );
    if (matches.length > 1) {
      error(
        f,
        "AMBIGUOUS_ORGANISATION",
        value,
        `"${value}" names several organisations: ${matches.map((m) => m.name).join(", ")}; use the full name.`,
      );
      return null;
    }
    const m = matches[0]!;
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
  else if (!refused.has("activityType") && !refused.has("activityName"))
    error("activityType", "REQUIRED", null, `Row ${row} has no activity type.`);
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

  // Location: by code (checked against the names given), or by a name within the areas given.
  const locationId = await resolveLocation(
    { row, text, refused: (f) => refused.has(f), error, warn, startDate, endDate },
    refs,
    locationColumns((f) => fieldColumn.has(f)),
  );

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
    // The column and cell of the field the rule names (a total derived from the parts has none).
    const f = fieldColumn.has(i.path as ImportField) ? (i.path as ImportField) : null;
    error(f, "INVALID_RECORD", f && text(f), `Row ${row}, ${f ? col(f) : i.path}: ${i.message}.`);
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
