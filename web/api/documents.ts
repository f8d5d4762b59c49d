import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  DocumentInput,
  DocumentList,
  DocumentOutput,
  DocumentQuery,
  DocumentUpdate,
  DocumentVersionOutput,
} from "../../common/schemas/documents.ts";
import { API, api } from "./client.ts";

export type { DocumentOutput, DocumentVersionOutput };
export type DocumentFilter = Partial<Omit<DocumentQuery, "limit" | "offset">> & {
  limit?: number;
  offset?: number;
};

const base = (slug: string) => `/responses/${encodeURIComponent(slug)}/documents`;
const key = (slug: string) => ["responses", slug, "documents"];

/** Where a version's file downloads (or previews, `inline`). */
export const documentFileUrl = (slug: string, id: string, version?: number, inline = false) =>
  `${API}${base(slug)}/${id}${version ? `/versions/${version}` : ""}/file${inline ? "?inline=true" : ""}`;

export function useDocuments(slug: string, filter: DocumentFilter) {
  return useQuery({
    queryKey: [...key(slug), "list", filter],
    queryFn: ({ signal }) => api<DocumentList>(base(slug), { query: { limit: 50, ...filter }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useDocument(slug: string, id: string) {
  return useQuery({
    queryKey: [...key(slug), "detail", id],
    queryFn: () => api<DocumentOutput>(`${base(slug)}/${encodeURIComponent(id)}`),
  });
}

export function useDocumentVersions(slug: string, id: string) {
  return useQuery({
    queryKey: [...key(slug), "versions", id],
    queryFn: () => api<DocumentVersionOutput[]>(`${base(slug)}/${encodeURIComponent(id)}/versions`),
  });
}

function useInvalidate(slug: string) {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: key(slug) });
}

/** Uploads a new document: its metadata as JSON, then the file (the server reads fields first). */
export function useUploadDocument(slug: string) {
  const invalidate = useInvalidate(slug);
  return useMutation({
    mutationFn: ({ metadata, file, note }: { metadata: DocumentInput; file: File; note?: string }) => {
      const form = new FormData();
      form.append("metadata", JSON.stringify(metadata));
      if (note) form.append("note", note);
      form.append("file", file);
      return api<DocumentOutput>(base(slug), { method: "POST", body: form });
    },
    onSuccess: invalidate,
  });
}

export function useUploadVersion(slug: string, id: string) {
  const invalidate = useInvalidate(slug);
  return useMutation({
    mutationFn: ({ file, note }: { file: File; note?: string }) => {
      const form = new FormData();
      if (note) form.append("note", note);
      form.append("file", file);
      return api<DocumentVersionOutput>(`${base(slug)}/${id}/versions`, { method: "POST", body: form });
    },
    onSuccess: invalidate,
  });
}

export function useUpdateDocument(slug: string, id: string) {
  const invalidate = useInvalidate(slug);
  return useMutation({
    mutationFn: (changes: DocumentUpdate) =>
      api<DocumentOutput>(`${base(slug)}/${id}`, { method: "PATCH", body: changes }),
    onSuccess: invalidate,
  });
}

export function useDeleteDocument(slug: string, id: string) {
  const invalidate = useInvalidate(slug);
  return useMutation({
    mutationFn: () => api<void>(`${base(slug)}/${id}`, { method: "DELETE" }),
    onSuccess: invalidate,
  });
}
