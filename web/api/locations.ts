import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { FeatureCollection, Geometry } from "geojson";
import type { LocationImportReport, LocationOutput } from "../../common/schemas/locations.ts";
import { api, type Page } from "./client.ts";

export interface Ancestor {
  id: string;
  code: string;
  name: string;
  level: number;
}
export type LocationDetail = LocationOutput & { ancestors: Ancestor[] };

export interface LocationProperties {
  id: string;
  code: string;
  name: string;
  kind: "admin" | "site";
  level: number;
  siteType: string | null;
}
export type LocationFeatures = FeatureCollection<Geometry, LocationProperties>;

const base = (slug: string) => `/responses/${encodeURIComponent(slug)}/locations`;

export interface LocationListFilter {
  q?: string;
  parent?: string;
  roots?: boolean;
  kind?: "admin" | "site";
  limit?: number;
}

export function useLocations(slug: string, filter: LocationListFilter, enabled = true) {
  return useQuery({
    queryKey: ["responses", slug, "locations", "list", filter],
    queryFn: ({ signal }) =>
      api<Page<LocationOutput>>(base(slug), {
        query: { ...filter, roots: filter.roots ? "true" : undefined, limit: filter.limit ?? 200 },
        signal,
      }),
    enabled,
    placeholderData: filter.q ? keepPreviousData : undefined,
  });
}

export function useLocationDetail(slug: string, code: string | null) {
  return useQuery({
    queryKey: ["responses", slug, "locations", "detail", code],
    queryFn: () => api<LocationDetail>(`${base(slug)}/${encodeURIComponent(code ?? "")}`),
    enabled: !!code,
  });
}

export function useLocationsGeoJson(slug: string, filter: { level?: number; kind?: "admin" | "site" }) {
  return useQuery({
    queryKey: ["responses", slug, "locations", "geojson", filter],
    queryFn: () =>
      api<LocationFeatures>(`/responses/${encodeURIComponent(slug)}/locations.geojson`, { query: filter }),
    staleTime: 5 * 60_000,
  });
}

export interface LocationPatch {
  name?: string;
  names?: Record<string, string>;
  siteType?: LocationOutput["siteType"] & string;
  parentCode?: string | null;
  lat?: number | null;
  lon?: number | null;
  validTo?: string | null;
  sensitive?: boolean;
}

export function useUpdateLocation(slug: string, code: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (patch: LocationPatch) =>
      api<LocationOutput>(`${base(slug)}/${encodeURIComponent(code)}`, { method: "PATCH", body: patch }),
    onSuccess: () => client.invalidateQueries({ queryKey: ["responses", slug, "locations"] }),
  });
}

export function useImportGazetteer(slug: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ file, dryRun }: { file: File; dryRun: boolean }) => {
      const form = new FormData();
      form.append("file", file, file.name);
      return api<LocationImportReport>(`${base(slug)}/import`, {
        method: "POST",
        query: { dryRun: String(dryRun) },
        body: form,
      });
    },
    onSuccess: (report) => {
      if (!report.dryRun) {
        void client.invalidateQueries({ queryKey: ["responses", slug, "locations"] });
        void client.invalidateQueries({ queryKey: ["responses"], exact: true });
      }
    },
  });
}
