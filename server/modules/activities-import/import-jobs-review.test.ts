import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { App } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { activities } from "../../db/schema/activities.ts";
import { activityImports } from "../../db/schema/imports.ts";
import { buildTestApp } from "../../testing/factories.ts";
import { multipart } from "../../testing/multipart.ts";
import { type ActivityWorld, activityWorld } from "../activities/activities.world.ts";
import { importFinished } from "./import-jobs.service.ts";

/** Review of the import jobs: refused uploads keep nothing, runs release their file, one run at a time. */

let app: App;
let db: Db;
const dataDir = path.join(os.tmpdir(), `isx-review-${process.pid}-${randomUUID()}`);

beforeAll(async () => {
  ({ app, db } = await buildTestApp({ DATA_DIR: dataDir }));
});

const header = [
  "Partner",
  "Sector",
  "Activity type",
  "Location code",
  "Status",
  "Start date",
  "End date",
  "Month",
];
const row = (w: ActivityWorld, month = "2024-03") => [
  w.org.name,
  w.sector.code,
  w.type.code,
  w.camp.code,
  "ongoing",
  "2024-03-01",
  "2024-05-31",
  month,
];
const csv = (rows: string[][]) => rows.map((r) => r.join(",")).join("\n");
const importsUrl = (w: ActivityWorld, id = "", rest = "") =>
  `/api/v1/responses/${w.slug}/activity-imports${id ? `/${id}` : ""}${rest}`;

async function upload(w: ActivityWorld, content: string, headers: object = w.headers) {
  const body = multipart(content, {}, "march.csv");
  const res = await app.inject({
    method: "POST",
    url: importsUrl(w),
    headers: { ...headers, "content-type": body.contentType } as Record<string, string>,
    payload: body.payload,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().import as { id: string };
}

const storedFiles = (responseId: string) => {
  const dir = path.join(dataDir, "imports", responseId);
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
};
const storedRows = (responseId: string) =>
  db.select().from(activityImports).where(eq(activityImports.responseId, responseId));

/** Files of this process open on `file` (Linux). */
const openOn = (file: string) =>
  fs
    .readdirSync("/proc/self/fd")
    .map((fd) => {
      try {
        return fs.readlinkSync(`/proc/self/fd/${fd}`);
      } catch {
        return "";
      }
    })
    .filter((target) => target === file).length;

describe("import jobs (review)", () => {
  it("starts one run when two run requests for the same import arrive together", async () => {
    const w = await activityWorld(app, db);
    // Long enough to read that the first run is still going when the second request is handled
    // (a run of two rows could end first, and a run after it is then allowed).
    const rows = Array.from({ length: 20_000 }, (_, i) => row(w, i % 2 ? "2024-04" : undefined));
    const created = await upload(w, csv([header, ...rows]));
    const [a, b] = await Promise.all(
      [0, 1].map(() =>
        app.inject({
          method: "POST",
          url: importsUrl(w, created.id, "/runs"),
          headers: w.headers as Record<string, string>,
          payload: { dryRun: false },
        }),
      ),
    );
    await importFinished(created.id);
    await importFinished(created.id);
    expect([a!.statusCode, b!.statusCode].sort()).toEqual([202, 409]);
  });

  it("closes the stored file when a run fails before reading it to the end", async () => {
    const w = await activityWorld(app, db);
    // No status column: the preview answers (listing it as missing); the run fails at the header.
    // Larger than what the reader takes at once, so the file is not read to its end by the header.
    const rows = Array.from({ length: 20_000 }, () => row(w).slice(0, 4));
    const created = await upload(w, csv([header.slice(0, 4), ...rows]));
    const res = await app.inject({
      method: "POST",
      url: importsUrl(w, created.id, "/runs"),
      headers: w.headers as Record<string, string>,
      payload: { dryRun: true },
    });
    expect(res.statusCode, res.body).toBe(202);
    await importFinished(created.id);
    const done = await app.inject({ method: "GET", url: importsUrl(w, created.id), headers: w.headers });
    expect(done.json()).toMatchObject({ state: "failed", error: { code: "VALIDATION_FAILED" } });
    await new Promise((r) => setTimeout(r, 50));
    expect(openOn(path.join(dataDir, "imports", w.responseId, created.id))).toBe(0);
  });

  it("takes the first file when a second file part follows (no 413 that kept the first anyway)", async () => {
    const w = await activityWorld(app, db);
    const boundary = `----isx${randomUUID()}`;
    const part = (content: string) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\n${content}\r\n`;
    const file = csv([header, row(w)]);
    const res = await app.inject({
      method: "POST",
      url: importsUrl(w),
      headers: { ...w.headers, "content-type": `multipart/form-data; boundary=${boundary}` } as Record<
        string,
        string
      >,
      payload: `${part(file)}${part(file)}--${boundary}--\r\n`,
    });
    // The first file is the upload (as the route ignores parts after it), not a 413 that kept it anyway.
    expect(res.statusCode, res.body).toBe(201);
    expect(await storedRows(w.responseId)).toHaveLength(1);
    expect(storedFiles(w.responseId)).toHaveLength(1);
  });

  it("refuses a file over 50 MB with 413 and keeps nothing of it", async () => {
    const w = await activityWorld(app, db);
    const line = `${row(w).join(",")}\n`;
    const big = `${header.join(",")}\n${line.repeat(Math.ceil((50 * 1024 * 1024 + 10) / line.length))}`;
    const body = multipart(big, {}, "big.csv");
    const res = await app.inject({
      method: "POST",
      url: importsUrl(w),
      headers: { ...w.headers, "content-type": body.contentType } as Record<string, string>,
      payload: body.payload,
    });
    expect(res.statusCode, res.body).toBe(413);
    expect(res.json().error.message).toMatch(/50 MB.*command line/);
    expect(await storedRows(w.responseId)).toEqual([]);
    expect(storedFiles(w.responseId)).toEqual([]);
  });

  it("answers 400, not 500, when the stored file is no longer kept", async () => {
    const w = await activityWorld(app, db);
    const created = await upload(w, csv([header, row(w)]));
    const checked = await app.inject({
      method: "POST",
      url: importsUrl(w, created.id, "/runs"),
      headers: w.headers as Record<string, string>,
      payload: { dryRun: true },
    });
    expect(checked.statusCode, checked.body).toBe(202);
    await importFinished(created.id);
    fs.rmSync(path.join(dataDir, "imports", w.responseId, created.id));
    for (const [method, rest, payload] of [
      ["GET", "/annotated", undefined],
      ["POST", "/preview", {}],
      ["POST", "/runs", { dryRun: true }],
    ] as const) {
      const res = await app.inject({
        method,
        url: importsUrl(w, created.id, rest),
        headers: w.headers as Record<string, string>,
        ...(payload ? { payload } : {}),
      });
      expect(res.statusCode, `${method} ${rest}: ${res.body}`).toBe(400);
      expect(res.json().error.message).toMatch(/no longer kept/);
    }
  });

  it("refuses an organisation that is not in the response (404, not a 409 conflict), keeping nothing", async () => {
    const w = await activityWorld(app, db);
    const body = multipart(csv([header, row(w)]), { organisationId: randomUUID() }, "march.csv");
    const res = await app.inject({
      method: "POST",
      url: importsUrl(w),
      headers: { ...w.headers, "content-type": body.contentType } as Record<string, string>,
      payload: body.payload,
    });
    expect([400, 404], res.body).toContain(res.statusCode);
    expect(await storedRows(w.responseId)).toEqual([]);
    expect(storedFiles(w.responseId)).toEqual([]);
  });

  it("reports an import that was written as imported even when its mapping cannot be remembered", async () => {
    const w = await activityWorld(app, db);
    const editor = await w.login("organisation_editor");
    // A header too long for the mappings' key index (a btree entry holds about 2.7 kB).
    const long = `Remarks ${Array.from({ length: 1500 }, (_, i) => `w${i}`).join(" ")}`;
    const created = await upload(
      w,
      csv([
        [...header, long],
        [...row(w), "note"],
      ]),
      editor,
    );
    const res = await app.inject({
      method: "POST",
      url: importsUrl(w, created.id, "/runs"),
      headers: editor as Record<string, string>,
      payload: { dryRun: false, mapping: { "8": "notes" }, saveMapping: true },
    });
    expect(res.statusCode, res.body).toBe(202);
    await importFinished(created.id);
    const done = await app.inject({ method: "GET", url: importsUrl(w, created.id), headers: editor });
    expect((await db.select().from(activities).where(eq(activities.responseId, w.responseId))).length).toBe(
      1,
    );
    expect(done.json()).toMatchObject({ state: "imported", error: null, report: { created: 1 } });
  });

  it("does not leave a rejected promise behind when the end of a run cannot be recorded", async () => {
    const w = await activityWorld(app, db);
    const created = await upload(w, csv([header, row(w)]));
    const update = db.update.bind(db);
    let calls = 0;
    // The first update starts the run; the second, its end, fails (as a lost database connection would).
    const spy = vi.spyOn(db, "update").mockImplementation(((table: Parameters<Db["update"]>[0]) => {
      calls++;
      if (calls === 2) throw new Error("connection lost");
      return update(table);
    }) as Db["update"]);
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.prependListener("unhandledRejection", onRejection);
    try {
      const res = await app.inject({
        method: "POST",
        url: importsUrl(w, created.id, "/runs"),
        headers: w.headers as Record<string, string>,
        payload: { dryRun: true },
      });
      expect(res.statusCode, res.body).toBe(202);
      // Not importFinished: awaiting the run's promise would handle its rejection.
      for (let i = 0; i < 100 && calls < 2; i++) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      spy.mockRestore();
      process.removeListener("unhandledRejection", onRejection);
    }
    expect(calls).toBeGreaterThanOrEqual(2);
    expect(rejections).toEqual([]);
  });

  it("keeps no import of a file with no rows, refused by its preview at upload", async () => {
    const w = await activityWorld(app, db);
    const body = multipart(",,,\n,,,\n", {}, "blank.csv");
    const res = await app.inject({
      method: "POST",
      url: importsUrl(w),
      headers: { ...w.headers, "content-type": body.contentType } as Record<string, string>,
      payload: body.payload,
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(await storedRows(w.responseId)).toEqual([]);
    expect(storedFiles(w.responseId)).toEqual([]);
  });
});
