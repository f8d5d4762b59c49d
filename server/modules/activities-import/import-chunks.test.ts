import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { activities } from "../../db/schema/activities.ts";
import { auditLog } from "../../db/schema/audit.ts";
import { buildTestApp } from "../../testing/factories.ts";
import { type ActivityWorld, activityWorld } from "../activities/activities.world.ts";
import { importActivities } from "./activities-import.service.ts";
import { type ImportOptions, systemPrincipal } from "./import-types.ts";

/**
 * The second pass works in chunks: rules that span rows must hold across chunk boundaries, so
 * these imports run one row per chunk. The report's issue list is capped, the counts are not.
 */

let app: App;
let db: Db;

beforeAll(async () => {
  ({ app, db } = await buildTestApp());
});

const header = "Partner,Sector,Activity type,P-code,Status,Start date,End date,Month,External ID";
const line = (w: ActivityWorld, code: string, month: string, ext: string) =>
  `${w.org.name},${w.sector.code},${w.type.code},${code},ongoing,2024-01-01,2024-12-31,${month},${ext}`;

const run = (
  w: ActivityWorld,
  rows: string[],
  extra: Pick<ImportOptions, "chunkSize" | "issueLimit" | "dryRun" | "onProgress"> = {},
) =>
  importActivities(db, w.responseId, Buffer.from([header, ...rows].join("\n")), {
    principal: systemPrincipal,
    actor: { id: null, label: "test" },
    chunkSize: 1,
    ...extra,
  });

describe("chunked commit", () => {
  it("refuses two rows reaching one stored record by different paths, in either order, across chunks", async () => {
    const w = await activityWorld(app, db);
    const stored = await w.created({
      externalId: "R-1",
      reportingMonth: "2024-03",
      startDate: "2024-01-01",
      endDate: "2024-12-31",
    });
    // By external id (moving the record to the district), then by its old key without an id.
    const byExternalFirst = await run(w, [
      line(w, w.district.code, "2024-03", "R-1"),
      line(w, w.camp.code, "2024-03", ""),
    ]);
    expect(byExternalFirst.issues.map((i) => [i.row, i.code])).toEqual([[3, "DUPLICATE_ROW"]]);
    expect(byExternalFirst).toMatchObject({ created: 0, updated: 0, invalid: 1 });
    const byKeyFirst = await run(w, [
      line(w, w.camp.code, "2024-03", ""),
      line(w, w.district.code, "2024-03", "R-1"),
    ]);
    expect(byKeyFirst.issues.map((i) => [i.row, i.code])).toEqual([[3, "DUPLICATE_ROW"]]);
    const [after] = await db.select().from(activities).where(eq(activities.id, stored.id));
    expect(after!.version).toBe(stored.version);
  });

  it("imports and re-imports one row per chunk: created once, then unchanged", async () => {
    const w = await activityWorld(app, db);
    const rows = ["2024-01", "2024-02", "2024-03", "2024-04"].map((m, i) =>
      line(w, w.camp.code, m, `C-${i}`),
    );
    expect(await run(w, rows)).toMatchObject({ rows: 4, created: 4, updated: 0, unchanged: 0, issues: [] });
    expect(await run(w, rows)).toMatchObject({ rows: 4, created: 0, updated: 0, unchanged: 4, issues: [] });
    // The same file in one chunk agrees.
    expect(await run(w, rows, { chunkSize: 5000 })).toMatchObject({ unchanged: 4 });
    expect((await db.select().from(activities).where(eq(activities.responseId, w.responseId))).length).toBe(
      4,
    );
  });

  it("lists at most issueLimit issues, then one issue counting the rest", async () => {
    const w = await activityWorld(app, db);
    const bad = ["2024-13", "2024-14", "2024-15", "2024-16", "2024-17"].map((m) =>
      line(w, w.camp.code, m, ""),
    );
    const report = await run(w, bad, { issueLimit: 2, dryRun: true });
    expect(report).toMatchObject({ rows: 5, invalid: 5, valid: 0 });
    expect(report.issues.map((i) => i.row)).toEqual([2, 3, null]);
    expect(report.issues[2]).toEqual({
      row: null,
      column: null,
      severity: "error",
      code: "ISSUES_OMITTED",
      value: "3",
      message: "3 more issues (3 of them errors) are not listed: a report lists the first 2.",
    });
  });
});

describe("an interrupted import", () => {
  /** Everything an import could change: the response's records as stored, and its audit rows. */
  async function everything(w: ActivityWorld) {
    const records = await db
      .select()
      .from(activities)
      .where(eq(activities.responseId, w.responseId))
      .orderBy(activities.id);
    const audit = await db.select().from(auditLog).where(eq(auditLog.responseId, w.responseId));
    return { records, audit: audit.length };
  }

  /** A stored record (external id R-1), and rows that update it, create one, then reach April. */
  async function setUp() {
    const w = await activityWorld(app, db);
    await w.created({
      externalId: "R-1",
      reportingMonth: "2024-02",
      startDate: "2024-01-01",
      endDate: "2024-12-31",
    });
    const rows = [
      line(w, w.camp.code, "2024-03", "R-1"),
      line(w, w.camp.code, "2024-05", "N-1"),
      line(w, w.camp.code, "2024-04", "N-2"),
    ];
    return { w, rows };
  }

  it("keeps nothing of the chunks already written when a later chunk hits a locked month (mode all)", async () => {
    const { w, rows } = await setUp();
    expect((await w.lock("2024-04")).statusCode).toBe(201);
    const before = await everything(w);
    const report = await run(w, rows);
    expect(report.issues.map((i) => [i.row, i.code])).toEqual([[4, "MONTH_LOCKED"]]);
    expect(report).toMatchObject({ created: 0, updated: 0 });
    expect(await everything(w)).toEqual(before);
  });

  it("keeps nothing when the commit fails after its first chunks were written", async () => {
    const { w, rows } = await setUp();
    const before = await everything(w);
    const failure = new Error("the server stopped");
    const failing = run(w, rows, {
      // Called after each chunk is written: fail once the update and the insert are in.
      onProgress: (p) => {
        if (p.phase === "writing" && p.written === 2) throw failure;
      },
    });
    await expect(failing).rejects.toBe(failure);
    expect(await everything(w)).toEqual(before);
    // The same file, uninterrupted, writes both rows: the failure above was the only reason.
    expect(await run(w, rows)).toMatchObject({ created: 2, updated: 1, issues: [] });
  });
});

describe("explicit mapping keys", () => {
  it("reads a key of digits as a column index, so a header such as 2024 is mapped by its index", async () => {
    const w = await activityWorld(app, db);
    const file = Buffer.from([`${header},2024`, `${line(w, w.camp.code, "2024-03", "D-1")},7`].join("\n"));
    const options = { principal: systemPrincipal, actor: { id: null, label: "test" }, dryRun: true };
    const byIndex = await importActivities(db, w.responseId, file, { ...options, mapping: { "9": "girls" } });
    expect(byIndex.columns.find((c) => c.header === "2024")?.field).toBe("girls");
    expect(byIndex).toMatchObject({ valid: 1, invalid: 0 });
    await expect(
      importActivities(db, w.responseId, file, { ...options, mapping: { "2024": "girls" } }),
    ).rejects.toMatchObject({ code: "VALIDATION_FAILED", details: [{ path: "mapping.2024" }] });
  });
});
