import { z } from "zod";
import { gcmObjectives, gcmPrinciples, sdgGoals, sdgTargets } from "../../../common/reference/index.ts";
import {
  commentInput,
  formTokenOutput,
  practiceComment,
  practiceInput,
  practiceOutput,
  practiceSearchOutput,
  practiceSearchQuery,
  practiceUpdate,
  publicPracticeInput,
  referenceListsOutput,
  transitionInput,
} from "../../../common/schemas/practices.ts";
import type { App, AppContext } from "../../context.ts";
import { forbidden } from "../../errors.ts";
import { actorOf } from "../audit/audit.service.ts";
import { requirePrincipal } from "../auth/principal.ts";
import { slugParams } from "../responses/responses.routes.ts";
import { getResponseBySlug } from "../responses/responses.service.ts";
import { checkFormToken, FORM_MIN_SECONDS, issueFormToken } from "./form-token.ts";
import { searchPractices } from "./practices.search.ts";
import {
  addComment,
  assertMayEdit,
  getPractice,
  presentPractice,
  submitPractice,
  transitionPractice,
  updatePractice,
} from "./practices.service.ts";

const idParams = slugParams.extend({ id: z.uuid() });
const tags = ["practices"];

/** The repository of practices: reference lists, faceted search, submission and review. */
export async function practicesRoutes(app: App, { database: { db } }: AppContext) {
  app.get(
    "/api/v1/practice-reference-lists",
    {
      schema: {
        tags,
        summary: "GCM objectives and guiding principles, SDG goals and targets",
        response: { 200: referenceListsOutput },
      },
    },
    async (_request, reply) => {
      reply.header("cache-control", "public, max-age=3600");
      return {
        gcmObjectives: [...gcmObjectives],
        gcmPrinciples: [...gcmPrinciples],
        sdgGoals: [...sdgGoals],
        sdgTargets: [...sdgTargets],
      };
    },
  );

  app.get(
    "/api/v1/responses/:slug/practices",
    {
      schema: {
        tags,
        summary: "Faceted search: matching practices and, per facet, counts with the other filters applied",
        params: slugParams,
        querystring: practiceSearchQuery,
        response: { 200: practiceSearchOutput },
      },
    },
    async (request) => {
      const response = await getResponseBySlug(db, request.params.slug);
      return searchPractices(db, response.id, request.auth.principal, request.query);
    },
  );

  app.get(
    "/api/v1/responses/:slug/practices/:id",
    { schema: { tags, params: idParams, response: { 200: practiceOutput } } },
    async (request) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const row = await getPractice(db, response.id, request.params.id, request.auth.principal);
      return presentPractice(db, request.auth.principal, row);
    },
  );

  app.post(
    "/api/v1/responses/:slug/practices",
    {
      schema: {
        tags,
        summary: "Submit a practice (any signed-in user); it waits for review",
        params: slugParams,
        body: practiceInput,
        response: { 201: practiceOutput },
      },
    },
    async (request, reply) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const principal = requirePrincipal(request);
      if (principal.scope === "read") throw forbidden("This API token is read-only.");
      const row = await submitPractice(
        db,
        response.id,
        actorOf(principal),
        { userId: principal.userId },
        request.body,
        principal,
      );
      return reply.status(201).send(await presentPractice(db, principal, row));
    },
  );

  app.get(
    "/api/v1/responses/:slug/practices/form-token",
    {
      schema: {
        tags,
        summary: "A signed time token for the public form (sent back with it, no sooner than minSeconds)",
        params: slugParams,
        response: { 200: formTokenOutput },
      },
    },
    async (request, reply) => {
      const response = await getResponseBySlug(db, request.params.slug);
      reply.header("cache-control", "no-store");
      return { formToken: issueFormToken(response.id), minSeconds: FORM_MIN_SECONDS };
    },
  );

  app.post(
    "/api/v1/responses/:slug/practices/public",
    {
      config: { rateLimit: { max: 5, timeWindow: "1 hour" } },
      schema: {
        tags,
        summary: "Submit a practice without an account (honeypot, minimum fill time, rate limit)",
        params: slugParams,
        body: publicPracticeInput,
        response: { 202: z.object({ received: z.literal(true) }) },
      },
    },
    async (request, reply) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const { website, formToken, submitterName, submitterEmail, ...practice } = request.body;
      checkFormToken(formToken, response.id);
      // A filled honeypot is a bot: it is told what a person would be, and nothing is stored.
      if (website?.trim()) {
        request.log.info({ response: response.slug }, "public practice discarded: honeypot filled");
        return reply.status(202).send({ received: true });
      }
      await submitPractice(
        db,
        response.id,
        { id: null, label: `public form: ${submitterName}` },
        { name: submitterName, email: submitterEmail },
        practice,
        null,
      );
      return reply.status(202).send({ received: true });
    },
  );

  app.patch(
    "/api/v1/responses/:slug/practices/:id",
    {
      schema: {
        tags,
        summary: "Change a practice: its submitter while submitted or returned, reviewers until published",
        params: idParams,
        body: practiceUpdate,
        response: { 200: practiceOutput },
      },
    },
    async (request) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const principal = requirePrincipal(request);
      const before = await getPractice(db, response.id, request.params.id, principal);
      if (principal.scope === "read") throw forbidden("This API token is read-only.");
      assertMayEdit(principal, before);
      const after = await updatePractice(db, principal, actorOf(principal), before, request.body);
      return presentPractice(db, principal, after);
    },
  );

  app.post(
    "/api/v1/responses/:slug/practices/:id/transitions",
    {
      schema: {
        tags,
        summary: "Move a practice: start_review, publish, return (with a reason), resubmit",
        params: idParams,
        body: transitionInput,
        response: { 200: practiceOutput },
      },
    },
    async (request) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const principal = requirePrincipal(request);
      const before = await getPractice(db, response.id, request.params.id, principal);
      if (principal.scope === "read") throw forbidden("This API token is read-only.");
      const after = await transitionPractice(db, principal, actorOf(principal), before, request.body);
      return presentPractice(db, principal, after);
    },
  );

  app.post(
    "/api/v1/responses/:slug/practices/:id/comments",
    {
      schema: {
        tags,
        summary: "Comment on a practice under review (reviewers and its submitter)",
        params: idParams,
        body: commentInput,
        response: { 201: practiceComment },
      },
    },
    async (request, reply) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const principal = requirePrincipal(request);
      const row = await getPractice(db, response.id, request.params.id, principal);
      if (principal.scope === "read") throw forbidden("This API token is read-only.");
      const comment = await addComment(db, principal, actorOf(principal), row, request.body.body);
      return reply.status(201).send({
        id: comment.id,
        authorLabel: principal.name,
        body: comment.body,
        createdAt: comment.createdAt.toISOString(),
      });
    },
  );
}
