import type { FastifyRequest } from "fastify";
import { z } from "zod";
import type { Principal } from "../../../common/permissions.ts";
import {
  type ContactOutput,
  contactFilters,
  contactInput,
  contactOutput,
  contactUpdate,
  requestConfirmationInput,
  requestConfirmationResult,
} from "../../../common/schemas/contacts.ts";
import type { App, AppContext } from "../../context.ts";
import { AppError } from "../../errors.ts";
import { decodeCursor, type ExportColumn, listQuerySchema, sendList, toPage } from "../../http/list.ts";
import { actorOf } from "../audit/audit.service.ts";
import { authorize, requirePrincipal } from "../auth/principal.ts";
import { getPlatform } from "../platforms/platforms.service.ts";
import { slugParams } from "../responses/responses.routes.ts";
import { getResponseBySlug } from "../responses/responses.service.ts";
import { requestConfirmations } from "./confirmations.service.ts";
import { type ContactRecord, queryContacts, sectorParents } from "./contacts.queries.ts";
import {
  contactTarget,
  createContact,
  deleteContact,
  getContact,
  platformSectors,
  presentContact,
  recordTarget,
  updateContact,
} from "./contacts.service.ts";
import { contactsVcard } from "./vcard.ts";

const idParams = slugParams.extend({ id: z.uuid() });

const listQuery = listQuerySchema
  .extend({
    format: z
      .enum(["json", "csv", "hxl", "vcf"])
      .optional()
      .describe(
        "Without it, one page of JSON; json, csv, hxl and vcf (vCard 4.0) download the whole filtered list.",
      ),
  })
  .extend(contactFilters.shape);

const columns: ExportColumn<ContactOutput>[] = [
  { header: "name", hxl: "#contact+name", value: (c) => c.name },
  { header: "title", hxl: "#contact+title", value: (c) => c.title },
  { header: "organisation", hxl: "#org+name", value: (c) => c.organisation.name },
  { header: "organisation_acronym", hxl: "#org+acronym", value: (c) => c.organisation.acronym },
  { header: "email", hxl: "#contact+email", value: (c) => c.email },
  { header: "phones", hxl: "#contact+phone", value: (c) => c.phones.join("; ") },
  {
    header: "platforms",
    hxl: "#group+name+role",
    value: (c) => c.platforms.map((p) => `${p.code} (${p.role})`).join("; "),
  },
  { header: "sectors", hxl: "#sector+code", value: (c) => c.sectors.map((s) => s.code).join("; ") },
  { header: "confirmed_at", hxl: "#date+confirmed", value: (c) => c.confirmedAt },
  { header: "stale", hxl: "#status+stale", value: (c) => c.stale },
];

/** Contacts are for signed-in users only: every endpoint below answers 401 to visitors, first. */
async function signedIn(db: AppContext["database"]["db"], request: FastifyRequest, slug: string) {
  const principal = requirePrincipal(request);
  const response = await getResponseBySlug(db, slug);
  return { principal, response, parents: await sectorParents(db, response.id) };
}

export async function contactsRoutes(app: App, { database: { db }, env, mailer }: AppContext) {
  // Visitors get 401 before anything else is looked at, a malformed body included.
  app.addHook("preValidation", async (request) => {
    requirePrincipal(request);
  });

  const present = (c: ContactRecord, principal: Principal, parents: Map<string, string | null>) =>
    presentContact(c, new Date(), principal, parents);

  app.get(
    "/api/v1/responses/:slug/contacts",
    {
      schema: {
        tags: ["contacts"],
        summary:
          "The contact list (signed-in users): search, filters, stale flags; CSV, HXL or vCard download",
        params: slugParams,
        querystring: listQuery,
      },
    },
    async (request, reply) => {
      const { principal, response, parents } = await signedIn(db, request, request.params.slug);
      const { q, organisation, platform, sector, chairs, stale, ...query } = request.query;
      const scoped = platform ? await getPlatform(db, response.id, platform) : null;
      const all = (
        await queryContacts(db, response.id, {
          q,
          organisationId: organisation,
          platformId: platform,
          sectorId: sector,
          chairs: chairs === "true",
        })
      ).map((c) => present(c, principal, parents));
      const staleCount = all.filter((c) => c.stale).length;
      const rows = stale ? all.filter((c) => c.stale === (stale === "true")) : all;
      const filename = `${response.slug}${scoped ? `-${scoped.code}` : ""}-contacts`;
      reply.header("cache-control", "private, no-store");
      if (query.format === "vcf") {
        return reply
          .header("content-type", "text/vcard; charset=utf-8")
          .header("content-disposition", `attachment; filename="${filename}.vcf"`)
          .send(contactsVcard(rows));
      }
      const fetchPage = async (cursor: ReturnType<typeof decodeCursor>, limit: number) => {
        const offset = cursor && "offset" in cursor ? cursor.offset : 0;
        return toPage(rows.slice(offset, offset + limit + 1), limit, () => ({ offset: offset + limit }));
      };
      if (!query.format)
        return {
          ...(await fetchPage(decodeCursor(query.cursor), query.limit)),
          total: rows.length,
          staleCount,
        };
      return sendList(reply, { query: { ...query, format: query.format }, filename, columns, fetchPage });
    },
  );

  app.get(
    "/api/v1/responses/:slug/contacts/:id",
    { schema: { tags: ["contacts"], params: idParams, response: { 200: contactOutput } } },
    async (request, reply) => {
      const { principal, response, parents } = await signedIn(db, request, request.params.slug);
      reply.header("cache-control", "private, no-store");
      return present(await getContact(db, response.id, request.params.id), principal, parents);
    },
  );

  app.post(
    "/api/v1/responses/:slug/contacts",
    {
      schema: {
        tags: ["contacts"],
        params: slugParams,
        body: contactInput,
        response: { 201: contactOutput },
      },
    },
    async (request, reply) => {
      const { response, parents } = await signedIn(db, request, request.params.slug);
      const body = request.body;
      const target = contactTarget(
        response.id,
        {
          organisationId: body.organisationId,
          sectorIds: body.sectorIds,
          platformSectorIds: await platformSectors(
            db,
            response.id,
            body.platforms.map((p) => p.platformId),
          ),
        },
        parents,
      );
      const principal = authorize(request, "contact:create", target);
      const row = await createContact(db, response.id, actorOf(principal), body);
      return reply.status(201).send(present(row, principal, parents));
    },
  );

  app.patch(
    "/api/v1/responses/:slug/contacts/:id",
    {
      schema: { tags: ["contacts"], params: idParams, body: contactUpdate, response: { 200: contactOutput } },
    },
    async (request) => {
      const { response, parents } = await signedIn(db, request, request.params.slug);
      const before = await getContact(db, response.id, request.params.id);
      authorize(request, "contact:update", recordTarget(response.id, before, parents));
      // Checked as it would be too: an editor cannot hand the entry to another organisation,
      // nor a coordinator move it out of their sector.
      const body = request.body;
      const platformIds = body.platforms?.map((p) => p.platformId);
      const principal = authorize(
        request,
        "contact:update",
        contactTarget(
          response.id,
          {
            organisationId: body.organisationId ?? before.organisationId,
            sectorIds: body.sectorIds ?? before.sectors.map((s) => s.id),
            platformSectorIds: platformIds
              ? await platformSectors(db, response.id, platformIds)
              : before.platforms.map((p) => p.sectorId),
          },
          parents,
        ),
      );
      const after = await updateContact(db, response.id, actorOf(principal), before, body);
      return present(after, principal, parents);
    },
  );

  app.delete(
    "/api/v1/responses/:slug/contacts/:id",
    { schema: { tags: ["contacts"], params: idParams } },
    async (request, reply) => {
      const { response, parents } = await signedIn(db, request, request.params.slug);
      const row = await getContact(db, response.id, request.params.id);
      const principal = authorize(request, "contact:delete", recordTarget(response.id, row, parents));
      await deleteContact(db, response.id, actorOf(principal), row);
      return reply.status(204).send();
    },
  );

  app.post(
    "/api/v1/responses/:slug/contacts/request-confirmation",
    {
      schema: {
        tags: ["contacts"],
        summary: "Mail each person a single-use link to confirm or correct their entry",
        params: slugParams,
        body: requestConfirmationInput,
        response: { 200: requestConfirmationResult },
      },
    },
    async (request) => {
      const { principal, response, parents } = await signedIn(db, request, request.params.slug);
      const ids = [...new Set(request.body.ids)];
      const found = await queryContacts(db, response.id, { ids });
      const missing = ids.filter((id) => !found.some((c) => c.id === id));
      if (missing.length)
        throw new AppError(
          "NOT_FOUND",
          `${missing.length} of the contacts were not found.`,
          missing.map((id) => ({ path: "body.ids", message: `unknown: ${id}` })),
        );
      // Whoever may change an entry may ask its person to confirm it; one refusal refuses all.
      const refused = found.filter((c) => !present(c, principal, parents).canEdit);
      if (refused.length) {
        authorize(request, "contact:update", recordTarget(response.id, refused[0]!, parents));
        throw new AppError(
          "FORBIDDEN",
          `You may not ask ${refused.map((c) => c.name).join(", ")} to confirm.`,
          refused.map((c) => ({ path: "body.ids", message: c.id })),
        );
      }
      return requestConfirmations(
        db,
        mailer,
        { response, actor: actorOf(principal), publicUrl: env.PUBLIC_URL },
        found,
        request.log,
      );
    },
  );
}
