import { useQuery } from "@tanstack/react-query";
import type { ResponseOutput, ResponseSummary } from "../../common/schemas/responses.ts";
import { api } from "./client.ts";

export function useResponses() {
  return useQuery({
    queryKey: ["responses"],
    queryFn: () => api<{ items: ResponseSummary[] }>("/responses"),
    select: (data) => data.items,
    staleTime: 5 * 60_000,
  });
}

export function useResponse(slug: string | undefined) {
  return useQuery({
    queryKey: ["responses", slug],
    queryFn: () => api<ResponseOutput>(`/responses/${encodeURIComponent(slug ?? "")}`),
    enabled: !!slug,
    staleTime: 5 * 60_000,
  });
}
