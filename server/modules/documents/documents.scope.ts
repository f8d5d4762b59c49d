import { and, eq, inArray } from "drizzle-orm";
import { type Action, can, type Principal } from "../../../common/permissions.ts";
import type { Db } from "../../db/client.ts";
import { sectors } from "../../db/schema/reference.ts";
import { AppError } from "../../errors.ts";

/**
 * Who may act on a document or a story: the permission matrix applied to what it is about. A
 * sector coordinator acts when one of its sectors (or a sector's parent) is theirs; an
 * organisation editor when one of its organisations is theirs.
 */
export interface ContentScope {
  sectorIds: string[];
  organisationIds: string[];
}

/** The sectors with their parents, so a coordinator of a parent sector covers its sub-sectors. */
export async function withParentSectors(db: Db, responseId: string, sectorIds: string[]): Promise<string[]> {
  if (!sectorIds.length) return [];
  const rows = await db
    .select({ id: sectors.id, parentId: sectors.parentId })
    .from(sectors)
    .where(and(eq(sectors.responseId, responseId), inArray(sectors.id, sectorIds)));
  return [...new Set(rows.flatMap((r) => (r.parentId ? [r.id, r.parentId] : [r.id])))];
}

/** True when `principal` may perform `action` on content with this (expanded) scope. */
export function mayOnContent(
  principal: Principal | null,
  action: Action,
  responseId: string,
  scope: ContentScope,
): boolean {
  const organisations: (string | null)[] = scope.organisationIds.length ? scope.organisationIds : [null];
  return organisations.some((organisationId) =>
    can(principal, action, { responseId, sectorIds: scope.sectorIds, organisationId }),
  );
}

export function requireOnContent(
  principal: Principal,
  action: Action,
  responseId: string,
  ...scopes: ContentScope[]
) {
  for (const scope of scopes)
    if (!mayOnContent(principal, action, responseId, scope))
      throw new AppError(
        "FORBIDDEN",
        principal.scope === "read"
          ? "This API token is read-only."
          : `You do not have permission (${action}).`,
      );
}

/** 403 unless some role of the principal in this response grants `action` somewhere. */
export function requireSomeGrantFor(principal: Principal, action: Action, responseId: string) {
  const some =
    principal.scope === "write" &&
    (principal.isAdmin ||
      principal.roles.some(
        (r) =>
          r.responseId === responseId &&
          can({ ...principal, roles: [r] }, action, {
            responseId,
            sectorIds: r.sectorId ? [r.sectorId] : [],
            organisationId: r.organisationId,
          }),
      ));
  if (!some)
    throw new AppError(
      "FORBIDDEN",
      principal.scope === "read" ? "This API token is read-only." : `You do not have permission (${action}).`,
    );
}

/** Whether the caller may see content kept for signed-in members of the response. */
export const isMember = (principal: Principal | null, responseId: string) =>
  can(principal, "response:read-restricted", { responseId });
