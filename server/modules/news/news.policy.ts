import type { Principal } from "../../../common/permissions.ts";
import type { StoryState, StoryTransition } from "../../../common/schemas/news.ts";
import { type ContentScope, mayOnContent } from "../documents/documents.scope.ts";

/**
 * Who may do what with a story. Writers (news:write: editors for their organisation,
 * coordinators for their sectors, managers) change drafts and submit them; reviewers
 * (news:publish: coordinators for their sectors, managers) publish, return with a note, take
 * down, and change stories in review or published.
 */

export interface StoryFacts {
  state: StoryState;
  authorId: string | null;
  scope: ContentScope;
}

const write = (p: Principal | null, responseId: string, s: StoryFacts) =>
  mayOnContent(p, "news:write", responseId, s.scope);
const review = (p: Principal | null, responseId: string, s: StoryFacts) =>
  mayOnContent(p, "news:publish", responseId, s.scope);

/** Published stories are public; the others are seen by their author, writers and reviewers of their scope. */
export const maySee = (p: Principal | null, responseId: string, s: StoryFacts) =>
  s.state === "published" ||
  (!!p && (p.userId === s.authorId || write(p, responseId, s) || review(p, responseId, s)));

export const mayEdit = (p: Principal | null, responseId: string, s: StoryFacts) =>
  s.state === "draft" ? write(p, responseId, s) || review(p, responseId, s) : review(p, responseId, s);

/** The transitions open to the principal from the story's state. */
export function transitionsFor(p: Principal | null, responseId: string, s: StoryFacts): StoryTransition[] {
  const out: StoryTransition[] = [];
  if (s.state === "draft" && write(p, responseId, s)) out.push("submit");
  if ((s.state === "draft" || s.state === "in_review") && review(p, responseId, s)) out.push("publish");
  if (s.state === "in_review" && review(p, responseId, s)) out.push("return");
  if (s.state === "published" && review(p, responseId, s)) out.push("unpublish");
  return out;
}

/** The state a transition leads to, from the states it applies to. */
export const transitionTarget: Record<StoryTransition, { from: StoryState[]; to: StoryState }> = {
  submit: { from: ["draft"], to: "in_review" },
  publish: { from: ["draft", "in_review"], to: "published" },
  return: { from: ["in_review"], to: "draft" },
  unpublish: { from: ["published"], to: "draft" },
};
