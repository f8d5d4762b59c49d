import { z } from "zod";
import { isoDate } from "../../../common/schemas/responses.ts";
import type { App, AppContext } from "../../context.ts";
import { authorize } from "../auth/principal.ts";
import { slugParams } from "../responses/responses.routes.ts";
import { getResponseBySlug } from "../responses/responses.service.ts";
import { listAudit } from "./audit.service.ts";

/** A date or a date-time with offset, in a plausible range. */
const instant = z.union([
  z.iso
    .datetime({ offset: true })
    .refine((v) => isoDate.safeParse(v.slice(0, 10)).success, "must be between 1900 and 2100"),
  isoDate,
]);

const auditQuery = z.object({
  entityType: z.string().max(60).optional(),
  entityId: z.string().max(100).optional(),
  action: z.string().max(100).optional(),
  actor: z.string().max(200).optional(),
  from: instant.optional(),
  to: instant.optional(),
  cursor: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export async function auditRoutes(app: App, { database: { db } }: AppContext) {
  app.get(
    "/api/v1/audit",
    {
      schema: {
        tags: ["audit"],
        summary: "Platform audit log: accounts, sign-ins, tokens (administrators)",
        querystring: auditQuery,
      },
    },
    async (request) => {
      authorize(request, "user:manage");
      const { cursor, ...filter } = request.query;
      return listAudit(db, null, { ...filter, before: cursor });
    },
  );

  app.get(
    "/api/v1/responses/:slug/audit",
    {
      schema: {
        tags: ["audit"],
        summary: "Every change to a response's data, newest first",
        params: slugParams,
        querystring: auditQuery,
      },
    },
    async (request) => {
      const response = await getResponseBySlug(db, request.params.slug);
      authorize(request, "audit:read", { responseId: response.id });
      const { cursor, ...filter } = request.query;
      return listAudit(db, response.id, { ...filter, before: cursor });
    },
  );
}
