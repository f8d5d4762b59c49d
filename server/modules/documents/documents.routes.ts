import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import {
  documentInput,
  documentList,
  documentOutput,
  documentQuery,
  documentUpdate,
  documentVersionOutput,
} from "../../../common/schemas/documents.ts";
import type { App, AppContext } from "../../context.ts";
import { invalid } from "../../errors.ts";
import { receiveMultipart, type StoredFile } from "../../files/receive.ts";
import { sendStoredFile } from "../../files/serve.ts";
import { fileStoreFor } from "../../files/store.ts";
import { actorOf } from "../audit/audit.service.ts";
import { requirePrincipal } from "../auth/principal.ts";
import { slugParams } from "../responses/responses.routes.ts";
import { getResponseBySlug } from "../responses/responses.service.ts";
import { isMember, requireOnContent, requireSomeGrantFor } from "./documents.scope.ts";
import {
  addVersion,
  checkReferences,
  createDocument,
  currentLinks,
  deleteDocument,
  documentScope,
  getDocument,
  getVersion,
  listDocuments,
  listVersionRows,
  presentDocuments,
  presentVersions,
  updateDocument,
} from "./documents.service.ts";
import { extractText } from "./documents.text.ts";

const idParams = slugParams.extend({ id: z.uuid() });
const versionParams = idParams.extend({ version: z.coerce.number().int().min(1).max(100_000) });
const fileQuery = z.object({
  inline: z
    .enum(["true", "false"])
    .optional()
    .describe("Show a PDF or image in the browser instead of downloading it."),
});
const note = (value: string | undefined) => {
  const trimmed = value?.trim() ?? "";
  if (trimmed.length > 1000)
    throw invalid("The note is too long.", [{ path: "note", message: "at most 1000 characters" }]);
  return trimmed || null;
};

/** A multipart text field holding JSON, checked against a schema; errors name `field.path`. */
export function parseJsonField<S extends z.ZodType>(
  schema: S,
  raw: string | undefined,
  field: string,
): z.infer<S> {
  let value: unknown;
  try {
    value = JSON.parse(raw ?? "");
  } catch {
    throw invalid(`The field \`${field}\` must be JSON, sent before the file.`, [
      { path: field, message: "not JSON" },
    ]);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw invalid(
      "Some fields are not valid.",
      parsed.error.issues.map((i) => ({ path: [field, ...i.path].join("."), message: i.message })),
    );
  return parsed.data;
}

/** The documents library: metadata, versions, search and filters, downloads and previews. */
export async function documentsRoutes(app: App, { database: { db }, env }: AppContext) {
  const base = "/api/v1/responses/:slug/documents";
  const store = () => fileStoreFor(env);
  /** Stored files of a write that then failed are removed, so nothing is left behind. */
  const discard = (file: StoredFile) =>
    store()
      .remove(file.key)
      .catch(() => {});
  /** The stored file's words for search; never fails (a file it cannot read is logged, no text). */
  const textOf = (file: StoredFile, request: FastifyRequest) =>
    extractText(() => store().open(file.key), file, request.log);

  app.get(
    base,
    {
      schema: {
        tags: ["documents"],
        summary: "Search and filter the library, newest first (signed-in-only documents for members only)",
        params: slugParams,
        querystring: documentQuery,
        response: { 200: documentList },
      },
    },
    async (request) => {
      const response = await getResponseBySlug(db, request.params.slug);
      return listDocuments(db, response.id, request.query, isMember(request.auth.principal, response.id));
    },
  );

  app.get(
    `${base}/:id`,
    { schema: { tags: ["documents"], params: idParams, response: { 200: documentOutput } } },
    async (request) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const row = await getDocument(
        db,
        response.id,
        request.params.id,
        isMember(request.auth.principal, response.id),
      );
      return (await presentDocuments(db, response.id, [row]))[0]!;
    },
  );

  app.post(
    base,
    {
      schema: {
        tags: ["documents"],
        summary:
          "Upload a document (multipart: field `metadata` as JSON and an optional `note`, then `file`)",
        description:
          "The type is detected from the content; PDF, Office and OpenDocument files, CSV, text and images are accepted, up to UPLOAD_MAX_MB. Nothing is stored when the metadata, the rights or the file are refused.",
        params: slugParams,
        response: { 201: documentOutput },
      },
    },
    async (request, reply) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const principal = requirePrincipal(request);
      requireSomeGrantFor(principal, "document:create", response.id);
      const { prepared, file } = await receiveMultipart(
        request,
        env,
        response.id,
        "document",
        async (fields) => {
          const input = parseJsonField(documentInput, fields.metadata, "metadata");
          requireOnContent(
            principal,
            "document:create",
            response.id,
            await documentScope(db, response.id, input),
          );
          await checkReferences(db, response.id, input, "metadata");
          return { input, note: note(fields.note) };
        },
      );
      try {
        const row = await createDocument(
          db,
          response.id,
          actorOf(principal),
          prepared.input,
          file,
          prepared.note,
          await textOf(file, request),
        );
        return reply.status(201).send((await presentDocuments(db, response.id, [row]))[0]!);
      } catch (error) {
        await discard(file);
        throw error;
      }
    },
  );

  app.patch(
    `${base}/:id`,
    {
      schema: {
        tags: ["documents"],
        summary: "Change a document's metadata (only the fields sent)",
        params: idParams,
        body: documentUpdate,
        response: { 200: documentOutput },
      },
    },
    async (request) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const principal = requirePrincipal(request);
      const before = await getDocument(db, response.id, request.params.id, isMember(principal, response.id));
      const links = await currentLinks(db, response.id, before.id);
      // Judged as it is and as it would be: nobody moves a document out of their reach.
      requireOnContent(
        principal,
        "document:update",
        response.id,
        await documentScope(db, response.id, links),
        await documentScope(db, response.id, { ...links, ...request.body }),
      );
      await updateDocument(db, response.id, actorOf(principal), before, request.body);
      const after = await getDocument(db, response.id, before.id, true);
      return (await presentDocuments(db, response.id, [after]))[0]!;
    },
  );

  app.delete(`${base}/:id`, { schema: { tags: ["documents"], params: idParams } }, async (request, reply) => {
    const response = await getResponseBySlug(db, request.params.slug);
    const principal = requirePrincipal(request);
    const row = await getDocument(db, response.id, request.params.id, isMember(principal, response.id));
    requireOnContent(
      principal,
      "document:delete",
      response.id,
      await documentScope(db, response.id, await currentLinks(db, response.id, row.id)),
    );
    const keys = await deleteDocument(db, response.id, actorOf(principal), row);
    await Promise.all(
      keys.map((key) =>
        store()
          .remove(key)
          .catch(() => {}),
      ),
    );
    return reply.status(204).send();
  });

  app.get(
    `${base}/:id/versions`,
    {
      schema: {
        tags: ["documents"],
        summary: "Every version of the document, newest first",
        params: idParams,
        response: { 200: z.array(documentVersionOutput) },
      },
    },
    async (request) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const row = await getDocument(
        db,
        response.id,
        request.params.id,
        isMember(request.auth.principal, response.id),
      );
      return presentVersions(db, await listVersionRows(db, response.id, row.id));
    },
  );

  app.post(
    `${base}/:id/versions`,
    {
      schema: {
        tags: ["documents"],
        summary: "Upload a new version (multipart: optional `note`, then `file`); the old versions stay",
        params: idParams,
        response: { 201: documentVersionOutput },
      },
    },
    async (request, reply) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const principal = requirePrincipal(request);
      const row = await getDocument(db, response.id, request.params.id, isMember(principal, response.id));
      const scope = await documentScope(db, response.id, await currentLinks(db, response.id, row.id));
      requireOnContent(principal, "document:update", response.id, scope);
      const { prepared, file } = await receiveMultipart(
        request,
        env,
        response.id,
        "document",
        async (fields) => note(fields.note),
      );
      try {
        const text = await textOf(file, request);
        const version = await addVersion(db, response.id, actorOf(principal), row, file, prepared, text);
        return reply.status(201).send((await presentVersions(db, [version]))[0]!);
      } catch (error) {
        await discard(file);
        throw error;
      }
    },
  );

  const serve = async (
    request: Pick<FastifyRequest, "auth"> & {
      params: z.infer<typeof idParams>;
      query: z.infer<typeof fileQuery>;
    },
    reply: FastifyReply,
    version?: number,
  ) => {
    const response = await getResponseBySlug(db, request.params.slug);
    const row = await getDocument(
      db,
      response.id,
      request.params.id,
      isMember(request.auth.principal, response.id),
    );
    const file = await getVersion(db, response.id, row.id, version ?? row.currentVersion);
    return sendStoredFile(reply, store(), file, {
      inline: request.query.inline === "true",
      publicCache: row.visibility === "public",
    });
  };

  app.get(
    `${base}/:id/file`,
    {
      schema: {
        tags: ["documents"],
        summary: "Download the current version (`inline=true` previews a PDF or image)",
        params: idParams,
        querystring: fileQuery,
      },
    },
    (request, reply) => serve(request, reply),
  );

  app.get(
    `${base}/:id/versions/:version/file`,
    {
      schema: {
        tags: ["documents"],
        summary: "Download a version",
        params: versionParams,
        querystring: fileQuery,
      },
    },
    (request, reply) => serve(request, reply, request.params.version),
  );
}
