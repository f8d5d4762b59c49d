import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import type { ActivityOutput, ActivityStatus, ReviewState } from "../../common/schemas/activities.ts";
import { api, type Page } from "./client.ts";

export const activitiesPath = (slug: string) => `/responses/${encodeURIComponent(slug)}/activities`;

/** The list filters of the 4W explorer, as the API takes them (all optional). */
export interface ActivityFilter {
  sector?: string;
  organisation?: string;
  /** With an organisation: only records it reports, or only those it implements. */
  organisationRole?: "reporting" | "implementing";
  location?: string;
  /** YYYY-MM */
  from?: string;
  /** YYYY-MM */
  to?: string;
  status?: ActivityStatus;
  reviewState?: ReviewState;
  q?: string;
}

const PAGE_SIZE = 50;

/** 4W records, newest reporting month first; `fetchNextPage` follows the cursor ("Load more"). */
export function useActivities(slug: string, filter: ActivityFilter) {
  return useInfiniteQuery({
    queryKey: ["responses", slug, "activities", "list", filter],
    queryFn: ({ pageParam, signal }) =>
      api<Page<ActivityOutput>>(activitiesPath(slug), {
        query: { ...filter, limit: PAGE_SIZE, cursor: pageParam },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    enabled: !!slug,
  });
}
