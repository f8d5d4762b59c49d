import type { FastifyRequest } from "fastify";
import { z } from "zod";
import { can } from "../../../common/permissions.ts";
import {
  figureFilters,
  figuresImportReport,
  figuresInput,
  figuresWriteResult,
  objectiveInput,
  objectiveOutput,
  objectivePatch,
  planOutput,
  planYear,
} from "../../../common/schemas/plans.ts";
import { isoDate } from "../../../common/schemas/responses.ts";
import type { App, AppContext } from "../../context.ts";
import { AppError, invalid } from "../../errors.ts";
import { sendList } from "../../http/list.ts";
import { readUpload } from "../../http/upload.ts";
import { requireSomeGrant } from "../activities/activities.policy.ts";
import { actorOf } from "../audit/audit.service.ts";
import { authorize, requirePrincipal } from "../auth/principal.ts";
import { slugParams } from "../responses/responses.routes.ts";
import { getResponseBySlug } from "../responses/responses.service.ts";
import {
  checkFigureReferences,
  deleteFigure,
  duplicateFigures,
  getFigure,
  refusedFigures,
  upsertFigures,
} from "./figures.service.ts";
import { importFigures } from "./figures-import.ts";
import {
  type Audience,
  listFigures,
  locationAncestors,
  summarise,
  wideColumns,
  wideRows,
} from "./figures-list.ts";
import { parseMapping } from "./import-table.ts";
import {
  createObjective,
  deleteObjective,
  getObjective,
  mergeObjective,
  objectiveSectorIds,
  objectiveTree,
  presentObjective,
  updateObjective,
} from "./objectives.service.ts";

const yearParams = slugParams.extend({ year: planYear });
const idParams = yearParams.extend({ id: z.uuid() });

const figuresQuery = figureFilters.extend({
  format: z
    .enum(["json", "csv", "hxl"])
    .optional()
    .describe("csv and hxl download one row per figure key and date."),
});

const flag = z
  .enum(["true", "false", "1", "0"])
  .optional()
  .transform((v) => v === "true" || v === "1");

const importQuery = z.object({
  asOf: isoDate
    .optional()
    .describe("The date the figures are as of; required unless the file has a #date+asof column."),
  dryRun: flag.describe("Check only; write nothing."),
  sheet: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .describe("XLSX: the sheet to read (default: the first)."),
  mapping: z
    .string()
    .max(5000)
    .optional()
    .describe('JSON: `{ "header or 0-based column": field | "ignore" }`.'),
  source: z
    .string()
    .trim()
    .max(500)
    .optional()
    .describe("Where the figures come from (kept with each figure)."),
});

export async function plansRoutes(app: App, { database: { db } }: AppContext) {
  const audienceOf = (
    request: FastifyRequest,
    response: { id: string; suppressionThreshold: number },
  ): Audience => ({
    isPublic: !can(request.auth.principal, "response:read-restricted", { responseId: response.id }),
    threshold: response.suppressionThreshold,
  });

  app.get(
    "/api/v1/responses/:slug/plans/:year",
    {
      schema: {
        tags: ["plans"],
        summary:
          "A year's response plan: objectives (strategic, with their sector objectives) and current figures per sector",
        params: yearParams,
        response: { 200: planOutput },
      },
    },
    async (request) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const { year } = request.params;
      const figures = await listFigures(
        db,
        response.id,
        year,
        { view: "current" },
        audienceOf(request, response),
      );
      const places = [...new Set(figures.flatMap((f) => (f.location ? [f.location.id] : [])))];
      return {
        year,
        objectives: await objectiveTree(db, response.id, year),
        summary: summarise(figures, await locationAncestors(db, response.id, places)),
      };
    },
  );

  app.post(
    "/api/v1/responses/:slug/plans/:year/objectives",
    {
      schema: {
        tags: ["plans"],
        params: yearParams,
        body: objectiveInput,
        response: { 201: objectiveOutput },
      },
    },
    async (request, reply) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const sectorIds = await objectiveSectorIds(db, response.id, request.body.sectorId);
      const principal = authorize(request, "plan:write", { responseId: response.id, sectorIds });
      const row = await createObjective(
        db,
        response.id,
        request.params.year,
        actorOf(principal),
        request.body,
      );
      return reply.status(201).send(presentObjective(row));
    },
  );

  app.patch(
    "/api/v1/responses/:slug/plans/:year/objectives/:id",
    {
      schema: {
        tags: ["plans"],
        summary: "Change an objective (judged on the objective as it is and as it would be)",
        params: idParams,
        body: objectivePatch,
        response: { 200: objectiveOutput },
      },
    },
    async (request) => {
      const response = await getResponseBySlug(db, request.params.slug);
      requirePrincipal(request);
      const row = await getObjective(db, response.id, request.params.year, request.params.id);
      authorize(request, "plan:write", {
        responseId: response.id,
        sectorIds: await objectiveSectorIds(db, response.id, row.sectorId),
      });
      const next = mergeObjective(row, request.body);
      const principal = authorize(request, "plan:write", {
        responseId: response.id,
        sectorIds: await objectiveSectorIds(db, response.id, next.sectorId),
      });
      return presentObjective(await updateObjective(db, response.id, row, actorOf(principal), next));
    },
  );

  app.delete(
    "/api/v1/responses/:slug/plans/:year/objectives/:id",
    { schema: { tags: ["plans"], params: idParams } },
    async (request, reply) => {
      const response = await getResponseBySlug(db, request.params.slug);
      requirePrincipal(request);
      const row = await getObjective(db, response.id, request.params.year, request.params.id);
      const principal = authorize(request, "plan:write", {
        responseId: response.id,
        sectorIds: await objectiveSectorIds(db, response.id, row.sectorId),
      });
      await deleteObjective(db, response.id, row, actorOf(principal));
      return reply.status(204).send();
    },
  );

  app.get(
    "/api/v1/responses/:slug/plans/:year/figures",
    {
      schema: {
        tags: ["plans"],
        summary: "Plan figures: current (latest as of) or history, as JSON or a CSV/HXL download",
        description:
          "The public does not see figures at sensitive locations, and small counts of people (in need, targeted) are withheld (`value` null, `suppressed` true).",
        params: yearParams,
        querystring: figuresQuery,
        // No response schema: the same route streams CSV; JSON is `{ items: figureOutput[] }`.
      },
    },
    async (request, reply) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const { format, ...filters } = request.query;
      const figures = await listFigures(
        db,
        response.id,
        request.params.year,
        filters,
        audienceOf(request, response),
      );
      if (format === "csv" || format === "hxl") {
        const rows = wideRows(figures);
        return sendList(reply, {
          query: { format, limit: 500 },
          filename: `${response.slug}-plan-${request.params.year}-figures`,
          columns: wideColumns,
          fetchPage: async () => ({ items: rows, nextCursor: null }),
        });
      }
      return { items: figures.map(({ populationGroupCode: _, ...f }) => f) };
    },
  );

  app.put(
    "/api/v1/responses/:slug/plans/:year/figures",
    {
      bodyLimit: 10 * 1024 * 1024,
      schema: {
        tags: ["plans"],
        summary: "Write figures: the same key and date updates the value, a new date adds a dated row",
        description:
          "All or nothing, in one transaction. Each figure needs plan:write on its sector (or the sector's parent); a figure without a sector needs a response manager.",
        params: yearParams,
        body: figuresInput,
        response: { 200: figuresWriteResult },
      },
    },
    async (request) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const principal = requirePrincipal(request);
      requireSomeGrant(principal, "plan:write", response.id);
      const { figures } = request.body;
      const { year } = request.params;
      const { problems, sectorParents } = await checkFigureReferences(db, response.id, year, figures);
      const path = (index: number, field: string) => `body.figures[${index}]${field ? `.${field}` : ""}`;
      if (problems.length)
        throw invalid(
          "Some figures name records that are not in this response.",
          problems.map((p) => ({ path: path(p.index, p.field), message: p.message })),
        );
      const refused = refusedFigures(principal, response.id, figures, sectorParents);
      if (refused.length)
        throw new AppError(
          "FORBIDDEN",
          "You do not have permission (plan:write) for every figure's sector: nothing was written.",
          refused.map((i) => ({ path: path(i, "sectorId"), message: "not a sector you coordinate" })),
        );
      const duplicates = duplicateFigures(figures);
      if (duplicates.length)
        throw invalid(
          "The same figure (key and date) is given twice.",
          duplicates.map((p) => ({ path: path(p.index, ""), message: p.message })),
        );
      return upsertFigures(db, response.id, year, actorOf(principal), figures);
    },
  );

  app.delete(
    "/api/v1/responses/:slug/plans/:year/figures/:id",
    { schema: { tags: ["plans"], summary: "Delete one dated figure", params: idParams } },
    async (request, reply) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const principal = requirePrincipal(request);
      requireSomeGrant(principal, "plan:write", response.id);
      const row = await getFigure(db, response.id, request.params.year, request.params.id);
      await deleteFigure(db, principal, response.id, row, actorOf(principal));
      return reply.status(204).send();
    },
  );

  app.post(
    "/api/v1/responses/:slug/plans/:year/figures/import",
    {
      bodyLimit: 50 * 1024 * 1024,
      schema: {
        tags: ["plans"],
        summary: "Import people in need, targeted, indicator targets and funding from CSV, XLSX or HXL",
        description:
          "Multipart field `file` (and optional field `mapping`), or the raw body (text/csv, application/octet-stream). Columns by HXL hashtag (`#sector`, `#sector+code`, `#loc+code`, `#adm1+code`…`#adm4+code`, `#population+group`, `#inneed`, `#targeted`, `#indicator+code` with `#indicator+target`, `#value+funding+required+usd`, `#value+funding+received+usd`, `#org+name`, `#date+asof`) or header name. Any error writes nothing; the report names row, column and value.",
        params: yearParams,
        querystring: importQuery,
        response: { 200: figuresImportReport },
      },
    },
    async (request) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const principal = requirePrincipal(request);
      requireSomeGrant(principal, "plan:write", response.id);
      const { bytes, mappingText } = await readImportUpload(request);
      const q = request.query;
      return importFigures(db, response.id, bytes, {
        principal,
        actor: actorOf(principal),
        year: request.params.year,
        asOf: q.asOf,
        dryRun: q.dryRun,
        sheet: q.sheet,
        source: q.source,
        mapping: parseMapping(mappingText ?? q.mapping),
      });
    },
  );
}

/** The file of an import request (multipart `file`, or the raw body) and a multipart `mapping` field. */
export async function readImportUpload(
  request: FastifyRequest,
): Promise<{ bytes: Buffer; mappingText?: string }> {
  if (!request.isMultipart()) return { bytes: (await readUpload(request)).bytes };
  let bytes: Buffer | undefined;
  let mappingText: string | undefined;
  for await (const part of request.parts()) {
    if (part.type === "file") {
      const content = await part.toBuffer();
      if (part.fieldname === "file") bytes = content;
    } else if (part.fieldname === "mapping") mappingText = String(part.value);
  }
  if (!bytes) throw invalid("No file was uploaded.", [{ path: "file", message: "missing" }]);
  if (bytes.length === 0) throw invalid("The uploaded file is empty.", [{ path: "file", message: "empty" }]);
  return { bytes, mappingText };
}
