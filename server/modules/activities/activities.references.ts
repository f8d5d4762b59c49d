import { sql } from "drizzle-orm";
import type { ErrorDetail } from "../../../common/errors.ts";
import type { Db } from "../../db/client.ts";

/** The references of a record, as ids, checked against the response's reference data. */
export interface RecordReferences {
  reportingOrgId: string;
  implementingOrgId: string | null;
  donorIds: string[];
  sectorId: string;
  subSectorId: string | null;
  activityTypeId: string;
  indicatorId: string | null;
  locationId: string;
  populationGroupId: string | null;
  startDate: string;
  endDate: string;
}

type Found = {
  orgs: { id: string; merged_into_id: string | null }[];
  sectors: { id: string; parent_id: string | null }[];
  activity_type_sector: string | null;
  indicator_sector: string | null;
  location: { valid_from: string; valid_to: string | null; code: string } | null;
  population_group: boolean;
};

/**
 * Checks that every reference exists in this response and fits: organisations not merged away,
 * the sub-sector a child of the sector, the activity type and indicator in the sector or its
 * sub-sector, the location valid over the whole activity (valid_from ≤ start, valid_to null or
 * ≥ end). Returns the problems (paths `body.…`) and the parent of the sector (for permissions).
 */
export async function checkReferences(
  db: Db,
  responseId: string,
  r: RecordReferences,
): Promise<{ issues: ErrorDetail[]; sectorParentId: string | null }> {
  const orgIds = [r.reportingOrgId, ...(r.implementingOrgId ? [r.implementingOrgId] : []), ...r.donorIds];
  const sectorIds = [r.sectorId, ...(r.subSectorId ? [r.subSectorId] : [])];
  const result = await db.execute<Found>(sql`
    SELECT
      (SELECT coalesce(json_agg(json_build_object('id', id, 'merged_into_id', merged_into_id)), '[]'::json)
        FROM organisations WHERE response_id = ${responseId} AND id = ANY(${sql.param(orgIds)}::uuid[])) AS orgs,
      (SELECT coalesce(json_agg(json_build_object('id', id, 'parent_id', parent_id)), '[]'::json)
        FROM sectors WHERE response_id = ${responseId} AND id = ANY(${sql.param(sectorIds)}::uuid[])) AS sectors,
      (SELECT sector_id FROM activity_types WHERE response_id = ${responseId} AND id = ${r.activityTypeId}) AS activity_type_sector,
      (SELECT sector_id FROM indicators WHERE response_id = ${responseId} AND id = ${r.indicatorId}::uuid) AS indicator_sector,
      (SELECT json_build_object('valid_from', valid_from::text, 'valid_to', valid_to::text, 'code', code)
        FROM locations WHERE response_id = ${responseId} AND id = ${r.locationId}) AS location,
      EXISTS (SELECT 1 FROM population_groups WHERE response_id = ${responseId} AND id = ${r.populationGroupId}::uuid) AS population_group`);
  const found = parse(result.rows[0]!);
  const issues: ErrorDetail[] = [];
  const org = (id: string, path: string) => {
    const row = found.orgs.find((o) => o.id === id);
    if (!row) issues.push({ path, message: `unknown organisation ${id}` });
    else if (row.merged_into_id)
      issues.push({
        path,
        message: `organisation ${id} was merged into ${row.merged_into_id}; use that one`,
      });
  };
  org(r.reportingOrgId, "body.reportingOrgId");
  if (r.implementingOrgId) org(r.implementingOrgId, "body.implementingOrgId");
  r.donorIds.forEach((id, i) => {
    org(id, `body.donorIds.${i}`);
  });
  const sector = found.sectors.find((s) => s.id === r.sectorId);
  if (!sector) issues.push({ path: "body.sectorId", message: "unknown sector" });
  if (r.subSectorId) {
    const sub = found.sectors.find((s) => s.id === r.subSectorId);
    if (!sub) issues.push({ path: "body.subSectorId", message: "unknown sector" });
    else if (sub.parent_id !== r.sectorId)
      issues.push({ path: "body.subSectorId", message: "must be a sub-sector of the record's sector" });
  }
  const inSector = (sectorId: string | null) =>
    sectorId === r.sectorId || (!!r.subSectorId && sectorId === r.subSectorId);
  if (found.activity_type_sector === null)
    issues.push({ path: "body.activityTypeId", message: "unknown activity type" });
  else if (!inSector(found.activity_type_sector))
    issues.push({ path: "body.activityTypeId", message: "must belong to the sector or its sub-sector" });
  if (r.indicatorId) {
    if (found.indicator_sector === null)
      issues.push({ path: "body.indicatorId", message: "unknown indicator" });
    else if (!inSector(found.indicator_sector))
      issues.push({ path: "body.indicatorId", message: "must belong to the sector or its sub-sector" });
  }
  const location = found.location;
  if (!location) issues.push({ path: "body.locationId", message: "unknown location" });
  else if (
    location.valid_from > r.startDate ||
    (location.valid_to !== null && location.valid_to < r.endDate)
  ) {
    issues.push({
      path: "body.locationId",
      message: `${location.code} is valid from ${location.valid_from}${location.valid_to ? ` to ${location.valid_to}` : ""}, not over the whole activity (${r.startDate} to ${r.endDate})`,
    });
  }
  if (r.populationGroupId && !found.population_group)
    issues.push({ path: "body.populationGroupId", message: "unknown population group" });
  return { issues, sectorParentId: sector?.parent_id ?? null };
}

function parse(row: Found): Found {
  const json = <T>(v: T | string): T => (typeof v === "string" ? (JSON.parse(v) as T) : v);
  return { ...row, orgs: json(row.orgs), sectors: json(row.sectors), location: json(row.location) };
}
