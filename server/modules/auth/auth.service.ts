import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { apiTokens, passwordResets, sessions, users } from "../../db/schema/accounts.ts";
import { AppError, invalid, notFound } from "../../errors.ts";
import type { Mailer } from "../../mail.ts";
import { type Actor, recordAudit } from "../audit/audit.service.ts";
import { setPassword } from "../users/users.service.ts";
import { hashPassword, randomToken, sha256, verifyPassword } from "./secrets.ts";

// Verifying against a real hash when the account does not exist keeps timing equal, so
// response times do not reveal which e-mail addresses have accounts.
const dummyHash = hashPassword(randomToken());

/** Checks e-mail and password; the same error for an unknown account and a wrong password. */
export async function verifyCredentials(db: Db, email: string, password: string): Promise<string> {
  const [user] = await db
    .select({ id: users.id, passwordHash: users.passwordHash, disabledAt: users.disabledAt })
    .from(users)
    .where(sql`lower(${users.email}) = lower(${email})`);
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyHash), password);
  if (!user?.passwordHash || !ok || user.disabledAt) {
    throw new AppError("INVALID_CREDENTIALS", "The e-mail or password is not right.");
  }
  return user.id;
}

export interface NewSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

/** Starts a session; the previous session of this browser (if any) ends, so ids rotate at sign-in. */
export async function startSession(
  db: Db,
  userId: string,
  options: { previousTokenHash?: string | null; days: number; userAgent?: string; ip?: string },
): Promise<NewSession> {
  const token = randomToken();
  const csrfToken = randomToken(24);
  const expiresAt = new Date(Date.now() + options.days * 86_400_000);
  await db.transaction(async (tx) => {
    if (options.previousTokenHash)
      await tx.delete(sessions).where(eq(sessions.tokenHash, options.previousTokenHash));
    await tx.delete(sessions).where(and(eq(sessions.userId, userId), sql`${sessions.expiresAt} < now()`));
    await tx.insert(sessions).values({
      tokenHash: sha256(token),
      userId,
      csrfToken,
      expiresAt,
      userAgent: options.userAgent?.slice(0, 300),
      ip: options.ip,
    });
    await recordAudit(tx, {
      responseId: null,
      actor: { id: userId, label: "sign-in" },
      action: "session.start",
      entityType: "user",
      entityId: userId,
    });
  });
  return { token, csrfToken, expiresAt };
}

export async function endSession(db: Db, tokenHash: string, userId: string | null): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
    if (userId) {
      await recordAudit(tx, {
        responseId: null,
        actor: { id: userId, label: "sign-out" },
        action: "session.end",
        entityType: "user",
        entityId: userId,
      });
    }
  });
}

/** Creates a one-hour reset token and mails the link; silent when the account is unknown. */
export async function requestPasswordReset(
  db: Db,
  mailer: Mailer,
  publicUrl: string,
  email: string,
): Promise<string | null> {
  const [user] = await db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(and(sql`lower(${users.email}) = lower(${email})`, isNull(users.disabledAt)));
  if (!user) return null;
  const token = randomToken();
  await db
    .insert(passwordResets)
    .values({ tokenHash: sha256(token), userId: user.id, expiresAt: new Date(Date.now() + 3_600_000) });
  await mailer.send({
    to: user.email,
    subject: "Reset your Intersector password",
    text: `Open this link within one hour to choose a new password:\n${publicUrl}/reset-password?token=${token}\n\nIf you did not ask for this, ignore this message.`,
  });
  return token;
}

/** Uses a reset token and sets the password in one transaction: a token works once, even in a race. */
export async function confirmPasswordReset(db: Db, token: string, password: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [reset] = await tx
      .update(passwordResets)
      .set({ usedAt: new Date() })
      .where(
        and(
          eq(passwordResets.tokenHash, sha256(token)),
          isNull(passwordResets.usedAt),
          gt(passwordResets.expiresAt, new Date()),
        ),
      )
      .returning({ userId: passwordResets.userId });
    if (!reset)
      throw invalid("This reset link is unknown, used or expired. Ask for a new one.", [
        { path: "body.token", message: "invalid" },
      ]);
    await setPassword(tx, { id: reset.userId, label: "password reset" }, reset.userId, password);
  });
}

/** Changes one's own password after checking the current one. */
export async function changePassword(
  db: Db,
  actor: Actor,
  userId: string,
  current: string,
  next: string,
): Promise<void> {
  const [row] = await db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, userId));
  if (!row?.hash || !(await verifyPassword(row.hash, current))) {
    throw invalid("The current password is not right.", [
      { path: "body.currentPassword", message: "wrong password" },
    ]);
  }
  await setPassword(db, actor, userId, next);
}

/** Issues an API token; the secret is shown once and stored hashed. */
export async function createApiToken(
  db: Db,
  actor: Actor,
  userId: string,
  name: string,
  scope: "read" | "write",
) {
  const secret = `isx_${randomToken()}`;
  const row = await db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(apiTokens)
      .values({ userId, name, scope, tokenHash: sha256(secret) })
      .returning();
    await recordAudit(tx, {
      responseId: null,
      actor,
      action: "api_token.create",
      entityType: "api_token",
      entityId: inserted!.id,
      after: { name, scope },
    });
    return inserted!;
  });
  return { id: row.id, name, scope, createdAt: row.createdAt.toISOString(), token: secret };
}

export async function listApiTokens(db: Db, userId: string) {
  const rows = await db
    .select()
    .from(apiTokens)
    .where(eq(apiTokens.userId, userId))
    .orderBy(apiTokens.createdAt);
  return rows.map((t) => ({
    id: t.id,
    name: t.name,
    scope: t.scope,
    createdAt: t.createdAt.toISOString(),
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
  }));
}

export async function revokeApiToken(db: Db, actor: Actor, userId: string, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
      .returning();
    if (!row) throw notFound("API token");
    await recordAudit(tx, {
      responseId: null,
      actor,
      action: "api_token.revoke",
      entityType: "api_token",
      entityId: id,
    });
  });
}
