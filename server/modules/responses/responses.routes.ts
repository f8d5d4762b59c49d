import { z } from "zod";
import { can } from "../../../common/permissions.ts";
import {
  responseInput,
  responseOutput,
  responseSummary,
  responseUpdate,
} from "../../../common/schemas/responses.ts";
import type { App, AppContext } from "../../context.ts";
import { actorOf } from "../audit/audit.service.ts";
import { authorize } from "../auth/principal.ts";
import {
  createResponse,
  getResponseBySlug,
  listResponses,
  presentResponse,
  updateResponse,
} from "./responses.service.ts";

export const slugParams = z.object({ slug: z.string().min(1).max(60) });

export async function responsesRoutes(app: App, { database: { db } }: AppContext) {
  app.get(
    "/api/v1/responses",
    {
      schema: {
        tags: ["responses"],
        summary: "List responses with key counts",
        response: { 200: z.object({ items: z.array(responseSummary) }) },
      },
    },
    async (request) => ({
      items: await listResponses(db, (responseId) =>
        can(request.auth.principal, "response:read-restricted", { responseId }),
      ),
    }),
  );

  app.get(
    "/api/v1/responses/:slug",
    { schema: { tags: ["responses"], params: slugParams, response: { 200: responseOutput } } },
    async (request) => presentResponse(await getResponseBySlug(db, request.params.slug)),
  );

  app.post(
    "/api/v1/responses",
    {
      schema: {
        tags: ["responses"],
        summary: "Create a response (administrators)",
        body: responseInput,
        response: { 201: responseOutput },
      },
    },
    async (request, reply) => {
      const principal = authorize(request, "response:create");
      const row = await createResponse(db, actorOf(principal), request.body);
      return reply.status(201).send(presentResponse(row));
    },
  );

  app.patch(
    "/api/v1/responses/:slug",
    {
      schema: {
        tags: ["responses"],
        params: slugParams,
        body: responseUpdate,
        response: { 200: responseOutput },
      },
    },
    async (request) => {
      const current = await getResponseBySlug(db, request.params.slug);
      const principal = authorize(request, "response:update", { responseId: current.id });
      return presentResponse(await updateResponse(db, actorOf(principal), current, request.body));
    },
  );
}
