import type { Principal } from "../../../common/permissions.ts";
import {
  type FigureInput,
  type FiguresImportReport,
  figureInput,
  type ImportIssue,
  type PlanMetric,
} from "../../../common/schemas/plans.ts";
import { isoDate } from "../../../common/schemas/responses.ts";
import type { Db } from "../../db/client.ts";
import { AppError, invalid } from "../../errors.ts";
import { ReferenceCache } from "../activities-import/import-references.ts";
import type { Actor } from "../audit/audit.service.ts";
import { checkFigureReferences, duplicateFigures, refusedFigures, upsertFigures } from "./figures.service.ts";
import { type ColumnMapping, type FieldRule, openMappedTable, readNumber } from "./import-table.ts";
import {
  findIndicator,
  findLocation,
  findOrganisation,
  findPopulationGroup,
  findSector,
  type Report,
} from "./row-references.ts";

export const figureFields = [
  "sectorCode",
  "sector",
  "location",
  "adm4",
  "adm3",
  "adm2",
  "adm1",
  "populationGroup",
  "inNeed",
  "targeted",
  "indicator",
  "target",
  "fundingRequired",
  "fundingReceived",
  "organisation",
  "asOf",
] as const;
type Field = (typeof figureFields)[number];

/** Specific hashtags before general ones: `#sector+code` before `#sector`, `#indicator+target` before `#indicator`. */
export const figureRules: FieldRule<Field>[] = [
  { field: "sectorCode", tags: ["#sector+code"], headers: ["sector_code", "cluster_code"] },
  { field: "sector", tags: ["#sector"], headers: ["sector", "cluster", "sector_name"] },
  {
    field: "location",
    tags: ["#loc+code", "#site+code"],
    headers: ["location_code", "loc_code", "site_code", "pcode", "ssid"],
  },
  { field: "adm4", tags: ["#adm4+code"], headers: ["adm4_pcode", "adm4_code"] },
  { field: "adm3", tags: ["#adm3+code"], headers: ["adm3_pcode", "adm3_code"] },
  { field: "adm2", tags: ["#adm2+code"], headers: ["adm2_pcode", "adm2_code"] },
  { field: "adm1", tags: ["#adm1+code"], headers: ["adm1_pcode", "adm1_code"] },
  { field: "populationGroup", tags: ["#population+group"], headers: ["population_group"] },
  { field: "inNeed", tags: ["#inneed"], headers: ["in_need", "people_in_need", "pin"] },
  { field: "targeted", tags: ["#targeted"], headers: ["targeted", "people_targeted"] },
  { field: "target", tags: ["#indicator+target"], headers: ["target"] },
  { field: "indicator", tags: ["#indicator+code", "#indicator"], headers: ["indicator_code", "indicator"] },
  {
    field: "fundingRequired",
    tags: ["#value+funding+required"],
    headers: ["funding_required", "requirements_usd"],
  },
  {
    field: "fundingReceived",
    tags: ["#value+funding+received"],
    headers: ["funding_received", "received_usd"],
  },
  { field: "organisation", tags: ["#org+name", "#org"], headers: ["organisation", "organization"] },
  { field: "asOf", tags: ["#date+asof"], headers: ["as_of"] },
];

const metricColumns: [Field, PlanMetric][] = [
  ["inNeed", "in_need"],
  ["targeted", "targeted"],
  ["target", "target"],
  ["fundingRequired", "funding_required"],
  ["fundingReceived", "funding_received"],
];

export interface FiguresImportOptions {
  principal: Principal;
  actor: Actor;
  year: number;
  asOf?: string;
  dryRun: boolean;
  mapping?: ColumnMapping;
  sheet?: string;
  source?: string;
}

/**
 * Imports plan figures from a CSV/XLSX/HXL file: every row is read and checked (references by
 * code or name, numbers, rights); any error writes nothing. A row may give several metrics.
 */
export async function importFigures(
  db: Db,
  responseId: string,
  bytes: Uint8Array,
  options: FiguresImportOptions,
): Promise<FiguresImportReport> {
  const table = await openMappedTable(bytes, figureRules, { mapping: options.mapping, sheet: options.sheet });
  if (!options.asOf && !table.has("asOf")) {
    table.close();
    throw invalid("Give the date the figures are as of: ?asOf=YYYY-MM-DD, or a #date+asof column.", [
      { path: "querystring.asOf", message: "required unless the file has a #date+asof column" },
    ]);
  }
  if (!metricColumns.some(([field]) => table.has(field))) {
    table.close();
    throw invalid("The file has no figure column (#inneed, #targeted, #indicator+target or funding).", [
      { path: "file", message: "no figure column" },
    ]);
  }
  const refs = new ReferenceCache(db, responseId);
  const issues: ImportIssue[] = [...table.issues];
  const figures: FigureInput[] = [];
  /** Where each figure came from, to report its problems on the file's row and column. */
  const origin: { row: number; column: string; value: string }[] = [];
  let rows = 0;
  for await (const row of table.rows) {
    rows++;
    const issue = (
      field: Field | null,
      code: string,
      value: string | null,
      message: string,
      severity: "error" | "warning" = "error",
    ) =>
      issues.push({
        row: row.row,
        column: field ? table.label(field) : null,
        severity,
        code,
        value,
        message,
      });
    const before = issues.length;

    const at =
      (field: Field, value: string): Report =>
      (code, message) =>
        issue(field, code, value, message);
    const sectorField = (["sectorCode", "sector"] as const).find((f) => row.get(f));
    const sectorId = sectorField
      ? await findSector(refs, row.get(sectorField)!, at(sectorField, row.get(sectorField)!))
      : null;
    const locationField = (["location", "adm4", "adm3", "adm2", "adm1"] as const).find((f) => row.get(f));
    const locationId = locationField
      ? await findLocation(refs, row.get(locationField)!, at(locationField, row.get(locationField)!))
      : null;
    const groupText = row.get("populationGroup");
    const populationGroupId = groupText
      ? await findPopulationGroup(refs, groupText, at("populationGroup", groupText))
      : null;
    const orgText = row.get("organisation");
    const organisationId = orgText
      ? await findOrganisation(refs, orgText, at("organisation", orgText))
      : null;
    const indicatorText = row.get("indicator");
    const indicatorId =
      indicatorText && row.get("target")
        ? await findIndicator(refs, indicatorText, sectorId, at("indicator", indicatorText))
        : null;
    let asOf = options.asOf ?? null;
    const asOfText = row.get("asOf");
    if (asOfText) {
      if (isoDate.safeParse(asOfText).success) asOf = asOfText;
      else issue("asOf", "INVALID_DATE", asOfText, "The date must be written YYYY-MM-DD.");
    } else if (!asOf) issue("asOf", "MISSING_DATE", null, "This row has no date (as of).");

    let metrics = 0;
    for (const [field, metric] of metricColumns) {
      const text = row.get(field);
      if (text === null) continue;
      metrics++;
      const value = readNumber(text);
      if (value === null) {
        issue(field, "INVALID_NUMBER", text, `"${text}" is not a number.`);
        continue;
      }
      if (metric === "target" && !indicatorText) {
        issue(field, "MISSING_INDICATOR", text, "A target names its indicator (#indicator+code).");
        continue;
      }
      if (issues.length > before) continue;
      const funding = metric.startsWith("funding");
      const candidate = {
        metric,
        sectorId,
        locationId,
        populationGroupId: funding ? null : populationGroupId,
        indicatorId: metric === "target" ? indicatorId : null,
        organisationId: funding ? organisationId : null,
        value,
        asOf: asOf!,
        ...(options.source ? { source: options.source } : {}),
      };
      const parsed = figureInput.safeParse(candidate);
      if (!parsed.success) {
        for (const i of parsed.error.issues)
          issue(field, "INVALID_FIGURE", text, `${String(i.path[0] ?? "value")}: ${i.message}`);
        continue;
      }
      figures.push(parsed.data);
      origin.push({ row: row.row, column: table.label(field), value: text });
    }
    if (metrics === 0) issue(null, "NO_FIGURE", null, "This row gives no figure: it is skipped.", "warning");
  }

  const { problems, sectorParents } = await checkFigureReferences(db, responseId, options.year, figures);
  for (const p of [...problems, ...duplicateFigures(figures)]) {
    const o = origin[p.index]!;
    issues.push({
      row: o.row,
      column: o.column,
      severity: "error",
      code: p.field ? "INVALID_REFERENCE" : "DUPLICATE_FIGURE",
      value: o.value,
      message: p.field
        ? `${p.field}: ${p.message}`
        : `The same figure (key and date) as an earlier row: ${p.message}.`,
    });
  }
  const refused = refusedFigures(options.principal, responseId, figures, sectorParents);
  if (refused.length)
    throw new AppError(
      "FORBIDDEN",
      `You do not have permission (plan:write) for the sector of ${refused.length} figure(s): nothing was imported.`,
      refused
        .slice(0, 50)
        .map((i) => ({ path: `row ${origin[i]!.row}`, message: `${origin[i]!.column}: not your sector` })),
    );
  issues.sort((a, b) => a.row - b.row);
  const errors = issues.some((i) => i.severity === "error");
  const counts = errors
    ? { created: 0, updated: 0, unchanged: 0 }
    : await upsertFigures(db, responseId, options.year, options.actor, figures, { dryRun: options.dryRun });
  return {
    rows,
    figures: figures.length,
    ...counts,
    written: !errors && !options.dryRun,
    dryRun: options.dryRun,
    issues,
  };
}
