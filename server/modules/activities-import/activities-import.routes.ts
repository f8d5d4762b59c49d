import { z } from "zod";
import { activityImportReport } from "../../../common/schemas/activity-imports.ts";
import type { App, AppContext } from "../../context.ts";
import { invalid } from "../../errors.ts";
import { readUpload } from "../../http/upload.ts";
import { requireSomeGrant } from "../activities/activities.policy.ts";
import { actorOf } from "../audit/audit.service.ts";
import { requirePrincipal } from "../auth/principal.ts";
import { slugParams } from "../responses/responses.routes.ts";
import { getResponseBySlug } from "../responses/responses.service.ts";
import { importActivities } from "./activities-import.service.ts";
import { type ExplicitMapping, isImportField } from "./import-columns.ts";

const importQuery = z.object({
  dryRun: z
    .enum(["true", "false", "1", "0"])
    .optional()
    .transform((v) => v === "true" || v === "1")
    .describe("Validate only; write nothing."),
  mode: z
    .enum(["all", "valid-only"])
    .default("all")
    .describe("all: any error writes nothing. valid-only: write the valid rows, report the others."),
  dateFormat: z
    .enum(["DMY", "MDY"])
    .optional()
    .describe("How slash dates (25/12/2024) are read; without it they are errors (ISO dates always work)."),
  submit: z
    .enum(["true", "false", "1", "0"])
    .optional()
    .transform((v) => v === "true" || v === "1")
    .describe("Submit the records written for review."),
  sheet: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .describe("XLSX: the sheet to read (default: the first)."),
});

/** The optional `mapping` form field: `{ "header or column index": "field" | "ignore" }` as JSON. */
function parseMapping(text: string | undefined): ExplicitMapping | undefined {
  if (text === undefined || text.trim() === "") return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalid("The mapping is not valid JSON.", [{ path: "mapping", message: "not JSON" }]);
  }
  if (!value || typeof value !== "object" || Array.isArray(value))
    throw invalid("The mapping must be an object of column → field.", [
      { path: "mapping", message: "not an object" },
    ]);
  const entries = Object.entries(value as Record<string, unknown>);
  const bad = entries.filter(([, f]) => typeof f !== "string" || (f !== "ignore" && !isImportField(f)));
  if (bad.length)
    throw invalid(
      "The mapping names unknown fields.",
      bad.map(([k, f]) => ({
        path: `mapping.${k}`,
        message: `${String(f)} is not an activity field or "ignore"`,
      })),
    );
  return value as ExplicitMapping;
}

export async function activitiesImportRoutes(app: App, { database: { db } }: AppContext) {
  app.post(
    "/api/v1/responses/:slug/activities/import",
    {
      schema: {
        tags: ["activities"],
        summary: "Import 4W records from CSV, XLSX or HXL (validation report; dry run; idempotent)",
        description:
          'Multipart field `file` (CSV or XLSX, with or without an HXL hashtag row) and optional field `mapping` (JSON: header or 0-based column index → field, or "ignore"). Columns map by HXL hashtag when the file has a hashtag row (the hashtags of the HXL export), else by header names. Rows match stored records by (reporting organisation, external id), else by (organisation, activity type, location, month, population group): identical rows are unchanged, different ones updated, new ones created as drafts. Every row is checked against the caller\'s rights (`activity:write`), month locks and review state. A file that cannot be read answers 400 and writes nothing.',
        params: slugParams,
        querystring: importQuery,
        response: { 200: activityImportReport },
      },
    },
    async (request) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const principal = requirePrincipal(request);
      requireSomeGrant(principal, "activity:write", response.id);
      let mappingText: string | undefined;
      let bytes: Buffer | undefined;
      if (request.isMultipart()) {
        for await (const part of request.parts()) {
          if (part.type === "file") {
            if (part.fieldname !== "file") {
              await part.toBuffer();
              continue;
            }
            bytes = await part.toBuffer();
          } else if (part.fieldname === "mapping") mappingText = String(part.value);
        }
        if (!bytes) throw invalid("No file was uploaded.", [{ path: "file", message: "missing" }]);
        if (bytes.length === 0)
          throw invalid("The uploaded file is empty.", [{ path: "file", message: "EMPTY_FILE" }]);
      } else bytes = (await readUpload(request)).bytes;
      const mapping = parseMapping(mappingText);
      const q = request.query;
      return importActivities(db, response.id, bytes, {
        principal,
        actor: actorOf(principal),
        dryRun: q.dryRun,
        mode: q.mode,
        dateFormat: q.dateFormat,
        sheet: q.sheet,
        submit: q.submit,
        mapping,
      });
    },
  );
}
