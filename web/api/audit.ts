import { useInfiniteQuery } from "@tanstack/react-query";
import { api, type Page } from "./client.ts";

export interface AuditEntry {
  id: number;
  at: string;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  reason: string | null;
}

export interface AuditFilter {
  action?: string;
  actor?: string;
  entityType?: string;
}

/** The response's log (or the platform log when slug is null), newest first, page by page. */
export function useAuditLog(slug: string | null, filter: AuditFilter, enabled: boolean) {
  const path = slug ? `/responses/${encodeURIComponent(slug)}/audit` : "/audit";
  return useInfiniteQuery({
    queryKey: ["audit", slug, filter],
    queryFn: ({ pageParam, signal }) =>
      api<Page<AuditEntry>>(path, { query: { ...filter, cursor: pageParam, limit: 50 }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
}
