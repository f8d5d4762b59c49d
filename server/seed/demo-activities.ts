import type { ActivityStatus, ReviewState } from "../../common/schemas/activities.ts";
import type {
  DemoReference,
  RefActivityType,
  RefIndicator,
  RefLocation,
  RefOrganisation,
} from "./demo-reference.ts";

/**
 * A year of made-up but plausible 4W records for a demo response: the 12 months up to last
 * month, every sector and sub-sector with activity types, sites (and some host-community
 * villages or townships), partners of every kind. Deterministic: the same seed and the same
 * seeding month give the same records (ids aside), so every fresh install shows the same figures.
 * Every record keeps the rules of the activities service (see `checkActivityFigures` and
 * `checkReferences`).
 */

/** mulberry32: a small, fast, seedable PRNG. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 32-bit FNV-1a hash, to seed from a slug. */
export function hashSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** One generated record; ids are the reference data's, the record's own id is given on insert. */
export interface DemoActivity {
  reportingOrgId: string;
  implementingOrgId: string | null;
  donorIds: string[];
  sectorId: string;
  subSectorId: string | null;
  activityTypeId: string;
  indicatorId: string | null;
  locationId: string;
  populationGroupId: string | null;
  status: ActivityStatus;
  startDate: string;
  endDate: string;
  reportingMonth: string;
  quantity: number | null;
  unit: string | null;
  reachedTotal: number | null;
  women: number | null;
  men: number | null;
  girls: number | null;
  boys: number | null;
  elderly: number | null;
  personsWithDisabilities: number | null;
  modality: "in_kind" | "cash" | "service" | "voucher" | null;
  notes: string | null;
  externalId: string | null;
  reviewState: ReviewState;
  rejectionReason: string | null;
  reviewedAt: string | null;
}

export interface GenerateOptions {
  seed: number;
  /** The seeding date: the year covered ends with the month before it. */
  now: Date;
  /** Records to aim at (± 15 %). */
  target?: number;
  /** Prefix of the external ids. */
  prefix?: string;
}

const DONOR_ACRONYMS = ["ECHO", "FCDO", "USAID/BHA"];
const STATES_MMR = ["Rakhine", "Kachin", "Shan", "Sagaing"];

const REJECTION_REASONS = [
  "Figures exceed the camp population; please check households vs individuals.",
  "Sex and age breakdown looks copied from last month; please update with this month's figures.",
  "Reported in the wrong camp: the distribution took place in the neighbouring camp.",
  "Same distribution already reported by your implementing partner; please agree who reports it.",
  "Quantity and unit do not match the indicator (kits reported as households).",
];
const NOTES = [
  "Distribution delayed one week by heavy rain.",
  "Access restricted for part of the month.",
  "Figures from partner's monthly report.",
  "Includes catch-up after last month's suspension.",
  "Joint activity with the site management agency.",
];

const iso = (y: number, m: number, d = 1) =>
  `${y}-${String(m + 1).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
/** Month index (year * 12 + month) → first day; last day. */
const firstDay = (mi: number) => iso(Math.floor(mi / 12), mi % 12);
const lastDay = (mi: number) => {
  const y = Math.floor(mi / 12);
  const m = mi % 12;
  return iso(y, m, new Date(Date.UTC(y, m + 1, 0)).getUTCDate());
};

type Category = "un" | "ingo" | "nngo" | "rc";

function categoryOf(o: RefOrganisation): Category | null {
  if (/red (cross|crescent)/i.test(o.name)) return "rc";
  if (o.acronym === "OCHA" || (o.acronym && DONOR_ACRONYMS.includes(o.acronym))) return null;
  if (/forum|platform|consortium/i.test(o.name)) return null;
  if (o.type === "40") return "un";
  if (o.type === "21") return "ingo";
  if (o.type === "22" || o.type === "23" || o.type === "24") return "nngo";
  return null;
}

/** The per-month scale of an activity: the range of its quantity and how people relate to it. */
function profile(activityName: string, unit: string): { min: number; max: number; peoplePer: number | null } {
  const n = activityName.toLowerCase();
  switch (unit) {
    case "people":
      if (/food|voucher|lpg|cooking/.test(n)) return { min: 2000, max: 20000, peoplePer: 1 };
      if (/kit|distribution|nfi|materials/.test(n)) return { min: 200, max: 3000, peoplePer: 1 };
      if (/training|skills|teacher|radio and ict|legal|clinical|case management/.test(n))
        return { min: 10, max: 150, peoplePer: 1 };
      if (/consultation|screening|immunisation|outreach|hygiene promotion/.test(n))
        return { min: 500, max: 6000, peoplePer: 1 };
      return { min: 80, max: 1500, peoplePer: 1 };
    case "households":
      return { min: 200, max: 3000, peoplePer: 4.6 };
    case "latrines":
      return { min: 5, max: 60, peoplePer: null };
    case "shelters":
      return { min: 20, max: 400, peoplePer: 4.6 };
    case "consultations":
      return { min: 500, max: 6000, peoplePer: 0.8 };
    case "deliveries":
      return { min: 10, max: 150, peoplePer: 1 };
    case "litres":
      return { min: 200_000, max: 3_000_000, peoplePer: null };
    case "metres":
      return { min: 100, max: 2500, peoplePer: null };
    case "m³":
      return { min: 100, max: 2000, peoplePer: null };
    case "percent":
      return { min: 55, max: 98, peoplePer: null };
    case "camps":
      return { min: 1, max: 1, peoplePer: null };
    case "organisations":
      return { min: 5, max: 40, peoplePer: null };
    case "feedback entries":
      return { min: 50, max: 900, peoplePer: null };
    case "visits":
    case "sessions":
      return { min: 10, max: 120, peoplePer: null };
    default:
      return { min: 1, max: 12, peoplePer: null };
  }
}

function modalityOf(name: string): DemoActivity["modality"] {
  const n = name.toLowerCase();
  if (/voucher/.test(n)) return "voucher";
  if (/cash/.test(n)) return "cash";
  if (/kit|distribution|nfi|materials|inputs|lpg|fresh food|feeding/.test(n)) return "in_kind";
  return "service";
}

/** Words too common in the demo's names to tell indicators apart. */
const STOP_WORDS = new Set(["health", "services", "support", "community", "with", "from", "and"]);

const words = (s: string) =>
  new Set(
    s
      .toLowerCase()
      .split(/[^a-z]+/)
      .filter((w) => w.length > 3 && !STOP_WORDS.has(w)),
  );

/** The indicator of the activity type's own sector that shares most words with it (ties: first). */
function indicatorFor(type: RefActivityType, indicators: RefIndicator[]): RefIndicator | null {
  const own = indicators.filter((i) => i.sectorId === type.sectorId);
  if (!own.length) return null;
  const tw = words(type.name);
  let best = own[0]!;
  let bestScore = -1;
  for (const i of own) {
    // Counting people is the safer guess when no word matches.
    let score = i.unit === "people" ? 0.5 : 0;
    for (const w of words(i.name))
      if (tw.has(w) || [...tw].some((t) => t.slice(0, 5) === w.slice(0, 5))) score++;
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
  }
  return best;
}

/** Generates the records of one response: pure, deterministic in `seed` and the month of `now`. */
export function generateDemoActivities(ref: DemoReference, options: GenerateOptions): DemoActivity[] {
  const rand = mulberry32(options.seed);
  const between = (min: number, max: number) => min + Math.floor(rand() * (max - min + 1));
  const pick = <T>(list: T[]): T => list[Math.floor(rand() * list.length)]!;
  const chance = (p: number) => rand() < p;
  const target = options.target ?? 3000;
  const prefix = options.prefix ?? "DEMO";

  const lastMonth = options.now.getUTCFullYear() * 12 + options.now.getUTCMonth() - 1;
  const firstMonth = lastMonth - 11;

  const sectorById = new Map(ref.sectors.map((s) => [s.id, s]));
  const byId = new Map(ref.locations.map((l) => [l.id, l]));
  const group = (code: string) => ref.populationGroups.find((g) => g.code === code)?.id ?? null;
  const rootName = (l: RefLocation) => {
    let cur: RefLocation | undefined = l;
    while (cur && cur.level > 1 && cur.parentId) cur = byId.get(cur.parentId);
    return cur?.name ?? "";
  };

  // Where: sites (camps, IDP sites) with the main population group; host-community villages, or
  // townships of the states in the news, with the host / non-displaced groups.
  const places: { location: RefLocation; groupId: string | null; host: boolean }[] = [];
  const isMyanmar = ref.populationGroups.some((g) => g.code === "IDP");
  for (const l of ref.locations) {
    if (l.kind === "site") {
      if (l.siteType === "host_community_village")
        places.push({ location: l, groupId: group("HOST"), host: true });
      else if (l.siteType === "idp_site") places.push({ location: l, groupId: group("IDP"), host: false });
      else if (/ RC$/.test(l.name))
        places.push({ location: l, groupId: group("REF_REG") ?? group("REF_CAMP"), host: false });
      else places.push({ location: l, groupId: group("REF_CAMP") ?? group("IDP"), host: false });
    } else if (isMyanmar && l.level === 3 && STATES_MMR.some((s) => rootName(l).startsWith(s))) {
      const g =
        rootName(l).startsWith("Rakhine") && chance(0.3)
          ? "STATELESS"
          : chance(0.5)
            ? "IDP"
            : "NON_DISPLACED";
      places.push({ location: l, groupId: group(g), host: false });
    }
  }

  // Who: partner pools per sector (its leads, plus a few INGOs, NNGOs and a Red Cross/Crescent).
  const byCategory: Record<Category, RefOrganisation[]> = { un: [], ingo: [], nngo: [], rc: [] };
  for (const o of ref.organisations) {
    const c = categoryOf(o);
    if (c) byCategory[c].push(o);
  }
  const orgById = new Map(ref.organisations.map((o) => [o.id, o]));
  const donors = ref.organisations.filter((o) => o.acronym && DONOR_ACRONYMS.includes(o.acronym));
  const pools = new Map<string, Record<Category, RefOrganisation[]>>();
  for (const s of ref.sectors) {
    const pool: Record<Category, RefOrganisation[]> = { un: [], ingo: [], nngo: [], rc: [] };
    const root = s.parentId ?? s.id;
    for (const l of ref.leads.filter((x) => x.sectorId === s.id || x.sectorId === root)) {
      const o = orgById.get(l.organisationId);
      const c = o && categoryOf(o);
      if (o && c && !pool[c].includes(o)) pool[c].push(o);
    }
    const add = (c: Category, n: number) => {
      for (let i = 0; i < n && byCategory[c].length; i++) {
        const o = pick(byCategory[c]);
        if (!pool[c].includes(o)) pool[c].push(o);
      }
    };
    if (!pool.un.length) add("un", 1);
    add("ingo", 3);
    add("nngo", 3);
    add("rc", 1);
    pools.set(s.id, pool);
  }
  const choose = (pool: Record<Category, RefOrganisation[]>, c: Category) =>
    pool[c].length ? pick(pool[c]) : byCategory[c].length ? pick(byCategory[c]) : null;
  const drawCategory = (): Category => {
    const r = rand();
    return r < 0.35 ? "un" : r < 0.68 ? "ingo" : r < 0.9 ? "nngo" : "rc";
  };

  const types = ref.activityTypes.filter((t) => sectorById.has(t.sectorId));
  const hostTypes = (t: RefActivityType) => /host/i.test(t.name);
  // Cells (place × activity type) that get a project; tuned so the total lands near the target.
  const cells: { place: (typeof places)[number]; type: RefActivityType }[] = [];
  for (const place of places)
    for (const type of types)
      if (place.host === hostTypes(type) || (place.host && chance(0.3))) cells.push({ place, type });
  const expectedPerProject = 7.5 * 0.92;
  const p = Math.min(0.95, target / Math.max(1, cells.length * expectedPerProject));

  const records: DemoActivity[] = [];
  const keys = new Set<string>();
  const externalIds = new Set<string>();
  let sequence = 0;

  const makeRecord = (
    cell: (typeof cells)[number],
    reporting: RefOrganisation,
    implementing: RefOrganisation | null,
    projectDonors: string[],
    start: number,
    end: number,
    month: number,
    status: ActivityStatus,
    scale: number,
  ): DemoActivity | null => {
    const key = [reporting.id, cell.type.id, cell.place.location.id, month, cell.place.groupId].join("|");
    if (keys.has(key)) return null;
    keys.add(key);
    const sector = sectorById.get(cell.type.sectorId)!;
    const indicator = indicatorFor(cell.type, ref.indicators);
    const unit = indicator?.unit ?? "people";
    const prof = profile(cell.type.name, unit);
    let quantity = Math.max(
      prof.min,
      Math.round((prof.min + (prof.max - prof.min) * scale) * (0.85 + rand() * 0.3)),
    );
    if (unit === "percent") quantity = Math.min(100, quantity);
    let total: number | null = prof.peoplePer === null ? null : Math.round(quantity * prof.peoplePer);
    let women: number | null = null;
    let men: number | null = null;
    let girls: number | null = null;
    let boys: number | null = null;
    let elderly: number | null = null;
    let pwd: number | null = null;
    if (total !== null) {
      const n = cell.type.name.toLowerCase();
      const femaleOnly = /women|girls|dignity|rape|reproductive/.test(n) || unit === "deliveries";
      const childOnly = /child|learning|curriculum|feeding|sam |mam |muac|immunisation|adolescent/.test(n);
      const female = femaleOnly ? 1 : 0.49 + rand() * 0.06;
      const children = unit === "deliveries" ? 0 : childOnly ? 0.85 + rand() * 0.1 : 0.5 + rand() * 0.1;
      const sexAge = indicator?.disaggregation ?? "sex_age";
      if (sexAge === "sex_age") {
        women = Math.floor(total * female * (1 - children));
        men = Math.floor(total * (1 - female) * (1 - children));
        girls = Math.floor(total * female * children);
        boys = Math.floor(total * (1 - female) * children);
      } else if (sexAge === "sex") {
        women = Math.floor(total * female);
        men = Math.floor(total * (1 - female));
      }
      elderly = childOnly ? 0 : Math.floor(total * (0.03 + rand() * 0.03));
      pwd = Math.floor(total * (0.01 + rand() * 0.03));
    }
    // Review: older months mostly approved, the last two still in the works.
    const recent = month >= lastMonth - 1;
    const r = rand();
    let reviewState: ReviewState = recent
      ? r < 0.4
        ? "approved"
        : r < 0.72
          ? "submitted"
          : r < 0.97
            ? "draft"
            : "rejected"
      : r < 0.86
        ? "approved"
        : r < 0.92
          ? "submitted"
          : r < 0.975
            ? "draft"
            : "rejected";
    let rejectionReason: string | null = null;
    if (reviewState === "rejected") {
      rejectionReason = pick(REJECTION_REASONS);
      if (rejectionReason.startsWith("Figures exceed") && total !== null) {
        // The mistake the reviewer saw: households reported as individuals, or the reverse.
        const factor = 4 + between(0, 2);
        total *= factor;
        for (const f of ["women", "men", "girls", "boys"] as const) {
          const v = { women, men, girls, boys }[f];
          if (v !== null) {
            if (f === "women") women = v * factor;
            if (f === "men") men = v * factor;
            if (f === "girls") girls = v * factor;
            if (f === "boys") boys = v * factor;
          }
        }
        if (elderly !== null) elderly *= factor;
        if (pwd !== null) pwd *= factor;
      }
    }
    if (status === "planned") reviewState = "draft";
    sequence++;
    const externalId = chance(0.6)
      ? `${prefix}-${firstDay(month).slice(0, 7)}-${String(sequence).padStart(5, "0")}`
      : null;
    if (externalId) externalIds.add(externalId);
    const reviewedAt =
      reviewState === "approved" || reviewState === "rejected"
        ? `${firstDay(Math.min(month + 1, lastMonth + 1))}T${String(between(8, 16)).padStart(2, "0")}:00:00Z`
        : null;
    return {
      reportingOrgId: reporting.id,
      implementingOrgId: implementing?.id ?? null,
      donorIds: projectDonors,
      sectorId: sector.parentId ?? sector.id,
      subSectorId: sector.parentId ? sector.id : null,
      activityTypeId: cell.type.id,
      indicatorId: indicator?.id ?? null,
      locationId: cell.place.location.id,
      populationGroupId: cell.place.groupId,
      status,
      startDate: firstDay(start),
      endDate: lastDay(end),
      reportingMonth: firstDay(month),
      quantity,
      unit,
      reachedTotal: total,
      women,
      men,
      girls,
      boys,
      elderly,
      personsWithDisabilities: pwd,
      modality: modalityOf(cell.type.name),
      notes: chance(0.05) ? pick(NOTES) : null,
      externalId,
      reviewState,
      rejectionReason,
      reviewedAt,
    };
  };

  const projects: {
    cell: (typeof cells)[number];
    reporting: RefOrganisation;
    start: number;
    end: number;
    scale: number;
  }[] = [];
  for (const cell of cells) {
    // Few places are host villages: give them more projects so host-community work shows.
    if (!chance(cell.place.host ? Math.min(0.9, p * 4) : p)) continue;
    const pool = pools.get(cell.type.sectorId)!;
    const category = drawCategory();
    const reporting = choose(pool, category) ?? choose(pool, "ingo");
    if (!reporting) continue;
    const implementing =
      category === "un" && chance(0.75)
        ? choose(pool, "nngo")
        : category === "ingo" && chance(0.3)
          ? choose(pool, "nngo")
          : null;
    const projectDonors = donors.length && chance(0.35) ? [pick(donors).id] : [];
    // The project: 4–12 months, often begun before the year shown or running past it.
    const length = between(4, 12);
    const start = between(firstMonth - 6, lastMonth - 2);
    const end = Math.max(start + length - 1, firstMonth);
    const status: ActivityStatus = chance(0.03) ? "suspended" : end > lastMonth ? "ongoing" : "completed";
    const scale = rand();
    projects.push({ cell, reporting, start, end, scale });
    for (let m = Math.max(start, firstMonth); m <= Math.min(end, lastMonth); m++) {
      if (!chance(0.92)) continue;
      const monthStatus: ActivityStatus = status === "completed" && m < end ? "ongoing" : status;
      const record = makeRecord(
        cell,
        reporting,
        implementing,
        projectDonors,
        start,
        end,
        m,
        monthStatus,
        scale,
      );
      if (record) records.push(record);
    }
  }

  // Near-duplicates for the duplication analysis: a second organisation reports the same activity
  // in the same place and month (the natural key allows it: the reporting organisation differs).
  const wanted = Math.max(6, Math.round(records.length / 300));
  let made = 0;
  for (let tries = 0; made < wanted && tries < wanted * 20 && records.length; tries++) {
    const original = pick(records);
    const project = projects.find(
      (pr) =>
        pr.cell.type.id === original.activityTypeId && pr.cell.place.location.id === original.locationId,
    );
    if (!project) continue;
    const pool = pools.get(project.cell.type.sectorId)!;
    const other = choose(pool, pick<Category>(["ingo", "nngo", "un"]));
    if (!other || other.id === original.reportingOrgId || other.id === original.implementingOrgId) continue;
    const month =
      Number(original.reportingMonth.slice(0, 4)) * 12 + Number(original.reportingMonth.slice(5, 7)) - 1;
    const record = makeRecord(project.cell, other, null, [], month, month, month, "completed", project.scale);
    if (!record) continue;
    record.notes = "Joint distribution; also reported by the site's lead partner.";
    records.push(record);
    made++;
  }
  return records;
}
