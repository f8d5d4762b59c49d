import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type {
  PlatformInput,
  PlatformOutput,
  PlatformSummary,
  PlatformUpdate,
  RepresentationRow,
  templateSummary,
} from "../../common/schemas/platforms.ts";
import { api, type Page } from "./client.ts";

export type { PlatformOutput, PlatformSummary, RepresentationRow };
export type TemplateSummary = z.infer<typeof templateSummary>;

const base = (slug: string) => `/responses/${encodeURIComponent(slug)}/platforms`;
const key = (slug: string) => ["responses", slug, "platforms"];

/** A response has tens of platforms: one request with a generous limit gets them all, in tree order. */
export function usePlatforms(slug: string) {
  return useQuery({
    queryKey: [...key(slug), "list"],
    queryFn: () => api<Page<PlatformSummary>>(base(slug), { query: { limit: 500 } }),
    select: (page) => page.items,
  });
}

export function usePlatform(slug: string, id: string) {
  return useQuery({
    queryKey: [...key(slug), "detail", id],
    queryFn: () => api<PlatformOutput>(`${base(slug)}/${encodeURIComponent(id)}`),
  });
}

export function useRepresentation(slug: string, organisation: string | null) {
  return useQuery({
    queryKey: [...key(slug), "representation", organisation],
    queryFn: () =>
      api<Page<RepresentationRow> & { platforms: PlatformSummary[] }>(
        `/responses/${encodeURIComponent(slug)}/representation`,
        { query: { limit: 500, organisation } },
      ),
  });
}

export function useTemplates(enabled: boolean) {
  return useQuery({
    queryKey: ["platform-templates"],
    queryFn: () => api<TemplateSummary[]>("/platform-templates"),
    enabled,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

function useInvalidate(slug: string) {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: key(slug) });
}

export function useSavePlatform(slug: string, id: string | null) {
  const invalidate = useInvalidate(slug);
  return useMutation({
    mutationFn: (input: PlatformInput | PlatformUpdate) =>
      id
        ? api<PlatformOutput>(`${base(slug)}/${id}`, { method: "PATCH", body: input })
        : api<PlatformOutput>(base(slug), { method: "POST", body: input }),
    onSuccess: invalidate,
  });
}

export function useDeletePlatform(slug: string, id: string) {
  const invalidate = useInvalidate(slug);
  return useMutation({
    mutationFn: () => api<void>(`${base(slug)}/${id}`, { method: "DELETE" }),
    onSuccess: invalidate,
  });
}

export function useSaveMember(slug: string, platformId: string) {
  const invalidate = useInvalidate(slug);
  return useMutation({
    mutationFn: (input: { organisationId: string; representativeRole: string | null }) =>
      api<PlatformOutput>(`${base(slug)}/${platformId}/members/${input.organisationId}`, {
        method: "PUT",
        body: { representativeRole: input.representativeRole },
      }),
    onSuccess: invalidate,
  });
}

export function useRemoveMember(slug: string, platformId: string) {
  const invalidate = useInvalidate(slug);
  return useMutation({
    mutationFn: (organisationId: string) =>
      api<void>(`${base(slug)}/${platformId}/members/${organisationId}`, { method: "DELETE" }),
    onSuccess: invalidate,
  });
}

export function useCopyTemplate(slug: string) {
  const invalidate = useInvalidate(slug);
  return useMutation({
    mutationFn: (templateId: string) =>
      api<{ created: number; skipped: number }>(
        `/responses/${encodeURIComponent(slug)}/platform-templates/${templateId}/copy`,
        { method: "POST" },
      ),
    onSuccess: invalidate,
  });
}
