import {
  type Action,
  can,
  type Grant,
  type Principal,
  permissionMatrix,
} from "../../../common/permissions.ts";
import { AppError } from "../../errors.ts";

/**
 * Who may do what to a 4W record. Write rights come from the permission matrix
 * (`activity:write`, `activity:review`) applied to the record's target: its reporting organisation
 * (for organisation editors) and its sector, sub-sector and the sector's parent (for coordinators).
 */

/** The parts of a record a permission depends on. */
export interface RecordScope {
  reportingOrgId: string;
  sectorId: string;
  subSectorId: string | null;
  /** The parent of the record's sector, if it has one. */
  sectorParentId: string | null;
}

export const targetOf = (responseId: string, r: RecordScope) => ({
  responseId,
  organisationId: r.reportingOrgId,
  sectorIds: [r.sectorId, r.subSectorId, r.sectorParentId].filter((id): id is string => !!id),
});

/** True when the principal may perform `action` on the record. */
export const mayOn = (principal: Principal, action: Action, responseId: string, r: RecordScope) =>
  can(principal, action, targetOf(responseId, r));

const forbiddenFor = (principal: Principal, action: Action) =>
  new AppError(
    "FORBIDDEN",
    principal.scope === "read" ? "This API token is read-only." : `You do not have permission (${action}).`,
  );

/** Throws 403 unless the principal may perform `action` on every record scope given. */
export function requireOn(
  principal: Principal,
  action: Action,
  responseId: string,
  ...scopes: RecordScope[]
) {
  for (const scope of scopes)
    if (!mayOn(principal, action, responseId, scope)) throw forbiddenFor(principal, action);
}

/**
 * Throws 403 when no role of the principal in this response grants `action` on any target, so a
 * request that can never succeed is refused before its input is checked against the database.
 */
export function requireSomeGrant(principal: Principal, action: Action, responseId: string) {
  if (principal.scope === "read" || !(principal.isAdmin || grantsIn(principal, responseId, action).length))
    throw forbiddenFor(principal, action);
}

function grantsIn(principal: Principal, responseId: string, action: Action) {
  return principal.roles
    .filter((r) => r.responseId === responseId)
    .map((r) => ({ role: r, grant: permissionMatrix[action][r.role] as Grant }))
    .filter((g) => g.grant !== false);
}

/**
 * Which records beyond the approved ones a caller may read: those it could write or review.
 * Everyone (the public too) reads approved records; organisation editors also read their
 * organisation's records, coordinators their sector's, managers and administrators all. Records
 * at sensitive locations are hidden from callers who may not see sensitive locations.
 */
export interface ReadScope {
  all: boolean;
  organisationIds: string[];
  sectorIds: string[];
  includeSensitive: boolean;
}

/** The read scope of a caller (null: signed out). A read-only token reads what its user reads. */
export function readScope(principal: Principal | null, responseId: string): ReadScope {
  if (!principal) return { all: false, organisationIds: [], sectorIds: [], includeSensitive: false };
  const includeSensitive = can({ ...principal, scope: "write" }, "response:read-restricted", { responseId });
  if (principal.isAdmin) return { all: true, organisationIds: [], sectorIds: [], includeSensitive };
  const grants = [
    ...grantsIn(principal, responseId, "activity:write"),
    ...grantsIn(principal, responseId, "activity:review"),
  ];
  return {
    all: grants.some((g) => g.grant === true),
    organisationIds: grants
      .filter((g) => g.grant === "own-organisation" && g.role.organisationId)
      .map((g) => g.role.organisationId!),
    sectorIds: grants.filter((g) => g.grant === "own-sector" && g.role.sectorId).map((g) => g.role.sectorId!),
    includeSensitive,
  };
}
