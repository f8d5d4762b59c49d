import { PassThrough } from "node:stream";
import { z } from "zod";
import { can, type Principal } from "../../../common/permissions.ts";
import {
  type ImportView,
  importMapping,
  importPreview,
  type importProgress,
  importRunBody,
  importView,
} from "../../../common/schemas/activity-imports.ts";
import type { App, AppContext } from "../../context.ts";
import { forbidden, invalid } from "../../errors.ts";
import { requireSomeGrant } from "../activities/activities.policy.ts";
import { actorOf } from "../audit/audit.service.ts";
import { requirePrincipal } from "../auth/principal.ts";
import { getOrganisation } from "../organisations/organisations.service.ts";
import { slugParams } from "../responses/responses.routes.ts";
import { getResponseBySlug } from "../responses/responses.service.ts";
import { annotatedFormat, writeAnnotatedCsv, writeAnnotatedXlsx } from "./import-annotate.ts";
import {
  getImport,
  type ImportRow,
  importFilePath,
  listImports,
  previewImport,
  pruneStoredFiles,
  requireImportOwner,
  startImportRun,
  storeUpload,
} from "./import-jobs.service.ts";
import { loadMapping } from "./import-mappings.ts";
import type { ActivityImportReport } from "./import-types.ts";

/** The import wizard's API: upload once, preview the mapping, check, import, poll, download issues. */

const idParams = slugParams.extend({ id: z.uuid() });

type ImportProgressView = z.infer<typeof importProgress>;
function fraction(state: string, p: ImportProgressView | null, fileSize: number): number {
  if (state === "validated" || state === "imported" || state === "failed") return 1;
  if (!p) return 0;
  if (p.phase === "reading") return 0.7 * Math.min(1, (p.bytesRead ?? 0) / Math.max(fileSize, 1));
  return 0.7 + 0.3 * (p.toWrite ? p.written / p.toWrite : 1);
}

const present = (row: ImportRow) => {
  const progress = (row.progress as ImportProgressView | null) ?? null;
  return {
    id: row.id,
    fileName: row.fileName,
    fileSize: row.fileSize,
    format: row.format,
    organisationId: row.organisationId,
    state: row.state,
    dryRun: row.dryRun,
    fraction: fraction(row.state, progress, row.fileSize),
    progress,
    report: (row.report as ActivityImportReport | null) ?? null,
    error: (row.error as ImportView["error"]) ?? null,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
};

/** The organisation an upload reports for: the one asked (if the caller may write for it), else the caller's only one. */
function organisationFor(principal: Principal, responseId: string, asked: string | undefined): string | null {
  if (asked) {
    if (!z.uuid().safeParse(asked).success)
      throw invalid("organisationId must be a UUID.", [{ path: "organisationId", message: "not a UUID" }]);
    if (!can(principal, "activity:write", { responseId, organisationId: asked }))
      throw forbidden("You may not report for this organisation.");
    return asked;
  }
  const own = [
    ...new Set(
      principal.roles
        .filter((r) => r.responseId === responseId && r.role === "organisation_editor" && r.organisationId)
        .map((r) => r.organisationId!),
    ),
  ];
  return own.length === 1 ? own[0]! : null;
}

export async function importJobsRoutes(app: App, { database, env }: AppContext) {
  const { db } = database;
  const base = "/api/v1/responses/:slug/activity-imports";
  const loadOwned = async (slug: string, id: string, principal: Principal) => {
    const response = await getResponseBySlug(db, slug);
    const row = await getImport(db, database.kind, response.id, id);
    requireImportOwner(principal, row);
    return { response, row };
  };

  app.post(
    base,
    {
      schema: {
        tags: ["activities"],
        summary: "Upload a 4W file to check and import (multipart `file`, optional `organisationId`)",
        description:
          "Stores the file (at most 50 MB; larger files go through the command line) and answers with the import and a preview of its columns, mapped by hashtags, header names or the organisation's saved mapping. Nothing is imported until a run is started.",
        params: slugParams,
        response: { 201: z.object({ import: importView, preview: importPreview }) },
      },
    },
    async (request, reply) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const principal = requirePrincipal(request);
      requireSomeGrant(principal, "activity:write", response.id);
      if (!request.isMultipart())
        throw invalid("Send the file as multipart/form-data, field `file`.", [
          { path: "file", message: "missing" },
        ]);
      let askedOrganisation: string | undefined;
      let row: ImportRow | undefined;
      try {
        for await (const part of request.parts()) {
          if (part.type === "field") {
            if (part.fieldname === "organisationId" && String(part.value))
              askedOrganisation = String(part.value);
            continue;
          }
          if (part.fieldname !== "file" || row) {
            part.file.resume();
            continue;
          }
          // Fields must come before the file, as browsers send them in form order.
          const organisationId = organisationFor(principal, response.id, askedOrganisation);
          // One not of this response is refused here, not by the foreign key after the file is stored (409).
          if (askedOrganisation) await getOrganisation(db, response.id, askedOrganisation);
          pruneStoredFiles(env.DATA_DIR, response.id, env.IMPORT_FILE_DAYS);
          row = await storeUpload(
            db,
            env.DATA_DIR,
            response.id,
            { stream: part.file, fileName: part.filename, truncated: () => part.file.truncated },
            organisationId,
            principal,
            actorOf(principal),
          );
        }
      } catch (error) {
        // A second file part passes the one-file limit: the first is the upload (as parts after it are).
        if (!row || (error as { code?: string }).code !== "FST_FILES_LIMIT") throw error;
      }
      if (!row) throw invalid("No file was uploaded.", [{ path: "file", message: "missing" }]);
      const preview = await previewImport(db, env.DATA_DIR, row, {});
      return reply.code(201).send({ import: present(row), preview: presentPreview(preview) });
    },
  );

  app.get(
    base,
    {
      schema: {
        tags: ["activities"],
        summary: "The caller's recent uploads (all uploads for administrators)",
        params: slugParams,
        response: { 200: z.object({ items: z.array(importView) }) },
      },
    },
    async (request) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const principal = requirePrincipal(request);
      const rows = await listImports(db, response.id, principal);
      return { items: rows.map(present) };
    },
  );

  app.get(
    `${base}/:id`,
    {
      schema: {
        tags: ["activities"],
        summary: "An import: state, live progress, and the report of its last run",
        params: idParams,
        response: { 200: importView },
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { row } = await loadOwned(request.params.slug, request.params.id, principal);
      reply.header("cache-control", "no-store");
      return present(row);
    },
  );

  app.post(
    `${base}/:id/preview`,
    {
      schema: {
        tags: ["activities"],
        summary: "The columns of the file under another sheet or mapping",
        params: idParams,
        body: z.strictObject({
          sheet: z.string().trim().min(1).max(100).optional(),
          mapping: importMapping.optional(),
        }),
        response: { 200: importPreview },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const { row } = await loadOwned(request.params.slug, request.params.id, principal);
      return presentPreview(await previewImport(db, env.DATA_DIR, row, request.body));
    },
  );

  app.post(
    `${base}/:id/runs`,
    {
      schema: {
        tags: ["activities"],
        summary: "Check (dryRun) or import the file, in the background; poll the import for progress",
        params: idParams,
        body: importRunBody,
        response: { 202: importView },
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { response, row } = await loadOwned(request.params.slug, request.params.id, principal);
      requireSomeGrant(principal, "activity:write", response.id);
      const started = await startImportRun(
        database,
        env.DATA_DIR,
        row,
        request.body,
        principal,
        actorOf(principal),
      );
      return reply.code(202).send(present(started));
    },
  );

  app.get(
    `${base}/:id/annotated`,
    {
      schema: {
        tags: ["activities"],
        summary: "The uploaded file with an added Issues column from the last run",
        params: idParams,
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { row } = await loadOwned(request.params.slug, request.params.id, principal);
      const report = row.report as ActivityImportReport | null;
      if (!report || row.state === "running")
        throw invalid("Check the file first: the annotated file shows the issues of its last check.", [
          { path: "id", message: "no report yet" },
        ]);
      const options = row.options as { sheet?: string };
      const preview = await previewImport(db, env.DATA_DIR, row, { sheet: options.sheet });
      const headerRow = preview.headerRow ?? preview.hashtagRow ?? 1;
      const base =
        row.fileName.replace(/\.(csv|xlsx|txt|tsv)$/i, "").replace(/[^\p{L}\p{N}._ -]/gu, "_") || "import";
      const format = annotatedFormat(row);
      const body = new PassThrough();
      const file = importFilePath(env.DATA_DIR, row);
      reply
        .header(
          "content-disposition",
          `attachment; filename*=UTF-8''${encodeURIComponent(`${base}-issues.${format}`)}`,
        )
        .type(
          format === "xlsx"
            ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            : "text/csv; charset=utf-8",
        );
      const writing =
        format === "xlsx"
          ? writeAnnotatedXlsx(file, report, headerRow, options.sheet, body)
          : writeAnnotatedCsv(file, report, headerRow, options.sheet, body);
      writing.catch((error) => body.destroy(error));
      return reply.send(body);
    },
  );

  app.get(
    "/api/v1/responses/:slug/organisations/:organisationId/import-mapping",
    {
      schema: {
        tags: ["activities"],
        summary: "The column mapping an organisation saved (header → field)",
        params: slugParams.extend({ organisationId: z.uuid() }),
        response: {
          200: z.object({ entries: z.array(z.object({ header: z.string(), field: z.string() })) }),
        },
      },
    },
    async (request) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const principal = requirePrincipal(request);
      if (
        !can(principal, "activity:write", {
          responseId: response.id,
          organisationId: request.params.organisationId,
        })
      )
        throw forbidden("You may not see this organisation's mapping.");
      const saved = await loadMapping(db, response.id, request.params.organisationId);
      return { entries: [...saved].map(([header, field]) => ({ header, field })) };
    },
  );
}

function presentPreview(p: Awaited<ReturnType<typeof previewImport>>) {
  return {
    format: p.info.format,
    sheets: p.info.format === "xlsx" ? p.info.sheetNames : [],
    sheet: p.info.format === "xlsx" ? p.info.sheet : null,
    hashtagRow: p.hashtagRow,
    headerRow: p.headerRow,
    savedMappingUsed: p.savedMappingUsed,
    columns: p.columns,
    missing: p.missing,
    issues: p.issues,
  };
}
