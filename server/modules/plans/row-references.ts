import type { ReferenceCache } from "../activities-import/import-references.ts";

/**
 * The records a cell of an import names, found through the 4W import's reference cache (one
 * query per distinct value), with the import's wording for what is not found. Each returns the
 * id, or null after calling `report(code, message)`.
 */
export type Report = (code: string, message: string) => void;

export async function findSector(refs: ReferenceCache, text: string, report: Report) {
  const found = await refs.sector(text);
  if (found.length === 1) return found[0]!.id;
  if (found.length === 0) report("UNKNOWN_SECTOR", `No sector has the code or name "${text}".`);
  else report("AMBIGUOUS_SECTOR", `Several sectors match "${text}": use the code.`);
  return null;
}

/** The open version of the location with this code (no end date), else its latest version. */
export async function findLocation(refs: ReferenceCache, code: string, report: Report) {
  const versions = await refs.locationByCode(code);
  if (versions.length)
    return (versions.find((v) => v.valid_to === null) ?? versions[versions.length - 1]!).id;
  report("UNKNOWN_LOCATION", `No location has the code "${code}".`);
  return null;
}

export async function findPopulationGroup(refs: ReferenceCache, text: string, report: Report) {
  const found = await refs.populationGroup(text);
  if (found.length === 1) return found[0]!.id;
  report("UNKNOWN_POPULATION_GROUP", `No population group has the code or name "${text}".`);
  return null;
}

/** By name, acronym or alias; a typo gets the 4W import's "did you mean" suggestion. */
export async function findOrganisation(refs: ReferenceCache, text: string, report: Report) {
  const found = await refs.organisation(text);
  const active = found.matches.filter((o) => !o.merged_into);
  if (active.length === 1) return active[0]!.id;
  if (found.matches.length === 0)
    report(
      "UNKNOWN_ORGANISATION",
      `No organisation is named "${text}" (by name, acronym or alias)${found.suggestion ? `: did you mean ${found.suggestion}?` : "."}`,
    );
  else if (active.length === 0)
    report(
      "MERGED_ORGANISATION",
      `"${text}" was merged into ${found.matches[0]!.merged_into}: use that name.`,
    );
  else report("AMBIGUOUS_ORGANISATION", `Several organisations match "${text}".`);
  return null;
}

/** An indicator of the row's sector (any sector's when the row names none). */
export async function findIndicator(
  refs: ReferenceCache,
  text: string,
  sectorId: string | null,
  report: Report,
) {
  const found = await refs.indicator(text);
  const inSector = sectorId ? found.filter((i) => i.sector_id === sectorId) : found;
  if (inSector.length === 1) return inSector[0]!.id;
  if (found.length === 0) report("UNKNOWN_INDICATOR", `No indicator has the code or name "${text}".`);
  else if (inSector.length === 0)
    report("INDICATOR_NOT_IN_SECTOR", `Indicator "${text}" is not one of this row's sector's indicators.`);
  else report("AMBIGUOUS_INDICATOR", `Several indicators match "${text}": give the sector.`);
  return null;
}
