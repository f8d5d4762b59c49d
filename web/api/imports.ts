import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  ImportMappingInput,
  ImportPreview,
  ImportRunBody,
  ImportView,
} from "../../common/schemas/activity-imports.ts";
import { analysisKey } from "./analysis.ts";
import { API, api } from "./client.ts";

/** The import wizard's calls: upload, preview, runs (polled while running), annotated download. */

const importsPath = (slug: string) => `/responses/${encodeURIComponent(slug)}/activity-imports`;

export const annotatedUrl = (slug: string, id: string) => `${API}${importsPath(slug)}/${id}/annotated`;
export const templateUrl = (slug: string, sectorCode: string) =>
  `${API}/responses/${encodeURIComponent(slug)}/sectors/${encodeURIComponent(sectorCode)}/template.xlsx`;

export function useUploadImport(slug: string) {
  return useMutation({
    mutationFn: ({ file, organisationId }: { file: File; organisationId: string | null }) => {
      const form = new FormData();
      // The organisation before the file: the server reads the fields it has seen when the file arrives.
      if (organisationId) form.append("organisationId", organisationId);
      form.append("file", file, file.name);
      return api<{ import: ImportView; preview: ImportPreview }>(importsPath(slug), {
        method: "POST",
        body: form,
      });
    },
  });
}

export function usePreviewImport(slug: string, id: string | null) {
  return useMutation({
    mutationFn: (body: { sheet?: string; mapping?: ImportMappingInput }) =>
      api<ImportPreview>(`${importsPath(slug)}/${id}/preview`, { method: "POST", body }),
  });
}

export function useStartRun(slug: string, id: string | null) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ImportRunBody) =>
      api<ImportView>(`${importsPath(slug)}/${id}/runs`, { method: "POST", body }),
    onSuccess: (view) => client.setQueryData(["responses", slug, "imports", view.id], view),
  });
}

/**
 * The import, polled every second while it runs; the 4W lists and the analysis figures (dashboard,
 * gaps, map, profiles, which are computed live from the 4W) refresh when an import lands.
 */
export function useImport(slug: string, id: string | null) {
  const client = useQueryClient();
  return useQuery({
    queryKey: ["responses", slug, "imports", id],
    queryFn: async ({ signal }) => {
      const view = await api<ImportView>(`${importsPath(slug)}/${id}`, { signal });
      if (view.state === "imported") {
        void client.invalidateQueries({ queryKey: ["responses", slug, "activities"] });
        void client.invalidateQueries({ queryKey: analysisKey(slug) });
      }
      return view;
    },
    enabled: !!id,
    refetchInterval: (query) => (query.state.data?.state === "running" ? 1000 : false),
  });
}
