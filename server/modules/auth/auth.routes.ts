import { z } from "zod";
import { email, loginInput, password } from "../../../common/schemas/users.ts";
import type { App, AppContext } from "../../context.ts";
import { AppError } from "../../errors.ts";
import { actorOf } from "../audit/audit.service.ts";
import {
  changePassword,
  confirmPasswordReset,
  createApiToken,
  endSession,
  listApiTokens,
  requestPasswordReset,
  revokeApiToken,
  startSession,
  verifyCredentials,
} from "./auth.service.ts";
import { loadPrincipal, requirePrincipal, SESSION_COOKIE } from "./principal.ts";

export async function authRoutes(app: App, { database: { db }, env, mailer }: AppContext) {
  const cookieOptions = (secure: boolean) => ({
    path: "/",
    httpOnly: true,
    sameSite: "lax" as const,
    secure,
  });
  const isSecure = (protocol: string) =>
    env.COOKIE_SECURE === "auto" ? protocol === "https" : env.COOKIE_SECURE === "true";

  app.post(
    "/api/v1/auth/login",
    {
      config: {
        // Per address and account: slows password guessing without locking the real user out.
        // Counted in preHandler, once the body (and so the e-mail in the key) has been parsed; in
        // the default onRequest hook the key would be the address alone, locking out a whole office.
        rateLimit: {
          hook: "preHandler",
          max: env.LOGIN_RATE_LIMIT,
          timeWindow: "1 minute",
          keyGenerator: (request: { ip: string; body?: unknown }) =>
            `${request.ip}|${String((request.body as { email?: string } | undefined)?.email ?? "").toLowerCase()}`,
        },
      },
      schema: { tags: ["auth"], summary: "Sign in with e-mail and password", body: loginInput },
    },
    async (request, reply) => {
      const userId = await verifyCredentials(db, request.body.email, request.body.password);
      const session = await startSession(db, userId, {
        previousTokenHash: request.auth.sessionTokenHash,
        days: env.SESSION_DAYS,
        userAgent: request.headers["user-agent"],
        ip: request.ip,
      });
      reply.setCookie(SESSION_COOKIE, session.token, {
        ...cookieOptions(isSecure(request.protocol)),
        expires: session.expiresAt,
      });
      return { user: await loadPrincipal(db, userId, "write"), csrfToken: session.csrfToken };
    },
  );

  app.post("/api/v1/auth/logout", { schema: { tags: ["auth"] } }, async (request, reply) => {
    if (request.auth.sessionTokenHash) {
      await endSession(db, request.auth.sessionTokenHash, request.auth.principal?.userId ?? null);
    }
    reply.clearCookie(SESSION_COOKIE, cookieOptions(isSecure(request.protocol)));
    return reply.status(204).send();
  });

  app.get(
    "/api/v1/auth/session",
    { schema: { tags: ["auth"], summary: "Who is signed in, and the CSRF token to send with writes" } },
    async (request, reply) => {
      reply.header("cache-control", "no-store");
      return { user: request.auth.principal, csrfToken: request.auth.csrfToken };
    },
  );

  app.post(
    "/api/v1/auth/password-reset",
    {
      config: { rateLimit: { max: 5, timeWindow: "1 minute" } },
      schema: { tags: ["auth"], summary: "Mail a password reset link", body: z.strictObject({ email }) },
    },
    async (request, reply) => {
      // Done after answering, so the time taken does not reveal whether the account exists.
      setImmediate(() => {
        requestPasswordReset(db, mailer, env.PUBLIC_URL, request.body.email).catch((error: unknown) =>
          request.log.error({ err: error }, "password reset mail failed"),
        );
      });
      // Same answer whether or not the account exists.
      return reply
        .status(202)
        .send({ message: "If an account exists for this address, a reset link is on its way." });
    },
  );

  app.post(
    "/api/v1/auth/password-reset/confirm",
    {
      config: { rateLimit: { max: 10, timeWindow: "1 minute" } },
      schema: { tags: ["auth"], body: z.strictObject({ token: z.string().min(10).max(200), password }) },
    },
    async (request, reply) => {
      await confirmPasswordReset(db, request.body.token, request.body.password);
      return reply.status(204).send();
    },
  );

  app.post(
    "/api/v1/auth/password",
    {
      // Guessing the current password here must be as slow as at sign-in.
      config: {
        rateLimit: {
          hook: "preHandler",
          max: env.LOGIN_RATE_LIMIT,
          timeWindow: "1 minute",
          keyGenerator: (request: { auth?: { principal?: { userId: string } | null }; ip: string }) =>
            request.auth?.principal?.userId ?? request.ip,
        },
      },
      schema: {
        tags: ["auth"],
        summary: "Change your own password",
        body: z.strictObject({ currentPassword: z.string().min(1).max(200), newPassword: password }),
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      if (request.auth.via !== "session") {
        throw new AppError(
          "FORBIDDEN",
          "Change a password from a signed-in browser session, not with an API token.",
        );
      }
      await changePassword(
        db,
        actorOf(principal),
        principal.userId,
        request.body.currentPassword,
        request.body.newPassword,
      );
      reply.clearCookie(SESSION_COOKIE, cookieOptions(isSecure(request.protocol)));
      return reply.status(204).send();
    },
  );

  app.get(
    "/api/v1/auth/tokens",
    { schema: { tags: ["auth"], summary: "Your API tokens" } },
    async (request) => {
      const principal = requirePrincipal(request);
      return { items: await listApiTokens(db, principal.userId) };
    },
  );

  app.post(
    "/api/v1/auth/tokens",
    {
      schema: {
        tags: ["auth"],
        summary: "Issue an API token (the secret is shown once)",
        body: z.strictObject({
          name: z.string().trim().min(1).max(100),
          scope: z.enum(["read", "write"]).default("read"),
        }),
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      if (principal.scope === "read")
        throw new AppError("FORBIDDEN", "A read-only token cannot issue tokens.");
      return reply
        .status(201)
        .send(
          await createApiToken(
            db,
            actorOf(principal),
            principal.userId,
            request.body.name,
            request.body.scope,
          ),
        );
    },
  );

  app.delete(
    "/api/v1/auth/tokens/:id",
    { schema: { tags: ["auth"], params: z.object({ id: z.uuid() }) } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      if (principal.scope === "read")
        throw new AppError("FORBIDDEN", "A read-only token cannot revoke tokens.");
      await revokeApiToken(db, actorOf(principal), principal.userId, request.params.id);
      return reply.status(204).send();
    },
  );
}
