import { z } from "zod";
import {
  organisationInput,
  organisationMerge,
  organisationOutput,
  organisationTypeLabels,
  organisationTypes,
  organisationUpdate,
} from "../../../common/schemas/organisations.ts";
import type { App, AppContext } from "../../context.ts";
import { type ExportColumn, listQuerySchema, sendList } from "../../http/list.ts";
import { actorOf } from "../audit/audit.service.ts";
import { authorize } from "../auth/principal.ts";
import { slugParams } from "../responses/responses.routes.ts";
import { getResponseBySlug } from "../responses/responses.service.ts";
import {
  createOrganisation,
  deleteOrganisation,
  getOrganisation,
  mergeOrganisation,
  presentOrganisation,
  queryOrganisations,
  updateOrganisation,
} from "./organisations.service.ts";

const listQuery = listQuerySchema.extend({
  type: z.enum(organisationTypes).optional(),
  includeMerged: z.enum(["true", "false"]).default("false"),
  sort: z
    .enum(["name", "recent"])
    .default("name")
    .describe("Order when not searching: by name, or last updated first."),
});

const idParams = slugParams.extend({ id: z.uuid() });

const columns: ExportColumn<z.infer<typeof organisationOutput>>[] = [
  { header: "name", hxl: "#org+name", value: (o) => o.name },
  { header: "acronym", hxl: "#org+acronym", value: (o) => o.acronym },
  { header: "type_code", hxl: "#org+type+code", value: (o) => o.type },
  { header: "type", hxl: "#org+type+name", value: (o) => organisationTypeLabels[o.type] },
  { header: "iati_id", hxl: "#org+code+iati", value: (o) => o.iatiId },
  { header: "aliases", hxl: "#org+name+alt", value: (o) => o.aliases.join("; ") },
];

export async function organisationsRoutes(app: App, { database: { db } }: AppContext) {
  app.get(
    "/api/v1/responses/:slug/organisations",
    {
      schema: {
        tags: ["organisations"],
        summary: "List and search organisations (name, acronym, aliases)",
        params: slugParams,
        querystring: listQuery,
      },
    },
    async (request, reply) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const q = request.query;
      return sendList(reply, {
        query: q,
        filename: `${response.slug}-organisations`,
        columns,
        fetchPage: (cursor, limit) =>
          queryOrganisations(
            db,
            response.id,
            { q: q.q, type: q.type, includeMerged: q.includeMerged === "true", sort: q.sort },
            cursor,
            limit,
          ),
      });
    },
  );

  app.get(
    "/api/v1/responses/:slug/organisations/:id",
    {
      schema: {
        tags: ["organisations"],
        summary: "One organisation; a merged one redirects to its survivor",
        params: idParams,
        response: { 200: organisationOutput },
      },
    },
    async (request, reply) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const row = await getOrganisation(db, response.id, request.params.id);
      if (row.mergedIntoId)
        return reply.redirect(`/api/v1/responses/${response.slug}/organisations/${row.mergedIntoId}`, 308);
      return presentOrganisation(row);
    },
  );

  app.post(
    "/api/v1/responses/:slug/organisations",
    {
      schema: {
        tags: ["organisations"],
        params: slugParams,
        body: organisationInput,
        response: { 201: organisationOutput },
      },
    },
    async (request, reply) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const principal = authorize(request, "organisation:create", { responseId: response.id });
      const row = await createOrganisation(db, response.id, actorOf(principal), request.body);
      return reply.status(201).send(presentOrganisation(row));
    },
  );

  app.patch(
    "/api/v1/responses/:slug/organisations/:id",
    {
      schema: {
        tags: ["organisations"],
        params: idParams,
        body: organisationUpdate,
        response: { 200: organisationOutput },
      },
    },
    async (request) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const principal = authorize(request, "organisation:update", {
        responseId: response.id,
        organisationId: request.params.id,
      });
      return presentOrganisation(
        await updateOrganisation(db, response.id, actorOf(principal), request.params.id, request.body),
      );
    },
  );

  app.post(
    "/api/v1/responses/:slug/organisations/:id/merge",
    {
      schema: {
        tags: ["organisations"],
        summary: "Merge this duplicate into another organisation",
        params: idParams,
        body: organisationMerge,
        response: { 200: organisationOutput },
      },
    },
    async (request) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const principal = authorize(request, "organisation:merge", { responseId: response.id });
      return presentOrganisation(
        await mergeOrganisation(db, response.id, actorOf(principal), request.params.id, request.body.intoId),
      );
    },
  );

  app.delete(
    "/api/v1/responses/:slug/organisations/:id",
    { schema: { tags: ["organisations"], params: idParams } },
    async (request, reply) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const principal = authorize(request, "organisation:delete", { responseId: response.id });
      await deleteOrganisation(db, response.id, actorOf(principal), request.params.id);
      return reply.status(204).send();
    },
  );
}
