import { sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";

/** The reference data of a demo response that the 4W generator draws on. */
export interface RefSector {
  id: string;
  code: string;
  parentId: string | null;
}
export interface RefActivityType {
  id: string;
  code: string;
  name: string;
  sectorId: string;
}
export interface RefIndicator {
  id: string;
  code: string;
  name: string;
  unit: string;
  disaggregation: string;
  sectorId: string;
}
export interface RefLocation {
  id: string;
  code: string;
  name: string;
  kind: string;
  level: number;
  siteType: string | null;
  parentId: string | null;
}
export interface RefOrganisation {
  id: string;
  name: string;
  acronym: string | null;
  type: string;
}

/** The reference data of a response that the generator reads (ordered by code for determinism). */
export interface DemoReference {
  sectors: RefSector[];
  activityTypes: RefActivityType[];
  indicators: RefIndicator[];
  locations: RefLocation[];
  organisations: RefOrganisation[];
  leads: { sectorId: string; organisationId: string }[];
  populationGroups: { id: string; code: string }[];
}

export async function loadDemoReference(db: Db, responseId: string): Promise<DemoReference> {
  const rows = async <T>(query: ReturnType<typeof sql>) =>
    (await db.execute<T & Record<string, unknown>>(query)).rows as T[];
  return {
    sectors: await rows<RefSector>(sql`
      SELECT id, code, parent_id AS "parentId" FROM sectors WHERE response_id = ${responseId} ORDER BY code`),
    activityTypes: await rows<RefActivityType>(sql`
      SELECT id, code, name, sector_id AS "sectorId" FROM activity_types WHERE response_id = ${responseId} ORDER BY code`),
    indicators: await rows<RefIndicator>(sql`
      SELECT id, code, name, unit, disaggregation, sector_id AS "sectorId" FROM indicators
      WHERE response_id = ${responseId} ORDER BY code`),
    locations: await rows<RefLocation>(sql`
      SELECT id, code, name, kind, level, site_type AS "siteType", parent_id AS "parentId" FROM locations
      WHERE response_id = ${responseId} AND valid_to IS NULL ORDER BY code, valid_from`),
    organisations: await rows<RefOrganisation>(sql`
      SELECT id, name, acronym, type FROM organisations
      WHERE response_id = ${responseId} AND merged_into_id IS NULL ORDER BY name`),
    leads: await rows<{ sectorId: string; organisationId: string }>(sql`
      SELECT sector_id AS "sectorId", organisation_id AS "organisationId" FROM sector_leads
      WHERE response_id = ${responseId} ORDER BY sector_id, role, organisation_id`),
    populationGroups: await rows<{ id: string; code: string }>(sql`
      SELECT id, code FROM population_groups WHERE response_id = ${responseId} ORDER BY code`),
  };
}
