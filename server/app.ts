import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import compress from "@fastify/compress";
import cookie from "@fastify/cookie";
import helmet from "@fastify/helmet";
import multipart from "@fastify/multipart";
import rateLimit from "@fastify/rate-limit";
import fastifyStatic from "@fastify/static";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import Fastify from "fastify";
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import type { App, AppContext } from "./context.ts";
import { AppError } from "./errors.ts";
import { notFoundBody, registerErrorHandling } from "./http/errors.ts";
import { activitiesRoutes } from "./modules/activities/activities.routes.ts";
import { activityReviewRoutes } from "./modules/activities/activities-review.routes.ts";
import { activitySummaryRoutes } from "./modules/activities/activities-summary.routes.ts";
import { sectorTemplateRoutes } from "./modules/activities-export/sector-template.routes.ts";
import { activitiesImportRoutes } from "./modules/activities-import/activities-import.routes.ts";
import { importJobsRoutes } from "./modules/activities-import/import-jobs.routes.ts";
import { analysisRoutes } from "./modules/analysis/analysis.routes.ts";
import { auditRoutes } from "./modules/audit/audit.routes.ts";
import { authRoutes } from "./modules/auth/auth.routes.ts";
import { authenticate, type RequestAuth } from "./modules/auth/principal.ts";
import { contactConfirmationRoutes } from "./modules/contacts/confirmations.routes.ts";
import { contactsRoutes } from "./modules/contacts/contacts.routes.ts";
import { displacementRoutes } from "./modules/displacement/displacement.routes.ts";
import { documentsRoutes } from "./modules/documents/documents.routes.ts";
import { eventsRoutes } from "./modules/events/events.routes.ts";
import { healthRoutes } from "./modules/health/health.routes.ts";
import { locationsRoutes } from "./modules/locations/locations.routes.ts";
import { newsRoutes } from "./modules/news/news.routes.ts";
import { organisationsRoutes } from "./modules/organisations/organisations.routes.ts";
import { plansRoutes } from "./modules/plans/plans.routes.ts";
import { platformsRoutes } from "./modules/platforms/platforms.routes.ts";
import { practicesRoutes } from "./modules/practices/practices.routes.ts";
import { responsesRoutes } from "./modules/responses/responses.routes.ts";
import { searchRoutes } from "./modules/search/search.routes.ts";
import { sectorsRoutes } from "./modules/sectors/sectors.routes.ts";
import { usersRoutes } from "./modules/users/users.routes.ts";

const builtWebRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../dist/web");
const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);
const anonymous: RequestAuth = Object.freeze({
  principal: null,
  via: null,
  sessionTokenHash: null,
  csrfToken: null,
});

/** Builds the HTTP application: security, API routes with OpenAPI, and the web app. */
export async function buildApp(
  context: AppContext,
  options: { logger?: boolean; webRoot?: string } = {},
): Promise<App> {
  const webRoot = options.webRoot ?? builtWebRoot;
  const { env } = context;
  const app = Fastify({
    logger: options.logger === false ? false : { level: env.LOG_LEVEL },
    trustProxy: env.TRUST_PROXY === "true",
    bodyLimit: 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:", "https:"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "script-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
      },
    },
  });
  await app.register(compress, { threshold: 1024 });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(multipart, { limits: { fileSize: 50 * 1024 * 1024, files: 1 } });
  for (const type of ["text/csv", "application/geo+json", "application/octet-stream", "text/plain"]) {
    app.addContentTypeParser(type, { parseAs: "buffer" }, (_request, body, done) => done(null, body));
  }

  // Fastify wants reference-type decorations initialised per request, in the hook below.
  app.decorateRequest("auth", null as unknown as RequestAuth);
  app.addHook("onRequest", async (request) => {
    request.auth = anonymous;
    if (!request.url.startsWith("/api/")) return;
    request.auth = await authenticate(context.database.db, request);
    if (request.auth.via === "session" && !safeMethods.has(request.method)) {
      if (request.headers["x-csrf-token"] !== request.auth.csrfToken) {
        throw new AppError(
          "CSRF_FAILED",
          "Missing or wrong X-CSRF-Token header; reload the page and try again.",
        );
      }
    }
  });

  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Intersector API",
        version: "1",
        description: "Inter-sector coordination portal: reference data, 4W, analysis.",
      },
      components: {
        securitySchemes: {
          session: { type: "apiKey", in: "cookie", name: "isx_session" },
          token: { type: "http", scheme: "bearer" },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: "/api/docs" });

  for (const routes of [
    healthRoutes,
    authRoutes,
    usersRoutes,
    auditRoutes,
    responsesRoutes,
    locationsRoutes,
    organisationsRoutes,
    sectorsRoutes,
    platformsRoutes,
    eventsRoutes,
    contactsRoutes,
    contactConfirmationRoutes,
    practicesRoutes,
    activitiesRoutes,
    activityReviewRoutes,
    activitySummaryRoutes,
    sectorTemplateRoutes,
    activitiesImportRoutes,
    importJobsRoutes,
    analysisRoutes,
    plansRoutes,
    displacementRoutes,
    documentsRoutes,
    newsRoutes,
    searchRoutes,
  ]) {
    await app.register(async (scope) => routes(scope as App, context));
  }
  app.get("/api/v1/openapi.json", { schema: { hide: true } }, async () => app.swagger());

  const hasWeb = fs.existsSync(path.join(webRoot, "index.html"));
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: webRoot,
      // Files are looked up when asked for, not listed at boot: a web build made while the server
      // runs is served at once (its index would otherwise name bundles the server never routed).
      wildcard: true,
      index: false,
      cacheControl: false, // set per file below
      setHeaders: (res, filePath) => {
        // Hashed bundles never change; index.html must always be revalidated.
        res.setHeader(
          "cache-control",
          filePath.includes(`${path.sep}assets${path.sep}`)
            ? "public, max-age=31536000, immutable"
            : "no-cache",
        );
      },
    });
  }
  if (hasWeb)
    // The root is a folder to the static files (403): it is the app's home page.
    app.get("/", { schema: { hide: true } }, (_request, reply) =>
      reply.header("cache-control", "no-cache").sendFile("index.html"),
    );
  app.setNotFoundHandler((request, reply) => {
    // A missing bundle under /assets/ is a 404, never index.html served as JavaScript.
    if (
      hasWeb &&
      request.method === "GET" &&
      !request.url.startsWith("/api/") &&
      !request.url.startsWith("/assets/")
    ) {
      reply.header("cache-control", "no-cache");
      return reply.sendFile("index.html");
    }
    return reply.status(404).send(notFoundBody(request.method, request.url));
  });

  return app as unknown as App;
}
