import { z } from "zod";
import type { Principal } from "../../../common/permissions.ts";
import {
  imageFields,
  imageUpdate,
  markdownPreviewInput,
  storyImageOutput,
  storyInput,
  storyList,
  storyOutput,
  storyQuery,
  storyUpdate,
  transitionInput,
} from "../../../common/schemas/news.ts";
import type { App, AppContext } from "../../context.ts";
import { AppError, conflict, invalid } from "../../errors.ts";
import { receiveMultipart, type StoredFile } from "../../files/receive.ts";
import { sendStoredFile } from "../../files/serve.ts";
import { fileStoreFor } from "../../files/store.ts";
import { actorOf } from "../audit/audit.service.ts";
import { requirePrincipal } from "../auth/principal.ts";
import { requireOnContent, requireSomeGrantFor } from "../documents/documents.scope.ts";
import { slugParams } from "../responses/responses.routes.ts";
import { getResponseBySlug } from "../responses/responses.service.ts";
import { getSectorByCode } from "../sectors/sectors.service.ts";
import { buildFeed } from "./feeds.ts";
import { renderMarkdown } from "./markdown.ts";
import { mayEdit, type StoryFacts, transitionsFor, transitionTarget } from "./news.policy.ts";
import {
  addImage,
  createStory,
  defaultOrganisation,
  deleteImage,
  deleteStory,
  getImage,
  getStory,
  getVisibleStory,
  listStories,
  presentStory,
  storyFacts,
  storyScope,
  transitionStory,
  updateImage,
  updateStory,
} from "./news.service.ts";

const idParams = slugParams.extend({ id: z.uuid() });
const imageParams = idParams.extend({ imageId: z.uuid() });
const feedQuery = z.object({
  sector: z.string().max(40).optional().describe("A sector code: that sector's stories only."),
});

const forbidden = (principal: Principal, what: string) =>
  new AppError(
    "FORBIDDEN",
    principal.scope === "read" ? "This API token is read-only." : `You do not have permission (${what}).`,
  );

/** 403 unless the principal may change the story in its state (drafts: writers; others: reviewers). */
function requireEdit(principal: Principal, responseId: string, ...facts: StoryFacts[]) {
  for (const f of facts)
    if (principal.scope === "read" || !mayEdit(principal, responseId, f))
      throw forbidden(principal, f.state === "draft" ? "news:write" : "news:publish");
}

/** News and stories: the workflow, images, the sanitised body, and RSS/Atom feeds. */
export async function newsRoutes(app: App, { database: { db }, env }: AppContext) {
  const base = "/api/v1/responses/:slug/news";
  const store = () => fileStoreFor(env);

  app.get(
    base,
    {
      schema: {
        tags: ["news"],
        summary: "Stories, latest first (published ones; writers and reviewers also see the others they may)",
        params: slugParams,
        querystring: storyQuery,
        response: { 200: storyList },
      },
    },
    async (request) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const { items, total } = await listStories(
        db,
        response.id,
        response.slug,
        request.query,
        request.auth.principal,
      );
      return { items, total };
    },
  );

  for (const format of ["rss", "atom"] as const)
    app.get(
      `${base}/feed.${format}`,
      {
        schema: {
          tags: ["news"],
          summary: `${format === "rss" ? "RSS 2.0" : "Atom 1.0"} feed of published stories (whole response or one sector)`,
          params: slugParams,
          querystring: feedQuery,
        },
      },
      async (request, reply) => {
        const response = await getResponseBySlug(db, request.params.slug);
        const sector = request.query.sector
          ? await getSectorByCode(db, response.id, request.query.sector)
          : undefined;
        const xml = await buildFeed(db, env, response, { sector, format });
        return reply
          .header("content-type", `application/${format === "rss" ? "rss" : "atom"}+xml; charset=utf-8`)
          .header("cache-control", "public, max-age=300")
          .send(xml);
      },
    );

  app.post(
    `${base}/preview`,
    {
      schema: {
        tags: ["news"],
        summary: "Render Markdown as a story body would be shown (sanitised HTML)",
        params: slugParams,
        body: markdownPreviewInput,
        response: { 200: z.object({ html: z.string() }) },
      },
    },
    async (request) => {
      requirePrincipal(request);
      return { html: renderMarkdown(request.body.body) };
    },
  );

  app.get(
    `${base}/:id`,
    { schema: { tags: ["news"], params: idParams, response: { 200: storyOutput } } },
    async (request) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const { row } = await getVisibleStory(db, response.id, request.params.id, request.auth.principal);
      return presentStory(db, response.id, response.slug, row, request.auth.principal);
    },
  );

  app.post(
    base,
    {
      schema: {
        tags: ["news"],
        summary: "Write a story (a draft); an organisation editor writes for their organisation",
        params: slugParams,
        body: storyInput,
        response: { 201: storyOutput },
      },
    },
    async (request, reply) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const principal = requirePrincipal(request);
      requireSomeGrantFor(principal, "news:write", response.id);
      const organisationId =
        request.body.organisationId === undefined
          ? defaultOrganisation(principal, response.id)
          : request.body.organisationId;
      const input = { ...request.body, organisationId };
      requireOnContent(principal, "news:write", response.id, await storyScope(db, response.id, input));
      const row = await createStory(db, response.id, actorOf(principal), input);
      return reply.status(201).send(await presentStory(db, response.id, response.slug, row, principal));
    },
  );

  app.patch(
    `${base}/:id`,
    {
      schema: {
        tags: ["news"],
        summary: "Change a story (drafts: writers; in review or published: reviewers, the state kept)",
        params: idParams,
        body: storyUpdate,
        response: { 200: storyOutput },
      },
    },
    async (request) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const principal = requirePrincipal(request);
      const before = await getStory(db, response.id, request.params.id);
      const facts = await storyFacts(db, response.id, before);
      const { organisationId = before.organisationId, sectorIds = facts.sectorIds } = request.body;
      // Judged as it is and as it would be: nobody moves a story out of their reach.
      const after = { ...facts, scope: await storyScope(db, response.id, { organisationId, sectorIds }) };
      requireEdit(principal, response.id, facts, after);
      await updateStory(db, response.id, actorOf(principal), before, request.body);
      return presentStory(
        db,
        response.id,
        response.slug,
        await getStory(db, response.id, before.id),
        principal,
      );
    },
  );

  app.delete(`${base}/:id`, { schema: { tags: ["news"], params: idParams } }, async (request, reply) => {
    const response = await getResponseBySlug(db, request.params.slug);
    const principal = requirePrincipal(request);
    const row = await getStory(db, response.id, request.params.id);
    requireEdit(principal, response.id, await storyFacts(db, response.id, row));
    const keys = await deleteStory(db, response.id, actorOf(principal), row);
    await Promise.all(
      keys.map((key) =>
        store()
          .remove(key)
          .catch(() => {}),
      ),
    );
    return reply.status(204).send();
  });

  app.post(
    `${base}/:id/transitions`,
    {
      schema: {
        tags: ["news"],
        summary: "Submit for review, publish, return to the writer or take down (with a note)",
        params: idParams,
        body: transitionInput,
        response: { 200: storyOutput },
      },
    },
    async (request) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const principal = requirePrincipal(request);
      const row = await getStory(db, response.id, request.params.id);
      const facts = await storyFacts(db, response.id, row);
      const { action, note, publishedAt } = request.body;
      if (!transitionTarget[action].from.includes(row.state))
        throw conflict(`A story ${row.state.replace("_", " ")} cannot be sent to ${action}.`, [
          { path: "body.action", message: `not from ${row.state}` },
        ]);
      if (principal.scope === "read" || !transitionsFor(principal, response.id, facts).includes(action))
        throw forbidden(principal, action === "submit" ? "news:write" : "news:publish");
      await transitionStory(db, response.id, actorOf(principal), row, action, { note, publishedAt });
      return presentStory(db, response.id, response.slug, await getStory(db, response.id, row.id), principal);
    },
  );

  app.post(
    `${base}/:id/images`,
    {
      schema: {
        tags: ["news"],
        summary: "Add an image (multipart: `caption` and `credit`, then `file`; PNG, JPEG, GIF or WebP)",
        params: idParams,
        response: { 201: storyImageOutput },
      },
    },
    async (request, reply) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const principal = requirePrincipal(request);
      const story = await getStory(db, response.id, request.params.id);
      requireEdit(principal, response.id, await storyFacts(db, response.id, story));
      const { prepared, file } = await receiveMultipart(
        request,
        env,
        response.id,
        "image",
        async (fields) => {
          const parsed = imageFields.safeParse({
            caption: fields.caption ?? "",
            credit: fields.credit ?? "",
          });
          if (!parsed.success)
            throw invalid(
              "Some fields are not valid.",
              parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
            );
          return parsed.data;
        },
      );
      const discard = (f: StoredFile) =>
        store()
          .remove(f.key)
          .catch(() => {});
      try {
        const image = await addImage(db, response.id, actorOf(principal), story, file, prepared);
        const output = await presentStory(db, response.id, response.slug, story, principal);
        return reply.status(201).send(output.images.find((i) => i.id === image.id)!);
      } catch (error) {
        await discard(file);
        throw error;
      }
    },
  );

  app.patch(
    `${base}/:id/images/:imageId`,
    {
      schema: {
        tags: ["news"],
        summary: "Change an image's caption, credit or position",
        params: imageParams,
        body: imageUpdate,
        response: { 200: storyImageOutput },
      },
    },
    async (request) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const principal = requirePrincipal(request);
      const story = await getStory(db, response.id, request.params.id);
      requireEdit(principal, response.id, await storyFacts(db, response.id, story));
      const image = await getImage(db, response.id, story.id, request.params.imageId);
      await updateImage(db, response.id, actorOf(principal), image, request.body);
      const output = await presentStory(db, response.id, response.slug, story, principal);
      return output.images.find((i) => i.id === image.id)!;
    },
  );

  app.delete(
    `${base}/:id/images/:imageId`,
    { schema: { tags: ["news"], params: imageParams } },
    async (request, reply) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const principal = requirePrincipal(request);
      const story = await getStory(db, response.id, request.params.id);
      requireEdit(principal, response.id, await storyFacts(db, response.id, story));
      const image = await getImage(db, response.id, story.id, request.params.imageId);
      await deleteImage(db, response.id, actorOf(principal), image);
      await store()
        .remove(image.fileKey)
        .catch(() => {});
      return reply.status(204).send();
    },
  );

  app.get(
    `${base}/:id/images/:imageId`,
    { schema: { tags: ["news"], summary: "An image of a story the caller may see", params: imageParams } },
    async (request, reply) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const { row } = await getVisibleStory(db, response.id, request.params.id, request.auth.principal);
      const image = await getImage(db, response.id, row.id, request.params.imageId);
      return sendStoredFile(reply, store(), image, { inline: true, publicCache: row.state === "published" });
    },
  );
}
