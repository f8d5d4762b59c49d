import { activitySummaryOutput, activitySummaryQuery } from "../../../common/schemas/activity-summary.ts";
import type { App, AppContext } from "../../context.ts";
import { requirePrincipal } from "../auth/principal.ts";
import { slugParams } from "../responses/responses.routes.ts";
import { getResponseBySlug } from "../responses/responses.service.ts";
import { summariseOrganisation } from "./activities-summary.service.ts";

/** What an organisation has reported, month by month: the partner focal point's overview. */
export async function activitySummaryRoutes(app: App, { database: { db } }: AppContext) {
  app.get(
    "/api/v1/responses/:slug/activities/summary",
    {
      schema: {
        tags: ["activities"],
        summary: "One organisation's records per reporting month and review state, and its rejected records",
        description:
          "Counts the records the organisation reported (as reporting organisation) per month from `from` to `to` (default: the 12 months up to the current one) and review state, lists the locked months in that range and its rejected records with their reasons. For those who may write the organisation's records: its organisation editors, response managers and administrators.",
        params: slugParams,
        querystring: activitySummaryQuery,
        response: { 200: activitySummaryOutput },
      },
    },
    async (request) => {
      const response = await getResponseBySlug(db, request.params.slug);
      return summariseOrganisation(db, response.id, requirePrincipal(request), request.query);
    },
  );
}
