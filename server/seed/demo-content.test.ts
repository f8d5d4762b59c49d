import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { fileTypeFromBuffer } from "file-type";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../db/client.ts";
import { localFileStore } from "../files/store.ts";
import { testDatabase } from "../testing/test-db.ts";
import { myanmarResponse } from "./demo/myanmar.ts";
import { rohingyaResponse } from "./demo/rohingya.ts";
import { myanmarStructure, rohingyaStructure } from "./demo/structures.ts";
import { demoDocuments, demoStories, seedDemoContent } from "./demo-content.ts";
import { seedDemoEvents } from "./demo-events.ts";
import { illustrationPng, textPdf } from "./demo-files.ts";
import { seedDemoStructure } from "./demo-structure.ts";
import { seedResponse } from "./seed-demo.ts";

/** The demo stories and documents: written through the services, files in the store. */

let db: Db;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "isx-demo-content-"));
const store = localFileStore(dir);
const ids: Record<string, string> = {};

beforeAll(async () => {
  db = (await testDatabase()).db;
  for (const [demo, structure] of [
    [rohingyaResponse, rohingyaStructure],
    [myanmarResponse, myanmarStructure],
  ] as const) {
    const id = await seedResponse(db, { ...demo, slug: `${demo.slug}-${randomUUID().slice(0, 8)}` });
    await seedDemoStructure(db, id, structure);
    // The meetings first, as the demo seeds them: documents link a past one's minutes.
    await seedDemoEvents(db, id, demo.slug);
    await seedDemoContent(db, id, demo.slug, store);
    ids[demo.slug] = id;
  }
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("demo content", () => {
  it("publishes the stories of each response, with one left in review, and their images", async () => {
    for (const slug of ["rohingya", "myanmar"]) {
      const rows = (
        await db.execute<{ title: string; state: string; images: number }>(sql`
          SELECT s.title, s.state, (SELECT count(*)::int FROM news_images i WHERE i.response_id = s.response_id AND i.story_id = s.id) AS images
          FROM news_stories s WHERE s.response_id = ${ids[slug]!} ORDER BY s.title`)
      ).rows;
      expect(rows.map((r) => r.title).sort()).toEqual(demoStories[slug]!.map((s) => s.title).sort());
      expect(rows.filter((r) => r.state === "published").length).toBeGreaterThanOrEqual(2);
      expect(rows.some((r) => r.images > 0)).toBe(true);
    }
    const review = await db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM news_stories WHERE response_id = ${ids.rohingya!} AND state = 'in_review'`,
    );
    expect(review.rows[0]!.n).toBe(1);
  });

  it("stores the documents' files, with two versions of the situation report and a signed-in-only plan", async () => {
    const rows = (
      await db.execute<{ title: string; visibility: string; versions: number; keys: string[] }>(sql`
        SELECT d.title, d.visibility, count(v.*)::int AS versions, array_agg(v.file_key) AS keys
        FROM documents d JOIN document_versions v ON v.response_id = d.response_id AND v.document_id = d.id
        WHERE d.response_id = ${ids.rohingya!} GROUP BY d.response_id, d.id, d.title, d.visibility ORDER BY d.title`)
    ).rows;
    expect(rows).toHaveLength(demoDocuments.rohingya!.length);
    expect(rows.find((r) => r.title.startsWith("Monsoon"))!.versions).toBe(2);
    expect(rows.find((r) => r.title.startsWith("Contingency"))!.visibility).toBe("signed_in");
    for (const key of rows.flatMap((r) => r.keys)) expect(fs.existsSync(path.join(dir, key)), key).toBe(true);
  });

  it("gives the ISCG and the HCT their terms of reference as documents of the library", async () => {
    for (const [slug, code] of [
      ["rohingya", "ISCG"],
      ["myanmar", "HCT"],
    ] as const) {
      const rows = (
        await db.execute<{ type: string; visibility: string; platform_id: string; id: string }>(sql`
          SELECT d.type, d.visibility, d.platform_id, p.id FROM platforms p
          JOIN documents d ON d.response_id = p.response_id AND d.id = p.tor_document_id
          WHERE p.response_id = ${ids[slug]!} AND p.code = ${code}`)
      ).rows;
      expect(rows, `${slug} ${code}`).toHaveLength(1);
      // Their words were read from the PDF, as an upload's are, so the search finds them.
      const text = await db.execute<{ extracted_text: string | null }>(sql`
        SELECT v.extracted_text FROM platforms p JOIN document_versions v
          ON v.response_id = p.response_id AND v.document_id = p.tor_document_id
        WHERE p.response_id = ${ids[slug]!} AND p.code = ${code}`);
      expect(text.rows[0]!.extracted_text).toContain("Meetings and decisions");
      expect(rows[0]).toMatchObject({
        type: "terms_of_reference",
        visibility: "public",
        platform_id: rows[0]!.id,
      });
    }
  });

  it("links the HCT minutes to the past special session they record", async () => {
    const rows = (
      await db.execute<{ title: string; type: string; ends_at: Date }>(sql`
        SELECT d.title, d.type, e.ends_at FROM events e
        JOIN documents d ON d.response_id = e.response_id AND d.id = e.minutes_document_id
        WHERE e.response_id = ${ids.myanmar!}`)
    ).rows;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ title: "Humanitarian Country Team: meeting minutes", type: "minutes" });
    expect(new Date(rows[0]!.ends_at).getTime()).toBeLessThan(Date.now());
  });

  it("makes files their readers recognise", async () => {
    expect((await fileTypeFromBuffer(textPdf("Title", ["line (1)"])))?.mime).toBe("application/pdf");
    expect((await fileTypeFromBuffer(illustrationPng([1, 2, 3], [4, 5, 6], 20, 10)))?.mime).toBe("image/png");
    const pdf = textPdf("T", ["a"]).toString("latin1");
    // The cross-reference table points at each object.
    const offsets = [...pdf.matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    for (const [i, o] of offsets.entries()) expect(pdf.slice(o, o + 7)).toBe(`${i + 1} 0 obj`);
  });
});
