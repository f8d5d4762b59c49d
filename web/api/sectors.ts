import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { SectorOutput } from "../../common/schemas/sectors.ts";
import { api, type Page } from "./client.ts";

export type Sector = SectorOutput & { parentCode?: string | null };
export type CatalogueKind = "activity-types" | "indicators";
export interface CatalogueInput {
  code: string;
  name: string;
  unit?: string;
  disaggregation?: "none" | "sex" | "sex_age";
}

const base = (slug: string) => `/responses/${encodeURIComponent(slug)}/sectors`;

/** A response has tens of sectors: one request with a generous limit gets them all. */
export function useSectors(slug: string | undefined) {
  return useQuery({
    queryKey: ["responses", slug, "sectors", "list"],
    queryFn: () => api<Page<Sector>>(base(slug ?? ""), { query: { limit: 500 } }),
    select: (page) => page.items,
    enabled: !!slug,
  });
}

export function useSector(slug: string, code: string) {
  return useQuery({
    queryKey: ["responses", slug, "sectors", "detail", code],
    queryFn: () => api<Sector>(`${base(slug)}/${encodeURIComponent(code)}`),
  });
}

export function useSaveCatalogueItem(slug: string, sectorCode: string, kind: CatalogueKind) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CatalogueInput) =>
      api<unknown>(
        `${base(slug)}/${encodeURIComponent(sectorCode)}/${kind}/${encodeURIComponent(input.code)}`,
        {
          method: "PUT",
          body: input,
        },
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: ["responses", slug, "sectors"] }),
  });
}

export function useDeleteCatalogueItem(slug: string, sectorCode: string, kind: CatalogueKind) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (itemCode: string) =>
      api<void>(`${base(slug)}/${encodeURIComponent(sectorCode)}/${kind}/${encodeURIComponent(itemCode)}`, {
        method: "DELETE",
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: ["responses", slug, "sectors"] }),
  });
}

export interface PopulationGroup {
  id: string;
  code: string;
  name: string;
}

/** A response has a handful of population groups: one request gets them all. */
export function usePopulationGroups(slug: string | undefined) {
  return useQuery({
    queryKey: ["responses", slug, "population-groups", "list"],
    queryFn: () =>
      api<Page<PopulationGroup>>(`/responses/${encodeURIComponent(slug ?? "")}/population-groups`, {
        query: { limit: 500 },
      }),
    select: (page) => page.items,
    enabled: !!slug,
    staleTime: 5 * 60_000,
  });
}
