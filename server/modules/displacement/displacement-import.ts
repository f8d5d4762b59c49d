import {
  type PopulationInput,
  populationInput,
  type SeverityInput,
  severityInput,
} from "../../../common/schemas/displacement.ts";
import type { FiguresImportReport, ImportIssue } from "../../../common/schemas/plans.ts";
import type { Db } from "../../db/client.ts";
import { invalid } from "../../errors.ts";
import { ReferenceCache } from "../activities-import/import-references.ts";
import type { Actor } from "../audit/audit.service.ts";
import { type ColumnMapping, type FieldRule, openMappedTable, readNumber } from "../plans/import-table.ts";
import { findLocation, findPopulationGroup, findSector, type Report } from "../plans/row-references.ts";
import { checkRoundData, type RoundRow, writeRoundData } from "./rounds.service.ts";

export const roundFields = [
  "location",
  "adm4",
  "adm3",
  "adm2",
  "adm1",
  "populationGroup",
  "households",
  "women",
  "men",
  "girls",
  "boys",
  "elderly",
  "individuals",
  "sector",
  "severity",
  "priorityNeeds",
] as const;
type Field = (typeof roundFields)[number];

/** Specific hashtags first: `#population+group`, `+hh` and the sex/age columns before plain `#population`. */
export const roundRules: FieldRule<Field>[] = [
  {
    field: "location",
    tags: ["#loc+code", "#site+code"],
    headers: ["location_code", "loc_code", "ssid", "site_code", "pcode"],
  },
  { field: "adm4", tags: ["#adm4+code"], headers: ["adm4_pcode", "adm4_code"] },
  { field: "adm3", tags: ["#adm3+code"], headers: ["adm3_pcode", "adm3_code"] },
  { field: "adm2", tags: ["#adm2+code"], headers: ["adm2_pcode", "adm2_code"] },
  { field: "adm1", tags: ["#adm1+code"], headers: ["adm1_pcode", "adm1_code"] },
  { field: "populationGroup", tags: ["#population+group"], headers: ["population_group"] },
  { field: "households", tags: ["#population+hh", "#affected+hh"], headers: ["households"] },
  { field: "women", tags: ["#population+adults+f", "#affected+adults+f"], headers: ["women"] },
  { field: "men", tags: ["#population+adults+m", "#affected+adults+m"], headers: ["men"] },
  { field: "girls", tags: ["#population+children+f", "#affected+children+f"], headers: ["girls"] },
  { field: "boys", tags: ["#population+children+m", "#affected+children+m"], headers: ["boys"] },
  { field: "elderly", tags: ["#population+elderly", "#affected+elderly"], headers: ["elderly"] },
  {
    field: "individuals",
    tags: ["#population+ind-f-m", "#affected+ind-f-m", "#population+total-f-m", "#population!"],
    headers: ["individuals", "population"],
  },
  { field: "sector", tags: ["#sector"], headers: ["sector", "sector_code"] },
  { field: "severity", tags: ["#severity"], headers: ["severity"] },
  { field: "priorityNeeds", tags: ["#need+priority"], headers: ["priority_needs"] },
];

const peopleFields = ["households", "individuals", "women", "men", "girls", "boys", "elderly"] as const;

export interface RoundImportOptions {
  actor: Actor;
  dryRun: boolean;
  mapping?: ColumnMapping;
  sheet?: string;
}

/**
 * Imports a round's population (per place and group, with households and the sex/age breakdown)
 * and needs severity (per place and sector, with priority needs `;`-separated). One row may give
 * both. Any error writes nothing.
 */
export async function importRoundData(
  db: Db,
  responseId: string,
  round: RoundRow,
  bytes: Uint8Array,
  options: RoundImportOptions,
): Promise<FiguresImportReport> {
  const table = await openMappedTable(bytes, roundRules, { mapping: options.mapping, sheet: options.sheet });
  const locationFields = (["location", "adm4", "adm3", "adm2", "adm1"] as const).filter((f) => table.has(f));
  if (!locationFields.length || !(table.has("individuals") || table.has("severity"))) {
    table.close();
    throw invalid(
      "The file needs a place column (#loc+code, #adm…+code, ssid, site_code or pcode) and people (#population, #population+ind) or #severity.",
      [{ path: "file", message: "columns missing" }],
    );
  }
  const refs = new ReferenceCache(db, responseId);
  const issues: ImportIssue[] = [...table.issues];
  const population: PopulationInput[] = [];
  const severity: SeverityInput[] = [];
  const origin = { population: [] as number[], severity: [] as number[] };
  let rows = 0;
  for await (const row of table.rows) {
    rows++;
    const issue = (field: Field | null, code: string, value: string | null, message: string) =>
      issues.push({
        row: row.row,
        column: field ? table.label(field) : null,
        severity: "error",
        code,
        value,
        message,
      });
    const before = issues.length;
    const at =
      (field: Field, value: string): Report =>
      (code, message) =>
        issue(field, code, value, message);
    const locationField = locationFields.find((f) => row.get(f));
    if (!locationField) issue(locationFields[0]!, "MISSING_LOCATION", null, "This row names no place.");
    const locationId = locationField
      ? await findLocation(refs, row.get(locationField)!, at(locationField, row.get(locationField)!))
      : null;
    const groupText = row.get("populationGroup");
    const populationGroupId = groupText
      ? await findPopulationGroup(refs, groupText, at("populationGroup", groupText))
      : null;
    const counts: Partial<Record<(typeof peopleFields)[number], number>> = {};
    for (const field of peopleFields) {
      const text = row.get(field);
      if (text === null) continue;
      const value = readNumber(text);
      if (value === null) issue(field, "INVALID_NUMBER", text, `"${text}" is not a number.`);
      else counts[field] = value;
    }
    const hasPeople = peopleFields.some((f) => row.get(f) !== null);
    if (hasPeople && row.get("individuals") === null)
      issue(
        "individuals",
        "MISSING_INDIVIDUALS",
        null,
        "People are given without the number of individuals.",
      );
    if (issues.length === before && hasPeople && locationId) {
      const parsed = populationInput.safeParse({ locationId, populationGroupId, ...counts });
      if (parsed.success) {
        population.push(parsed.data);
        origin.population.push(row.row);
      } else
        for (const i of parsed.error.issues) {
          const field = (peopleFields as readonly string[]).includes(String(i.path[0]))
            ? (i.path[0] as Field)
            : null;
          issue(field, "INVALID_POPULATION", field ? row.get(field) : null, i.message);
        }
    }
    const severityText = row.get("severity");
    if (severityText !== null) {
      const sectorText = row.get("sector");
      if (!sectorText) issue("sector", "MISSING_SECTOR", null, "A severity is given for a sector (#sector).");
      const sectorId = sectorText ? await findSector(refs, sectorText, at("sector", sectorText)) : null;
      const level = readNumber(severityText);
      const needs = (row.get("priorityNeeds") ?? "")
        .split(";")
        .map((n) => n.trim())
        .filter(Boolean);
      const parsed = severityInput.safeParse({ locationId, sectorId, severity: level, priorityNeeds: needs });
      if (!parsed.success) {
        for (const i of parsed.error.issues) {
          const at = String(i.path[0]);
          if (at === "severity") issue("severity", "INVALID_SEVERITY", severityText, i.message);
          else if (at === "priorityNeeds")
            issue("priorityNeeds", "INVALID_PRIORITY_NEEDS", row.get("priorityNeeds"), i.message);
        }
      } else if (locationId && sectorId) {
        severity.push(parsed.data);
        origin.severity.push(row.row);
      }
    }
    if (!hasPeople && severityText === null)
      issues.push({
        row: row.row,
        column: null,
        severity: "warning",
        code: "NO_FIGURE",
        value: null,
        message: "This row gives no people and no severity: it is skipped.",
      });
  }
  for (const p of await checkRoundData(db, responseId, population, severity))
    issues.push({
      row: origin[p.list][p.index]!,
      column: null,
      severity: "error",
      code: p.field ? "INVALID_REFERENCE" : "DUPLICATE_ROW",
      value: null,
      message: p.field
        ? `${p.field}: ${p.message}`
        : `A row for ${p.list === "population" ? "the same place and group" : "the same place and sector"} comes earlier in the file.`,
    });
  issues.sort((a, b) => a.row - b.row);
  const errors = issues.some((i) => i.severity === "error");
  const result = errors
    ? null
    : await writeRoundData(db, responseId, round, options.actor, population, severity, {
        dryRun: options.dryRun,
      });
  const sum = (k: "created" | "updated" | "unchanged") =>
    result ? result.population[k] + result.severity[k] : 0;
  return {
    rows,
    figures: population.length + severity.length,
    created: sum("created"),
    updated: sum("updated"),
    unchanged: sum("unchanged"),
    written: !errors && !options.dryRun,
    dryRun: options.dryRun,
    issues,
  };
}
