import { and, eq, gt, isNull } from "drizzle-orm";
import type { FastifyRequest } from "fastify";
import type { Action, Principal, RoleName, Target } from "../../../common/permissions.ts";
import { can } from "../../../common/permissions.ts";
import type { Db } from "../../db/client.ts";
import { apiTokens, roleAssignments, sessions, users } from "../../db/schema/accounts.ts";
import { AppError } from "../../errors.ts";
import { sha256 } from "./secrets.ts";

export const SESSION_COOKIE = "isx_session";

/** What a request is authenticated with; cookie sessions must also send the CSRF token to write. */
export interface RequestAuth {
  principal: Principal | null;
  via: "session" | "token" | null;
  sessionTokenHash: string | null;
  csrfToken: string | null;
}

/** Loads a user's account and roles as the principal requests act for; null if missing or disabled. */
export async function loadPrincipal(
  db: Db,
  userId: string,
  scope: "read" | "write",
): Promise<Principal | null> {
  const [user] = await db
    .select({ id: users.id, email: users.email, name: users.name, isAdmin: users.isAdmin })
    .from(users)
    .where(and(eq(users.id, userId), isNull(users.disabledAt)));
  if (!user) return null;
  const roles = await db
    .select({
      responseId: roleAssignments.responseId,
      role: roleAssignments.role,
      sectorId: roleAssignments.sectorId,
      organisationId: roleAssignments.organisationId,
    })
    .from(roleAssignments)
    .where(eq(roleAssignments.userId, userId));
  return {
    userId: user.id,
    email: user.email,
    name: user.name,
    isAdmin: user.isAdmin,
    roles: roles.map((r) => ({ ...r, role: r.role as RoleName })),
    scope,
  };
}

/** Resolves the session cookie or `Authorization: Bearer` token of a request. */
export async function authenticate(db: Db, request: FastifyRequest): Promise<RequestAuth> {
  const none: RequestAuth = { principal: null, via: null, sessionTokenHash: null, csrfToken: null };
  const header = request.headers.authorization;
  if (header?.startsWith("Bearer ")) {
    const tokenHash = sha256(header.slice(7).trim());
    const [token] = await db
      .select({ id: apiTokens.id, userId: apiTokens.userId, scope: apiTokens.scope })
      .from(apiTokens)
      .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)));
    if (!token) throw new AppError("UNAUTHENTICATED", "The API token is unknown or revoked.");
    const principal = await loadPrincipal(db, token.userId, token.scope);
    if (!principal) throw new AppError("UNAUTHENTICATED", "The API token's account is disabled.");
    await db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, token.id));
    return { principal, via: "token", sessionTokenHash: null, csrfToken: null };
  }
  const cookie = request.cookies[SESSION_COOKIE];
  if (!cookie) return none;
  const tokenHash = sha256(cookie);
  const [session] = await db
    .select({ userId: sessions.userId, csrfToken: sessions.csrfToken, lastSeenAt: sessions.lastSeenAt })
    .from(sessions)
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, new Date())));
  if (!session) return none;
  // Last seen to the nearest five minutes: enough for "active sessions", without a write per request.
  if (Date.now() - session.lastSeenAt.getTime() > 5 * 60_000) {
    await db.update(sessions).set({ lastSeenAt: new Date() }).where(eq(sessions.tokenHash, tokenHash));
  }
  const principal = await loadPrincipal(db, session.userId, "write");
  if (!principal) return none;
  return { principal, via: "session", sessionTokenHash: tokenHash, csrfToken: session.csrfToken };
}

/** The principal of a request, or 401 when nobody is signed in. */
export function requirePrincipal(request: FastifyRequest): Principal {
  const principal = request.auth.principal;
  if (!principal) throw new AppError("UNAUTHENTICATED", "Sign in to do this.");
  return principal;
}

/** Throws 401 when signed out and 403 (code FORBIDDEN) when the matrix says no. */
export function authorize(request: FastifyRequest, action: Action, target: Target = {}): Principal {
  const principal = requirePrincipal(request);
  if (!can(principal, action, target)) {
    throw new AppError(
      "FORBIDDEN",
      principal.scope === "read" ? "This API token is read-only." : `You do not have permission (${action}).`,
    );
  }
  return principal;
}

declare module "fastify" {
  interface FastifyRequest {
    auth: RequestAuth;
  }
}
