/**
 * Shapes of the demo data sets. The demo is written by us from public facts
 * (names, codes, approximate centroids); it is not copied from any data file.
 */

/** Admin levels 0–4 or a site (camp, IDP site, …) attached to an admin area. */
export type DemoLocationLevel = 0 | 1 | 2 | 3 | 4 | "site";

export type DemoSiteType = "camp" | "informal_settlement" | "idp_site" | "host_community_village";

export interface DemoLocation {
  /** P-code for admin areas, site code (e.g. NPM SSID `CXB-201`) for sites. */
  code: string;
  name: string;
  /** Names in other languages, keyed by BCP 47 language tag (`bn`, `my`). */
  names?: Record<string, string>;
  level: DemoLocationLevel;
  siteType?: DemoSiteType;
  /** Code of the parent location; absent only for admin level 0. */
  parent?: string;
  /** Approximate centroid, WGS84. */
  lat?: number;
  lon?: number;
}

/** IATI OrganisationType codes: 10 government, 15 other public sector, 21 INGO, 22 NNGO, 23 regional NGO, 24 partner-country NGO, 30 PPP, 40 multilateral, 60 foundation, 70 private sector, 71/72/73 private sector by origin, 80 academic, 90 other. */
export type IatiOrganisationType =
  | "10"
  | "11"
  | "15"
  | "21"
  | "22"
  | "23"
  | "24"
  | "30"
  | "40"
  | "60"
  | "70"
  | "71"
  | "72"
  | "73"
  | "80"
  | "90";

export interface DemoOrganisation {
  name: string;
  acronym?: string;
  type: IatiOrganisationType;
  /** IATI organisation identifier where one is public (e.g. `XM-DAC-41121` for UNHCR). */
  iatiId?: string;
  /** Other spellings seen in partners' spreadsheets. */
  aliases?: string[];
  /** Acronym (or name) of a parent organisation, e.g. a national society's federation. */
  parent?: string;
}

export type DemoDisaggregation = "none" | "sex" | "sex_age";

export interface DemoActivityType {
  code: string;
  name: string;
}

export interface DemoIndicator {
  code: string;
  name: string;
  /** Unit of measure: `people`, `households`, `litres`, `latrines`, `sessions`, … */
  unit: string;
  disaggregation: DemoDisaggregation;
}

export interface DemoSector {
  code: string;
  name: string;
  /** `sector` for a sector/cluster, `sub_sector` and `working_group` for bodies under one. */
  kind: "sector" | "sub_sector" | "working_group";
  /** Acronyms (or names) of lead and co-lead organisations; they must exist in `organisations`. */
  leads: string[];
  coLeads?: string[];
  activityTypes: DemoActivityType[];
  indicators: DemoIndicator[];
  /** Sub-sectors and working groups under this sector. */
  children?: DemoSector[];
}

export interface DemoPopulationGroup {
  code: string;
  name: string;
}

export interface DemoResponse {
  slug: string;
  name: string;
  /** ISO 3166-1 alpha-3. */
  countryIso3: string;
  /** BCP 47 language tags, the first is the default. */
  languages: string[];
  /** ISO dates. */
  startsOn: string;
  endsOn?: string;
  locations: DemoLocation[];
  organisations: DemoOrganisation[];
  sectors: DemoSector[];
  populationGroups: DemoPopulationGroup[];
}
