import { z } from "zod";
import { confirmationInput, confirmationToken, confirmationView } from "../../../common/schemas/contacts.ts";
import type { App, AppContext } from "../../context.ts";
import { slugParams } from "../responses/responses.routes.ts";
import { getResponseBySlug } from "../responses/responses.service.ts";
import { confirmContact, viewConfirmation } from "./confirmations.service.ts";

/**
 * The public side of a confirmation: the person opens their mailed link (no account needed),
 * sees their entry and confirms or corrects it. The token is the only key, so guessing is
 * rate-limited per address; tokens go in the body, never the URL the server logs.
 */
export async function contactConfirmationRoutes(app: App, { database: { db } }: AppContext) {
  const rateLimit = { max: 20, timeWindow: "1 minute" };

  app.post(
    "/api/v1/responses/:slug/contact-confirmations/view",
    {
      config: { rateLimit },
      schema: {
        tags: ["contacts"],
        summary: "The entry a confirmation link is for (public, with the link's token)",
        params: slugParams,
        body: z.strictObject({ token: confirmationToken }),
        response: { 200: confirmationView },
      },
    },
    async (request, reply) => {
      const response = await getResponseBySlug(db, request.params.slug);
      reply.header("cache-control", "no-store");
      return viewConfirmation(db, response, request.body.token);
    },
  );

  app.post(
    "/api/v1/responses/:slug/contact-confirmations/confirm",
    {
      config: { rateLimit },
      schema: {
        tags: ["contacts"],
        summary: "Confirm an entry, with corrections (public, once per link)",
        params: slugParams,
        body: confirmationInput,
        response: { 200: confirmationView },
      },
    },
    async (request, reply) => {
      const response = await getResponseBySlug(db, request.params.slug);
      reply.header("cache-control", "no-store");
      return confirmContact(db, response, request.body);
    },
  );
}
