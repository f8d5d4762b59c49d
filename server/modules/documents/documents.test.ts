import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { auditLog } from "../../db/schema/audit.ts";
import { documents } from "../../db/schema/documents.ts";
import {
  buildLocation,
  buildManagedResponse,
  buildOrganisation,
  buildSector,
  buildTestApp,
  buildUser,
  signIn,
} from "../../testing/factories.ts";
import { multipart } from "../../testing/multipart.ts";

let app: App;
let db: Db;
const dataDir = path.join(os.tmpdir(), `isx-test-${process.pid}`);

const pdf = (text = "report") =>
  Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n`);
const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(200, 7)]);
const storedFiles = (responseId: string) => {
  const dir = path.join(dataDir, "files", responseId);
  return fs.existsSync(dir) ? fs.readdirSync(dir).length : 0;
};

beforeAll(async () => {
  ({ app, db } = await buildTestApp());
});

async function upload(
  slug: string,
  headers: Record<string, string>,
  metadata: unknown,
  content: Buffer | string = pdf(),
  filename = "sitrep.pdf",
  url = `/api/v1/responses/${slug}/documents`,
) {
  const body = multipart(
    content,
    metadata === undefined ? {} : { metadata: JSON.stringify(metadata) },
    filename,
  );
  return app.inject({
    method: "POST",
    url,
    headers: { ...headers, "content-type": body.contentType },
    payload: body.payload,
  });
}

describe("documents", () => {
  it("uploads a document whose type comes from the content, downloads it with safe headers, audits it", async () => {
    const { response, slug, headers } = await buildManagedResponse(app, db);
    const sector = await buildSector(db, response.id);
    const res = await upload(
      slug,
      headers,
      {
        title: "Situation report 12",
        type: "situation_report",
        documentDate: "2025-06-01",
        sectorIds: [sector.id],
      },
      pdf(),
      "sitrep 12.txt",
    );
    expect(res.statusCode, res.body).toBe(201);
    const doc = res.json();
    expect(doc.currentVersion).toMatchObject({
      version: 1,
      contentType: "application/pdf",
      fileName: "sitrep 12.pdf",
    });
    expect(doc.sectors[0].code).toBe(sector.code);
    const file = await app.inject({
      method: "GET",
      url: `/api/v1/responses/${slug}/documents/${doc.id}/file`,
    });
    expect(file.statusCode).toBe(200);
    expect(file.headers["content-type"]).toBe("application/pdf");
    expect(file.headers["content-disposition"]).toMatch(/^attachment; filename="sitrep 12.pdf"/);
    expect(file.headers["x-content-type-options"]).toBe("nosniff");
    expect(file.headers["content-security-policy"]).toContain("default-src 'none'");
    expect(file.rawPayload.equals(pdf())).toBe(true);
    const inline = await app.inject({
      method: "GET",
      url: `/api/v1/responses/${slug}/documents/${doc.id}/file?inline=true`,
    });
    expect(inline.headers["content-disposition"]).toMatch(/^inline;/);
    const audit = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.responseId, response.id), eq(auditLog.entityId, doc.id)));
    expect(audit.map((a) => a.action)).toEqual(["document.create"]);
  });

  it("never previews text inline, and names non-ASCII files for every client", async () => {
    const { slug, headers } = await buildManagedResponse(app, db);
    const res = await upload(
      slug,
      headers,
      { title: "সভার কার্যবিবরণী", type: "minutes" },
      "Minutes\n",
      "সভা.txt",
    );
    expect(res.statusCode, res.body).toBe(201);
    const file = await app.inject({
      method: "GET",
      url: `/api/v1/responses/${slug}/documents/${res.json().id}/file?inline=true`,
    });
    expect(file.headers["content-type"]).toBe("text/plain; charset=utf-8");
    expect(file.headers["content-disposition"]).toBe(
      `attachment; filename="___.txt"; filename*=UTF-8''${encodeURIComponent("সভা.txt")}`,
    );
  });

  it("keeps every version: a new upload adds one, and each downloads its own file", async () => {
    const { response, slug, headers } = await buildManagedResponse(app, db);
    const doc = (
      await upload(slug, headers, { title: "Joint response plan", type: "plan" }, pdf("v1"))
    ).json();
    const v2 = await upload(
      slug,
      headers,
      undefined,
      pdf("v2"),
      "plan.pdf",
      `/api/v1/responses/${slug}/documents/${doc.id}/versions`,
    );
    expect(v2.statusCode, v2.body).toBe(201);
    expect(v2.json().version).toBe(2);
    const versions = await app.inject({
      method: "GET",
      url: `/api/v1/responses/${slug}/documents/${doc.id}/versions`,
    });
    expect(versions.json().map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const one = await app.inject({
      method: "GET",
      url: `/api/v1/responses/${slug}/documents/${doc.id}/versions/1/file`,
    });
    expect(one.rawPayload.equals(pdf("v1"))).toBe(true);
    const current = await app.inject({
      method: "GET",
      url: `/api/v1/responses/${slug}/documents/${doc.id}/file`,
    });
    expect(current.rawPayload.equals(pdf("v2"))).toBe(true);
    const shown = await app.inject({ method: "GET", url: `/api/v1/responses/${slug}/documents/${doc.id}` });
    expect(shown.json()).toMatchObject({ versionCount: 2, currentVersion: { version: 2 } });
    expect(
      (
        await app.inject({
          method: "GET",
          url: `/api/v1/responses/${slug}/documents/${doc.id}/versions/3/file`,
        })
      ).statusCode,
    ).toBe(404);
    expect(storedFiles(response.id)).toBe(2);
    const del = await app.inject({
      method: "DELETE",
      url: `/api/v1/responses/${slug}/documents/${doc.id}`,
      headers,
    });
    expect(del.statusCode).toBe(204);
    expect(storedFiles(response.id)).toBe(0);
  });

  it("refuses a renamed executable and stores nothing", async () => {
    const { response, slug, headers } = await buildManagedResponse(app, db);
    const res = await upload(
      slug,
      headers,
      { title: "Quarterly report", type: "assessment" },
      elf,
      "report.pdf",
    );
    expect(res.statusCode, res.body).toBe(415);
    expect(res.json().error.details[0].path).toBe("file");
    expect(storedFiles(response.id)).toBe(0);
    expect(await db.select().from(documents).where(eq(documents.responseId, response.id))).toHaveLength(0);
  });

  it("refuses an oversize file without storing it", async () => {
    const small = await buildTestApp({ UPLOAD_MAX_MB: "1" });
    const { response, slug, headers } = await buildManagedResponse(small.app, small.db);
    const big = Buffer.concat([pdf(), Buffer.alloc(2 * 1024 * 1024, 32)]);
    const body = multipart(big, { metadata: JSON.stringify({ title: "Big map", type: "map" }) }, "map.pdf");
    const res = await small.app.inject({
      method: "POST",
      url: `/api/v1/responses/${slug}/documents`,
      headers: { ...headers, "content-type": body.contentType },
      payload: body.payload,
    });
    expect(res.statusCode, res.body).toBe(413);
    expect(res.json().error.message).toMatch(/1 MB/);
    expect(storedFiles(response.id)).toBe(0);
    expect(fs.readdirSync(path.join(dataDir, "tmp", "uploads"))).toEqual([]);
    expect(await small.db.select().from(documents).where(eq(documents.responseId, response.id))).toHaveLength(
      0,
    );
    await small.app.close();
  });

  it("answers 400 naming the field for bad metadata, and stores nothing", async () => {
    const { response, slug, headers } = await buildManagedResponse(app, db);
    const res = await upload(slug, headers, { title: "x", type: "novel", sectorIds: ["not-a-uuid"] });
    expect(res.statusCode).toBe(400);
    const paths = res.json().error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(
      expect.arrayContaining(["metadata.title", "metadata.type", "metadata.sectorIds.0"]),
    );
    const unknown = await upload(slug, headers, {
      title: "Plan",
      type: "plan",
      locationIds: [crypto.randomUUID()],
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details[0].path).toBe("metadata.locationIds");
    const notJson = multipart(pdf(), { metadata: "{" }, "a.pdf");
    const bad = await app.inject({
      method: "POST",
      url: `/api/v1/responses/${slug}/documents`,
      headers: { ...headers, "content-type": notJson.contentType },
      payload: notJson.payload,
    });
    expect(bad.statusCode).toBe(400);
    expect(storedFiles(response.id)).toBe(0);
  });

  it("hides signed-in-only documents from visitors in lists, pages and downloads", async () => {
    const { response, slug, headers } = await buildManagedResponse(app, db);
    const hidden = (
      await upload(slug, headers, {
        title: "Internal security brief",
        type: "guidance",
        visibility: "signed_in",
      })
    ).json();
    await upload(slug, headers, { title: "Public sitrep", type: "situation_report" });
    const publicList = await app.inject({ method: "GET", url: `/api/v1/responses/${slug}/documents` });
    expect(publicList.json().items.map((d: { title: string }) => d.title)).toEqual(["Public sitrep"]);
    expect(publicList.json().total).toBe(1);
    for (const url of ["", "/file", "/versions", "/versions/1/file"])
      expect(
        (await app.inject({ method: "GET", url: `/api/v1/responses/${slug}/documents/${hidden.id}${url}` }))
          .statusCode,
      ).toBe(404);
    const viewer = await buildUser(db, { role: "viewer", responseId: response.id });
    const viewerHeaders = (await signIn(app, viewer.email)).headers;
    const list = await app.inject({
      method: "GET",
      url: `/api/v1/responses/${slug}/documents`,
      headers: viewerHeaders,
    });
    expect(list.json().total).toBe(2);
    const file = await app.inject({
      method: "GET",
      url: `/api/v1/responses/${slug}/documents/${hidden.id}/file`,
      headers: viewerHeaders,
    });
    expect(file.statusCode).toBe(200);
    expect(file.headers["cache-control"]).toBe("private, no-store");
  });

  it("filters by words, type, sector (with sub-sectors), location, organisation, language and dates", async () => {
    const { response, slug, headers } = await buildManagedResponse(app, db);
    const wash = await buildSector(db, response.id, { code: "WASH" });
    const hygiene = await buildSector(db, response.id, {
      code: "HYG",
      parentId: wash.id,
      kind: "sub_sector",
    });
    const camp = await buildLocation(db, response.id);
    const org = await buildOrganisation(db, response.id);
    const add = (metadata: Record<string, unknown>) => upload(slug, headers, metadata);
    await add({
      title: "Hygiene kit distribution plan",
      type: "plan",
      sectorIds: [hygiene.id],
      documentDate: "2025-03-01",
    });
    await add({
      title: "Camp 4 water assessment",
      type: "assessment",
      locationIds: [camp.id],
      documentDate: "2025-05-10",
      language: "bn",
    });
    await add({
      title: "Coordination minutes",
      type: "minutes",
      organisationIds: [org.id],
      description: "Monsoon readiness",
      documentDate: "2024-12-01",
    });
    const titles = async (query: string) =>
      (await app.inject({ method: "GET", url: `/api/v1/responses/${slug}/documents?${query}` }))
        .json()
        .items.map((d: { title: string }) => d.title);
    expect(await titles("")).toEqual([
      "Camp 4 water assessment",
      "Hygiene kit distribution plan",
      "Coordination minutes",
    ]);
    expect(await titles("q=monsoon")).toEqual(["Coordination minutes"]);
    expect(await titles("type=plan")).toEqual(["Hygiene kit distribution plan"]);
    expect(await titles("sector=WASH")).toEqual(["Hygiene kit distribution plan"]);
    expect(await titles(`location=${camp.id}`)).toEqual(["Camp 4 water assessment"]);
    expect(await titles(`organisation=${org.id}`)).toEqual(["Coordination minutes"]);
    expect(await titles("language=bn")).toEqual(["Camp 4 water assessment"]);
    expect(await titles("from=2025-01-01&to=2025-04-01")).toEqual(["Hygiene kit distribution plan"]);
    expect(
      (await app.inject({ method: "GET", url: `/api/v1/responses/${slug}/documents?from=May` })).statusCode,
    ).toBe(400);
  });

  it("changes metadata with an audit entry holding before and after", async () => {
    const { response, slug, headers } = await buildManagedResponse(app, db);
    const doc = (await upload(slug, headers, { title: "Draft guidance", type: "guidance" })).json();
    const res = await app.inject({
      method: "PATCH",
      url: `/api/v1/responses/${slug}/documents/${doc.id}`,
      headers,
      payload: { title: "Guidance on safe water storage", visibility: "signed_in" },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ title: "Guidance on safe water storage", visibility: "signed_in" });
    const [entry] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.responseId, response.id), eq(auditLog.action, "document.update")));
    expect(entry).toMatchObject({
      before: { title: "Draft guidance" },
      after: { title: "Guidance on safe water storage" },
    });
  });
});
