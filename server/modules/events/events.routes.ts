import type { FastifyRequest } from "fastify";
import { z } from "zod";
import type { Action } from "../../../common/permissions.ts";
import {
  eventFilters,
  eventInput,
  eventOutput,
  eventUpdate,
  occurrencesOutput,
  occurrencesQuery,
} from "../../../common/schemas/events.ts";
import type { App, AppContext } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { invalid, notFound } from "../../errors.ts";
import { actorOf } from "../audit/audit.service.ts";
import { authorize } from "../auth/principal.ts";
import { isMember } from "../documents/documents.scope.ts";
import { slugParams } from "../responses/responses.routes.ts";
import { getResponseBySlug } from "../responses/responses.service.ts";
import {
  type EventFilter,
  findEvents,
  getEventRow,
  presentEvents,
  resolvePlatform,
  resolveSectorTree,
  writeScopes,
} from "./events.queries.ts";
import {
  asInput,
  createEvent,
  deleteEvent,
  listOccurrences,
  mergeUpdate,
  updateEvent,
} from "./events.service.ts";
import { buildCalendar } from "./ical.ts";

const idParams = slugParams.extend({ id: z.uuid() });
const day = 24 * 3600 * 1000;
/** Longest listing window: a year and a month (a year view with its edges). */
const maxWindowDays = 400;
/** Feeds carry what is current: events that ended more than this long ago are left out. */
const feedHistoryDays = 180;

/** A write is allowed on every scope it touches (the platform's, the sectors'). */
async function authorizeWrite(
  request: FastifyRequest,
  db: Db,
  action: Action,
  responseId: string,
  target: { platformId?: string | null; sectorIds: string[] },
) {
  const scopes = await writeScopes(db, responseId, {
    platformId: target.platformId ?? null,
    sectorIds: target.sectorIds,
  });
  let principal = authorize(request, action, { responseId, sectorIds: scopes[0] });
  for (const sectorIds of scopes.slice(1)) principal = authorize(request, action, { responseId, sectorIds });
  return principal;
}

type Filters = z.infer<typeof eventFilters>;
async function toFilter(
  db: Db,
  responseId: string,
  query: Filters,
  request: FastifyRequest,
): Promise<EventFilter> {
  return {
    platformId: query.platform ? (await resolvePlatform(db, responseId, query.platform)).id : undefined,
    sectorIds: query.sector ? await resolveSectorTree(db, responseId, query.sector) : undefined,
    type: query.type,
    // Signed-in only events are for anyone signed in; feeds fetched by calendar apps are public.
    publicOnly: !request.auth.principal,
  };
}

const safeName = (s: string) =>
  s
    .normalize("NFKD")
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 60)
    .toLowerCase() || "event";

export async function eventsRoutes(app: App, { database: { db }, env }: AppContext) {
  app.get(
    "/api/v1/responses/:slug/events",
    {
      schema: {
        tags: ["events"],
        summary: "Occurrences in a window (recurrences expanded in their time zone), filtered",
        params: slugParams,
        querystring: occurrencesQuery,
        response: { 200: occurrencesOutput },
      },
    },
    async (request) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const { from: fromText, to: toText, limit, ...filters } = request.query;
      const from = fromText ? new Date(fromText) : new Date();
      const to = toText ? new Date(toText) : new Date(from.getTime() + 31 * day);
      if (to <= from)
        throw invalid("The window is empty.", [{ path: "query.to", message: "must be after from" }]);
      if (to.getTime() - from.getTime() > maxWindowDays * day)
        throw invalid("The window is too long.", [
          { path: "query.to", message: `at most ${maxWindowDays} days after from` },
        ]);
      const filter = await toFilter(db, response.id, filters, request);
      const result = await listOccurrences(db, response.id, { ...filter, from, to }, limit);
      return { from: from.toISOString(), to: to.toISOString(), ...result };
    },
  );

  app.get(
    "/api/v1/responses/:slug/events/calendar.ics",
    {
      schema: {
        tags: ["events"],
        summary:
          "iCal feed to subscribe to (whole response, or ?platform= / ?sector= by id or code); signed out: public events only",
        params: slugParams,
        querystring: eventFilters,
      },
    },
    async (request, reply) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const filter = await toFilter(db, response.id, request.query, request);
      const from = new Date(Date.now() - feedHistoryDays * day);
      const member = isMember(request.auth.principal, response.id);
      const found = await findEvents(db, response.id, { ...filter, from }, member);
      const scope = [request.query.platform, request.query.sector, request.query.type]
        .filter(Boolean)
        .join(", ");
      const body = buildCalendar(found, {
        name: scope ? `${response.name}: ${scope}` : `${response.name}: meetings and events`,
        description: `Meetings and events of ${response.name}, from Intersector.`,
        origin: env.PUBLIC_URL.replace(/\/$/, ""),
        responseSlug: response.slug,
      });
      return reply
        .header("content-type", "text/calendar; charset=utf-8")
        .header(
          "content-disposition",
          `inline; filename="${safeName(`${response.slug} ${scope || "events"}`)}.ics"`,
        )
        .header("cache-control", request.auth.principal ? "private, no-store" : "public, max-age=900")
        .send(body);
    },
  );

  app.get(
    "/api/v1/responses/:slug/events/:id",
    { schema: { tags: ["events"], params: idParams, response: { 200: eventOutput } } },
    async (request) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const row = await getEventRow(db, response.id, request.params.id);
      // An event for signed-in users does not exist for the public.
      if (row.visibility !== "public" && !request.auth.principal) throw notFound("Event");
      return (await presentEvents(db, response.id, [row], isMember(request.auth.principal, response.id)))[0]!;
    },
  );

  app.get(
    "/api/v1/responses/:slug/events/:id/ics",
    { schema: { tags: ["events"], summary: "One event as an .ics file to download", params: idParams } },
    async (request, reply) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const row = await getEventRow(db, response.id, request.params.id);
      if (row.visibility !== "public" && !request.auth.principal) throw notFound("Event");
      const [event] = await presentEvents(
        db,
        response.id,
        [row],
        isMember(request.auth.principal, response.id),
      );
      const body = buildCalendar([event!], {
        name: event!.title,
        origin: env.PUBLIC_URL.replace(/\/$/, ""),
        responseSlug: response.slug,
      });
      return reply
        .header("content-type", "text/calendar; charset=utf-8")
        .header("content-disposition", `attachment; filename="${safeName(event!.title)}.ics"`)
        .header("cache-control", "private, no-store")
        .send(body);
    },
  );

  app.post(
    "/api/v1/responses/:slug/events",
    { schema: { tags: ["events"], params: slugParams, body: eventInput, response: { 201: eventOutput } } },
    async (request, reply) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const principal = await authorizeWrite(request, db, "event:create", response.id, request.body);
      const member = isMember(principal, response.id);
      const row = await createEvent(
        db,
        response.id,
        response.countryIso3,
        actorOf(principal),
        request.body,
        member,
      );
      return reply.status(201).send((await presentEvents(db, response.id, [row], member))[0]!);
    },
  );

  app.patch(
    "/api/v1/responses/:slug/events/:id",
    {
      schema: {
        tags: ["events"],
        summary:
          "Change an event (checked as it is and as it would be: a coordinator cannot move it out of their sector)",
        params: idParams,
        body: eventUpdate,
        response: { 200: eventOutput },
      },
    },
    async (request) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const before = await getEventRow(db, response.id, request.params.id);
      const current = await asInput(db, response.id, before);
      await authorizeWrite(request, db, "event:update", response.id, current);
      const merged = mergeUpdate(current, request.body);
      const principal = await authorizeWrite(request, db, "event:update", response.id, merged);
      const member = isMember(principal, response.id);
      await updateEvent(db, response.id, response.countryIso3, actorOf(principal), before, merged, member);
      const after = await getEventRow(db, response.id, before.id);
      return (await presentEvents(db, response.id, [after], member))[0]!;
    },
  );

  app.delete(
    "/api/v1/responses/:slug/events/:id",
    { schema: { tags: ["events"], params: idParams } },
    async (request, reply) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const row = await getEventRow(db, response.id, request.params.id);
      const principal = await authorizeWrite(
        request,
        db,
        "event:delete",
        response.id,
        await asInput(db, response.id, row),
      );
      await deleteEvent(db, response.id, actorOf(principal), row);
      return reply.status(204).send();
    },
  );
}
