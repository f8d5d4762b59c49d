import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  StoryImage,
  StoryInput,
  StoryList,
  StoryOutput,
  StoryQuery,
  StorySummary,
  StoryTransition,
  StoryUpdate,
} from "../../common/schemas/news.ts";
import { API, api } from "./client.ts";

export type { StoryImage, StoryOutput, StorySummary, StoryTransition };
export type StoryFilter = Partial<Omit<StoryQuery, "limit" | "offset">> & { limit?: number; offset?: number };

const base = (slug: string) => `/responses/${encodeURIComponent(slug)}/news`;
const key = (slug: string) => ["responses", slug, "news"];

/** The feed addresses (whole response, or one sector by code). */
export const feedUrl = (slug: string, format: "rss" | "atom", sector?: string) =>
  `${API}${base(slug)}/feed.${format}${sector ? `?sector=${encodeURIComponent(sector)}` : ""}`;

export function useStories(slug: string, filter: StoryFilter) {
  return useQuery({
    queryKey: [...key(slug), "list", filter],
    queryFn: ({ signal }) => api<StoryList>(base(slug), { query: { limit: 20, ...filter }, signal }),
    placeholderData: keepPreviousData,
  });
}

/**
 * The latest published stories of a response (or of one sector, by code): for the home page,
 * sector pages and anywhere a "latest news" block fits.
 */
export function useLatestStories(
  slug: string | undefined,
  options: { sector?: string; limit?: number } = {},
) {
  return useQuery({
    queryKey: [...key(slug ?? ""), "latest", options],
    queryFn: () =>
      api<StoryList>(base(slug ?? ""), {
        query: { state: "published", sector: options.sector, limit: options.limit ?? 3 },
      }),
    select: (list) => list.items,
    enabled: !!slug,
  });
}

export function useStory(slug: string, id: string | undefined) {
  return useQuery({
    queryKey: [...key(slug), "detail", id],
    queryFn: () => api<StoryOutput>(`${base(slug)}/${encodeURIComponent(id ?? "")}`),
    enabled: !!id,
  });
}

function useInvalidate(slug: string) {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: key(slug) });
}

export function useSaveStory(slug: string, id: string | undefined) {
  const invalidate = useInvalidate(slug);
  return useMutation({
    mutationFn: (input: StoryInput | StoryUpdate) =>
      id
        ? api<StoryOutput>(`${base(slug)}/${id}`, { method: "PATCH", body: input })
        : api<StoryOutput>(base(slug), { method: "POST", body: input }),
    onSuccess: invalidate,
  });
}

export function useTransitionStory(slug: string, id: string) {
  const invalidate = useInvalidate(slug);
  return useMutation({
    mutationFn: (input: { action: StoryTransition; note?: string }) =>
      api<StoryOutput>(`${base(slug)}/${id}/transitions`, { method: "POST", body: input }),
    onSuccess: invalidate,
  });
}

export function useDeleteStory(slug: string, id: string) {
  const invalidate = useInvalidate(slug);
  return useMutation({
    mutationFn: () => api<void>(`${base(slug)}/${id}`, { method: "DELETE" }),
    onSuccess: invalidate,
  });
}

export function useUploadStoryImage(slug: string, id: string) {
  const invalidate = useInvalidate(slug);
  return useMutation({
    mutationFn: ({ file, caption, credit }: { file: File; caption: string; credit: string }) => {
      const form = new FormData();
      form.append("caption", caption);
      form.append("credit", credit);
      form.append("file", file);
      return api<StoryImage>(`${base(slug)}/${id}/images`, { method: "POST", body: form });
    },
    onSuccess: invalidate,
  });
}

export function useDeleteStoryImage(slug: string, id: string) {
  const invalidate = useInvalidate(slug);
  return useMutation({
    mutationFn: (imageId: string) => api<void>(`${base(slug)}/${id}/images/${imageId}`, { method: "DELETE" }),
    onSuccess: invalidate,
  });
}

/** The body as the story page will show it (rendered and sanitised by the server). */
export function previewMarkdown(slug: string, body: string) {
  return api<{ html: string }>(`${base(slug)}/preview`, { method: "POST", body: { body } });
}
