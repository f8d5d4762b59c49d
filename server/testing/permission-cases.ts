import { type Action, type Grant, permissionMatrix, type RoleName } from "../../common/permissions.ts";

/** Who asks in a permission-matrix test: an administrator, one of the roles, or nobody signed in. */
export type Who = "administrator" | RoleName | "public";
export const everyone: Who[] = [
  "administrator",
  "response_manager",
  "sector_coordinator",
  "organisation_editor",
  "viewer",
  "public",
];

/**
 * What the matrix says `who` gets for `action`: `own` tells whether the target is the role's own
 * sector / organisation (for `own-…` grants).
 */
export function expected(
  who: Who,
  c: { action: Action; own?: boolean },
): "allowed" | "forbidden" | "unauthenticated" {
  if (who === "public") return "unauthenticated";
  if (who === "administrator") return "allowed";
  const grant: Grant = permissionMatrix[c.action][who];
  if (grant === "own-sector" || grant === "own-organisation") return c.own ? "allowed" : "forbidden";
  return grant ? "allowed" : "forbidden";
}
