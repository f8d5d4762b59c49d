import type { ImportField } from "./import-columns.ts";
import type { AncestorRef, LocationRef, ReferenceCache } from "./import-references.ts";
import { normaliseText } from "./import-types.ts";

/**
 * Finding a row's location. A location column (`#loc+code`, `#loc+name`, "P-code", "Camp") names
 * the place; without one, the most specific admin column (`#adm3+code`, "Upazila") does. The
 * other admin columns name areas the place lies in: a code is checked against them (a warning when
 * they disagree; the code is used), and a name is looked up within them, so "Camp 1" under one
 * union is not "Camp 1" under another. A name that still matches several places is an error that
 * lists them, never a guess.
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

/** Which mapped columns name the location, and which name the areas it lies in (outermost first). */
export function locationColumns(mapped: (f: ImportField) => boolean): {
  location: PlaceColumns;
  areas: PlaceColumns[];
} {
  const pick = (f: ImportField) => (mapped(f) ? f : null);
  const admins: PlaceColumns[] = adminColumns
    .filter((a) => mapped(a.code) || mapped(a.name))
    .map((a) => ({ code: pick(a.code), name: pick(a.name), level: a.level }));
  if (mapped("locationCode") || mapped("locationName"))
    return {
      location: { code: pick("locationCode"), name: pick("locationName"), level: null },
      areas: admins,
    };
  const innermost = admins.pop();
  return { location: innermost ?? { code: "locationCode", name: null, level: null }, areas: admins };
}

/** What resolving needs from the row being read. */
export interface RowAccess {
  row: number;
  /** The cell of a field: trimmed, null when empty (or refused). */
  text: (f: ImportField) => string | null;
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
  error(location.code ?? location.name, "REQUIRED", null, `Row ${access.row} has no location code or name.`);
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

async function findByName(
  access: RowAccess,
  refs: ReferenceCache,
  location: PlaceColumns,
  nameText: string,
  _areas: PlaceColumns[],
  pickVersion: (versions: LocationRef[], value: string, f: ImportField) => LocationRef | null,
): Promise<string | null> {
  const f = location.name!;
  const found = await refs.locationByName(nameText);
  const codes = [...new Set(found.map((l) => l.code))];
  if (codes.length === 0) {
    access.error(f, "UNKNOWN_LOCATION", nameText, `No location is named "${nameText}".`);
    return null;
  }
  if (codes.length > 1) {
    access.error(
      f,
      "AMBIGUOUS_LOCATION",
      nameText,
      `Several locations are named "${nameText}" (${codes.join(", ")}); add a location code column.`,
    );
    return null;
  }
  return pickVersion(found, nameText, f)?.id ?? null;
}
