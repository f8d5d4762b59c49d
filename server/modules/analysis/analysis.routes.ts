import { and, eq } from "drizzle-orm";
import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { expandAnswer } from "../../../common/analysis-rows.ts";
import { can } from "../../../common/permissions.ts";
import {
  analysisQuery,
  dashboardOutput,
  duplicationOutput,
  duplicationReviewInput,
  type GapRow,
  gapsOutput,
  locationProfile,
  type PresenceRow,
  presenceOutput,
  presenceQuery,
  progressOutput,
  trendsOutput,
} from "../../../common/schemas/analysis.ts";
import type { App, AppContext } from "../../context.ts";
import { duplicationReviews } from "../../db/schema/analysis.ts";
import { AppError } from "../../errors.ts";
import { type ExportColumn, sendList } from "../../http/list.ts";
import { actorOf, recordAudit } from "../audit/audit.service.ts";
import { authorize } from "../auth/principal.ts";
import { slugParams } from "../responses/responses.routes.ts";
import { getResponseBySlug } from "../responses/responses.service.ts";
import { type Audience, gaps, presence, scopeOf, trends } from "./analysis.service.ts";
import { dashboard, locationProfileOf } from "./dashboard.service.ts";
import { findDuplication, findingByKey, reviewFinding } from "./duplication.service.ts";
import { progress } from "./progress.service.ts";

const yearQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });
const withYear = analysisQuery.and(yearQuery);

const presenceColumns: ExportColumn<PresenceRow>[] = [
  { header: "location_code", hxl: "#loc+code", value: (r) => r.location.code },
  { header: "location", hxl: "#loc+name", value: (r) => r.location.name },
  { header: "sector_code", hxl: "#sector+code", value: (r) => r.sector.code },
  { header: "sector", hxl: "#sector+name", value: (r) => r.sector.name },
  { header: "organisations", hxl: "#org+num", value: (r) => r.organisations },
  { header: "activities", hxl: "#activity+num", value: (r) => r.activities },
  { header: "reached", hxl: "#reached", value: (r) => r.reached },
];

/** A monthly download: the month beside the sector, the rest as above. */
const monthlyPresenceColumns: ExportColumn<PresenceRow>[] = [
  ...presenceColumns.slice(0, 4),
  { header: "month", hxl: "#date+month", value: (r) => r.month },
  ...presenceColumns.slice(4),
];

const gapColumns: ExportColumn<GapRow>[] = [
  ...(presenceColumns.slice(0, 4) as unknown as ExportColumn<GapRow>[]),
  { header: "severity", hxl: "#severity", value: (r) => r.severity },
  { header: "in_need", hxl: "#inneed", value: (r) => r.inNeed },
  { header: "population", hxl: "#population", value: (r) => r.population },
  { header: "reached", hxl: "#reached", value: (r) => r.reached },
  { header: "partners", hxl: "#org+num", value: (r) => r.partners },
  { header: "coverage", hxl: "#indicator+coverage+pct", value: (r) => r.coverage },
  { header: "unmet", hxl: "#inneed+unmet", value: (r) => r.unmet },
  { header: "high_need_no_partner", hxl: "#status+gap", value: (r) => r.highNeedNoPartner },
];

/** A CSV/HXL download of rows already in memory (analysis answers are a few thousand rows). */
function download<T>(
  reply: FastifyReply,
  format: "csv" | "hxl",
  filename: string,
  columns: ExportColumn<T>[],
  rows: T[],
) {
  return sendList(reply, {
    query: { format, limit: 500 },
    filename,
    columns,
    fetchPage: async () => ({ items: rows, nextCursor: null }),
  });
}

/**
 * Presence and gaps answers can be large (1.4 MB of JSON at site level for every sector, 7,700
 * rows) and are made afresh for each request, so two things are cheaper for them:
 * - They go out as JSON without a second pass through their response schema, which copied every
 *   row once more and took a quarter of the request's CPU, garbage collection included.
 *   TypeScript checks the handlers against the schema, and the tests check every answer they
 *   read against it (`getAnswer`).
 * - gzip at level 4 instead of 6: 170 KB instead of 148 KB for that answer, in about half the
 *   time. Browsers get brotli (unchanged); gzip is for scripts and tools.
 */
const largeAnswer = {
  serializerCompiler: () => (data: unknown) => JSON.stringify(data),
  compress: { threshold: 1024, zlibOptions: { level: 4 } },
};

export async function analysisRoutes(app: App, { database: { db } }: AppContext) {
  /** Who is asking: members of the response see full figures; everyone else suppressed ones. */
  async function audienceOf(request: FastifyRequest & { params: { slug: string } }): Promise<Audience> {
    const response = await getResponseBySlug(db, request.params.slug);
    return {
      responseId: response.id,
      isPublic: !can(request.auth.principal, "response:read-restricted", { responseId: response.id }),
      threshold: response.suppressionThreshold,
    };
  }
  // Figures change with every import or review: browsers revalidate, shared caches keep nothing.
  const noStore = (reply: FastifyReply) => reply.header("cache-control", "private, no-cache");

  app.get(
    "/api/v1/responses/:slug/analysis/dashboard",
    {
      schema: {
        tags: ["analysis"],
        summary:
          "Key figures per sector (people in need, targeted, reached, partners, funding) with their dates",
        params: slugParams,
        querystring: withYear,
        response: { 200: dashboardOutput },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return dashboard(db, await audienceOf(request), request.query);
    },
  );

  app.get(
    "/api/v1/responses/:slug/analysis/presence",
    {
      schema: {
        tags: ["analysis"],
        summary:
          "4W presence: partners, records and people reached per place (any level) and sector, or per month too (`by=month`)",
        description:
          "For the public: approved records only, no sensitive place, and people reached below the response's threshold withheld (`reached` null, `suppressed` true), with one more cell withheld wherever a sector's places (and, by month, a month's places or a place's months) would otherwise hold a single withheld cell. The response schema describes the JSON answer; `format=csv|hxl` streams the same rows as CSV.",
        params: slugParams,
        querystring: presenceQuery,
        response: { 200: presenceOutput },
      },
      ...largeAnswer,
    },
    async (request, reply) => {
      noStore(reply);
      const answer = await presence(db, await audienceOf(request), request.query);
      const { format, by } = request.query;
      if (format === "json") return answer;
      // The CSV goes out through `reply` as a stream, past the JSON response schema.
      await download(
        reply,
        format,
        `${request.params.slug}-presence${by === "month" ? "-by-month" : ""}`,
        by === "month" ? monthlyPresenceColumns : presenceColumns,
        expandAnswer(answer).rows,
      );
    },
  );

  app.get(
    "/api/v1/responses/:slug/analysis/gaps",
    {
      schema: {
        tags: ["analysis"],
        summary: "Gaps: need against coverage per place and sector, largest first",
        description:
          "For the public, figures are withheld as for presence. The response schema describes the JSON answer; `format=csv|hxl` streams the same rows as CSV.",
        params: slugParams,
        querystring: analysisQuery,
        response: { 200: gapsOutput },
      },
      ...largeAnswer,
    },
    async (request, reply) => {
      noStore(reply);
      const answer = await gaps(db, await audienceOf(request), request.query);
      if (request.query.format === "json") return answer;
      await download(
        reply,
        request.query.format,
        `${request.params.slug}-gaps`,
        gapColumns,
        expandAnswer(answer).rows,
      );
    },
  );

  app.get(
    "/api/v1/responses/:slug/analysis/progress",
    {
      schema: {
        tags: ["analysis"],
        summary: "Progress: achieved against target per indicator, funding received against required",
        params: slugParams,
        querystring: withYear,
        response: { 200: progressOutput },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return progress(db, await audienceOf(request), request.query);
    },
  );

  app.get(
    "/api/v1/responses/:slug/analysis/trends",
    {
      schema: {
        tags: ["analysis"],
        summary: "Monthly series per sector (default: 12 months to the latest) and population over rounds",
        params: slugParams,
        querystring: analysisQuery,
        response: { 200: trendsOutput },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return trends(db, await audienceOf(request), request.query);
    },
  );

  app.get(
    "/api/v1/responses/:slug/analysis/locations/:locationId",
    {
      schema: {
        tags: ["analysis"],
        summary: "A place's profile: who works here, needs, population and trends",
        params: slugParams.extend({ locationId: z.uuid() }),
        response: { 200: locationProfile },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return locationProfileOf(db, await audienceOf(request), request.params.locationId);
    },
  );

  app.get(
    "/api/v1/responses/:slug/analysis/duplication",
    {
      schema: {
        tags: ["analysis"],
        summary: "Duplication and double counting findings (members of the response)",
        params: slugParams,
        querystring: analysisQuery.and(
          z.object({ state: z.enum(["open", "reviewed", "all"]).default("open") }),
        ),
        response: { 200: duplicationOutput },
      },
    },
    async (request, reply) => {
      noStore(reply);
      const audience = await audienceOf(request);
      authorize(request, "response:read-restricted", { responseId: audience.responseId });
      const scope = await scopeOf(db, audience, request.query);
      return findDuplication(db, scope, request.query.state);
    },
  );

  app.put(
    "/api/v1/responses/:slug/analysis/duplication/reviews",
    {
      schema: {
        tags: ["analysis"],
        summary: "Mark a finding reviewed, not a duplicate (with the reason)",
        params: slugParams,
        body: duplicationReviewInput,
      },
    },
    async (request, reply) => {
      const audience = await audienceOf(request);
      const principal = authorize(request, "response:read-restricted", { responseId: audience.responseId });
      const scope = { responseId: audience.responseId, isPublic: false, level: "site" as const };
      const found = await findingByKey(db, scope, request.body.key);
      authorize(request, "duplication:review", {
        responseId: audience.responseId,
        sectorIds: [found.finding.sector.id],
      });
      await reviewFinding(db, actorOf(principal), audience.responseId, found, request.body.reason);
      return reply.code(204).send();
    },
  );

  app.delete(
    "/api/v1/responses/:slug/analysis/duplication/reviews",
    {
      schema: {
        tags: ["analysis"],
        summary: "Reopen a reviewed finding",
        params: slugParams,
        querystring: z.object({ key: z.string().min(5).max(400) }),
      },
    },
    async (request, reply) => {
      const audience = await audienceOf(request);
      authorize(request, "response:read-restricted", { responseId: audience.responseId });
      const where = and(
        eq(duplicationReviews.responseId, audience.responseId),
        eq(duplicationReviews.findingKey, request.query.key),
      );
      const [review] = await db.select().from(duplicationReviews).where(where);
      if (!review) throw new AppError("NOT_FOUND", "This finding has no review.");
      const principal = authorize(request, "duplication:review", {
        responseId: audience.responseId,
        sectorIds: [review.sectorId],
      });
      await db.transaction(async (tx) => {
        await tx.delete(duplicationReviews).where(where);
        await recordAudit(tx, {
          responseId: audience.responseId,
          actor: actorOf(principal),
          action: "delete",
          entityType: "duplication_review",
          entityId: review.id,
          before: review,
        });
      });
      return reply.code(204).send();
    },
  );
}
