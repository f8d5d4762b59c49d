import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import { expandAnswer } from "../../common/analysis-rows.ts";
import type {
  AnalysisLevel,
  DashboardOutput,
  duplicationOutput,
  GapsAnswer,
  gapsOutput,
  LocationProfile,
  PresenceAnswer,
  presenceOutput,
  progressOutput,
  trendsOutput,
} from "../../common/schemas/analysis.ts";
import { api } from "./client.ts";

export type Dashboard = DashboardOutput;
/** Presence and gaps with the place and sector in each row (the wire names them once). */
export type Gaps = GapsAnswer;
export type Presence = PresenceAnswer;
export type Progress = z.infer<typeof progressOutput>;
export type Trends = z.infer<typeof trendsOutput>;
export type Duplication = z.infer<typeof duplicationOutput>;
export type { LocationProfile };

/** The filter every analysis endpoint understands (all optional; the server picks sensible defaults). */
export interface AnalysisFilter {
  sector?: string;
  level?: AnalysisLevel;
  location?: string;
  from?: string;
  to?: string;
}

export const analysisPath = (slug: string, what: string) =>
  `/responses/${encodeURIComponent(slug)}/analysis/${what}`;

/**
 * Keys start with the response's analysis: one invalidation refreshes every figure after a review
 * or an import (`analysisKey(slug)`).
 */
export const analysisKey = (slug: string, ...rest: unknown[]) => ["responses", slug, "analysis", ...rest];

// Figures change with every import: refetch when the page regains focus, keep the last answer
// on screen while a new filter loads.
function useAnalysis<T, Wire = T>(
  slug: string,
  what: string,
  query: Record<string, string | number | undefined>,
  read: (answer: Wire) => T = (answer) => answer as unknown as T,
) {
  return useQuery({
    queryKey: analysisKey(slug, what, query),
    queryFn: async ({ signal }) => read(await api<Wire>(analysisPath(slug, what), { query, signal })),
    placeholderData: keepPreviousData,
    refetchOnWindowFocus: true,
    enabled: !!slug,
  });
}

export const useDashboard = (slug: string, filter: { sector?: string; year?: number }) =>
  useAnalysis<Dashboard>(slug, "dashboard", { ...filter });

export const useGaps = (slug: string, filter: AnalysisFilter) =>
  useAnalysis<Gaps, z.infer<typeof gapsOutput>>(slug, "gaps", { ...filter }, expandAnswer);

/** Presence per place and sector over the months, or per month too (`by: "month"`). */
export const usePresence = (slug: string, filter: AnalysisFilter & { by?: "month" }) =>
  useAnalysis<Presence, z.infer<typeof presenceOutput>>(slug, "presence", { ...filter }, expandAnswer);

export const useProgress = (slug: string, filter: { sector?: string; year?: number }) =>
  useAnalysis<Progress>(slug, "progress", { ...filter });

export const useTrends = (slug: string, filter: AnalysisFilter) =>
  useAnalysis<Trends>(slug, "trends", { ...filter });

export function useLocationProfile(slug: string, locationId: string | null) {
  return useQuery({
    queryKey: analysisKey(slug, "location", locationId),
    queryFn: ({ signal }) => api<LocationProfile>(analysisPath(slug, `locations/${locationId}`), { signal }),
    enabled: !!slug && !!locationId,
    refetchOnWindowFocus: true,
  });
}

export type FindingState = "open" | "reviewed" | "all";

export const useDuplication = (slug: string, filter: AnalysisFilter & { state: FindingState }) =>
  useAnalysis<Duplication>(slug, "duplication", { ...filter });

/** Mark a finding "reviewed, not a duplicate" (with the reason), or reopen it. */
export function useReviewFinding(slug: string) {
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: analysisKey(slug, "duplication") });
  const review = useMutation({
    mutationFn: (input: { key: string; reason: string }) =>
      api<void>(analysisPath(slug, "duplication/reviews"), { method: "PUT", body: input }),
    onSuccess: refresh,
  });
  const reopen = useMutation({
    mutationFn: (findingKey: string) =>
      api<void>(analysisPath(slug, "duplication/reviews"), { method: "DELETE", query: { key: findingKey } }),
    onSuccess: refresh,
  });
  return { review, reopen };
}
