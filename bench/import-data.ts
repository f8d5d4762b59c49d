import { randomUUID } from "node:crypto";
import { once } from "node:events";
import fs from "node:fs";
import { sql } from "drizzle-orm";
import type { Db } from "../server/db/client.ts";
import { activityColumns } from "../server/modules/activities/activities.routes.ts";

/**
 * The data of the 4W import benchmark: a response's reference data (40 organisations, 13 sectors
 * with 5 activity types and 2 indicators each, 3 population groups, a 600-place gazetteer) and a
 * generated 4W file of any length over 24 months, written twice in one pass: as the portal's
 * HXL-tagged import file (names and codes, as partners send it) and as a CSV of resolved ids for
 * PostgreSQL's COPY (the baseline). Deterministic: the same row count gives the same files.
 */

const sectorSpecs: [code: string, name: string, unit: string, types: string[]][] = [
  [
    "EDU",
    "Education",
    "learners",
    ["Learning centre running", "Teacher training", "Learning materials", "Youth literacy", "School feeding"],
  ],
  [
    "FSS",
    "Food Security",
    "households",
    [
      "General food assistance",
      "E-voucher top-up",
      "Home gardening",
      "Livelihood grant",
      "Fresh food corner",
    ],
  ],
  [
    "HEA",
    "Health",
    "consultations",
    [
      "Primary health consultation",
      "Vaccination session",
      "Antenatal care",
      "Community health worker visit",
      "Referral",
    ],
  ],
  [
    "NUT",
    "Nutrition",
    "children",
    ["SAM treatment", "MAM treatment", "Blanket supplementary feeding", "IYCF counselling", "MUAC screening"],
  ],
  [
    "PRO",
    "Protection",
    "people",
    ["Case management", "Legal aid", "Protection monitoring", "Community outreach", "Documentation support"],
  ],
  [
    "CP",
    "Child Protection",
    "children",
    [
      "Child-friendly space",
      "Family tracing",
      "Psychosocial support",
      "Alternative care",
      "Awareness session",
    ],
  ],
  [
    "GBV",
    "Gender-Based Violence",
    "women",
    ["Safe space", "Dignity kits", "GBV case management", "Clinical management of rape", "Women's group"],
  ],
  [
    "SHL",
    "Shelter and NFI",
    "households",
    ["Shelter upgrade", "Tie-down kit", "NFI distribution", "LPG refill", "Bamboo treatment"],
  ],
  [
    "WSH",
    "Water, Sanitation and Hygiene",
    "people",
    ["Latrine construction", "Tube well repair", "Hygiene kit distribution", "Water trucking", "Desludging"],
  ],
  [
    "SMS",
    "Site Management",
    "blocks",
    [
      "Site planning",
      "Drainage works",
      "Slope protection",
      "Community feedback desk",
      "Fire safety training",
    ],
  ],
  [
    "LOG",
    "Logistics",
    "tonnes",
    [
      "Warehouse storage",
      "Transport of relief items",
      "Mobile storage unit",
      "Customs clearance",
      "Fuel supply",
    ],
  ],
  [
    "ETC",
    "Emergency Telecommunications",
    "users",
    ["Internet connectivity", "Radio programming", "Helpline", "Charging station", "Security telecoms"],
  ],
  [
    "CWC",
    "Communication with Communities",
    "people",
    ["Information session", "Feedback collection", "Community radio", "Rumour tracking", "Language support"],
  ],
];

const orgNames: [name: string, acronym: string, type: string][] = [
  ["BRAC", "BRAC", "22"],
  ["Save the Children", "SCI", "21"],
  ["Action Against Hunger", "ACF", "21"],
  ["International Rescue Committee", "IRC", "21"],
  ["Médecins Sans Frontières", "MSF", "21"],
  ["Oxfam", "OXF", "21"],
  ["CARE International", "CARE", "21"],
  ["World Vision", "WVI", "21"],
  ["Danish Refugee Council", "DRC", "21"],
  ["Norwegian Refugee Council", "NRC", "21"],
  ["Plan International", "PLAN", "21"],
  ["Handicap International", "HI", "21"],
  ["Relief International", "RI", "21"],
  ["Solidarités International", "SI", "21"],
  ["Terre des hommes", "TDH", "21"],
  ["Caritas Bangladesh", "CB", "22"],
  ["Mukti Cox's Bazar", "MUKTI", "22"],
  ["Young Power in Social Action", "YPSA", "22"],
  ["Dhaka Ahsania Mission", "DAM", "22"],
  ["Friendship", "FRND", "22"],
  ["Gonoshasthaya Kendra", "GK", "22"],
  ["Society for Health Extension and Development", "SHED", "22"],
  ["Research Training and Management International", "RTMI", "22"],
  ["Coast Foundation", "COAST", "22"],
  ["Pulse Bangladesh", "PULSE", "22"],
  ["Hope Foundation", "HOPE", "22"],
  ["Bangladesh Red Crescent Society", "BDRCS", "80"],
  ["Christian Aid", "CA", "21"],
  ["HelpAge International", "HAI", "21"],
  ["Translators without Borders", "TWB", "21"],
  ["UNICEF", "UNICEF", "40"],
  ["UNHCR", "UNHCR", "40"],
  ["World Food Programme", "WFP", "40"],
  ["International Organization for Migration", "IOM", "40"],
  ["UN Population Fund", "UNFPA", "40"],
  ["World Health Organization", "WHO", "40"],
  ["European Commission Humanitarian Aid", "ECHO", "10"],
  ["UK Foreign, Commonwealth and Development Office", "FCDO", "10"],
  ["USAID Bureau for Humanitarian Assistance", "BHA", "10"],
  ["Global Affairs Canada", "GAC", "10"],
];

const populationSpecs: [string, string][] = [
  ["REF", "Rohingya refugees"],
  ["HOST", "Host community"],
  ["IDP", "Internally displaced people"],
];

export const benchMonths = 24;
const firstYear = 2023;
const districtCount = 8;
const siteCount = 591; // with the country and 8 districts: a 600-place gazetteer

export interface BenchRefs {
  orgs: { id: string; name: string; acronym: string; donor: boolean }[];
  sectors: { id: string; code: string; unit: string }[];
  types: { id: string; code: string; name: string; sector: number }[];
  indicators: { id: string; code: string; sector: number }[];
  sites: { id: string; code: string; name: string }[];
  populations: { id: string; code: string }[];
}

/** Inserts the reference data into the response and returns it with its ids. */
export async function createReferenceData(db: Db, responseId: string): Promise<BenchRefs> {
  const insert = async <T>(query: ReturnType<typeof sql>) =>
    (await db.execute<T & { id: string }>(query)).rows;
  const orgRows = await insert<{ name: string }>(sql`
    INSERT INTO organisations (response_id, name, acronym, type)
    SELECT ${responseId}, n, a, t FROM unnest(${sql.param(orgNames.map((o) => o[0]))}::text[],
      ${sql.param(orgNames.map((o) => o[1]))}::text[], ${sql.param(orgNames.map((o) => o[2]))}::text[]) AS u(n, a, t)
    RETURNING id, name`);
  const orgs = orgNames.map(([name, acronym, type]) => ({
    id: orgRows.find((r) => r.name === name)!.id,
    name,
    acronym,
    donor: type === "10",
  }));
  const sectorRows = await insert<{ code: string }>(sql`
    INSERT INTO sectors (response_id, code, name, kind)
    SELECT ${responseId}, c, n, 'sector' FROM unnest(${sql.param(sectorSpecs.map((s) => s[0]))}::text[],
      ${sql.param(sectorSpecs.map((s) => s[1]))}::text[]) AS u(c, n)
    RETURNING id, code`);
  const sectors = sectorSpecs.map(([code, , unit]) => ({
    id: sectorRows.find((r) => r.code === code)!.id,
    code,
    unit,
  }));
  const typeSpecs = sectorSpecs.flatMap(([code, , , names], sector) =>
    names.map((name, k) => ({ code: `${code}-${String(k + 1).padStart(2, "0")}`, name, sector })),
  );
  const typeRows = await insert<{ code: string }>(sql`
    INSERT INTO activity_types (response_id, sector_id, code, name)
    SELECT ${responseId}, s, c, n FROM unnest(${sql.param(typeSpecs.map((t) => sectors[t.sector]!.id))}::uuid[],
      ${sql.param(typeSpecs.map((t) => t.code))}::text[], ${sql.param(typeSpecs.map((t) => t.name))}::text[]) AS u(s, c, n)
    RETURNING id, code`);
  const types = typeSpecs.map((t) => ({ ...t, id: typeRows.find((r) => r.code === t.code)!.id }));
  const indicatorSpecs = sectorSpecs.flatMap(([code, name, unit], sector) =>
    [1, 2].map((k) => ({ code: `${code}-IND-${k}`, name: `${name} indicator ${k}`, unit, sector })),
  );
  const indicatorRows = await insert<{ code: string }>(sql`
    INSERT INTO indicators (response_id, sector_id, code, name, unit, disaggregation)
    SELECT ${responseId}, s, c, n, un, 'sex_age' FROM unnest(
      ${sql.param(indicatorSpecs.map((i) => sectors[i.sector]!.id))}::uuid[], ${sql.param(indicatorSpecs.map((i) => i.code))}::text[],
      ${sql.param(indicatorSpecs.map((i) => i.name))}::text[], ${sql.param(indicatorSpecs.map((i) => i.unit))}::text[]) AS u(s, c, n, un)
    RETURNING id, code`);
  const indicators = indicatorSpecs.map((i) => ({
    ...i,
    id: indicatorRows.find((r) => r.code === i.code)!.id,
  }));
  const populationRows = await insert<{ code: string }>(sql`
    INSERT INTO population_groups (response_id, code, name)
    SELECT ${responseId}, c, n FROM unnest(${sql.param(populationSpecs.map((p) => p[0]))}::text[],
      ${sql.param(populationSpecs.map((p) => p[1]))}::text[]) AS u(c, n)
    RETURNING id, code`);
  const populations = populationSpecs.map(([code]) => ({
    code,
    id: populationRows.find((r) => r.code === code)!.id,
  }));
  const [country] = await insert(sql`INSERT INTO locations (response_id, code, name, kind, level)
    VALUES (${responseId}, 'BD', 'Bangladesh', 'admin', 0) RETURNING id`);
  const districtCodes = Array.from(
    { length: districtCount },
    (_, d) => `BD20${String(d + 1).padStart(2, "0")}`,
  );
  const districtRows = await insert<{ code: string }>(sql`
    INSERT INTO locations (response_id, code, name, kind, level, parent_id)
    SELECT ${responseId}, c, 'Upazila ' || c, 'admin', 1, ${country!.id} FROM unnest(${sql.param(districtCodes)}::text[]) AS c
    RETURNING id, code`);
  const siteSpecs = Array.from({ length: siteCount }, (_, s) => ({
    code: `${districtCodes[s % districtCount]}${String(s + 1).padStart(4, "0")}`,
    name: `Camp ${Math.floor(s / 4) + 1}${"ABCD"[s % 4]}`,
    parent: districtRows.find((r) => r.code === districtCodes[s % districtCount])!.id,
  }));
  const siteRows = await insert<{ code: string }>(sql`
    INSERT INTO locations (response_id, code, name, kind, level, parent_id)
    SELECT ${responseId}, c, n, 'site', 2, p FROM unnest(${sql.param(siteSpecs.map((s) => s.code))}::text[],
      ${sql.param(siteSpecs.map((s) => s.name))}::text[], ${sql.param(siteSpecs.map((s) => s.parent))}::uuid[]) AS u(c, n, p)
    RETURNING id, code`);
  const sites = siteSpecs.map((s) => ({ ...s, id: siteRows.find((r) => r.code === s.code)!.id }));
  await db.execute(sql`ANALYZE`);
  return { orgs, sectors, types, indicators, sites, populations };
}

/** A deterministic generator of numbers in [0, 1). */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");
const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
/** Month `m` months after January of the first year, as [year, 0-based month]. */
const ym = (m: number): [number, number] => [firstYear + Math.floor(m / 12), ((m % 12) + 12) % 12];

const statuses = ["ongoing", "ongoing", "ongoing", "completed", "completed", "planned", "suspended"];
const modalities = ["in_kind", "cash", "service", "voucher", ""];
const notes = [
  "",
  "",
  "",
  "Distribution completed as planned",
  "Delayed by monsoon rains; resumed the following week",
  "Joint activity with the camp authorities",
  "Includes follow-up visits, households reached once",
  'Figures from the partner\'s "activity info" sheet, cleaned',
  "বিতরণ সম্পন্ন হয়েছে",
];

/** The column layout of the HXL export, without the review state (imports never set it). */
const importColumns = activityColumns.filter((c) => c.header !== "review_state");

/** The columns of the COPY file, in order. */
export const copyColumns = [
  "response_id",
  "id",
  "reporting_org_id",
  "implementing_org_id",
  "sector_id",
  "activity_type_id",
  "indicator_id",
  "location_id",
  "population_group_id",
  "status",
  "start_date",
  "end_date",
  "reporting_month",
  "quantity",
  "unit",
  "reached_total",
  "women",
  "men",
  "girls",
  "boys",
  "elderly",
  "persons_with_disabilities",
  "modality",
  "notes",
  "external_id",
] as const;

const csvCell = (v: string | number | null) => {
  if (v === null) return "";
  const text = String(v);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** Writes text to a file stream, waiting when its buffer is full. */
async function write(out: fs.WriteStream, text: string) {
  if (!out.write(text)) await once(out, "drain");
}

async function end(out: fs.WriteStream) {
  out.end();
  await once(out, "close");
}

export interface GeneratedFiles {
  importFile: string;
  copyFile: string;
  donorsFile: string;
  rows: number;
  donorRows: number;
  importBytes: number;
}

/**
 * Writes `rows` records. Each row's natural key (organisation, activity type, site, month,
 * population group) comes from a permutation of all combinations (110 million), so keys never
 * repeat and every organisation reports across sectors, sites and months.
 */
export async function generateFiles(
  refs: BenchRefs,
  responseId: string,
  rows: number,
  paths: { importFile: string; copyFile: string; donorsFile: string },
): Promise<GeneratedFiles> {
  const reporters = refs.orgs.filter((o) => !o.donor);
  const donors = refs.orgs.filter((o) => o.donor);
  const combos =
    reporters.length * refs.types.length * refs.sites.length * benchMonths * refs.populations.length;
  if (rows > combos) throw new Error(`At most ${combos} distinct rows can be generated.`);
  const step = 1_000_003; // a prime that divides no combination count: i → key is one-to-one
  const rand = random(rows);
  const importOut = fs.createWriteStream(paths.importFile);
  const copyOut = fs.createWriteStream(paths.copyFile);
  const donorsOut = fs.createWriteStream(paths.donorsFile);
  let importBytes = 0;
  let donorRows = 0;
  const head = `${importColumns.map((c) => c.header).join(",")}\n${importColumns.map((c) => c.hxl).join(",")}\n`;
  await write(importOut, head);
  importBytes += Buffer.byteLength(head);
  let importText = "";
  let copyText = "";
  let donorText = "";
  for (let i = 0; i < rows; i++) {
    let key = (i * step) % combos;
    const org = reporters[key % reporters.length]!;
    key = Math.floor(key / reporters.length);
    const type = refs.types[key % refs.types.length]!;
    key = Math.floor(key / refs.types.length);
    const site = refs.sites[key % refs.sites.length]!;
    key = Math.floor(key / refs.sites.length);
    const month = key % benchMonths;
    const population = refs.populations[Math.floor(key / benchMonths)]!;
    const sector = refs.sectors[type.sector]!;
    const [year, m] = ym(month);
    const [startYear, startMonth] = ym(month - Math.floor(rand() * 3));
    const [endYear, endMonth] = ym(month + Math.floor(rand() * 4));
    const startDate = `${startYear}-${pad(startMonth + 1)}-${pad(1 + Math.floor(rand() * 10))}`;
    const endDate = `${endYear}-${pad(endMonth + 1)}-${pad(lastDay(endYear, endMonth))}`;
    const implementing = rand() < 0.25 ? reporters[Math.floor(rand() * reporters.length)]! : null;
    const rowDonors =
      rand() < 0.3
        ? [...new Set([donors[Math.floor(rand() * donors.length)]!, donors[i % donors.length]!])]
        : [];
    const indicator = rand() < 0.5 ? refs.indicators[type.sector * 2 + (i % 2)]! : null;
    const girls = Math.floor(rand() * 400);
    const boys = Math.floor(rand() * 400);
    const women = Math.floor(rand() * 300);
    const men = Math.floor(rand() * 250);
    const total = girls + boys + women + men + Math.floor(rand() * 50);
    const elderly = rand() < 0.5 ? Math.floor(total * 0.05) : null;
    const disabled = rand() < 0.4 ? Math.floor(total * 0.03) : null;
    const quantity = rand() < 0.7 ? Math.round(rand() * 500000) / 100 : null;
    const modality = modalities[Math.floor(rand() * modalities.length)]!;
    const note = notes[Math.floor(rand() * notes.length)]!;
    const status = statuses[Math.floor(rand() * statuses.length)]!;
    const externalId = `${org.acronym}-${year}-${pad(i, 7)}`;
    const values: Record<string, string | number | null> = {
      reporting_org: org.name,
      implementing_org: implementing?.name ?? null,
      donors: rowDonors.map((d) => d.name).join("; "),
      sector_code: sector.code,
      sub_sector_code: null,
      activity_code: type.code,
      activity: type.name,
      indicator_code: indicator?.code ?? null,
      location_code: site.code,
      location: site.name,
      population_group: population.code,
      status,
      start_date: startDate,
      end_date: endDate,
      reporting_month: `${year}-${pad(m + 1)}`,
      quantity,
      unit: quantity === null ? null : sector.unit,
      reached_total: total,
      women,
      men,
      girls,
      boys,
      elderly,
      persons_with_disabilities: disabled,
      modality: modality || null,
      notes: note || null,
      external_id: externalId,
    };
    importText += `${importColumns.map((c) => csvCell(values[c.header] ?? null)).join(",")}\n`;
    const id = randomUUID();
    const copyValues: (string | number | null)[] = [
      responseId,
      id,
      org.id,
      implementing?.id ?? null,
      sector.id,
      type.id,
      indicator?.id ?? null,
      site.id,
      population.id,
      status,
      startDate,
      endDate,
      `${year}-${pad(m + 1)}-01`,
      quantity,
      values.unit ?? null,
      total,
      women,
      men,
      girls,
      boys,
      elderly,
      disabled,
      modality || null,
      note || null,
      externalId,
    ];
    copyText += `${copyValues.map(csvCell).join(",")}\n`;
    for (const d of rowDonors) {
      donorText += `${responseId},${id},${d.id}\n`;
      donorRows++;
    }
    if (importText.length > 1_000_000 || i === rows - 1) {
      importBytes += Buffer.byteLength(importText);
      await write(importOut, importText);
      await write(copyOut, copyText);
      await write(donorsOut, donorText);
      importText = "";
      copyText = "";
      donorText = "";
    }
  }
  await Promise.all([end(importOut), end(copyOut), end(donorsOut)]);
  return { ...paths, rows, donorRows, importBytes };
}
