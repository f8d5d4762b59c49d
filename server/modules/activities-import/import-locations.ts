import type { ImportField } from "./import-columns.ts";
import type { AncestorRef, LocationRef, ReferenceCache } from "./import-references.ts";
import { normaliseText } from "./import-types.ts";

/**
 * Finding a row's location. A location column (`#loc+code`, `#loc+name`, "P-code", "Camp") names
 * the place; without one, the most specific admin column (`#adm3+code`, "Upazila") does. The
 * other admin columns, and a "Parent" column, name areas the place lies in: a code is checked
 * against them (a warning when they disagree; the code is used), and a name is looked up within
 * them, so "Camp 1" under one union is not "Camp 1" under another. A name that still matches
 * several places is an error that lists them, never a guess.
 */

/** A code column and a name column (either may be absent) that name one place. */
export interface PlaceColumns {
  code: ImportField | null;
  name: ImportField | null;
  /** The admin level the columns stand for (`#adm2` → 2), or null for a location of any kind. */
  level: number | null;
}

const adminColumns = [
  { level: 1, code: "adm1Code", name: "adm1Name" },
  { level: 2, code: "adm2Code", name: "adm2Name" },
  { level: 3, code: "adm3Code", name: "adm3Name" },
  { level: 4, code: "adm4Code", name: "adm4Name" },
] as const satisfies readonly { level: number; code: ImportField; name: ImportField }[];

/**
 * Which mapped columns name the location, and which name the areas it lies in (outermost first;
 * a "Parent" column is the innermost area, of no particular level).
 */
export function locationColumns(mapped: (f: ImportField) => boolean): {
  location: PlaceColumns;
  areas: PlaceColumns[];
} {
  const pick = (f: ImportField) => (mapped(f) ? f : null);
  const admins: PlaceColumns[] = adminColumns
    .filter((a) => mapped(a.code) || mapped(a.name))
    .map((a) => ({ code: pick(a.code), name: pick(a.name), level: a.level }));
  const parent: PlaceColumns[] =
    mapped("parentCode") || mapped("parentName")
      ? [{ code: pick("parentCode"), name: pick("parentName"), level: null }]
      : [];
  if (mapped("locationCode") || mapped("locationName"))
    return {
      location: { code: pick("locationCode"), name: pick("locationName"), level: null },
      areas: [...admins, ...parent],
    };
  const innermost = admins.pop();
  return {
    location: innermost ?? { code: "locationCode", name: null, level: null },
    areas: [...admins, ...parent],
  };
}

/** What resolving needs from the row being read. */
export interface RowAccess {
  row: number;
  /** The cell of a field: trimmed, null when empty (or refused). */
  text: (f: ImportField) => string | null;
  /** True when the field's cell was refused (a formula): already an error, not a missing value. */
  refused: (f: ImportField) => boolean;
  error: (f: ImportField | null, code: string, value: string | null, message: string) => void;
  warn: (f: ImportField | null, code: string, value: string | null, message: string) => void;
  /** The activity's dates, when valid: a location version must cover them. */
  startDate: string | null;
  endDate: string | null;
}

const sameName = (a: string, b: string) => normaliseText(a) === normaliseText(b);
const sameCode = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** "Country › District › Upazila": the areas a location lies in, outermost first. */
const lineage = (ancestors: AncestorRef[]) =>
  ancestors.length
    ? [...ancestors]
        .reverse()
        .map((a) => a.name)
        .join(" › ")
    : "no area";

/** The location id of the row, or null after reporting why (an error) in the row's issues. */
export async function resolveLocation(
  access: RowAccess,
  refs: ReferenceCache,
  columns: { location: PlaceColumns; areas: PlaceColumns[] },
): Promise<string | null> {
  const { text, error, warn } = access;
  const { location, areas } = columns;
  const codeText = location.code ? text(location.code) : null;
  const nameText = location.name ? text(location.name) : null;

  /** The version valid over the whole activity (the latest when its dates are unknown). */
  const pickVersion = (versions: LocationRef[], value: string, f: ImportField) => {
    const { startDate, endDate } = access;
    if (!startDate || !endDate) return versions[versions.length - 1] ?? null;
    const fit = versions.find(
      (l) => l.valid_from <= startDate && (l.valid_to === null || l.valid_to >= endDate),
    );
    if (!fit)
      error(
        f,
        "LOCATION_NOT_VALID",
        value,
        `${versions[0]!.code} is not valid over the whole activity (${startDate} to ${endDate}): ${versions.map((l) => `from ${l.valid_from}${l.valid_to ? ` to ${l.valid_to}` : ""}`).join("; ")}.`,
      );
    return fit ?? null;
  };

  if (codeText) {
    const versions = await refs.locationByCode(codeText);
    if (versions.length === 0) {
      error(location.code, "UNKNOWN_LOCATION", codeText, `No location has the code "${codeText}".`);
      return null;
    }
    const place = pickVersion(versions, codeText, location.code!);
    if (!place) return null;
    if (nameText && location.name && !sameName(nameText, place.name))
      warn(
        location.name,
        "CODE_NAME_MISMATCH",
        nameText,
        `The location code ${place.code} is ${place.name}, not "${nameText}"; the code is used.`,
      );
    checkAreas(access, place, areas);
    return place.id;
  }
  if (nameText && location.name) return findByName(access, refs, location, nameText, areas, pickVersion);
  const refused = [location.code, location.name].some((f) => f !== null && access.refused(f));
  if (!refused)
    error(
      location.code ?? location.name,
      "REQUIRED",
      null,
      `Row ${access.row} has no location code or name.`,
    );
  return null;
}

/**
 * A location found by its code: the area columns of the row must agree with the areas it lies in.
 * Each disagreement is a warning (the code is used), like a name that is not the code's name.
 */
function checkAreas(access: RowAccess, place: LocationRef, areas: PlaceColumns[]): void {
  for (const area of areas) {
    const code = area.code ? access.text(area.code) : null;
    const name = area.name ? access.text(area.name) : null;
    const byCode = code ? place.ancestors.find((a) => sameCode(a.code, code)) : undefined;
    const disagree = (f: ImportField, value: string) =>
      access.warn(
        f,
        "CODE_NAME_MISMATCH",
        value,
        `The location code ${place.code} (${place.name}) lies in ${lineage(place.ancestors)}, not in "${value}"; the code is used.`,
      );
    if (code && area.code && !byCode) disagree(area.code, code);
    // With the area's code too, its name must be that area's; alone, the name of any area around.
    if (name && area.name && !(byCode ? [byCode] : place.ancestors).some((a) => sameName(a.name, name)))
      disagree(area.name, name);
  }
}

/**
 * A location found by its name, within the areas the row names (resolved outermost first, each
 * within the one before). Null after an error: an unknown or ambiguous name, here or in an area.
 */
async function findByName(
  access: RowAccess,
  refs: ReferenceCache,
  location: PlaceColumns,
  nameText: string,
  areas: PlaceColumns[],
  pickVersion: (versions: LocationRef[], value: string, f: ImportField) => LocationRef | null,
): Promise<string | null> {
  let within: LocationRef | null = null;
  for (const area of areas) {
    const code = area.code ? access.text(area.code) : null;
    const name = area.name ? access.text(area.name) : null;
    if (code && area.code) {
      const versions = await refs.locationByCode(code);
      if (versions.length === 0) {
        access.error(area.code, "UNKNOWN_LOCATION", code, `No location has the code "${code}".`);
        return null;
      }
      const place = versions[versions.length - 1]!;
      if (name && area.name && !versions.some((v) => sameName(v.name, name)))
        access.warn(
          area.name,
          "CODE_NAME_MISMATCH",
          name,
          `The code ${place.code} is ${place.name}, not "${name}"; the code is used.`,
        );
      const outer: LocationRef | null = within;
      if (outer && !place.ancestors.some((a) => sameCode(a.code, outer.code)))
        access.warn(
          area.code,
          "CODE_NAME_MISMATCH",
          code,
          `${place.code} (${place.name}) lies in ${lineage(place.ancestors)}, not in ${outer.name}; the code is used.`,
        );
      within = place;
    } else if (name && area.name) {
      const found = await findNamed(access, refs, area.name, name, area.level, within);
      if (!found) return null;
      within = found[found.length - 1]!;
    }
  }
  const found = await findNamed(access, refs, location.name!, nameText, location.level, within);
  return found ? (pickVersion(found, nameText, location.name!)?.id ?? null) : null;
}

/** How many places an ambiguity error lists. */
const listedCandidates = 10;

/**
 * The versions of the one place named `name` within `within` (anywhere when null), or null after
 * an error. When several places have the name, the column's admin level tells a district from an
 * upazila of the same name; places still several are listed, never picked.
 */
async function findNamed(
  access: RowAccess,
  refs: ReferenceCache,
  f: ImportField,
  name: string,
  level: number | null,
  within: LocationRef | null,
): Promise<LocationRef[] | null> {
  let found = await refs.locationByName(name, within?.code ?? null);
  const codesOf = (places: LocationRef[]) => [...new Set(places.map((l) => l.code))];
  if (level !== null && codesOf(found).length > 1) {
    const atLevel = found.filter((l) => l.level === level);
    if (atLevel.length) found = atLevel;
  }
  const codes = codesOf(found);
  const where = within ? ` in ${within.name} (${within.code})` : "";
  if (codes.length === 0) {
    access.error(f, "UNKNOWN_LOCATION", name, `No location is named "${name}"${where}.`);
    return null;
  }
  if (codes.length > 1) {
    const candidates = codes
      .slice(0, listedCandidates)
      .map((code) => `${code} in ${lineage(found.find((l) => l.code === code)!.ancestors)}`);
    if (codes.length > listedCandidates) candidates.push(`${codes.length - listedCandidates} more`);
    access.error(
      f,
      "AMBIGUOUS_LOCATION",
      name,
      `Several locations are named "${name}"${where}: ${candidates.join("; ")}. Add a location code column, or a column for the area it lies in (such as Upazila, Union or #adm3+name).`,
    );
    return null;
  }
  return found;
}
