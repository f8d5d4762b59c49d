/**
 * Reference lists of the repository of practices: GCM objectives and guiding principles, SDG goals
 * and targets. They are code constants, validated on write (decision 0010): they change only with
 * a new UN resolution, and a release is the right way to ship such a change.
 */
import { gcmObjectives } from "./gcm-objectives.ts";
import { sdgGoals, sdgTargets } from "./sdg.ts";

export { gcmObjectives, sdgGoals, sdgTargets };

/** The ten cross-cutting and interdependent guiding principles of the GCM (A/RES/73/195, paragraph 15). */
export const gcmPrinciples = [
  { id: 1, title: "People-centred" },
  { id: 2, title: "International cooperation" },
  { id: 3, title: "National sovereignty" },
  { id: 4, title: "Rule of law and due process" },
  { id: 5, title: "Sustainable development" },
  { id: 6, title: "Human rights" },
  { id: 7, title: "Gender-responsive" },
  { id: 8, title: "Child-sensitive" },
  { id: 9, title: "Whole-of-government approach" },
  { id: 10, title: "Whole-of-society approach" },
] as const;

export const gcmObjectiveIds: ReadonlySet<number> = new Set(gcmObjectives.map((o) => o.id));
export const gcmPrincipleIds: ReadonlySet<number> = new Set(gcmPrinciples.map((p) => p.id));
export const sdgGoalIds: ReadonlySet<number> = new Set(sdgGoals.map((g) => g.id));
export const sdgTargetIds: ReadonlySet<string> = new Set(sdgTargets.map((t) => t.id));

/** The goal a target belongs to: "10.7" → 10. */
export const goalOfTarget = (target: string) => Number(target.split(".")[0]);

const titles = <K>(list: readonly { id: K; title: string }[]) =>
  new Map<K, string>(list.map((x) => [x.id, x.title]));
export const gcmObjectiveTitle = titles<number>(gcmObjectives);
export const gcmPrincipleTitle = titles<number>(gcmPrinciples);
export const sdgGoalTitle = titles<number>(sdgGoals);
export const sdgTargetTitle = titles<string>(sdgTargets);
