import { type Action, type Grant, type Principal, permissionMatrix } from "../../common/permissions.ts";

/** What a user's roles say about a response, for showing the pages they can use (the server decides). */

/** True when some role of the user in the response grants `action` on anything (administrators: always). */
export function hasGrantIn(user: Principal | null, responseId: string | undefined, action: Action): boolean {
  if (!user || !responseId) return false;
  if (user.isAdmin) return true;
  return user.roles.some(
    (r) => r.responseId === responseId && (permissionMatrix[action][r.role] as Grant) !== false,
  );
}

/** The organisations the user is an editor of in the response. */
export function organisationsOf(user: Principal | null, responseId: string | undefined): string[] {
  if (!user || !responseId) return [];
  const ids = user.roles
    .filter((r) => r.responseId === responseId && r.role === "organisation_editor" && r.organisationId)
    .map((r) => r.organisationId as string);
  return [...new Set(ids)];
}

/** The sectors the user coordinates in the response. */
export function sectorsOf(user: Principal | null, responseId: string | undefined): string[] {
  if (!user || !responseId) return [];
  return user.roles
    .filter((r) => r.responseId === responseId && r.role === "sector_coordinator" && r.sectorId)
    .map((r) => r.sectorId as string);
}
