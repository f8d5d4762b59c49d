import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { activityStatuses, modalities } from "../../../common/schemas/activities.ts";
import type { Db } from "../../db/client.ts";
import { notFound } from "../../errors.ts";
import { activityColumns } from "../activities/activities.routes.ts";

/**
 * The sector 5W template: a workbook whose "5W" sheet has the export's header and HXL hashtag rows
 * (so a filled template imports with no mapping) and drop-down lists from the reference data.
 */

/** Rows that get drop-down lists (data rows start at 3). */
export const templateRows = { first: 3, last: 1000 };

/** Excel caps an inline list formula at 255 characters. */
const inlineListLimit = 255;

export interface TemplateLists {
  organisations: string[];
  activityTypes: string[];
  indicators: string[];
  locations: string[];
  populationGroups: string[];
  statuses: string[];
  modalities: string[];
  months: string[];
}

const today = () => new Date().toISOString().slice(0, 10);

/** The months from the response's start to this month (or its end, if earlier), as YYYY-MM. */
export function responseMonths(startsOn: string, endsOn: string | null, now = today()): string[] {
  const last = (endsOn && endsOn < now ? endsOn : now).slice(0, 7);
  const months: string[] = [];
  let [year, month] = startsOn.slice(0, 7).split("-").map(Number) as [number, number];
  for (;;) {
    const text = `${year}-${String(month).padStart(2, "0")}`;
    if (text > last || months.length >= 1200) break;
    months.push(text);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return months;
}

const column = async (db: Db, query: ReturnType<typeof sql>) =>
  (await db.execute<{ value: string }>(query)).rows.map((r) => r.value);

/** The reference lists of one sector (and its sub-sectors), read now; 404 for an unknown sector. */
export async function loadTemplateLists(
  db: Db,
  response: { id: string; startsOn: string; endsOn: string | null },
  sectorCode: string,
): Promise<{ sector: { id: string; code: string; name: string }; lists: TemplateLists }> {
  const responseId = response.id;
  const [sector] = (
    await db.execute<{ id: string; code: string; name: string }>(sql`
      SELECT id, code, name FROM sectors WHERE response_id = ${responseId} AND code = ${sectorCode}
      ORDER BY (kind = 'sector') DESC LIMIT 1`)
  ).rows;
  if (!sector) throw notFound(`Sector "${sectorCode}"`);
  const sectorIds = sql`(SELECT id FROM sectors WHERE response_id = ${responseId}
    AND (id = ${sector.id} OR parent_id = ${sector.id}))`;
  const now = today();
  const lists: TemplateLists = {
    organisations: await column(
      db,
      sql`SELECT name AS value FROM organisations
        WHERE response_id = ${responseId} AND merged_into_id IS NULL ORDER BY name`,
    ),
    activityTypes: await column(
      db,
      sql`SELECT code AS value FROM activity_types
        WHERE response_id = ${responseId} AND sector_id IN ${sectorIds} ORDER BY code`,
    ),
    indicators: await column(
      db,
      sql`SELECT code AS value FROM indicators
        WHERE response_id = ${responseId} AND sector_id IN ${sectorIds} ORDER BY code`,
    ),
    // Current codes only; a code with any sensitive version is left out (as in public outputs).
    locations: await column(
      db,
      sql`SELECT DISTINCT l.code AS value FROM locations l
        WHERE l.response_id = ${responseId} AND l.valid_from <= ${now}::date
          AND (l.valid_to IS NULL OR l.valid_to >= ${now}::date)
          AND NOT EXISTS (SELECT 1 FROM locations x
            WHERE x.response_id = l.response_id AND x.code = l.code AND x.sensitive)
        ORDER BY l.code`,
    ),
    populationGroups: await column(
      db,
      sql`SELECT code AS value FROM population_groups WHERE response_id = ${responseId} ORDER BY code`,
    ),
    statuses: [...activityStatuses],
    modalities: [...modalities],
    months: responseMonths(String(response.startsOn), response.endsOn ? String(response.endsOn) : null, now),
  };
  return { sector, lists };
}

/** Which export column gets which list. */
const listOfColumn: Record<string, keyof TemplateLists> = {
  reporting_org: "organisations",
  implementing_org: "organisations",
  activity_code: "activityTypes",
  indicator_code: "indicators",
  location_code: "locations",
  population_group: "populationGroups",
  status: "statuses",
  modality: "modalities",
  reporting_month: "months",
};

const listTitles: Record<keyof TemplateLists, string> = {
  organisations: "organisation",
  activityTypes: "activity_code",
  indicators: "indicator_code",
  locations: "location_code",
  populationGroups: "population_group",
  statuses: "status",
  modalities: "modality",
  months: "reporting_month",
};

const columnLetter = (index: number): string => {
  let n = index + 1;
  let letters = "";
  while (n > 0) {
    const r = (n - 1) % 26;
    letters = String.fromCharCode(65 + r) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
};

/** The template workbook as bytes. */
export async function buildSectorTemplate(
  lists: TemplateLists,
  meta: { responseName: string; sectorCode: string; sectorName: string; generatedOn?: string },
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Intersector";
  workbook.created = new Date();
  const sheet = workbook.addWorksheet("5W", { views: [{ state: "frozen", ySplit: 2 }] });
  const readMe = workbook.addWorksheet("Read me");
  const listSheet = workbook.addWorksheet("Lists", { state: "hidden" });

  sheet.addRow(activityColumns.map((c) => c.header));
  sheet.addRow(activityColumns.map((c) => c.hxl));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(2).font = { italic: true, color: { argb: "FF555555" } };
  activityColumns.forEach((c, i) => {
    sheet.getColumn(i + 1).width = Math.max(14, Math.min(40, c.header.length + 4));
  });

  // Every list is written to the hidden Lists sheet (one column each); a short list whose values
  // hold no comma or quote is also given inline, as Excel allows (≤ 255 characters).
  const keys = Object.keys(listTitles) as (keyof TemplateLists)[];
  const formulaOf = new Map<keyof TemplateLists, string>();
  keys.forEach((key, i) => {
    const values = lists[key];
    const letter = columnLetter(i);
    listSheet.getCell(`${letter}1`).value = listTitles[key];
    values.forEach((value, row) => {
      listSheet.getCell(`${letter}${row + 2}`).value = value;
    });
    if (values.length === 0) return;
    const inline = values.join(",");
    formulaOf.set(
      key,
      inline.length + 2 <= inlineListLimit && !/[",]/.test(values.join(""))
        ? `"${inline}"`
        : `Lists!$${letter}$2:$${letter}$${values.length + 1}`,
    );
  });

  activityColumns.forEach((c, i) => {
    const key = listOfColumn[c.header];
    const formula = key && formulaOf.get(key);
    if (!formula) return;
    const letter = columnLetter(i);
    const range = `${letter}${templateRows.first}:${letter}${templateRows.last}`;
    // The dataValidations model is not in exceljs's typings.
    (
      sheet as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }
    ).dataValidations.add(range, {
      type: "list",
      allowBlank: true,
      formulae: [formula],
      showErrorMessage: true,
      errorStyle: "error",
      errorTitle: c.header,
      error: `Choose a value from the list (${listTitles[key as keyof TemplateLists]}).`,
    });
  });

  const generatedOn = meta.generatedOn ?? today();
  readMe.getColumn(1).width = 110;
  const lines = [
    `5W reporting template: ${meta.sectorName} (${meta.sectorCode}), ${meta.responseName}`,
    `Generated on ${generatedOn}. The lists reflect the reference data of that day; download a new template when they change.`,
    "",
    "How to fill it in:",
    "1. Enter one activity record per row on the 5W sheet, from row 3 down.",
    "2. Do not change, move or delete row 1 (column names) or row 2 (HXL hashtags): the import reads them to recognise the columns.",
    "3. Pick organisations, activity codes, indicators, locations, population groups, status, modality and reporting month from the drop-down lists.",
    "4. Dates are YYYY-MM-DD (start_date, end_date); the reporting month is YYYY-MM.",
    "5. Numbers (quantity, people reached and their breakdown) are whole numbers without separators.",
    "6. Leave the columns you do not use empty; activity, location and the other name columns are filled in from the codes on import.",
    "7. Save as .xlsx and upload it on the import page of the response.",
  ];
  lines.forEach((line, i) => {
    readMe.getCell(`A${i + 1}`).value = line;
  });
  readMe.getCell("A1").font = { bold: true, size: 14 };

  return Buffer.from(await workbook.xlsx.writeBuffer());
}
