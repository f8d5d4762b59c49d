import type { FastifyRequest } from "fastify";
import { z } from "zod";
import { can } from "../../../common/permissions.ts";
import {
  locationCode,
  locationImportReport,
  locationInput,
  locationOutput,
  siteTypes,
} from "../../../common/schemas/locations.ts";
import { isoDate } from "../../../common/schemas/responses.ts";
import type { App, AppContext } from "../../context.ts";
import { type ExportColumn, listQuerySchema, sendList } from "../../http/list.ts";
import { readUpload } from "../../http/upload.ts";
import { actorOf } from "../audit/audit.service.ts";
import { authorize } from "../auth/principal.ts";
import { slugParams } from "../responses/responses.routes.ts";
import { getResponseBySlug } from "../responses/responses.service.ts";
import { importGazetteer } from "./gazetteer-import.ts";
import { parseBoundariesGeoJson, parseGazetteerCsv } from "./gazetteer-parse.ts";
import { queryAncestors, queryLocations } from "./locations.queries.ts";
import {
  createLocation,
  getLocationByCode,
  locationsGeoJson,
  lookupPoint,
  updateLocation,
} from "./locations.service.ts";

const today = () => new Date().toISOString().slice(0, 10);

const listQuery = listQuerySchema.extend({
  parent: locationCode.optional().describe("Children of this code."),
  roots: z.enum(["true", "false"]).optional().describe("Only top-level areas."),
  kind: z.enum(["admin", "site"]).optional(),
  level: z.coerce.number().int().min(0).max(5).optional(),
  validOn: isoDate.optional().describe("The gazetteer as it stood on this date (default today)."),
  history: z.enum(["true", "false"]).optional().describe("Every version, including retired codes."),
  sort: z.enum(["name", "code"]).default("name").describe("Order when not searching."),
});

const columns: ExportColumn<z.infer<typeof locationOutput>>[] = [
  { header: "code", hxl: "#loc+code", value: (l) => l.code },
  { header: "name", hxl: "#loc+name", value: (l) => l.name },
  { header: "level", hxl: "#loc+type", value: (l) => (l.kind === "site" ? l.siteType : l.level) },
  { header: "parent", hxl: "#loc+code+parent", value: (l) => l.parentCode },
  { header: "lat", hxl: "#geo+lat", value: (l) => l.lat },
  { header: "lon", hxl: "#geo+lon", value: (l) => l.lon },
  { header: "valid_from", hxl: "#date+start", value: (l) => l.validFrom },
  { header: "valid_to", hxl: "#date+end", value: (l) => l.validTo },
];

const codeParams = slugParams.extend({ code: locationCode });

const locationPatch = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  names: z.record(z.string().regex(/^[a-z]{2,3}$/), z.string().trim().min(1).max(200)).optional(),
  siteType: z.enum(siteTypes).optional(),
  parentCode: locationCode.nullable().optional(),
  lat: z.number().min(-90).max(90).nullable().optional(),
  lon: z.number().min(-180).max(180).nullable().optional(),
  validTo: isoDate.nullable().optional(),
  sensitive: z.boolean().optional(),
});

const importQuery = z.object({
  format: z
    .enum(["csv", "geojson"])
    .optional()
    .describe("Detected from the file name or content type when absent."),
  dryRun: z.enum(["true", "false"]).default("false"),
  codeProperty: z.string().max(60).optional(),
  nameProperty: z.string().max(60).optional(),
  parentProperty: z.string().max(60).optional(),
  parentCode: locationCode.optional(),
  level: z.string().max(40).optional(),
});

export async function locationsRoutes(app: App, { database: { db } }: AppContext) {
  const seesRestricted = (request: FastifyRequest, responseId: string) =>
    can(request.auth.principal, "response:read-restricted", { responseId });

  app.get(
    "/api/v1/responses/:slug/locations",
    {
      schema: {
        tags: ["locations"],
        summary: "List and search the gazetteer",
        params: slugParams,
        querystring: listQuery,
      },
    },
    async (request, reply) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const q = request.query;
      const parentId = q.parent
        ? (await getLocationByCode(db, response.id, q.parent, seesRestricted(request, response.id))).id
        : undefined;
      const filter = {
        q: q.q,
        sort: q.sort,
        parentId,
        roots: q.roots === "true",
        kind: q.kind,
        level: q.level,
        validOn: q.history === "true" ? null : (q.validOn ?? today()),
        includeSensitive: seesRestricted(request, response.id),
      };
      return sendList(reply, {
        query: q,
        filename: `${response.slug}-locations`,
        columns,
        fetchPage: (cursor, limit) => queryLocations(db, response.id, filter, cursor, limit),
      });
    },
  );

  app.get(
    "/api/v1/responses/:slug/locations.geojson",
    {
      schema: {
        tags: ["locations"],
        summary: "Locations as GeoJSON (outlines, or points where no outline is known)",
        params: slugParams,
        querystring: z.object({
          level: z.coerce.number().int().min(0).max(5).optional(),
          kind: z.enum(["admin", "site"]).optional(),
          validOn: isoDate.optional(),
        }),
      },
    },
    async (request, reply) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const geo = await locationsGeoJson(db, response.id, {
        ...request.query,
        validOn: request.query.validOn ?? today(),
        includeSensitive: seesRestricted(request, response.id),
      });
      return reply.header("content-type", "application/geo+json; charset=utf-8").send(JSON.stringify(geo));
    },
  );

  app.get(
    "/api/v1/responses/:slug/locations/lookup",
    {
      schema: {
        tags: ["locations"],
        summary: "The sites and areas whose outline contains a point",
        params: slugParams,
        querystring: z.object({
          lat: z.coerce.number().min(-90).max(90),
          lon: z.coerce.number().min(-180).max(180),
          validOn: isoDate.optional(),
        }),
      },
    },
    async (request) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const { lat, lon, validOn } = request.query;
      return {
        items: await lookupPoint(
          db,
          response.id,
          lat,
          lon,
          validOn ?? today(),
          seesRestricted(request, response.id),
        ),
      };
    },
  );

  app.get(
    "/api/v1/responses/:slug/locations/:code",
    { schema: { tags: ["locations"], params: codeParams } },
    async (request) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const includeSensitive = seesRestricted(request, response.id);
      const location = await getLocationByCode(db, response.id, request.params.code, includeSensitive);
      return {
        ...location,
        ancestors: await queryAncestors(db, response.id, location.id, includeSensitive),
      };
    },
  );

  app.post(
    "/api/v1/responses/:slug/locations",
    {
      schema: {
        tags: ["locations"],
        summary: "Add a location",
        params: slugParams,
        body: locationInput,
        response: { 201: locationOutput },
      },
    },
    async (request, reply) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const principal = authorize(request, "location:write", { responseId: response.id });
      await createLocation(db, response.id, actorOf(principal), request.body);
      return reply.status(201).send(await getLocationByCode(db, response.id, request.body.code, true));
    },
  );

  app.patch(
    "/api/v1/responses/:slug/locations/:code",
    {
      schema: {
        tags: ["locations"],
        params: codeParams,
        body: locationPatch,
        response: { 200: locationOutput },
      },
    },
    async (request) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const principal = authorize(request, "location:write", { responseId: response.id });
      await updateLocation(db, response.id, actorOf(principal), request.params.code, request.body);
      return getLocationByCode(db, response.id, request.params.code, true);
    },
  );

  app.post(
    "/api/v1/responses/:slug/locations/import",
    {
      bodyLimit: 50 * 1024 * 1024,
      schema: {
        tags: ["locations"],
        summary: "Import a gazetteer (CSV: code, name, parent, level) or boundaries (GeoJSON)",
        description:
          "Send the file as multipart/form-data (field `file`) or as the raw body (text/csv, application/geo+json). Nothing is written when any row has an error.",
        params: slugParams,
        querystring: importQuery,
        response: { 200: locationImportReport },
      },
    },
    async (request) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const principal = authorize(request, "location:write", { responseId: response.id });
      const upload = await readUpload(request);
      const q = request.query;
      const format =
        q.format ??
        (/\.(geo)?json$/i.test(upload.filename) || /json/.test(upload.mimetype) ? "geojson" : "csv");
      const parsed =
        format === "geojson" ? parseBoundariesGeoJson(upload.bytes, q) : parseGazetteerCsv(upload.bytes);
      return importGazetteer(db, response.id, parsed, {
        dryRun: q.dryRun === "true",
        actor: actorOf(principal),
      });
    },
  );
}
