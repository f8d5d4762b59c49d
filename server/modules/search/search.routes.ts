import { searchQuery, searchResults } from "../../../common/schemas/search.ts";
import type { App, AppContext } from "../../context.ts";
import { isMember } from "../documents/documents.scope.ts";
import { slugParams } from "../responses/responses.routes.ts";
import { getResponseBySlug } from "../responses/responses.service.ts";
import { search } from "./search.service.ts";

/** One search box across stories, documents, events, practices, organisations, places and platforms. */
export async function searchRoutes(app: App, { database: { db } }: AppContext) {
  app.get(
    "/api/v1/responses/:slug/search",
    {
      schema: {
        tags: ["search"],
        summary:
          "Search the response: results grouped by kind, with highlights (visitors see public content only)",
        params: slugParams,
        querystring: searchQuery,
        response: { 200: searchResults },
      },
    },
    async (request) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const { q, kinds, limit } = request.query;
      const groups = await search(db, response.id, q, {
        kinds,
        limit,
        member: isMember(request.auth.principal, response.id),
      });
      return { query: q, total: groups.reduce((n, g) => n + g.total, 0), groups };
    },
  );
}
