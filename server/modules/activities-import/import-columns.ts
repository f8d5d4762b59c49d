import { type ImportField, importFields } from "../../../common/schemas/activity-imports.ts";
import type { DetectedColumn } from "../tabular/detect.ts";
import { matches, parseTagPattern, type TagPattern } from "../tabular/hxl-tags.ts";

/**
 * The fields an activity import reads, how each is found (HXL hashtag patterns, then header
 * synonyms) and how columns are mapped to them. The hashtags are those of the HXL export
 * (`activityColumns` in activities.routes.ts), so an export re-imports with no mapping.
 */
export { type ImportField, importFields };

/** Hashtag patterns per field, most specific fields first (the first field that matches wins). */
const hashtagPatterns: [ImportField, string[]][] = [
  ["implementingOrg", ["#org+impl"]],
  ["donors", ["#org+funder", "#org+donor"]],
  ["reportingOrg", ["#org-impl-funder-donor"]],
  ["subSector", ["#subsector"]],
  ["sector", ["#sector"]],
  ["activityType", ["#activity+code"]],
  ["activityName", ["#activity-code"]],
  ["indicator", ["#indicator"]],
  ["locationCode", ["#loc+code"]],
  ["locationName", ["#loc+name", "#loc-code"]],
  // `#adm2 +name` is read as `#adm2+name` (parseHashtag); a bare `#adm2` is a name, as in HXL.
  ["adm1Code", ["#adm1+code"]],
  ["adm1Name", ["#adm1-code"]],
  ["adm2Code", ["#adm2+code"]],
  ["adm2Name", ["#adm2-code"]],
  ["adm3Code", ["#adm3+code"]],
  ["adm3Name", ["#adm3-code"]],
  ["adm4Code", ["#adm4+code"]],
  ["adm4Name", ["#adm4-code"]],
  ["populationGroup", ["#population+type", "#population-total"]],
  ["reviewState", ["#status+review"]],
  ["status", ["#status-review"]],
  ["startDate", ["#date+start"]],
  ["endDate", ["#date+end"]],
  ["reportingMonth", ["#date+reported", "#date+month"]],
  ["quantity", ["#output+value", "#output-unit"]],
  ["unit", ["#output+unit"]],
  ["reachedTotal", ["#reached+total", "#reached+all"]],
  ["women", ["#reached+f+adults"]],
  ["men", ["#reached+m+adults"]],
  ["girls", ["#reached+f+children"]],
  ["boys", ["#reached+m+children"]],
  ["elderly", ["#reached+elderly"]],
  ["personsWithDisabilities", ["#reached+disabled"]],
  ["modality", ["#modality"]],
  ["notes", ["#description"]],
  ["externalId", ["#meta+id"]],
];
const compiledPatterns: [ImportField, TagPattern[]][] = hashtagPatterns.map(([f, ps]) => [
  f,
  ps.map((p) => parseTagPattern(p)),
]);

/**
 * What the admin levels are called in the responses we serve (Bangladesh: division, district,
 * upazila, union; Myanmar: state/region, district, township, village tract or ward).
 */
const adminNames: Record<1 | 2 | 3 | 4, string[]> = {
  1: ["division", "state", "region", "state/region", "province"],
  2: ["district"],
  3: ["upazila", "upazilla", "township", "sub-district"],
  4: ["union", "ward", "village tract"],
};
/** Headers of an admin level's name column: its names, and adm3, ADM3_EN, admin3Name_en as in COD files. */
const adminNameHeaders = (n: 1 | 2 | 3 | 4) => [
  ...adminNames[n],
  ...adminNames[n].map((a) => `${a} name`),
  `adm${n}`,
  `adm${n}_name`,
  `adm${n}_en`,
  `admin${n}`,
  `admin${n}name`,
  `admin${n}name_en`,
];
/** Headers of an admin level's code column: "Upazila P-code", ADM3_PCODE, admin3Pcode. */
const adminCodeHeaders = (n: 1 | 2 | 3 | 4) => [
  ...adminNames[n].flatMap((a) => [`${a} code`, `${a} pcode`]),
  `adm${n}_pcode`,
  `adm${n}_code`,
  `admin${n}pcode`,
  `admin${n}code`,
];

/** Header synonyms per field, compared after lower-casing and removing everything but letters and digits. */
const headerSynonyms: Record<ImportField, string[]> = {
  reportingOrg: [
    "reporting_org",
    "organisation",
    "organization",
    "partner",
    "reporting organisation",
    "reporting organization",
    "org",
    "agency",
  ],
  implementingOrg: [
    "implementing_org",
    "implementing organisation",
    "implementing organization",
    "implementing partner",
  ],
  donors: ["donors", "donor", "funder", "funders", "funding"],
  sector: ["sector_code", "sector", "cluster"],
  subSector: ["sub_sector_code", "sub sector", "subsector"],
  activityType: ["activity_code", "activity type code", "activity type"],
  activityName: ["activity", "activity name", "activity type name"],
  indicator: ["indicator_code", "indicator"],
  locationCode: ["location_code", "pcode", "p-code", "site code", "camp code"],
  locationName: ["location", "location name", "site", "camp", "site name"],
  adm1Code: adminCodeHeaders(1),
  adm1Name: adminNameHeaders(1),
  adm2Code: adminCodeHeaders(2),
  adm2Name: adminNameHeaders(2),
  adm3Code: adminCodeHeaders(3),
  adm3Name: adminNameHeaders(3),
  adm4Code: adminCodeHeaders(4),
  adm4Name: adminNameHeaders(4),
  parentCode: ["parent code", "parent pcode", "parent p-code", "parent location code"],
  parentName: ["parent", "parent name", "parent location", "parent area"],
  populationGroup: ["population_group", "population group", "beneficiary type", "population type"],
  status: ["status", "activity status"],
  startDate: ["start_date", "start", "start date"],
  endDate: ["end_date", "end", "end date"],
  reportingMonth: ["reporting_month", "month", "reporting month", "reporting period"],
  quantity: ["quantity", "value", "output"],
  unit: ["unit", "units"],
  reachedTotal: ["reached_total", "total", "total reached", "people reached"],
  women: ["women"],
  men: ["men"],
  girls: ["girls"],
  boys: ["boys"],
  elderly: ["elderly", "older persons", "older people"],
  personsWithDisabilities: ["persons_with_disabilities", "pwd", "persons with disabilities", "disabled"],
  modality: ["modality"],
  notes: ["notes", "comments", "remarks", "description"],
  externalId: ["external_id", "external id", "id", "record id"],
  reviewState: ["review_state", "review state"],
};

/** A header as mappings compare it: lower case, letters and digits only ("Org. Name" → "orgname"). */
export const squash = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");
const byHeader = new Map<string, ImportField>();
for (const field of importFields)
  for (const synonym of headerSynonyms[field]) byHeader.set(squash(synonym), field);

/** One column of the file as the report describes it. */
export interface MappedColumn {
  index: number;
  header: string | null;
  hashtag: string | null;
  field: ImportField | null;
}

export interface ColumnProblem {
  column: string;
  code: "UNKNOWN_COLUMN" | "DUPLICATE_COLUMN" | "UNKNOWN_MAPPING";
  value: string;
  message: string;
}

/** An explicit mapping: header text or 0-based column index → field name, or "ignore". */
export type ExplicitMapping = Record<string, ImportField | "ignore">;

export const isImportField = (v: string): v is ImportField => (importFields as readonly string[]).includes(v);

/** The name of a column in issues: its header, else its hashtag, else its letter-free position. */
export const columnLabel = (c: { index: number; header: string | null; hashtag: string | null }) =>
  c.header ?? c.hashtag ?? `column ${c.index + 1}`;

/** The "Issues" column of an annotated file sent back: not data, skipped without a warning. */
const isIssuesColumn = (c: DetectedColumn) =>
  c.hashtag?.toLowerCase().startsWith("#meta+issues") ||
  (c.header !== null && /^issues\b/i.test(c.header.trim()));

function fieldByHashtag(column: DetectedColumn): ImportField | null {
  if (!column.hashtag) return null;
  for (const [field, patterns] of compiledPatterns)
    if (patterns.some((p) => matches(p, column.hashtag))) return field;
  return null;
}

/**
 * Maps columns to fields: an explicit mapping first, then hashtags when the file has a hashtag
 * row, else header synonyms. A field taken twice keeps its first column; the others, and columns
 * that match nothing, are reported (never dropped silently).
 */
export function mapColumns(
  columns: DetectedColumn[],
  useHashtags: boolean,
  explicit: ExplicitMapping = {},
): { columns: MappedColumn[]; problems: ColumnProblem[] } {
  const problems: ColumnProblem[] = [];
  const explicitByKey = new Map<string, string>();
  for (const [key, field] of Object.entries(explicit)) explicitByKey.set(squash(key) || key, field);
  const taken = new Set<ImportField>();
  const mapped: MappedColumn[] = [];
  const usedKeys = new Set<string>();
  for (const column of columns) {
    const label = columnLabel(column);
    let field: ImportField | null = null;
    let chosen: string | undefined;
    // A key of digits is a column index, never a header such as "2024" (map that one by index).
    const headerKey = column.header ? squash(column.header) : null;
    for (const key of [String(column.index), headerKey && !/^\d+$/.test(headerKey) ? headerKey : null]) {
      if (key !== null && explicitByKey.has(key)) {
        chosen = explicitByKey.get(key);
        usedKeys.add(key);
        break;
      }
    }
    if (chosen !== undefined) field = chosen !== "ignore" && isImportField(chosen) ? chosen : null;
    else if (isIssuesColumn(column)) continue;
    else {
      field = useHashtags ? fieldByHashtag(column) : null;
      if (!field && !useHashtags && column.header) field = byHeader.get(squash(column.header)) ?? null;
      if (!field && !column.header && !column.hashtag) continue;
      if (!field)
        problems.push({
          column: label,
          code: "UNKNOWN_COLUMN",
          value: column.hashtag ?? column.header ?? "",
          message: `The column ${label}${column.hashtag && column.header ? ` (${column.hashtag})` : ""} matches no activity field and is not imported; map it explicitly if it should be.`,
        });
    }
    if (field && taken.has(field)) {
      problems.push({
        column: label,
        code: "DUPLICATE_COLUMN",
        value: column.hashtag ?? column.header ?? "",
        message: `The column ${label} would fill ${field}, which an earlier column already fills; it is not imported.`,
      });
      field = null;
    }
    if (field) taken.add(field);
    mapped.push({ index: column.index, header: column.header, hashtag: column.hashtag, field });
  }
  for (const [key, field] of explicitByKey) {
    if (field !== "ignore" && !isImportField(field))
      problems.push({
        column: key,
        code: "UNKNOWN_MAPPING",
        value: field,
        message: `The mapping names "${field}", which is not an activity field (${importFields.join(", ")}).`,
      });
    else if (!usedKeys.has(key))
      problems.push({
        column: key,
        code: "UNKNOWN_MAPPING",
        value: key,
        message: `The mapping names the column "${key}", which the file does not have.`,
      });
  }
  return { columns: mapped, problems };
}
