import type { PlatformSummary } from "../../api/platforms.ts";

/** "IOM (Senior Coordinator)" for the chair, or the co-chairs joined. */
export const chairNames = (chairs: PlatformSummary["chairs"], role: "chair" | "co_chair") =>
  chairs
    .filter((c) => c.role === role)
    .map((c) => `${c.acronym ?? c.name} (${c.roleTitle})`)
    .join(", ");

export const orgLabel = (o: { name: string; acronym: string | null }) =>
  o.acronym && o.acronym !== o.name ? `${o.name} (${o.acronym})` : o.name;
