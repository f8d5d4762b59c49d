import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { activities } from "../../db/schema/activities.ts";
import { activityImports, importColumnMappings } from "../../db/schema/imports.ts";
import { buildTestApp } from "../../testing/factories.ts";
import { multipart } from "../../testing/multipart.ts";
import { type ActivityWorld, activityWorld } from "../activities/activities.world.ts";
import { importFilePath, importFinished, pruneStoredFiles } from "./import-jobs.service.ts";

/** The import wizard's API: upload, preview, check, import in the background, annotated file, saved mappings. */

let app: App;
let db: Db;

beforeAll(async () => {
  ({ app, db } = await buildTestApp());
});

/** A partner's own layout: headers the import does not know ("Who reports", "Where (code)", "When"). */
const partnerHeader = [
  "Who reports",
  "Sector",
  "Activity type",
  "Where (code)",
  "Status",
  "Began",
  "Finished",
  "When",
  "Girls",
];
const partnerRow = (w: ActivityWorld, overrides: Record<string, string> = {}) => {
  const v: Record<string, string> = {
    "Who reports": w.org.name,
    Sector: w.sector.code,
    "Activity type": w.type.code,
    "Where (code)": w.camp.code,
    Status: "ongoing",
    Began: "2024-03-01",
    Finished: "2024-05-31",
    When: "2024-03",
    Girls: "10",
    ...overrides,
  };
  return partnerHeader.map((h) => v[h] ?? "");
};
const csv = (rows: string[][]) => rows.map((r) => r.join(",")).join("\n");
const partnerMapping = {
  "Who reports": "reportingOrg",
  "Where (code)": "locationCode",
  Began: "startDate",
  Finished: "endDate",
  When: "reportingMonth",
};

async function upload(
  w: ActivityWorld,
  content: string | Buffer,
  headers: object,
  fields: Record<string, string> = {},
  filename = "march.csv",
) {
  const body = multipart(content, fields, filename);
  return app.inject({
    method: "POST",
    url: `/api/v1/responses/${w.slug}/activity-imports`,
    headers: { ...headers, "content-type": body.contentType } as Record<string, string>,
    payload: body.payload,
  });
}

const importsUrl = (w: ActivityWorld, id = "", rest = "") =>
  `/api/v1/responses/${w.slug}/activity-imports${id ? `/${id}` : ""}${rest}`;

async function run(w: ActivityWorld, id: string, headers: object, body: object) {
  const res = await app.inject({
    method: "POST",
    url: importsUrl(w, id, "/runs"),
    headers: headers as Record<string, string>,
    payload: body,
  });
  expect(res.statusCode, res.body).toBe(202);
  expect(res.json().state).toBe("running");
  await importFinished(id);
  const done = await app.inject({
    method: "GET",
    url: importsUrl(w, id),
    headers: headers as Record<string, string>,
  });
  expect(done.statusCode, done.body).toBe(200);
  return done.json();
}

const countRecords = async (responseId: string) =>
  (await db.select().from(activities).where(eq(activities.responseId, responseId))).length;

describe("import jobs", () => {
  it("lists unknown and legacy hashtags in the preview, and in the refusal of a file missing columns", async () => {
    const w = await activityWorld(app, db);
    const editor = await w.login("organisation_editor");
    const file = csv([
      ["Partner", "Latitude", "Comment", "Sector"],
      ["#org+name", "#lat_deg", "#x_foo", "#sector"],
      [w.org.name, "21.2", "hi", w.sector.code],
    ]);
    const res = await upload(w, file, editor);
    expect(res.statusCode, res.body).toBe(201);
    const { preview } = res.json();
    const hashtags = preview.issues.filter((i: { code: string }) => i.code === "UNKNOWN_HASHTAG");
    expect(hashtags).toEqual([
      {
        row: 2,
        column: "Latitude",
        severity: "warning",
        code: "UNKNOWN_HASHTAG",
        value: "#lat_deg",
        message:
          "#lat_deg is not an HXL 1.1 core hashtag (it may be a 2014 beta hashtag, a custom one or a typo). The column is kept.",
      },
      expect.objectContaining({
        row: 2,
        column: "Comment",
        value: "#x_foo",
        message: expect.stringMatching(/custom \(#x_\)/),
      }),
    ]);

    // Imported at once, the file is refused for its missing columns: the refusal keeps the warnings.
    const body = multipart(file);
    const refused = await app.inject({
      method: "POST",
      url: `${w.base}/import`,
      headers: { ...editor, "content-type": body.contentType } as Record<string, string>,
      payload: body.payload,
    });
    expect(refused.statusCode).toBe(400);
    const { details } = refused.json().error as { details: { path: string; message: string }[] };
    expect(details).toContainEqual({ path: "columns.locationCode", message: expect.any(String) });
    expect(details).toContainEqual({
      path: "header.Latitude",
      message: expect.stringMatching(/^UNKNOWN_HASHTAG: #lat_deg is not an HXL 1.1 core hashtag/),
    });
    expect(details).toContainEqual({
      path: "header.Comment",
      message: expect.stringMatching(/^UNKNOWN_HASHTAG: #x_foo/),
    });
  });

  it("previews an unknown layout, checks it with a mapping, annotates the issues, then imports and remembers the mapping", async () => {
    const w = await activityWorld(app, db);
    const editor = await w.login("organisation_editor");
    const file = csv([
      partnerHeader,
      partnerRow(w),
      partnerRow(w, { "Where (code)": "NOPE-1", When: "2024-04" }),
      partnerRow(w, { When: "2024-05", Girls: '=HYPERLINK("http://x")' }),
    ]);
    const res = await upload(w, file, editor);
    expect(res.statusCode, res.body).toBe(201);
    const { import: created, preview } = res.json();
    expect(created).toMatchObject({
      state: "uploaded",
      format: "csv",
      organisationId: w.org.id,
      fileName: "march.csv",
    });
    expect(preview.savedMappingUsed).toBe(false);
    expect(preview.missing.map((m: { field: string }) => m.field)).toEqual(
      expect.arrayContaining(["reportingOrg", "locationCode", "startDate", "endDate", "reportingMonth"]),
    );
    expect(preview.columns.find((c: { header: string }) => c.header === "Sector")).toMatchObject({
      field: "sector",
      samples: [w.sector.code, w.sector.code, w.sector.code],
    });

    // The same preview with the partner's mapping has nothing missing.
    const mapped = await app.inject({
      method: "POST",
      url: importsUrl(w, created.id, "/preview"),
      headers: editor,
      payload: { mapping: partnerMapping },
    });
    expect(mapped.statusCode, mapped.body).toBe(200);
    expect(mapped.json().missing).toEqual([]);

    // A check (dry run) writes nothing and reports the bad rows.
    const checked = await run(w, created.id, editor, {
      dryRun: true,
      mapping: partnerMapping,
      saveMapping: true,
    });
    expect(checked.state).toBe("validated");
    expect(checked.fraction).toBe(1);
    expect(checked.report).toMatchObject({ rows: 3, valid: 1, invalid: 2, created: 0 });
    expect(checked.progress).toMatchObject({ phase: "done", rowsRead: 3, invalid: 2 });
    expect(await countRecords(w.responseId)).toBe(0);

    // The annotated file: the original rows plus an Issues column naming each problem.
    const annotated = await app.inject({
      method: "GET",
      url: importsUrl(w, created.id, "/annotated"),
      headers: editor,
    });
    expect(annotated.statusCode, annotated.body).toBe(200);
    expect(annotated.headers["content-disposition"]).toContain("march-issues.csv");
    const rows = parse(annotated.body, { bom: true }) as string[][];
    expect(rows[0]).toEqual([...partnerHeader, "Issues"]);
    expect(rows[1]![9]).toBe("");
    expect(rows[2]![9]).toMatch(/^Error \(Where \(code\)\): .*NOPE-1/);
    // The formula is neutralised in the download, and the row names why it failed.
    expect(rows[3]![8]).toBe('\'=HYPERLINK("http://x")');
    expect(rows[3]![9]).toMatch(/Girls/);

    // The partner fixes the file and uploads it again: the saved mapping applies by itself, and the Issues column is ignored.
    const fixed = rows.map((r, i) =>
      i === 2
        ? r.map((c, j) => (j === 3 ? w.camp.code : c))
        : i === 3
          ? r.map((c, j) => (j === 8 ? "7" : c))
          : r,
    );
    const again = await upload(
      w,
      csv(
        fixed.map((r) =>
          r.map((c) => (c.includes(",") || c.includes("\n") ? `"${c.replaceAll('"', '""')}"` : c)),
        ),
      ),
      editor,
    );
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json().preview).toMatchObject({ savedMappingUsed: true, missing: [] });
    const imported = await run(w, again.json().import.id, editor, { dryRun: false });
    expect(imported.state).toBe("imported");
    expect(imported.report).toMatchObject({ rows: 3, valid: 3, invalid: 0, created: 3, issues: [] });
    expect(await countRecords(w.responseId)).toBe(3);
    const saved = await db
      .select()
      .from(importColumnMappings)
      .where(
        and(
          eq(importColumnMappings.responseId, w.responseId),
          eq(importColumnMappings.organisationId, w.org.id),
        ),
      );
    expect(Object.fromEntries(saved.map((s) => [s.header, s.field]))).toMatchObject({
      whoreports: "reportingOrg",
      wherecode: "locationCode",
      when: "reportingMonth",
    });
    const mappingRes = await app.inject({
      method: "GET",
      url: `/api/v1/responses/${w.slug}/organisations/${w.org.id}/import-mapping`,
      headers: editor,
    });
    expect(mappingRes.json().entries).toContainEqual({ header: "whoreports", field: "reportingOrg" });
  });

  it("keeps everything as it was when an all-or-nothing import has an error", async () => {
    const w = await activityWorld(app, db);
    const file = csv([partnerHeader, partnerRow(w), partnerRow(w, { When: "2024-13" })]);
    const { import: created } = (await upload(w, file, w.headers)).json();
    const done = await run(w, created.id, w.headers, { dryRun: false, mapping: partnerMapping });
    expect(done.state).toBe("failed");
    expect(done.error.code).toBe("ROWS_INVALID");
    expect(done.report).toMatchObject({ valid: 1, invalid: 1, created: 0 });
    expect(await countRecords(w.responseId)).toBe(0);
    // valid-only imports the good row.
    const partial = await run(w, created.id, w.headers, {
      dryRun: false,
      mode: "valid-only",
      submit: true,
      mapping: partnerMapping,
    });
    expect(partial).toMatchObject({ state: "imported", report: { created: 1, invalid: 1 } });
    // The same again: the valid row is unchanged, which is still a successful valid-only import.
    const again = await run(w, created.id, w.headers, {
      dryRun: false,
      mode: "valid-only",
      mapping: partnerMapping,
    });
    expect(again).toMatchObject({ state: "imported", error: null, report: { unchanged: 1, invalid: 1 } });
    // Submitted on import: the record goes straight to the sector's review queue.
    const [record] = await db.select().from(activities).where(eq(activities.responseId, w.responseId));
    expect(record!.reviewState).toBe("submitted");
    expect(await countRecords(w.responseId)).toBe(1);
  });

  it("reports an unreadable file at upload with 400 and keeps no file", async () => {
    const w = await activityWorld(app, db);
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    const res = await upload(w, png, w.headers, {}, "data.csv");
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/PNG image/);
    expect(
      await db.select().from(activityImports).where(eq(activityImports.responseId, w.responseId)),
    ).toEqual([]);
    const empty = await upload(w, "", w.headers);
    expect(empty.statusCode).toBe(400);
  });

  it("authorises: viewers cannot upload, editors only for their organisation, others cannot see an import", async () => {
    const w = await activityWorld(app, db);
    const file = csv([partnerHeader, partnerRow(w)]);
    const viewer = await w.login("viewer");
    expect((await upload(w, file, viewer)).statusCode).toBe(403);
    const editor = await w.login("organisation_editor");
    const other = await upload(w, file, editor, { organisationId: w.otherOrg.id });
    expect(other.statusCode).toBe(403);
    const mine = (await upload(w, file, editor)).json().import;
    const otherEditor = await w.login("organisation_editor", { organisationId: w.otherOrg.id });
    for (const [method, rest, payload] of [
      ["GET", "", undefined],
      ["POST", "/runs", { dryRun: true }],
      ["GET", "/annotated", undefined],
      ["POST", "/preview", {}],
    ] as const) {
      const res = await app.inject({
        method,
        url: importsUrl(w, mine.id, rest),
        headers: otherEditor,
        ...(payload ? { payload } : {}),
      });
      expect(res.statusCode, `${method} ${rest}`).toBe(404);
    }
    const list = await app.inject({ method: "GET", url: importsUrl(w), headers: otherEditor });
    expect(list.json().items).toEqual([]);
    const forbiddenMapping = await app.inject({
      method: "GET",
      url: `/api/v1/responses/${w.slug}/organisations/${w.org.id}/import-mapping`,
      headers: otherEditor,
    });
    expect(forbiddenMapping.statusCode).toBe(403);
    // The manager (an administrator of nothing) does not see the editor's upload either; an administrator does.
    const admin = await w.login("administrator");
    expect(
      (await app.inject({ method: "GET", url: importsUrl(w, mine.id), headers: admin })).statusCode,
    ).toBe(200);
    const signedOut = await app.inject({ method: "GET", url: importsUrl(w, mine.id) });
    expect(signedOut.statusCode).toBe(401);
  });

  it("shows an import left running by a stopped server as failed, with nothing written", async () => {
    const w = await activityWorld(app, db);
    const { import: created } = (await upload(w, csv([partnerHeader, partnerRow(w)]), w.headers)).json();
    await db
      .update(activityImports)
      .set({ state: "running", updatedAt: new Date(Date.now() - 10 * 60_000) })
      .where(eq(activityImports.id, created.id));
    const res = await app.inject({ method: "GET", url: importsUrl(w, created.id), headers: w.headers });
    expect(res.json()).toMatchObject({ state: "failed", error: { code: "INTERRUPTED" } });
    const [stored] = await db.select().from(activityImports).where(eq(activityImports.id, created.id));
    expect(stored!.state).toBe("failed");
  });

  it("refuses a second run while one runs, and a bad run body", async () => {
    const w = await activityWorld(app, db);
    const { import: created } = (await upload(w, csv([partnerHeader, partnerRow(w)]), w.headers)).json();
    const first = app.inject({
      method: "POST",
      url: importsUrl(w, created.id, "/runs"),
      headers: w.headers,
      payload: { dryRun: true, mapping: partnerMapping },
    });
    const firstRes = await first;
    expect(firstRes.statusCode).toBe(202);
    const second = await app.inject({
      method: "POST",
      url: importsUrl(w, created.id, "/runs"),
      headers: w.headers,
      payload: { dryRun: true },
    });
    expect(second.statusCode).toBe(409);
    await importFinished(created.id);
    const bad = await app.inject({
      method: "POST",
      url: importsUrl(w, created.id, "/runs"),
      headers: w.headers,
      payload: { dryRun: "yes", mapping: { "Who reports": "nonsense" } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.map((d: { path: string }) => d.path)).toEqual(
      expect.arrayContaining(["body.dryRun"]),
    );
  });
});

describe("stored files", () => {
  it("are deleted after IMPORT_FILE_DAYS; the import stays listed and asks for a new upload", async () => {
    const w = await activityWorld(app, db);
    const { import: created } = (await upload(w, csv([partnerHeader, partnerRow(w)]), w.headers)).json();
    // The folder buildTestApp gives this worker's uploads.
    const dataDir = path.join(os.tmpdir(), `isx-test-${process.pid}`);
    const file = importFilePath(dataDir, { responseId: w.responseId, id: created.id });
    expect(fs.existsSync(file)).toBe(true);
    expect(pruneStoredFiles(dataDir, w.responseId, 30)).toBe(0);
    const old = new Date(Date.now() - 31 * 86_400_000);
    fs.utimesSync(file, old, old);
    expect(pruneStoredFiles(dataDir, w.responseId, 30)).toBe(1);
    expect(fs.existsSync(file)).toBe(false);
    const res = await app.inject({
      method: "POST",
      url: importsUrl(w, created.id, "/runs"),
      headers: w.headers,
      payload: { dryRun: true },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/upload it again/);
    const listed = await app.inject({ method: "GET", url: importsUrl(w), headers: w.headers });
    expect(listed.json().items.map((i: { id: string }) => i.id)).toContain(created.id);
  });
});
