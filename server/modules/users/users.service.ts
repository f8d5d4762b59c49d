import { and, asc, eq, ilike, inArray, or, type SQL, sql } from "drizzle-orm";
import type { z } from "zod";
import type { roleAssignmentInput, UserOutput } from "../../../common/schemas/users.ts";
import type { Db } from "../../db/client.ts";
import { roleAssignments, sessions, users } from "../../db/schema/accounts.ts";
import { organisations, sectors } from "../../db/schema/reference.ts";
import { responses } from "../../db/schema/tenancy.ts";
import { conflict, invalid, notFound } from "../../errors.ts";
import { type Actor, recordAudit } from "../audit/audit.service.ts";
import { hashPassword } from "../auth/secrets.ts";

type RoleInput = z.infer<typeof roleAssignmentInput>;

export interface CreateUserInput {
  email: string;
  name: string;
  password?: string;
  isAdmin: boolean;
  locale: string;
  roles: RoleInput[];
}

/** Users with their roles, optionally filtered by e-mail or name (the first 500 by e-mail). */
export async function listUsers(db: Db, q?: string): Promise<UserOutput[]> {
  return queryUsers(db, q ? or(ilike(users.email, `%${q}%`), ilike(users.name, `%${q}%`)) : undefined, 500);
}

export async function getUser(db: Db, id: string): Promise<UserOutput> {
  const [found] = await queryUsers(db, eq(users.id, id), 1);
  if (!found) throw notFound("User");
  return found;
}

async function queryUsers(db: Db, where: SQL | undefined, limit: number): Promise<UserOutput[]> {
  const rows = await db.select().from(users).where(where).orderBy(asc(users.email)).limit(limit);
  if (rows.length === 0) return [];
  const roles = await db
    .select({
      userId: roleAssignments.userId,
      responseId: roleAssignments.responseId,
      responseSlug: responses.slug,
      role: roleAssignments.role,
      sectorId: roleAssignments.sectorId,
      organisationId: roleAssignments.organisationId,
    })
    .from(roleAssignments)
    .innerJoin(responses, eq(responses.id, roleAssignments.responseId))
    .where(
      inArray(
        roleAssignments.userId,
        rows.map((u) => u.id),
      ),
    );
  return rows.map((u) => ({
    id: u.id,
    email: u.email,
    name: u.name,
    isAdmin: u.isAdmin,
    locale: u.locale,
    disabled: !!u.disabledAt,
    roles: roles.filter((r) => r.userId === u.id).map(({ userId: _u, ...r }) => r),
  }));
}

/** Checks each role against the response: a coordinator names a sector, an editor an organisation. */
async function resolveRoles(db: Db, roles: RoleInput[]) {
  const resolved = [];
  for (const [index, role] of roles.entries()) {
    const path = `body.roles.${index}`;
    const [response] = await db
      .select({ id: responses.id })
      .from(responses)
      .where(eq(responses.slug, role.responseSlug));
    if (!response)
      throw invalid(`Unknown response "${role.responseSlug}".`, [
        { path: `${path}.responseSlug`, message: "unknown" },
      ]);
    if (role.role === "sector_coordinator") {
      if (!role.sectorId)
        throw invalid("A sector coordinator needs a sector.", [
          { path: `${path}.sectorId`, message: "required" },
        ]);
      const [s] = await db
        .select({ id: sectors.id })
        .from(sectors)
        .where(and(eq(sectors.responseId, response.id), eq(sectors.id, role.sectorId)));
      if (!s)
        throw invalid("That sector is not in this response.", [
          { path: `${path}.sectorId`, message: "unknown" },
        ]);
    }
    if (role.role === "organisation_editor") {
      if (!role.organisationId)
        throw invalid("An organisation editor needs an organisation.", [
          { path: `${path}.organisationId`, message: "required" },
        ]);
      const [o] = await db
        .select({ id: organisations.id })
        .from(organisations)
        .where(and(eq(organisations.responseId, response.id), eq(organisations.id, role.organisationId)));
      if (!o)
        throw invalid("That organisation is not in this response.", [
          { path: `${path}.organisationId`, message: "unknown" },
        ]);
    }
    resolved.push({
      responseId: response.id,
      role: role.role,
      sectorId: role.role === "sector_coordinator" ? role.sectorId! : null,
      organisationId: role.role === "organisation_editor" ? role.organisationId! : null,
    });
  }
  return resolved;
}

export async function createUser(db: Db, actor: Actor, input: CreateUserInput): Promise<UserOutput> {
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  const id = await db.transaction(async (tx) => {
    const [clash] = await tx
      .select({ id: users.id })
      .from(users)
      .where(sql`lower(${users.email}) = lower(${input.email})`);
    if (clash)
      throw conflict(`An account for ${input.email} already exists.`, [
        { path: "body.email", message: "already used" },
      ]);
    const roles = await resolveRoles(tx, input.roles);
    const [row] = await tx
      .insert(users)
      .values({
        email: input.email,
        name: input.name,
        passwordHash,
        isAdmin: input.isAdmin,
        locale: input.locale,
      })
      .returning();
    if (roles.length) await tx.insert(roleAssignments).values(roles.map((r) => ({ ...r, userId: row!.id })));
    await recordAudit(tx, {
      responseId: null,
      actor,
      action: "user.create",
      entityType: "user",
      entityId: row!.id,
      after: { ...row, roles },
    });
    for (const role of roles) {
      await recordAudit(tx, {
        responseId: role.responseId,
        actor,
        action: "user.role.grant",
        entityType: "user",
        entityId: row!.id,
        after: { email: row!.email, ...role },
      });
    }
    return row!.id;
  });
  return getUser(db, id);
}

export interface UpdateUserInput {
  name?: string;
  isAdmin?: boolean;
  disabled?: boolean;
  locale?: string;
  roles?: RoleInput[];
}

export async function updateUser(
  db: Db,
  actor: Actor,
  id: string,
  changes: UpdateUserInput,
): Promise<UserOutput> {
  const before = await getUser(db, id);
  await db.transaction(async (tx) => {
    const { roles, disabled, ...columns } = changes;
    await tx
      .update(users)
      .set({
        ...columns,
        ...(disabled === undefined ? {} : { disabledAt: disabled ? new Date() : null }),
        updatedAt: new Date(),
      })
      .where(eq(users.id, id));
    // Disabling an account ends its sessions at once.
    if (disabled) await tx.delete(sessions).where(eq(sessions.userId, id));
    if (roles) {
      const resolved = await resolveRoles(tx, roles);
      await tx.delete(roleAssignments).where(eq(roleAssignments.userId, id));
      if (resolved.length)
        await tx.insert(roleAssignments).values(resolved.map((r) => ({ ...r, userId: id })));
      const touched = new Set([
        ...before.roles.map((r) => r.responseId),
        ...resolved.map((r) => r.responseId),
      ]);
      for (const responseId of touched) {
        await recordAudit(tx, {
          responseId,
          actor,
          action: "user.role.change",
          entityType: "user",
          entityId: id,
          before: { email: before.email, roles: before.roles.filter((r) => r.responseId === responseId) },
          after: { email: before.email, roles: resolved.filter((r) => r.responseId === responseId) },
        });
      }
    }
    await recordAudit(tx, {
      responseId: null,
      actor,
      action: "user.update",
      entityType: "user",
      entityId: id,
      before,
      after: changes,
    });
  });
  return getUser(db, id);
}

export async function setPassword(db: Db, actor: Actor, userId: string, password: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, userId));
    // A new password signs out every session and voids reset links still outstanding.
    await tx.delete(sessions).where(eq(sessions.userId, userId));
    await tx.execute(
      sql`UPDATE password_resets SET used_at = now() WHERE user_id = ${userId} AND used_at IS NULL`,
    );
    await recordAudit(tx, {
      responseId: null,
      actor,
      action: "user.password.set",
      entityType: "user",
      entityId: userId,
    });
  });
}

/** Accounts holding a role in one response, with those roles. */
export async function listMembers(db: Db, responseId: string) {
  const rows = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: roleAssignments.role,
      sectorId: roleAssignments.sectorId,
      organisationId: roleAssignments.organisationId,
    })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .where(eq(roleAssignments.responseId, responseId))
    .orderBy(asc(users.email));
  const byUser = new Map<
    string,
    {
      id: string;
      email: string;
      name: string;
      roles: { role: string; sectorId: string | null; organisationId: string | null }[];
    }
  >();
  for (const r of rows) {
    const member = byUser.get(r.id) ?? { id: r.id, email: r.email, name: r.name, roles: [] };
    member.roles.push({ role: r.role, sectorId: r.sectorId, organisationId: r.organisationId });
    byUser.set(r.id, member);
  }
  return [...byUser.values()];
}

/** Replaces a user's roles within one response (what a response manager may do). */
export async function setMemberRoles(
  db: Db,
  actor: Actor,
  responseSlug: string,
  responseId: string,
  userId: string,
  roles: Omit<RoleInput, "responseSlug">[],
) {
  const [user] = await db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(eq(users.id, userId));
  if (!user) throw notFound("User");
  await db.transaction(async (tx) => {
    const resolved = await resolveRoles(
      tx,
      roles.map((r) => ({ ...r, responseSlug })),
    );
    const before = await tx
      .select()
      .from(roleAssignments)
      .where(and(eq(roleAssignments.responseId, responseId), eq(roleAssignments.userId, userId)));
    await tx
      .delete(roleAssignments)
      .where(and(eq(roleAssignments.responseId, responseId), eq(roleAssignments.userId, userId)));
    if (resolved.length) await tx.insert(roleAssignments).values(resolved.map((r) => ({ ...r, userId })));
    await recordAudit(tx, {
      responseId,
      actor,
      action: "user.role.change",
      entityType: "user",
      entityId: userId,
      before: { email: user.email, roles: before },
      after: { email: user.email, roles: resolved },
    });
  });
  return (
    (await listMembers(db, responseId)).find((m) => m.id === userId) ?? {
      id: user.id,
      email: user.email,
      roles: [],
    }
  );
}

/** Everything the portal holds about one account, for a data-subject request (DESIGN §5). */
export async function exportUserData(db: Db, id: string) {
  const account = await getUser(db, id);
  const [sessionRows, tokenRows, responseActions, platformActions] = await Promise.all([
    db.execute<{
      created_at: string;
      last_seen_at: string;
      expires_at: string;
      user_agent: string | null;
      ip: string | null;
    }>(
      sql`SELECT created_at, last_seen_at, expires_at, user_agent, ip FROM sessions WHERE user_id = ${id} ORDER BY created_at`,
    ),
    db.execute<{
      name: string;
      scope: string;
      created_at: string;
      last_used_at: string | null;
      revoked_at: string | null;
    }>(
      sql`SELECT name, scope, created_at, last_used_at, revoked_at FROM api_tokens WHERE user_id = ${id} ORDER BY created_at`,
    ),
    db.execute<{
      at: string;
      response_id: string;
      action: string;
      entity_type: string;
      entity_id: string | null;
    }>(
      sql`SELECT at, response_id, action, entity_type, entity_id FROM audit_log WHERE actor_id = ${id} ORDER BY at`,
    ),
    db.execute<{ at: string; action: string; entity_type: string; entity_id: string | null }>(
      sql`SELECT at, action, entity_type, entity_id FROM platform_audit_log WHERE actor_id = ${id} OR entity_id = ${id} ORDER BY at`,
    ),
  ]);
  return {
    exportedAt: new Date().toISOString(),
    account,
    sessions: sessionRows.rows,
    apiTokens: tokenRows.rows,
    actions: [...responseActions.rows, ...platformActions.rows],
  };
}

/**
 * Erases an account: the account, its roles, sessions and tokens go; audit entries it made stay
 * (the record of what changed) but no longer name the person.
 */
export async function deleteUser(db: Db, actor: Actor, id: string): Promise<void> {
  const before = await getUser(db, id);
  const label = `deleted account ${id.slice(0, 8)}`;
  await db.transaction(async (tx) => {
    await tx.execute(sql`UPDATE audit_log SET actor_label = ${label} WHERE actor_id = ${id}`);
    await tx.execute(sql`UPDATE platform_audit_log SET actor_label = ${label} WHERE actor_id = ${id}`);
    await tx.execute(
      sql`UPDATE platform_audit_log SET before = NULL, after = NULL WHERE entity_type = 'user' AND entity_id = ${id}`,
    );
    await tx.execute(
      sql`UPDATE audit_log SET before = NULL, after = NULL WHERE entity_type = 'user' AND entity_id = ${id}`,
    );
    await tx.delete(roleAssignments).where(eq(roleAssignments.userId, id));
    await tx.delete(users).where(eq(users.id, id));
    await recordAudit(tx, {
      responseId: null,
      actor,
      action: "user.delete",
      entityType: "user",
      entityId: id,
      before: { roles: before.roles.length, isAdmin: before.isAdmin },
    });
  });
}
