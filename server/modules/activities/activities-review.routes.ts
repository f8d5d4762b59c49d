import { z } from "zod";
import {
  activityBulkInput,
  activityBulkOutput,
  monthLockInput,
  monthLockOutput,
  monthUnlockInput,
} from "../../../common/schemas/activities.ts";
import type { App, AppContext } from "../../context.ts";
import { actorOf } from "../audit/audit.service.ts";
import { authorize, requirePrincipal } from "../auth/principal.ts";
import { slugParams } from "../responses/responses.routes.ts";
import { getResponseBySlug } from "../responses/responses.service.ts";
import { listMonthLocks, lockMonth, reviewActivities, unlockMonth } from "./activities-review.service.ts";

/** The review workflow on a selection of records, and the month locks of a response. */
export async function activityReviewRoutes(app: App, { database: { db } }: AppContext) {
  app.post(
    "/api/v1/responses/:slug/activities/bulk",
    {
      schema: {
        tags: ["activities"],
        summary: "Submit, approve or reject a selection of records, all or nothing",
        description:
          "Submitting needs `activity:write` on each record (drafts and rejected records), approving (submitted records) and rejecting (submitted or approved records, with a `reason`) `activity:review`. Any record missing (404), refused (403), in a locked month or in the wrong state (409) refuses the whole selection; `error.details` names each record by its position in `ids`.",
        params: slugParams,
        body: activityBulkInput,
        response: { 200: activityBulkOutput },
      },
    },
    async (request) => {
      const response = await getResponseBySlug(db, request.params.slug);
      return reviewActivities(db, response.id, requirePrincipal(request), request.body);
    },
  );

  app.get(
    "/api/v1/responses/:slug/activities/month-locks",
    {
      schema: {
        tags: ["activities"],
        summary: "Locked reporting months (signed-in members of the response)",
        params: slugParams,
        response: { 200: z.object({ items: z.array(monthLockOutput) }) },
      },
    },
    async (request) => {
      const response = await getResponseBySlug(db, request.params.slug);
      authorize(request, "response:read-restricted", { responseId: response.id });
      return { items: await listMonthLocks(db, response.id) };
    },
  );

  app.post(
    "/api/v1/responses/:slug/activities/month-locks",
    {
      schema: {
        tags: ["activities"],
        summary: "Lock a reporting month: its records no longer change, for anyone",
        params: slugParams,
        body: monthLockInput,
        response: { 201: monthLockOutput },
      },
    },
    async (request, reply) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const principal = authorize(request, "month:lock", { responseId: response.id });
      return reply.status(201).send(await lockMonth(db, response.id, actorOf(principal), request.body));
    },
  );

  app.delete(
    "/api/v1/responses/:slug/activities/month-locks",
    {
      schema: {
        tags: ["activities"],
        summary: "Unlock a reporting month (response managers), with a reason kept in the audit log",
        description: 'The body names the month and the reason: `{ "month": "2024-03", "reason": "…" }`.',
        params: slugParams,
        body: monthUnlockInput,
      },
    },
    async (request, reply) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const principal = authorize(request, "month:unlock", { responseId: response.id });
      await unlockMonth(db, response.id, actorOf(principal), request.body);
      return reply.status(204).send();
    },
  );
}
