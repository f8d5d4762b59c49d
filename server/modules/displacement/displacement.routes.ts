import type { FastifyRequest } from "fastify";
import { z } from "zod";
import { can } from "../../../common/permissions.ts";
import {
  flowOutput,
  flowsInput,
  type populationList,
  roundDataInput,
  roundDataResult,
  roundInput,
  roundOutput,
  roundPatch,
  severityOutput,
} from "../../../common/schemas/displacement.ts";
import { figuresImportReport } from "../../../common/schemas/plans.ts";
import { isoDate } from "../../../common/schemas/responses.ts";
import type { App, AppContext } from "../../context.ts";
import { type ExportColumn, sendList } from "../../http/list.ts";
import { actorOf } from "../audit/audit.service.ts";
import { authorize } from "../auth/principal.ts";
import { parseMapping } from "../plans/import-table.ts";
import { readImportUpload } from "../plans/plans.routes.ts";
import { slugParams } from "../responses/responses.routes.ts";
import { getResponseBySlug } from "../responses/responses.service.ts";
import { importRoundData } from "./displacement-import.ts";
import { type Audience, listFlows, listPopulation, listSeverity } from "./displacement-read.ts";
import { deleteFlow, insertFlows } from "./flows.service.ts";
import {
  checkRoundData,
  createRound,
  dataProblemsError,
  deleteRound,
  getRound,
  listRounds,
  updateRound,
  writeRoundData,
} from "./rounds.service.ts";

const codeParams = slugParams.extend({ code: z.string().min(1).max(30) });
const flowParams = slugParams.extend({ id: z.uuid() });
const locationCode = z.string().trim().min(1).max(60);
const format = z.enum(["json", "csv", "hxl"]).optional().describe("csv and hxl download every row.");

const populationQuery = z.object({
  location: locationCode.optional().describe("Only this place and the places within it (by code)."),
  populationGroup: z.string().trim().min(1).max(60).optional().describe("Only this population group (code)."),
  format,
});
const severityQuery = z.object({
  location: locationCode.optional(),
  sector: z.string().trim().min(1).max(60).optional().describe("Only this sector (code)."),
});
const flowsQuery = z.object({
  from: isoDate.optional().describe("Flows whose period ends on or after this date."),
  to: isoDate.optional().describe("Flows whose period starts on or before this date."),
  origin: locationCode.optional().describe("From this place or within it (by code)."),
  destination: locationCode.optional().describe("To this place or within it (by code)."),
});
const importQuery = z.object({
  dryRun: z
    .enum(["true", "false", "1", "0"])
    .optional()
    .transform((v) => v === "true" || v === "1")
    .describe("Check only; write nothing."),
  sheet: z.string().trim().min(1).max(100).optional(),
  mapping: z
    .string()
    .max(5000)
    .optional()
    .describe('JSON: `{ "header or 0-based column": field | "ignore" }`.'),
});

type PopulationRow = z.infer<typeof populationList>["items"][number];
const populationColumns: ExportColumn<PopulationRow>[] = [
  { header: "location_code", hxl: "#loc+code", value: (r) => r.location.code },
  { header: "location", hxl: "#loc+name", value: (r) => r.location.name },
  { header: "population_group", hxl: "#population+group", value: (r) => r.populationGroup?.code },
  { header: "households", hxl: "#population+hh", value: (r) => r.households },
  { header: "individuals", hxl: "#population+ind", value: (r) => r.individuals },
  { header: "women", hxl: "#population+f+adults", value: (r) => r.women },
  { header: "men", hxl: "#population+m+adults", value: (r) => r.men },
  { header: "girls", hxl: "#population+f+children", value: (r) => r.girls },
  { header: "boys", hxl: "#population+m+children", value: (r) => r.boys },
  { header: "elderly", hxl: "#population+elderly", value: (r) => r.elderly },
];

export async function displacementRoutes(app: App, { database: { db } }: AppContext) {
  const context = async (request: FastifyRequest & { params: { slug: string } }) => {
    const response = await getResponseBySlug(db, request.params.slug);
    const audience: Audience = {
      isPublic: !can(request.auth.principal, "response:read-restricted", { responseId: response.id }),
      threshold: response.suppressionThreshold,
    };
    return { response, audience };
  };
  const writer = async (request: FastifyRequest & { params: { slug: string } }) => {
    const response = await getResponseBySlug(db, request.params.slug);
    const principal = authorize(request, "displacement:write", { responseId: response.id });
    return { response, actor: actorOf(principal) };
  };

  app.get(
    "/api/v1/responses/:slug/displacement/rounds",
    {
      schema: {
        tags: ["displacement"],
        summary: "Assessment rounds, newest first, with places assessed and people counted",
        params: slugParams,
        response: { 200: z.object({ items: z.array(roundOutput) }) },
      },
    },
    async (request) => {
      const { response, audience } = await context(request);
      return { items: await listRounds(db, response.id, audience) };
    },
  );

  app.post(
    "/api/v1/responses/:slug/displacement/rounds",
    {
      schema: {
        tags: ["displacement"],
        params: slugParams,
        body: roundInput,
        response: { 201: roundOutput },
      },
    },
    async (request, reply) => {
      const { response, actor } = await writer(request);
      const row = await createRound(db, response.id, actor, request.body);
      return reply.status(201).send({ ...row, sites: 0, individuals: 0 });
    },
  );

  app.patch(
    "/api/v1/responses/:slug/displacement/rounds/:code",
    { schema: { tags: ["displacement"], params: codeParams, body: roundPatch } },
    async (request) => {
      const { response, actor } = await writer(request);
      const row = await updateRound(
        db,
        response.id,
        await getRound(db, response.id, request.params.code),
        actor,
        request.body,
      );
      return { id: row.id, code: row.code, name: row.name, assessedOn: row.assessedOn };
    },
  );

  app.delete(
    "/api/v1/responses/:slug/displacement/rounds/:code",
    { schema: { tags: ["displacement"], summary: "Delete a round with its data", params: codeParams } },
    async (request, reply) => {
      const { response, actor } = await writer(request);
      await deleteRound(db, response.id, await getRound(db, response.id, request.params.code), actor);
      return reply.status(204).send();
    },
  );

  app.put(
    "/api/v1/responses/:slug/displacement/rounds/:code/data",
    {
      bodyLimit: 20 * 1024 * 1024,
      schema: {
        tags: ["displacement"],
        summary:
          "Write a round's population and severity: per place and group (or sector), new or changed; all or nothing",
        params: codeParams,
        body: roundDataInput,
        response: { 200: roundDataResult },
      },
    },
    async (request) => {
      const { response, actor } = await writer(request);
      const round = await getRound(db, response.id, request.params.code);
      const { population, severity } = request.body;
      const problems = await checkRoundData(db, response.id, population, severity);
      if (problems.length) throw dataProblemsError(problems);
      return writeRoundData(db, response.id, round, actor, population, severity);
    },
  );

  app.get(
    "/api/v1/responses/:slug/displacement/rounds/:code/population",
    {
      schema: {
        tags: ["displacement"],
        summary: "A round's population per place and group",
        description:
          "Public: sensitive places are left out and small counts withheld (null, `suppressed`) below the response's threshold.",
        params: codeParams,
        querystring: populationQuery,
        // No response schema: the same route streams CSV; JSON is `populationList`.
      },
    },
    async (request, reply) => {
      const { response, audience } = await context(request);
      const round = await getRound(db, response.id, request.params.code);
      const { format: as, ...filters } = request.query;
      const items = await listPopulation(db, response.id, round.id, filters, audience);
      if (as === "csv" || as === "hxl")
        return sendList(reply, {
          query: { format: as, limit: 500 },
          filename: `${response.slug}-${round.code}-population`,
          columns: populationColumns,
          fetchPage: async () => ({ items, nextCursor: null }),
        });
      const withheld = items.some((r) => r.suppressed);
      const list: z.infer<typeof populationList> = {
        round: { code: round.code, name: round.name, assessedOn: round.assessedOn },
        items,
        total: withheld
          ? null
          : {
              households: items.reduce((s, r) => s + (r.households ?? 0), 0),
              individuals: items.reduce((s, r) => s + (r.individuals ?? 0), 0),
            },
      };
      return list;
    },
  );

  app.get(
    "/api/v1/responses/:slug/displacement/rounds/:code/severity",
    {
      schema: {
        tags: ["displacement"],
        summary: "A round's needs severity (1–5) per place and sector, with priority needs",
        params: codeParams,
        querystring: severityQuery,
        response: { 200: z.object({ items: z.array(severityOutput) }) },
      },
    },
    async (request) => {
      const { response, audience } = await context(request);
      const round = await getRound(db, response.id, request.params.code);
      return { items: await listSeverity(db, response.id, round.id, request.query, audience) };
    },
  );

  app.post(
    "/api/v1/responses/:slug/displacement/rounds/:code/import",
    {
      bodyLimit: 50 * 1024 * 1024,
      schema: {
        tags: ["displacement"],
        summary: "Import a round's population and severity from CSV, XLSX or HXL",
        description:
          "Multipart field `file` (and optional `mapping`), or the raw body. Columns by hashtag (`#loc+code`, `#adm1+code`…, `#population+group`, `#population+hh`, `#population+ind`, `#population+f+adults`…, `#population+elderly`, `#sector`, `#severity`, `#need+priority`) or header (`ssid`, `site_code`, `pcode`, `households`, `individuals`…). Any error writes nothing.",
        params: codeParams,
        querystring: importQuery,
        response: { 200: figuresImportReport },
      },
    },
    async (request) => {
      const { response, actor } = await writer(request);
      const round = await getRound(db, response.id, request.params.code);
      const { bytes, mappingText } = await readImportUpload(request);
      const q = request.query;
      return importRoundData(db, response.id, round, bytes, {
        actor,
        dryRun: q.dryRun,
        sheet: q.sheet,
        mapping: parseMapping(mappingText ?? q.mapping),
      });
    },
  );

  app.get(
    "/api/v1/responses/:slug/displacement/flows",
    {
      schema: {
        tags: ["displacement"],
        summary: "Mobility flows (origin → destination, people, period, reason)",
        description: "Public: flows touching a sensitive place are left out and small flows withheld.",
        params: slugParams,
        querystring: flowsQuery,
        response: { 200: z.object({ items: z.array(flowOutput) }) },
      },
    },
    async (request) => {
      const { response, audience } = await context(request);
      return { items: await listFlows(db, response.id, request.query, audience) };
    },
  );

  app.put(
    "/api/v1/responses/:slug/displacement/flows",
    {
      bodyLimit: 10 * 1024 * 1024,
      schema: {
        tags: ["displacement"],
        summary: "Add mobility flows (all or nothing)",
        params: slugParams,
        body: flowsInput,
        response: { 200: z.object({ created: z.number().int() }) },
      },
    },
    async (request) => {
      const { response, actor } = await writer(request);
      return insertFlows(db, response.id, actor, request.body.flows);
    },
  );

  app.delete(
    "/api/v1/responses/:slug/displacement/flows/:id",
    { schema: { tags: ["displacement"], params: flowParams } },
    async (request, reply) => {
      const { response, actor } = await writer(request);
      await deleteFlow(db, response.id, request.params.id, actor);
      return reply.status(204).send();
    },
  );
}
