import type { z } from "zod";
import {
  activityTypeInput,
  indicatorInput,
  populationGroupInput,
  sectorCode,
  sectorInput,
  sectorOutput,
  sectorUpdate,
} from "../../../common/schemas/sectors.ts";
import type { App, AppContext } from "../../context.ts";
import { invalid } from "../../errors.ts";
import { type Cursor, type ExportColumn, listQuerySchema, sendList, toPage } from "../../http/list.ts";
import { actorOf } from "../audit/audit.service.ts";
import { authorize } from "../auth/principal.ts";
import { slugParams } from "../responses/responses.routes.ts";
import { getResponseBySlug } from "../responses/responses.service.ts";
import {
  type CatalogueKind,
  deleteCatalogueItem,
  listPopulationGroups,
  upsertCatalogueItem,
  upsertPopulationGroup,
} from "./catalogue.service.ts";
import {
  createSector,
  deleteSector,
  getSectorByCode,
  listSectors,
  sectorScope,
  updateSector,
} from "./sectors.service.ts";

const codeParams = slugParams.extend({ code: sectorCode });
const itemParams = codeParams.extend({ itemCode: sectorCode });

type SectorOut = z.infer<typeof sectorOutput>;
const orgNames = (orgs: SectorOut["leads"]) => orgs.map((o) => o.acronym ?? o.name).join("; ");
const columns: ExportColumn<SectorOut & { parentCode: string | null }>[] = [
  { header: "code", hxl: "#sector+code", value: (s) => s.code },
  { header: "name", hxl: "#sector+name", value: (s) => s.name },
  { header: "kind", hxl: "#sector+type", value: (s) => s.kind },
  { header: "parent", hxl: "#sector+code+parent", value: (s) => s.parentCode },
  { header: "lead", hxl: "#org+lead", value: (s) => orgNames(s.leads) },
  { header: "co_lead", hxl: "#org+colead", value: (s) => orgNames(s.coLeads) },
  {
    header: "activity_types",
    hxl: "#activity+code",
    value: (s) => s.activityTypes.map((a) => a.code).join("; "),
  },
  { header: "indicators", hxl: "#indicator+code", value: (s) => s.indicators.map((i) => i.code).join("; ") },
];

const populationGroupColumns: ExportColumn<{ code: string; name: string }>[] = [
  { header: "code", hxl: "#population+type+code", value: (g) => g.code },
  { header: "name", hxl: "#population+type+name", value: (g) => g.name },
];

/** A page of a short list held in memory (a response has tens of sectors and groups). */
function sliceList<T>(rows: T[], cursor: Cursor | null, limit: number) {
  const offset = cursor && "offset" in cursor ? cursor.offset : 0;
  return toPage(rows.slice(offset, offset + limit + 1), limit, () => ({ offset: offset + limit }));
}

export async function sectorsRoutes(app: App, { database: { db } }: AppContext) {
  app.get(
    "/api/v1/responses/:slug/sectors",
    {
      schema: {
        tags: ["sectors"],
        summary: "Sectors with sub-sectors, leads and their catalogue of activity types and indicators",
        params: slugParams,
        querystring: listQuerySchema,
      },
    },
    async (request, reply) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const all = await listSectors(db, response.id, request.query.q);
      const codeOf = new Map(all.map((s) => [s.id, s.code]));
      const rows = all.map((s) => ({
        ...s,
        parentCode: s.parentId ? (codeOf.get(s.parentId) ?? null) : null,
      }));
      return sendList(reply, {
        query: request.query,
        filename: `${response.slug}-sectors`,
        columns,
        fetchPage: async (cursor, limit) => sliceList(rows, cursor, limit),
      });
    },
  );

  app.get(
    "/api/v1/responses/:slug/sectors/:code",
    { schema: { tags: ["sectors"], params: codeParams, response: { 200: sectorOutput } } },
    async (request) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const sector = await getSectorByCode(db, response.id, request.params.code);
      const all = await listSectors(db, response.id);
      return all.find((s) => s.id === sector.id)!;
    },
  );

  app.post(
    "/api/v1/responses/:slug/sectors",
    { schema: { tags: ["sectors"], params: slugParams, body: sectorInput, response: { 201: sectorOutput } } },
    async (request, reply) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const principal = authorize(request, "sector:create", { responseId: response.id });
      const row = await createSector(db, response.id, actorOf(principal), request.body);
      const all = await listSectors(db, response.id);
      return reply.status(201).send(all.find((s) => s.id === row.id)!);
    },
  );

  app.patch(
    "/api/v1/responses/:slug/sectors/:code",
    {
      schema: { tags: ["sectors"], params: codeParams, body: sectorUpdate, response: { 200: sectorOutput } },
    },
    async (request) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const sector = await getSectorByCode(db, response.id, request.params.code);
      const principal = authorize(request, "sector:update", {
        responseId: response.id,
        sectorIds: sectorScope(sector),
      });
      // Moving a sector in the structure (parent, kind) is a structural change, like creating one:
      // a coordinator edits their sector but cannot move it out of (or into) someone else's.
      if (request.body.parentId !== undefined || request.body.kind !== undefined) {
        authorize(request, "sector:create", { responseId: response.id });
      }
      await updateSector(db, response.id, actorOf(principal), sector, request.body);
      const all = await listSectors(db, response.id);
      return all.find((s) => s.id === sector.id)!;
    },
  );

  app.delete(
    "/api/v1/responses/:slug/sectors/:code",
    { schema: { tags: ["sectors"], params: codeParams } },
    async (request, reply) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const sector = await getSectorByCode(db, response.id, request.params.code);
      const principal = authorize(request, "sector:delete", { responseId: response.id });
      await deleteSector(db, response.id, actorOf(principal), sector);
      return reply.status(204).send();
    },
  );

  const catalogueRoutes = (
    kind: CatalogueKind,
    path: string,
    body: typeof activityTypeInput | typeof indicatorInput,
  ) => {
    app.put(
      `/api/v1/responses/:slug/sectors/:code/${path}/:itemCode`,
      {
        schema: {
          tags: ["sectors"],
          summary: `Create or update a ${kind.replace("_", " ")} of the sector`,
          params: itemParams,
          body,
        },
      },
      async (request, reply) => {
        const response = await getResponseBySlug(db, request.params.slug);
        const sector = await getSectorByCode(db, response.id, request.params.code);
        const principal = authorize(request, "sector:update", {
          responseId: response.id,
          sectorIds: sectorScope(sector),
        });
        const input = request.body as z.infer<typeof indicatorInput>;
        if (input.code !== request.params.itemCode) {
          throw invalid("The code in the body differs from the URL.", [
            { path: "body.code", message: `expected ${request.params.itemCode}` },
          ]);
        }
        const result = await upsertCatalogueItem(db, response.id, actorOf(principal), kind, sector, input);
        return reply.status(result.created ? 201 : 200).send(result);
      },
    );
    app.delete(
      `/api/v1/responses/:slug/sectors/:code/${path}/:itemCode`,
      { schema: { tags: ["sectors"], params: itemParams } },
      async (request, reply) => {
        const response = await getResponseBySlug(db, request.params.slug);
        const sector = await getSectorByCode(db, response.id, request.params.code);
        const principal = authorize(request, "sector:update", {
          responseId: response.id,
          sectorIds: sectorScope(sector),
        });
        await deleteCatalogueItem(db, response.id, actorOf(principal), kind, sector, request.params.itemCode);
        return reply.status(204).send();
      },
    );
  };
  catalogueRoutes("activity_type", "activity-types", activityTypeInput);
  catalogueRoutes("indicator", "indicators", indicatorInput);

  app.get(
    "/api/v1/responses/:slug/population-groups",
    { schema: { tags: ["sectors"], params: slugParams, querystring: listQuerySchema } },
    async (request, reply) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const needle = request.query.q?.toLowerCase();
      const all = (await listPopulationGroups(db, response.id)).filter(
        (g) => !needle || g.name.toLowerCase().includes(needle) || g.code.toLowerCase().includes(needle),
      );
      return sendList(reply, {
        query: request.query,
        filename: `${response.slug}-population-groups`,
        columns: populationGroupColumns,
        fetchPage: async (cursor, limit) => sliceList(all, cursor, limit),
      });
    },
  );

  app.put(
    "/api/v1/responses/:slug/population-groups/:code",
    { schema: { tags: ["sectors"], params: codeParams, body: populationGroupInput } },
    async (request, reply) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const principal = authorize(request, "population-group:write", { responseId: response.id });
      if (request.body.code !== request.params.code) {
        throw invalid("The code in the body differs from the URL.", [
          { path: "body.code", message: `expected ${request.params.code}` },
        ]);
      }
      const result = await upsertPopulationGroup(db, response.id, actorOf(principal), {
        ...request.body,
        code: request.params.code,
      });
      return reply.status(result.created ? 201 : 200).send(result);
    },
  );
}
