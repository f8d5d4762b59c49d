import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  FacetName,
  PracticeInput,
  PracticeOutput,
  PracticeSearchOutput,
  PracticeUpdate,
  PublicPracticeInput,
  TransitionInput,
} from "../../common/schemas/practices.ts";
import { API, api } from "./client.ts";

export type { FacetName, PracticeOutput, PracticeSearchOutput };

const base = (slug: string) => `/responses/${encodeURIComponent(slug)}/practices`;
const key = (slug: string) => ["responses", slug, "practices"];

/** Search parameters as the page keeps them in its URL (`?objective=5&objective=7&q=…`). */
export function usePracticeSearch(slug: string, params: URLSearchParams) {
  const qs = params.toString();
  return useQuery({
    queryKey: [...key(slug), "search", qs],
    // Repeated parameters do not fit `api()`'s query object: the query string goes as it is.
    queryFn: () => api<PracticeSearchOutput>(`${base(slug)}${qs ? `?${qs}` : ""}`),
    placeholderData: keepPreviousData,
  });
}

export function usePractice(slug: string, id: string) {
  return useQuery({
    queryKey: [...key(slug), "detail", id],
    queryFn: () => api<PracticeOutput>(`${base(slug)}/${encodeURIComponent(id)}`),
    enabled: !!id,
  });
}

function useInvalidate(slug: string) {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: key(slug) });
}

export function useSubmitPractice(slug: string, id: string | null) {
  const invalidate = useInvalidate(slug);
  return useMutation({
    mutationFn: (input: PracticeInput | PracticeUpdate) =>
      id
        ? api<PracticeOutput>(`${base(slug)}/${id}`, { method: "PATCH", body: input })
        : api<PracticeOutput>(base(slug), { method: "POST", body: input }),
    onSuccess: invalidate,
  });
}

export function useFormToken(slug: string, enabled: boolean) {
  return useQuery({
    queryKey: [...key(slug), "form-token"],
    queryFn: () => api<{ formToken: string; minSeconds: number }>(`${base(slug)}/form-token`),
    enabled,
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
  });
}

export function useSubmitPublicPractice(slug: string) {
  return useMutation({
    mutationFn: (input: PublicPracticeInput) =>
      api<{ received: true }>(`${base(slug)}/public`, { method: "POST", body: input }),
  });
}

export function useTransitionPractice(slug: string, id: string) {
  const invalidate = useInvalidate(slug);
  return useMutation({
    mutationFn: (input: TransitionInput) =>
      api<PracticeOutput>(`${base(slug)}/${id}/transitions`, { method: "POST", body: input }),
    onSuccess: invalidate,
  });
}

export function useCommentPractice(slug: string, id: string) {
  const invalidate = useInvalidate(slug);
  return useMutation({
    mutationFn: (body: string) => api(`${base(slug)}/${id}/comments`, { method: "POST", body: { body } }),
    onSuccess: invalidate,
  });
}

export const practicesApiPath = (slug: string) => `${API}${base(slug)}`;
