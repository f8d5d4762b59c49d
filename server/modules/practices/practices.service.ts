import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { z } from "zod";
import { can, type Principal } from "../../../common/permissions.ts";
import { goalOfTarget } from "../../../common/reference/index.ts";
import type {
  PracticeOutput,
  PracticeStatus,
  practiceInput,
  practiceUpdate,
  TransitionInput,
} from "../../../common/schemas/practices.ts";
import type { Db } from "../../db/client.ts";
import { users } from "../../db/schema/accounts.ts";
import { type PracticeOrganisationRef, practiceComments, practices } from "../../db/schema/practices.ts";
import { organisations } from "../../db/schema/reference.ts";
import { AppError, conflict, forbidden, invalid, notFound } from "../../errors.ts";
import { type Actor, recordAudit } from "../audit/audit.service.ts";
import { requireActiveOrganisations } from "../organisations/organisations.service.ts";
import {
  activityRefs,
  checkActivityIds,
  checkDocumentIds,
  documentRefs,
  type LinkReader,
} from "./practice-links.ts";

export type PracticeRow = typeof practices.$inferSelect;
type PracticeWrite = z.output<typeof practiceInput>;
type PracticeChanges = z.output<typeof practiceUpdate>;
/** Who submits: a signed-in user, or a member of the public through the form. */
export type Submitter = { userId: string } | { name: string; email: string };

export const isReviewer = (p: Principal | null, responseId: string) =>
  can(p, "practice:review", { responseId });
const isPublisher = (p: Principal | null, responseId: string) => can(p, "practice:publish", { responseId });
const isSubmitter = (p: Principal | null, row: PracticeRow) => !!p && row.submittedBy === p.userId;

/** Reviewers read every practice, through a read-only API token too (the write checks refuse those). */
export const readsAll = (p: Principal | null, responseId: string) =>
  !!p && can({ ...p, scope: "write" }, "practice:review", { responseId });

/** Published practices are public; the others only for reviewers and their submitter. */
export const canSee = (p: Principal | null, row: PracticeRow) =>
  row.status === "published" || isSubmitter(p, row) || readsAll(p, row.responseId);

export async function getPractice(db: Db, responseId: string, id: string, principal: Principal | null) {
  const [row] = await db
    .select()
    .from(practices)
    .where(and(eq(practices.responseId, responseId), eq(practices.id, id)));
  // A practice one may not see is not found, so its existence does not leak.
  if (!row || !canSee(principal, row)) throw notFound("Practice");
  return row;
}

/** Years the practice ran: start to end (or to the year it was submitted), at most 50. */
export function practiceYears(start: string | null, end: string | null, submittedAt: Date): number[] {
  if (!start) return [submittedAt.getUTCFullYear()];
  const from = Number(start.slice(0, 4));
  const to = Math.max(from, end ? Number(end.slice(0, 4)) : submittedAt.getUTCFullYear());
  return Array.from({ length: Math.min(to - from + 1, 50) }, (_, i) => from + i);
}

const orgRefs = (w: Pick<PracticeWrite, "implementingOrganisations" | "partnerOrganisations">) => [
  ...w.implementingOrganisations.map((o) => ({ role: "implementing" as const, ...o })),
  ...w.partnerOrganisations.map((o) => ({ role: "partner" as const, ...o })),
];

/**
 * Checks what points elsewhere (organisations, 4W records, documents) and maps input to columns;
 * `writer` is whose eyes the 4W records and documents linked are checked with.
 */
async function columnsOf(
  db: Db,
  responseId: string,
  input: PracticeChanges,
  submittedAt: Date,
  writer: LinkReader,
  current?: PracticeRow,
) {
  const out: Partial<typeof practices.$inferInsert> = {};
  const { implementingOrganisations, partnerOrganisations, activityIds, documentIds, links, ...plain } =
    input;
  Object.assign(out, plain);
  if (implementingOrganisations || partnerOrganisations) {
    const keep = (role: PracticeOrganisationRef["role"]) =>
      (current?.organisations ?? []).filter((o) => o.role === role);
    const refs: PracticeOrganisationRef[] = orgRefs({
      implementingOrganisations: implementingOrganisations ?? keep("implementing"),
      partnerOrganisations: partnerOrganisations ?? keep("partner"),
    }).map((o) => ({ role: o.role, organisationId: o.organisationId ?? null, name: o.name ?? null }));
    for (const role of ["implementing", "partner"] as const) {
      const ids = refs.flatMap((o) => (o.role === role && o.organisationId ? [o.organisationId] : []));
      await requireActiveOrganisations(db, responseId, ids, `body.${role}Organisations`);
    }
    out.organisations = refs;
  }
  if (activityIds)
    out.activityIds = await checkActivityIds(db, responseId, activityIds, current?.activityIds ?? [], writer);
  if (documentIds)
    out.documentIds = await checkDocumentIds(db, responseId, documentIds, current?.documentIds ?? [], writer);
  if (links) out.links = links.map((l) => ({ url: l.url, title: l.title ?? null, kind: l.kind }));
  // A target implies its goal, so the goal facet finds a practice tagged with 10.7 only.
  if (input.sdgGoals || input.sdgTargets) {
    const goals = input.sdgGoals ?? current?.sdgGoals ?? [];
    const targets = input.sdgTargets ?? current?.sdgTargets ?? [];
    out.sdgGoals = [...new Set([...goals, ...targets.map(goalOfTarget)])].sort((a, b) => a - b);
  }
  const start = input.startDate !== undefined ? input.startDate : (current?.startDate ?? null);
  const end = input.endDate !== undefined ? input.endDate : (current?.endDate ?? null);
  if (start && end && start > end)
    throw invalid("The end date is before the start date.", [
      { path: "body.endDate", message: `${end} < ${start}` },
    ]);
  out.years = practiceYears(start ?? null, end ?? null, submittedAt);
  return out;
}

export async function submitPractice(
  db: Db,
  responseId: string,
  actor: Actor,
  submitter: Submitter,
  input: PracticeWrite,
  // The demo seed links what it likes; the routes pass the signed-in principal or null (the public form).
  writer: LinkReader = "system",
): Promise<PracticeRow> {
  return db.transaction(async (tx) => {
    const now = new Date();
    const columns = await columnsOf(tx, responseId, input, now, writer);
    const who =
      "userId" in submitter
        ? { submittedBy: submitter.userId }
        : { submitterName: submitter.name, submitterEmail: submitter.email };
    const [row] = await tx
      .insert(practices)
      .values({
        ...columns,
        ...who,
        title: input.title,
        summary: input.summary,
        type: input.type,
        responseId,
        status: "submitted",
        submittedAt: now,
      })
      .returning();
    await recordAudit(tx, {
      responseId,
      actor,
      action: "practice.submit",
      entityType: "practice",
      entityId: row!.id,
      after: row,
    });
    return row!;
  });
}

/**
 * Editing: the submitter while the practice waits (submitted) or came back (returned); reviewers
 * until it is published; once published, those who may publish.
 */
export function assertMayEdit(principal: Principal, row: PracticeRow): void {
  if (row.status === "published") {
    if (!isPublisher(principal, row.responseId))
      throw forbidden("Only a publisher may change a published practice.");
    return;
  }
  if (isReviewer(principal, row.responseId)) return;
  if (!isSubmitter(principal, row))
    throw forbidden("Only the submitter and the reviewers may change this practice.");
  if (row.status === "under_review")
    throw conflict("The practice is under review: wait for the reviewers to publish or return it.");
}

export async function updatePractice(
  db: Db,
  principal: Principal,
  actor: Actor,
  before: PracticeRow,
  changes: PracticeChanges,
): Promise<PracticeRow> {
  return db.transaction(async (tx) => {
    const columns = await columnsOf(tx, before.responseId, changes, before.submittedAt, principal, before);
    const [after] = await tx
      .update(practices)
      .set({ ...columns, updatedAt: new Date() })
      .where(and(eq(practices.responseId, before.responseId), eq(practices.id, before.id)))
      .returning();
    await recordAudit(tx, {
      responseId: before.responseId,
      actor,
      action: "practice.update",
      entityType: "practice",
      entityId: before.id,
      before,
      after,
    });
    return after!;
  });
}

const transitions: Record<TransitionInput["action"], { from: PracticeStatus[]; to: PracticeStatus }> = {
  start_review: { from: ["submitted"], to: "under_review" },
  publish: { from: ["submitted", "under_review"], to: "published" },
  return: { from: ["submitted", "under_review", "published"], to: "returned" },
  resubmit: { from: ["returned"], to: "submitted" },
};

/** Who may move a practice: reviewers review and return; publishers publish and withdraw; the submitter resubmits. */
function assertMayTransition(principal: Principal, row: PracticeRow, action: TransitionInput["action"]) {
  const { responseId } = row;
  const allowed =
    action === "publish" || (action === "return" && row.status === "published")
      ? isPublisher(principal, responseId)
      : action === "resubmit"
        ? isSubmitter(principal, row) || isReviewer(principal, responseId)
        : isReviewer(principal, responseId);
  if (!allowed)
    throw forbidden(
      `You do not have permission (${action === "resubmit" ? "the submitter resubmits" : action === "publish" ? "practice:publish" : "practice:review"}).`,
    );
}

export async function transitionPractice(
  db: Db,
  principal: Principal,
  actor: Actor,
  before: PracticeRow,
  input: TransitionInput,
): Promise<PracticeRow> {
  assertMayTransition(principal, before, input.action);
  const { from, to } = transitions[input.action];
  if (!from.includes(before.status))
    throw new AppError(
      "CONFLICT",
      `A ${before.status.replace("_", " ")} practice cannot be ${input.action === "start_review" ? "taken into review" : `${input.action}ed`}.`,
      [{ path: "body.action", message: `allowed from ${from.join(", ")}` }],
    );
  const reason = input.action === "return" ? input.reason : null;
  return db.transaction(async (tx) => {
    const now = new Date();
    const [after] = await tx
      .update(practices)
      .set({
        status: to,
        returnReason: to === "returned" ? reason : to === "published" ? null : before.returnReason,
        publishedAt: to === "published" ? now : to === "returned" ? null : before.publishedAt,
        submittedAt: input.action === "resubmit" ? now : before.submittedAt,
        updatedAt: now,
      })
      // The status in the WHERE clause: of two reviewers acting at once, the second finds nothing.
      .where(
        and(
          eq(practices.responseId, before.responseId),
          eq(practices.id, before.id),
          eq(practices.status, before.status),
        ),
      )
      .returning();
    if (!after) throw conflict("The practice changed meanwhile: reload it.");
    await recordAudit(tx, {
      responseId: before.responseId,
      actor,
      action: `practice.${input.action}`,
      entityType: "practice",
      entityId: before.id,
      before: { status: before.status },
      after: { status: to },
      reason,
    });
    return after;
  });
}

/** Reviewers comment on a practice that is not yet published; so may its submitter, to answer them. */
export async function addComment(db: Db, principal: Principal, actor: Actor, row: PracticeRow, body: string) {
  if (!isReviewer(principal, row.responseId) && !isSubmitter(principal, row))
    throw forbidden("Only the reviewers and the submitter comment on a practice.");
  return db.transaction(async (tx) => {
    const [comment] = await tx
      .insert(practiceComments)
      .values({ responseId: row.responseId, practiceId: row.id, authorId: principal.userId, body })
      .returning();
    await recordAudit(tx, {
      responseId: row.responseId,
      actor,
      action: "practice.comment",
      entityType: "practice",
      entityId: row.id,
      after: { commentId: comment!.id, body },
    });
    return comment!;
  });
}

/** The practice as the API shows it to `principal`: submitter details and comments for reviewers and the submitter. */
export async function presentPractice(
  db: Db,
  principal: Principal | null,
  row: PracticeRow,
): Promise<PracticeOutput> {
  const insider = readsAll(principal, row.responseId) || isSubmitter(principal, row);
  const orgIds = row.organisations.flatMap((o) => (o.organisationId ? [o.organisationId] : []));
  const orgs = orgIds.length
    ? await db
        .select({ id: organisations.id, name: organisations.name, acronym: organisations.acronym })
        .from(organisations)
        .where(and(eq(organisations.responseId, row.responseId), inArray(organisations.id, orgIds)))
    : [];
  const org = (o: PracticeOrganisationRef) => {
    const known = orgs.find((x) => x.id === o.organisationId);
    return {
      organisationId: known?.id ?? null,
      name: known?.name ?? o.name ?? "",
      acronym: known?.acronym ?? null,
    };
  };
  const [submitterUser] = row.submittedBy
    ? await db.select({ name: users.name }).from(users).where(eq(users.id, row.submittedBy))
    : [];
  const comments = insider
    ? await db
        .select({
          id: practiceComments.id,
          authorLabel: sql<string>`coalesce(${users.name}, 'former user')`,
          body: practiceComments.body,
          createdAt: practiceComments.createdAt,
        })
        .from(practiceComments)
        .leftJoin(users, eq(users.id, practiceComments.authorId))
        .where(and(eq(practiceComments.responseId, row.responseId), eq(practiceComments.practiceId, row.id)))
        .orderBy(asc(practiceComments.createdAt))
    : [];
  const reviewer = isReviewer(principal, row.responseId);
  const mine = isSubmitter(principal, row);
  return {
    ...summaryOf(row),
    regions: row.regions,
    subRegions: row.subRegions,
    implementingOrganisations: row.organisations.filter((o) => o.role === "implementing").map(org),
    partnerOrganisations: row.organisations.filter((o) => o.role === "partner").map(org),
    description: row.description,
    benefitImpact: row.benefitImpact,
    keyLessons: row.keyLessons,
    sdgTargets: row.sdgTargets,
    links: row.links,
    activities: await activityRefs(db, row.responseId, row.activityIds, principal),
    documents: await documentRefs(db, row.responseId, row.documentIds, principal),
    submitter: { userId: row.submittedBy, name: submitterUser?.name ?? row.submitterName ?? "former user" },
    submitterEmail: insider ? (row.submitterEmail ?? null) : null,
    returnReason: insider ? row.returnReason : null,
    comments: comments.map((c) => ({ ...c, createdAt: c.createdAt.toISOString() })),
    can: {
      edit:
        row.status === "published"
          ? isPublisher(principal, row.responseId)
          : reviewer || (mine && row.status !== "under_review"),
      review: reviewer && row.status !== "published" && row.status !== "returned",
      publish:
        isPublisher(principal, row.responseId) &&
        (row.status === "submitted" || row.status === "under_review"),
      resubmit: row.status === "returned" && (mine || reviewer),
    },
    updatedAt: row.updatedAt.toISOString(),
  };
}

export const summaryOf = (row: PracticeRow) => ({
  id: row.id,
  title: row.title,
  summary: row.summary,
  type: row.type,
  status: row.status,
  startDate: row.startDate,
  endDate: row.endDate,
  countries: row.countries,
  gcmObjectives: row.gcmObjectives,
  gcmPrinciples: row.gcmPrinciples,
  sdgGoals: row.sdgGoals,
  submittedAt: row.submittedAt.toISOString(),
  publishedAt: row.publishedAt?.toISOString() ?? null,
});
