import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { OrganisationInput, OrganisationOutput } from "../../common/schemas/organisations.ts";
import { api, type Page } from "./client.ts";

const base = (slug: string) => `/responses/${encodeURIComponent(slug)}/organisations`;

export interface OrganisationFilter {
  q?: string;
  type?: string;
  cursor?: string;
  limit?: number;
}

export function useOrganisations(slug: string, filter: OrganisationFilter, enabled = true) {
  return useQuery({
    queryKey: ["responses", slug, "organisations", "list", filter],
    queryFn: ({ signal }) =>
      api<Page<OrganisationOutput>>(base(slug), { query: { limit: 25, ...filter }, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

function useInvalidate(slug: string) {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: ["responses", slug, "organisations"] });
    void client.invalidateQueries({ queryKey: ["responses", slug, "sectors"] });
    void client.invalidateQueries({ queryKey: ["responses"], exact: true });
  };
}

export function useSaveOrganisation(slug: string, id: string | null) {
  const invalidate = useInvalidate(slug);
  return useMutation({
    mutationFn: (input: OrganisationInput) =>
      id
        ? api<OrganisationOutput>(`${base(slug)}/${id}`, { method: "PATCH", body: input })
        : api<OrganisationOutput>(base(slug), { method: "POST", body: input }),
    onSuccess: invalidate,
  });
}

export function useMergeOrganisation(slug: string, id: string) {
  const invalidate = useInvalidate(slug);
  return useMutation({
    mutationFn: (intoId: string) =>
      api<OrganisationOutput>(`${base(slug)}/${id}/merge`, { method: "POST", body: { intoId } }),
    onSuccess: invalidate,
  });
}
