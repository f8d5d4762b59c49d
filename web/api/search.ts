import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { SearchKind, SearchResults } from "../../common/schemas/search.ts";
import { api } from "./client.ts";

export type { SearchKind, SearchResults };

/** Search a response; nothing is asked for until there is something to search for. */
export function useSearch(slug: string, q: string, options: { kind?: SearchKind; limit?: number } = {}) {
  const query = q.trim();
  return useQuery({
    queryKey: ["responses", slug, "search", query, options],
    queryFn: ({ signal }) =>
      api<SearchResults>(`/responses/${encodeURIComponent(slug)}/search`, {
        query: { q: query, kinds: options.kind, limit: options.limit },
        signal,
      }),
    enabled: !!slug && query.length > 0 && query.length <= 200,
    placeholderData: keepPreviousData,
  });
}
