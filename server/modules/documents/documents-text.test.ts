import { Readable } from "node:stream";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { highlightStart, highlightStop, type SearchResults } from "../../../common/schemas/search.ts";
import type { App } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { documentVersions } from "../../db/schema/documents.ts";
import { textPdf } from "../../seed/demo-files.ts";
import { buildManagedResponse, buildTestApp } from "../../testing/factories.ts";
import { multipart } from "../../testing/multipart.ts";
import { clean, extractText, maxTextBytes } from "./documents.text.ts";

/** The words of uploaded files: read at upload, capped, searched; never a reason to refuse a file. */

let app: App;
let db: Db;

beforeAll(async () => {
  ({ app, db } = await buildTestApp());
});

async function upload(
  slug: string,
  headers: Record<string, string>,
  content: Buffer,
  name: string,
  url = "",
) {
  const body = multipart(
    content,
    url ? {} : { metadata: JSON.stringify({ title: "Camp profile", type: "assessment" }) },
    name,
  );
  const res = await app.inject({
    method: "POST",
    url: `/api/v1/responses/${slug}/documents${url}`,
    headers: { ...headers, "content-type": body.contentType },
    payload: body.payload,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function searchDocuments(slug: string, q: string) {
  const res = await app.inject({
    method: "GET",
    url: `/api/v1/responses/${slug}/search?q=${encodeURIComponent(q)}&kinds=documents`,
  });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as SearchResults).groups[0]!;
}

const storedText = async (documentId: string, version: number) =>
  (
    await db
      .select({ text: documentVersions.extractedText })
      .from(documentVersions)
      .where(and(eq(documentVersions.documentId, documentId), eq(documentVersions.version, version)))
  )[0]!.text;

describe("document text", () => {
  it("finds an uploaded PDF by a word of its text, with a snippet; a new version's words replace the old", async () => {
    const { slug, headers } = await buildManagedResponse(app, db);
    const doc = await upload(
      slug,
      headers,
      textPdf("Camp 9 profile", ["Water points were checked with the zephyrometer every morning."]),
      "profile.pdf",
    );
    const found = await searchDocuments(slug, "zephyrometer");
    expect(found.hits.map((h) => h.id)).toEqual([doc.id]);
    expect(found.hits[0]!.snippet).toContain(`${highlightStart}zephyrometer${highlightStop}`);
    // The text is for search: neither the document's answer nor its audit entry carries it.
    expect(JSON.stringify(doc)).not.toContain("zephyrometer");
    const audit = await app.inject({
      method: "GET",
      url: `/api/v1/responses/${slug}/audit?entityType=document`,
      headers,
    });
    expect(audit.body).not.toContain("zephyrometer");

    await upload(
      slug,
      headers,
      textPdf("Camp 9 profile", ["Revised: the quindecagon layout of the latrine blocks."]),
      "profile.pdf",
      `/${doc.id}/versions`,
    );
    expect((await searchDocuments(slug, "zephyrometer")).total).toBe(0);
    expect((await searchDocuments(slug, "quindecagon")).hits.map((h) => h.id)).toEqual([doc.id]);
    expect(await storedText(doc.id, 1)).toContain("zephyrometer");
  });

  it("reads plain text as it is, and stores an unreadable PDF without text", async () => {
    const { slug, headers } = await buildManagedResponse(app, db);
    const text = await upload(slug, headers, Buffer.from("Minutes: the ombudsperson attended.\n"), "m.txt");
    expect(await storedText(text.id, 1)).toBe("Minutes: the ombudsperson attended.");
    expect((await searchDocuments(slug, "ombudsperson")).hits.map((h) => h.id)).toEqual([text.id]);
    // A PDF by its magic number that pdf.js cannot parse: the upload succeeds, with no text.
    const broken = Buffer.from("%PDF-1.4\n% not really a PDF\n1 0 obj<</Type/Catalog>>endobj\n%%EOF\n");
    const pdf = await upload(slug, headers, broken, "broken.pdf");
    expect(pdf.currentVersion.contentType).toBe("application/pdf");
    expect(await storedText(pdf.id, 1)).toBeNull();
  });

  it("caps the text at 200 kB without cutting a character, and drops NUL characters", async () => {
    const long = `${"ক".repeat(maxTextBytes)}`; // three bytes each in UTF-8
    const capped = clean(long)!;
    expect(Buffer.byteLength(capped)).toBeLessThanOrEqual(maxTextBytes);
    expect(capped.endsWith("ক")).toBe(true);
    expect(clean("a\u0000b")).toBe("ab");
    expect(clean("   ")).toBeNull();
    const warnings: string[] = [];
    const none = await extractText(
      async () => Readable.from([Buffer.from("%PDF-1.4 garbage")]),
      { contentType: "application/pdf", size: 16, fileName: "x.pdf" },
      { warn: (_details, message) => warnings.push(message) },
    );
    expect(none).toBeNull();
    expect(warnings).toHaveLength(1);
  });
});
