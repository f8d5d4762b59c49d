import { z } from "zod";
import {
  copyTemplateResult,
  memberInput,
  platformInput,
  platformOutput,
  type platformSummary,
  platformUpdate,
  templateIds,
  templateSummary,
} from "../../../common/schemas/platforms.ts";
import type { App, AppContext } from "../../context.ts";
import {
  type Cursor,
  decodeCursor,
  type ExportColumn,
  listQuerySchema,
  sendList,
  toPage,
} from "../../http/list.ts";
import { actorOf } from "../audit/audit.service.ts";
import { authorize } from "../auth/principal.ts";
import { isMember } from "../documents/documents.scope.ts";
import { slugParams } from "../responses/responses.routes.ts";
import { getResponseBySlug } from "../responses/responses.service.ts";
import {
  createPlatform,
  deletePlatform,
  getPlatform,
  listPlatforms,
  platformSectorScope,
  presentPlatform,
  putMember,
  removeMember,
  updatePlatform,
} from "./platforms.service.ts";
import { representationColumns, representationRows, representationXlsx } from "./representation.ts";
import { copyTemplate, getTemplate } from "./templates.service.ts";
import { structureTemplates } from "./templates.ts";

const idParams = slugParams.extend({ id: z.uuid() });
const memberParams = idParams.extend({ organisationId: z.uuid() });
const templateParams = slugParams.extend({ templateId: z.enum(templateIds) });

type Summary = z.infer<typeof platformSummary>;
const orgNames = (orgs: Summary["chairs"]) =>
  orgs.map((o) => `${o.acronym ?? o.name} (${o.roleTitle})`).join("; ");

const columns = (codeOf: Map<string, string>): ExportColumn<Summary>[] => [
  { header: "code", hxl: "#group+code", value: (p) => p.code },
  { header: "name", hxl: "#group+name", value: (p) => p.name },
  { header: "type", hxl: "#group+type", value: (p) => p.type },
  { header: "level", hxl: "#group+level", value: (p) => p.level },
  { header: "parent", hxl: "#group+code+parent", value: (p) => (p.parentId ? codeOf.get(p.parentId) : null) },
  { header: "chair", hxl: "#org+chair", value: (p) => orgNames(p.chairs.filter((c) => c.role === "chair")) },
  {
    header: "co_chairs",
    hxl: "#org+cochair",
    value: (p) => orgNames(p.chairs.filter((c) => c.role === "co_chair")),
  },
  { header: "meeting_frequency", hxl: "#meta+frequency", value: (p) => p.meetingFrequency },
  { header: "members", hxl: "#org+num", value: (p) => p.memberCount },
];

/** A page of a short list held in memory (a response has tens of platforms). */
function sliceList<T>(rows: T[], cursor: Cursor | null, limit: number) {
  const offset = cursor && "offset" in cursor ? cursor.offset : 0;
  return toPage(rows.slice(offset, offset + limit + 1), limit, () => ({ offset: offset + limit }));
}

const representationQuery = listQuerySchema.extend({
  format: z
    .enum(["json", "csv", "hxl", "xlsx"])
    .optional()
    .describe("Without it, one page of JSON; json, csv, hxl and xlsx download the whole filtered matrix."),
  organisation: z.uuid().optional().describe("Only this organisation's row: where it sits, and who goes."),
});

export async function platformsRoutes(app: App, { database: { db } }: AppContext) {
  app.get(
    "/api/v1/responses/:slug/platforms",
    {
      schema: {
        tags: ["structure"],
        summary: "The coordination structure: platforms, parents first, with chairs and member counts",
        params: slugParams,
        querystring: listQuerySchema,
      },
    },
    async (request, reply) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const all = await listPlatforms(db, response.id);
      const needle = request.query.q?.toLowerCase();
      const rows = all.filter(
        (p) => !needle || p.name.toLowerCase().includes(needle) || p.code.toLowerCase().includes(needle),
      );
      return sendList(reply, {
        query: request.query,
        filename: `${response.slug}-platforms`,
        columns: columns(new Map(all.map((p) => [p.id, p.code]))),
        fetchPage: async (cursor, limit) => sliceList(rows, cursor, limit),
      });
    },
  );

  app.get(
    "/api/v1/responses/:slug/platforms/:id",
    {
      schema: {
        tags: ["structure"],
        summary:
          "A platform with its parent, children, chairs and members (with the role that represents each)",
        params: idParams,
        response: { 200: platformOutput },
      },
    },
    async (request) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const row = await getPlatform(db, response.id, request.params.id);
      return presentPlatform(db, response.id, row, isMember(request.auth.principal, response.id));
    },
  );

  app.post(
    "/api/v1/responses/:slug/platforms",
    {
      schema: {
        tags: ["structure"],
        params: slugParams,
        body: platformInput,
        response: { 201: platformOutput },
      },
    },
    async (request, reply) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const principal = authorize(request, "platform:create", { responseId: response.id });
      const member = isMember(principal, response.id);
      const row = await createPlatform(db, response.id, actorOf(principal), request.body, member);
      return reply.status(201).send(await presentPlatform(db, response.id, row, member));
    },
  );

  app.patch(
    "/api/v1/responses/:slug/platforms/:id",
    {
      schema: {
        tags: ["structure"],
        params: idParams,
        body: platformUpdate,
        response: { 200: platformOutput },
      },
    },
    async (request) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const before = await getPlatform(db, response.id, request.params.id);
      const principal = authorize(request, "platform:update", {
        responseId: response.id,
        sectorIds: await platformSectorScope(db, response.id, before),
      });
      // Moving a platform in the structure (or relinking its sector, which decides who edits it)
      // is structural, like creating one: a coordinator edits their platform but cannot move it.
      const { parentId, sectorId, type } = request.body;
      if (parentId !== undefined || sectorId !== undefined || type !== undefined) {
        authorize(request, "platform:create", { responseId: response.id });
      }
      const member = isMember(principal, response.id);
      await updatePlatform(db, response.id, actorOf(principal), before, request.body, member);
      return presentPlatform(db, response.id, await getPlatform(db, response.id, before.id), member);
    },
  );

  app.delete(
    "/api/v1/responses/:slug/platforms/:id",
    { schema: { tags: ["structure"], params: idParams } },
    async (request, reply) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const row = await getPlatform(db, response.id, request.params.id);
      const principal = authorize(request, "platform:delete", { responseId: response.id });
      await deletePlatform(db, response.id, actorOf(principal), row);
      return reply.status(204).send();
    },
  );

  app.put(
    "/api/v1/responses/:slug/platforms/:id/members/:organisationId",
    {
      schema: {
        tags: ["structure"],
        summary: "Add a member organisation, or change the role that represents it",
        params: memberParams,
        body: memberInput,
      },
    },
    async (request, reply) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const platform = await getPlatform(db, response.id, request.params.id);
      const principal = authorize(request, "platform:update", {
        responseId: response.id,
        sectorIds: await platformSectorScope(db, response.id, platform),
      });
      const result = await putMember(
        db,
        response.id,
        actorOf(principal),
        platform,
        request.params.organisationId,
        request.body.representativeRole,
      );
      return reply
        .status(result.created ? 201 : 200)
        .send(await presentPlatform(db, response.id, platform, isMember(principal, response.id)));
    },
  );

  app.delete(
    "/api/v1/responses/:slug/platforms/:id/members/:organisationId",
    { schema: { tags: ["structure"], params: memberParams } },
    async (request, reply) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const platform = await getPlatform(db, response.id, request.params.id);
      const principal = authorize(request, "platform:update", {
        responseId: response.id,
        sectorIds: await platformSectorScope(db, response.id, platform),
      });
      await removeMember(db, response.id, actorOf(principal), platform, request.params.organisationId);
      return reply.status(204).send();
    },
  );

  app.get(
    "/api/v1/platform-templates",
    {
      schema: {
        tags: ["structure"],
        summary: "Generic coordination structures a response can copy",
        response: { 200: z.array(templateSummary) },
      },
    },
    async () =>
      structureTemplates.map((t) => ({
        id: t.id,
        name: t.name,
        description: t.description,
        platforms: t.platforms.length,
      })),
  );

  app.post(
    "/api/v1/responses/:slug/platform-templates/:templateId/copy",
    {
      schema: {
        tags: ["structure"],
        summary: "Copy a template into the response (platforms that exist by code or name are skipped)",
        params: templateParams,
        response: { 200: copyTemplateResult },
      },
    },
    async (request) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const principal = authorize(request, "platform:create", { responseId: response.id });
      return copyTemplate(db, response.id, actorOf(principal), getTemplate(request.params.templateId));
    },
  );

  app.get(
    "/api/v1/responses/:slug/representation",
    {
      schema: {
        tags: ["structure"],
        summary: "Representation matrix: for each organisation, the role that represents it on each platform",
        params: slugParams,
        querystring: representationQuery,
      },
    },
    async (request, reply) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const { organisation, ...query } = request.query;
      const platforms = await listPlatforms(db, response.id);
      const rows = await representationRows(db, response.id, { organisationId: organisation, q: query.q });
      const filename = `${response.slug}-representation`;
      if (query.format === "xlsx") {
        const file = await representationXlsx(
          platforms,
          rows,
          `${response.name}: representation on coordination platforms`,
        );
        return reply
          .header("content-type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
          .header("content-disposition", `attachment; filename="${filename}.xlsx"`)
          .send(file);
      }
      const fetchPage = async (cursor: Cursor | null, limit: number) => sliceList(rows, cursor, limit);
      // One page of JSON carries the platforms too: they are the matrix's columns.
      if (!query.format) return { platforms, ...(await fetchPage(decodeCursor(query.cursor), query.limit)) };
      return sendList(reply, {
        query: { ...query, format: query.format },
        filename,
        columns: representationColumns(platforms),
        fetchPage,
      });
    },
  );
}
