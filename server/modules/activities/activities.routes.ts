import { z } from "zod";
import {
  type ActivityOutput,
  activityFilters,
  activityInput,
  activityOutput,
  activityUpdate,
  noNul,
  noNulMessage,
} from "../../../common/schemas/activities.ts";
import type { App, AppContext } from "../../context.ts";
import { invalid } from "../../errors.ts";
import { type ExportColumn, listQuerySchema, sendList } from "../../http/list.ts";
import {
  activityPages,
  contentTypes,
  exportStream,
  fileSuffixes,
} from "../activities-export/activities-export.ts";
import { requirePrincipal } from "../auth/principal.ts";
import { slugParams } from "../responses/responses.routes.ts";
import { getResponseBySlug } from "../responses/responses.service.ts";
import { readScope } from "./activities.policy.ts";
import { queryActivities } from "./activities.queries.ts";
import {
  createActivity,
  deleteActivity,
  getActivity,
  StaleVersionError,
  updateActivity,
} from "./activities.service.ts";

const listQuery = listQuerySchema
  .extend({
    q: z
      .string()
      .trim()
      .max(200)
      .refine(noNul, noNulMessage)
      .optional()
      .describe("Text in notes, external id, activity type, organisation or location name."),
  })
  .extend(activityFilters.shape)
  .extend({
    format: z
      .enum(["json", "csv", "hxl", "xlsx"])
      .optional()
      .describe(
        "Without it, one page of JSON. csv, hxl, xlsx and json download the whole filtered list (json: an array of records).",
      ),
  });
const idParams = slugParams.extend({ id: z.uuid() });

const errorBody = z.object({
  code: z.string(),
  message: z.string(),
  details: z.array(z.object({ path: z.string(), message: z.string() })),
});

const orgName = (o: { name: string; acronym: string | null } | null) => o?.name ?? null;

/** The CSV / HXL download: one row per record, HXL hashtags for re-import and exchange. */
export const activityColumns: ExportColumn<ActivityOutput>[] = [
  { header: "reporting_org", hxl: "#org+name", value: (a) => orgName(a.reportingOrg) },
  { header: "implementing_org", hxl: "#org+impl", value: (a) => orgName(a.implementingOrg) },
  { header: "donors", hxl: "#org+funder", value: (a) => a.donors.map((d) => d.name).join("; ") },
  { header: "sector_code", hxl: "#sector+code", value: (a) => a.sector.code },
  { header: "sub_sector_code", hxl: "#subsector+code", value: (a) => a.subSector?.code },
  { header: "activity_code", hxl: "#activity+code", value: (a) => a.activityType.code },
  { header: "activity", hxl: "#activity+name", value: (a) => a.activityType.name },
  { header: "indicator_code", hxl: "#indicator+code", value: (a) => a.indicator?.code },
  { header: "location_code", hxl: "#loc+code", value: (a) => a.location.code },
  { header: "location", hxl: "#loc+name", value: (a) => a.location.name },
  { header: "population_group", hxl: "#population+type", value: (a) => a.populationGroup?.code },
  { header: "status", hxl: "#status", value: (a) => a.status },
  { header: "start_date", hxl: "#date+start", value: (a) => a.startDate },
  { header: "end_date", hxl: "#date+end", value: (a) => a.endDate },
  { header: "reporting_month", hxl: "#date+reported", value: (a) => a.reportingMonth.slice(0, 7) },
  { header: "quantity", hxl: "#output+value", value: (a) => a.quantity },
  { header: "unit", hxl: "#output+unit", value: (a) => a.unit },
  { header: "reached_total", hxl: "#reached+total", value: (a) => a.reachedTotal },
  { header: "women", hxl: "#reached+f+adults", value: (a) => a.women },
  { header: "men", hxl: "#reached+m+adults", value: (a) => a.men },
  { header: "girls", hxl: "#reached+f+children", value: (a) => a.girls },
  { header: "boys", hxl: "#reached+m+children", value: (a) => a.boys },
  { header: "elderly", hxl: "#reached+elderly", value: (a) => a.elderly },
  { header: "persons_with_disabilities", hxl: "#reached+disabled", value: (a) => a.personsWithDisabilities },
  { header: "modality", hxl: "#modality", value: (a) => a.modality },
  { header: "notes", hxl: "#description+notes", value: (a) => a.notes },
  { header: "external_id", hxl: "#meta+id", value: (a) => a.externalId },
  { header: "review_state", hxl: "#status+review", value: (a) => a.reviewState },
];

const readRule =
  "Everyone (signed out too) reads approved records; organisation editors also read their organisation's records, sector coordinators their sector's, response managers and administrators all. Records at sensitive locations are hidden from the public.";

export async function activitiesRoutes(app: App, { database: { db } }: AppContext) {
  app.get(
    "/api/v1/responses/:slug/activities",
    {
      schema: {
        tags: ["activities"],
        summary: "List 4W activity records (filters, cursor pages, CSV / HXL / XLSX / JSON download)",
        description: `Newest reporting month first; \`nextCursor\` continues. ${readRule}`,
        params: slugParams,
        querystring: listQuery,
      },
    },
    async (request, reply) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const q = request.query;
      if (q.from && q.to && q.from > q.to)
        throw invalid("The month range is empty.", [
          { path: "querystring.to", message: "must not be before from" },
        ]);
      const scope = readScope(request.auth.principal, response.id);
      // Downloads come from the export module (CSV, HXL and XLSX written by the database's COPY).
      if (q.format) {
        reply
          .header("content-type", contentTypes[q.format])
          .header(
            "content-disposition",
            `attachment; filename="${response.slug}-activities${fileSuffixes[q.format]}"`,
          );
        return reply.send(exportStream(q.format, activityColumns, activityPages(db, response.id, q, scope)));
      }
      return sendList(reply, {
        query: { ...q, format: undefined },
        filename: `${response.slug}-activities`,
        columns: activityColumns,
        fetchPage: (cursor, limit) => queryActivities(db, response.id, q, scope, cursor, limit),
      });
    },
  );

  app.get(
    "/api/v1/responses/:slug/activities/:id",
    {
      schema: {
        tags: ["activities"],
        summary: "One activity record",
        description: `${readRule} A record the caller may not read answers 404.`,
        params: idParams,
        response: { 200: activityOutput },
      },
    },
    async (request) => {
      const response = await getResponseBySlug(db, request.params.slug);
      return getActivity(db, response.id, request.auth.principal, request.params.id);
    },
  );

  app.post(
    "/api/v1/responses/:slug/activities",
    {
      schema: {
        tags: ["activities"],
        summary: "Create an activity record (a draft)",
        description:
          "Needs `activity:write` on the record: organisation editors for their own reporting organisation, sector coordinators for their sector. 409 when its reporting month is locked, or the organisation already has a record with the same external id or natural key (activity type, location, month, population group).",
        params: slugParams,
        body: activityInput,
        response: { 201: activityOutput },
      },
    },
    async (request, reply) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const principal = requirePrincipal(request);
      const created = await createActivity(db, response.id, principal, request.body);
      return reply.status(201).send(created);
    },
  );

  app.patch(
    "/api/v1/responses/:slug/activities/:id",
    {
      schema: {
        tags: ["activities"],
        summary: "Change an activity record (optimistic concurrency with `version`)",
        description:
          "Send the `version` the change was made from. A stale version answers 409 with the usual error body and the current record in `current`, so the client can show what changed. Writers change drafts and rejected records; submitted and approved records only reviewers (`activity:review`), and approved records stay approved (the change is audited). 409 while the record's month is locked.",
        params: idParams,
        body: activityUpdate,
        response: {
          200: activityOutput,
          409: z.object({ error: errorBody, current: activityOutput.optional() }),
        },
      },
    },
    async (request, reply) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const principal = requirePrincipal(request);
      try {
        return await updateActivity(db, response.id, principal, request.params.id, request.body);
      } catch (error) {
        if (!(error instanceof StaleVersionError)) throw error;
        return reply.status(409).send({
          error: { code: error.code, message: error.message, details: error.details },
          current: error.current,
        });
      }
    },
  );

  app.delete(
    "/api/v1/responses/:slug/activities/:id",
    {
      schema: {
        tags: ["activities"],
        summary: "Delete an activity record",
        description:
          "Writers delete drafts and rejected records; submitted and approved records only reviewers. 409 while the record's month is locked.",
        params: idParams,
      },
    },
    async (request, reply) => {
      const response = await getResponseBySlug(db, request.params.slug);
      await deleteActivity(db, response.id, requirePrincipal(request), request.params.id);
      return reply.status(204).send();
    },
  );
}
