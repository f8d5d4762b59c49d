import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  EventInput,
  EventOutput,
  EventType,
  EventUpdate,
  OccurrencesOutput,
} from "../../../common/schemas/events.ts";
import { API, api } from "../../api/client.ts";

/** The events API for the calendar pages (kept beside them: no other page writes events). */

export type { EventOutput };

const base = (slug: string) => `/responses/${encodeURIComponent(slug)}/events`;
const key = (slug: string) => ["responses", slug, "events"];

export interface CalendarFilters {
  platform?: string | null;
  sector?: string | null;
  type?: EventType | null;
}

export function useOccurrences(
  slug: string,
  window: { from: Date; to: Date } | null,
  filters: CalendarFilters,
  limit = 1000,
) {
  return useQuery({
    queryKey: [
      ...key(slug),
      "occurrences",
      window?.from.toISOString(),
      window?.to.toISOString(),
      filters,
      limit,
    ],
    queryFn: () =>
      api<OccurrencesOutput>(base(slug), {
        query: { from: window!.from.toISOString(), to: window!.to.toISOString(), limit, ...filters },
      }),
    enabled: !!slug && !!window,
    placeholderData: (previous) => previous,
  });
}

export function useEvent(slug: string, id: string | null) {
  return useQuery({
    queryKey: [...key(slug), "detail", id],
    queryFn: () => api<EventOutput>(`${base(slug)}/${encodeURIComponent(id ?? "")}`),
    enabled: !!id,
  });
}

export function useSaveEvent(slug: string, id: string | null) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: EventInput | EventUpdate) =>
      id
        ? api<EventOutput>(`${base(slug)}/${encodeURIComponent(id)}`, { method: "PATCH", body })
        : api<EventOutput>(base(slug), { method: "POST", body }),
    onSuccess: () => client.invalidateQueries({ queryKey: key(slug) }),
  });
}

export function useDeleteEvent(slug: string, id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>(`${base(slug)}/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: () => client.invalidateQueries({ queryKey: key(slug) }),
  });
}

/** The feed address calendar apps subscribe to (https and webcal), for the filters chosen. */
export function feedUrls(slug: string, filters: CalendarFilters) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) if (value) params.set(name, value);
  const qs = params.toString();
  const https = `${window.location.origin}${API}${base(slug)}/calendar.ics${qs ? `?${qs}` : ""}`;
  return { https, webcal: https.replace(/^https?:/, "webcal:") };
}

export const icsUrl = (slug: string, id: string) => `${API}${base(slug)}/${encodeURIComponent(id)}/ics`;
