import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import type { PlatformSummary, RepresentationRow } from "../../../common/schemas/platforms.ts";
import type { Db } from "../../db/client.ts";
import type { ExportColumn } from "../../http/list.ts";

/**
 * The representation matrix: organisations × platforms, each cell the role that represents the
 * organisation there (a chair without a member row counts, with its chairing role).
 */
export async function representationRows(
  db: Db,
  responseId: string,
  filter: { organisationId?: string; q?: string },
): Promise<RepresentationRow[]> {
  const like = filter.q ? `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const result = await db.execute<{
    id: string;
    name: string;
    acronym: string | null;
    platform_id: string;
    representative_role: string | null;
    chair: "chair" | "co_chair" | null;
  }>(sql`
    WITH seats AS (
      SELECT m.organisation_id, m.platform_id, coalesce(m.representative_role, c.role_title) AS representative_role, c.role AS chair
      FROM platform_members m
      LEFT JOIN platform_chairs c ON c.response_id = m.response_id AND c.platform_id = m.platform_id AND c.organisation_id = m.organisation_id
      WHERE m.response_id = ${responseId}
      UNION ALL
      SELECT c.organisation_id, c.platform_id, c.role_title, c.role
      FROM platform_chairs c
      WHERE c.response_id = ${responseId} AND NOT EXISTS (SELECT 1 FROM platform_members m
        WHERE m.response_id = c.response_id AND m.platform_id = c.platform_id AND m.organisation_id = c.organisation_id)
    )
    SELECT o.id, o.name, o.acronym, s.platform_id, s.representative_role, s.chair
    FROM seats s JOIN organisations o ON o.response_id = ${responseId} AND o.id = s.organisation_id
    WHERE (${filter.organisationId ?? null}::uuid IS NULL OR o.id = ${filter.organisationId ?? null}::uuid)
      AND (${like}::text IS NULL OR o.name ILIKE ${like} OR o.acronym ILIKE ${like})
    ORDER BY o.name, o.id`);
  const rows: RepresentationRow[] = [];
  for (const r of result.rows) {
    let row = rows[rows.length - 1];
    if (row?.id !== r.id) {
      row = { id: r.id, name: r.name, acronym: r.acronym, seats: {} };
      rows.push(row);
    }
    row.seats[r.platform_id] = { representativeRole: r.representative_role, chair: r.chair };
  }
  return rows;
}

/** HXL attributes are lower-case letters, digits and underscores. */
const hxlAttribute = (code: string) => code.toLowerCase().replace(/[^a-z0-9_]/g, "_");

const cellText = (seat: RepresentationRow["seats"][string] | undefined) => {
  if (!seat) return null;
  const chair = seat.chair === "chair" ? "chair" : seat.chair === "co_chair" ? "co-chair" : null;
  const role = seat.representativeRole ?? "member";
  return chair ? `${role} (${chair})` : role;
};

/** One column per platform, after the organisation's name and acronym. */
export function representationColumns(platforms: PlatformSummary[]): ExportColumn<RepresentationRow>[] {
  return [
    { header: "organisation", hxl: "#org+name", value: (r) => r.name },
    { header: "acronym", hxl: "#org+acronym", value: (r) => r.acronym },
    ...platforms.map(
      (p): ExportColumn<RepresentationRow> => ({
        header: p.code,
        hxl: `#contact+role+platform_${hxlAttribute(p.code)}`,
        value: (r) => cellText(r.seats[p.id]),
      }),
    ),
  ];
}

/** The matrix as a small workbook: a response has tens of platforms and organisations, not thousands. */
export async function representationXlsx(
  platforms: PlatformSummary[],
  rows: RepresentationRow[],
  title: string,
): Promise<Buffer> {
  const columns = representationColumns(platforms);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Representation", {
    views: [{ state: "frozen", xSplit: 2, ySplit: 3 }],
  });
  sheet.addRow([title]).font = { bold: true, size: 13 };
  // Header row: full platform names for people, the HXL row below for machines.
  const header = sheet.addRow(["Organisation", "Acronym", ...platforms.map((p) => p.name)]);
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: "top" };
  sheet.addRow(columns.map((c) => c.hxl)).font = { italic: true, color: { argb: "FF555555" } };
  // Values are written as plain strings, never formulas.
  for (const r of rows) sheet.addRow(columns.map((c) => c.value(r) ?? null));
  sheet.getColumn(1).width = 40;
  sheet.getColumn(2).width = 12;
  for (let i = 3; i <= columns.length; i++) sheet.getColumn(i).width = 22;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
