import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  ActivityInput,
  ActivityOutput,
  ActivityUpdate,
  MonthLockOutput,
  ReviewAction,
} from "../../common/schemas/activities.ts";
import type { ActivitySummary } from "../../common/schemas/activity-summary.ts";
import { activitiesPath } from "./activities.ts";
import { ApiError, api } from "./client.ts";

/** One 4W record (read, create, change), the review actions, month locks and an organisation's summary. */

const recordKey = (slug: string, id: string) => ["responses", slug, "activities", "record", id];

/**
 * One record, fetched afresh when a page opens it, but not behind the user's back while they edit
 * it (the form is built from it): a change made elsewhere meanwhile is reported by the server (409
 * with the current record) when saving.
 */
export function useActivity(slug: string, id: string | undefined) {
  return useQuery({
    queryKey: recordKey(slug, id ?? ""),
    queryFn: () => api<ActivityOutput>(`${activitiesPath(slug)}/${id}`),
    enabled: !!id,
    staleTime: 0,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
}

/** Shows `record` as the current state of its record (after a stale-version refusal, say). */
export function useReplaceActivity(slug: string) {
  const client = useQueryClient();
  return (record: ActivityOutput) => client.setQueryData(recordKey(slug, record.id), record);
}

/** Every list and summary of the response's records shows the change; the record itself is set. */
function useAfterWrite(slug: string) {
  const client = useQueryClient();
  return (saved?: ActivityOutput) => {
    if (saved) client.setQueryData(recordKey(slug, saved.id), saved);
    void client.invalidateQueries({
      queryKey: ["responses", slug, "activities"],
      predicate: (q) => q.queryKey[3] !== "record",
    });
  };
}

/** Creates a draft (id null) or sends the changed fields of a record with the version they start from. */
export function useSaveActivity(slug: string, id: string | null) {
  const after = useAfterWrite(slug);
  return useMutation({
    mutationFn: (body: ActivityInput | ActivityUpdate) =>
      id
        ? api<ActivityOutput>(`${activitiesPath(slug)}/${id}`, { method: "PATCH", body })
        : api<ActivityOutput>(activitiesPath(slug), { method: "POST", body }),
    onSuccess: (saved) => after(saved),
  });
}

/** The record as it is now, when a save was refused for a stale version (409 with `current`). */
export function staleCurrentOf(error: unknown): ActivityOutput | null {
  if (!(error instanceof ApiError) || error.status !== 409) return null;
  const body = error.body as { current?: ActivityOutput } | null;
  return body?.current ?? null;
}

export interface ReviewResult {
  action: ReviewAction;
  updated: number;
  ids: string[];
}

/** Submit, approve or reject a selection, all or nothing (the error names each refused record). */
export function useReviewActivities(slug: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { ids: string[]; action: ReviewAction; reason?: string }) =>
      api<ReviewResult>(`${activitiesPath(slug)}/bulk`, { method: "POST", body: input }),
    // A refusal often means the records changed meanwhile: refetch either way.
    onSettled: () => client.invalidateQueries({ queryKey: ["responses", slug, "activities"] }),
  });
}

/** Locked reporting months (members of the response). */
export function useMonthLocks(slug: string, enabled = true) {
  return useQuery({
    queryKey: ["responses", slug, "activities", "month-locks"],
    queryFn: () => api<{ items: MonthLockOutput[] }>(`${activitiesPath(slug)}/month-locks`),
    select: (data) => data.items,
    enabled: enabled && !!slug,
  });
}

/** One organisation's records per month and review state, and its rejected records. */
export function useOrganisationSummary(slug: string, organisation: string) {
  return useQuery({
    queryKey: ["responses", slug, "activities", "summary", organisation],
    queryFn: () => api<ActivitySummary>(`${activitiesPath(slug)}/summary`, { query: { organisation } }),
    enabled: !!organisation,
  });
}
