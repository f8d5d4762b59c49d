import type { ReferenceCache } from "../activities-import/import-references.ts";

/**
 * The location a code names as the gazetteer stands now: the open version (no end date), else the
 * latest. Codes are compared without case, like the 4W import does.
 */
export async function resolveLocation(refs: ReferenceCache, code: string): Promise<string | null> {
  const versions = await refs.locationByCode(code);
  if (!versions.length) return null;
  return (versions.find((v) => v.valid_to === null) ?? versions[versions.length - 1]!).id;
}
