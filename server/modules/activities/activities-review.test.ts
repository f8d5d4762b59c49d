import { and, eq, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { auditLog } from "../../db/schema/audit.ts";
import { buildTestApp } from "../../testing/factories.ts";
import { activityWorld } from "./activities.world.ts";

/** The review workflow on selections (all or nothing) and locked reporting months. */

let app: App;
let db: Db;

beforeAll(async () => {
  ({ app, db } = await buildTestApp());
});

const world = () => activityWorld(app, db);
const audit = (responseId: string, action: string) =>
  db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.responseId, responseId), like(auditLog.action, action)))
    .orderBy(auditLog.id);

describe("the review workflow", () => {
  it("goes draft → submitted → rejected with a reason → edited → submitted → approved", async () => {
    const w = await world();
    const editor = await w.login("organisation_editor");
    const coordinator = await w.login("sector_coordinator");
    const created = await w.create(w.valid(), editor);
    const id = created.json().id as string;

    const submit = await w.bulk([id], "submit", editor);
    expect(submit.statusCode, submit.body).toBe(200);
    expect(submit.json()).toEqual({ action: "submit", updated: 1, ids: [id] });
    expect((await w.get(id, editor)).json()).toMatchObject({ reviewState: "submitted", version: 2 });
    // Editors do not review, not even their own organisation's records.
    expect((await w.bulk([id], "approve", editor)).statusCode).toBe(403);

    const reject = await w.bulk([id], "reject", coordinator, "Figures do not add up");
    expect(reject.statusCode, reject.body).toBe(200);
    const rejected = (await w.get(id, editor)).json();
    expect(rejected).toMatchObject({
      reviewState: "rejected",
      rejectionReason: "Figures do not add up",
      version: 3,
    });
    expect(rejected.reviewedAt).not.toBeNull();

    const edited = await w.patch(id, { version: 3, women: 10 }, editor);
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ reviewState: "rejected", version: 4 });

    expect((await w.bulk([id], "submit", editor)).statusCode).toBe(200);
    const resubmitted = (await w.get(id, editor)).json();
    expect(resubmitted).toMatchObject({ reviewState: "submitted", rejectionReason: null, reviewedAt: null });

    expect((await w.bulk([id], "approve", coordinator)).statusCode).toBe(200);
    expect((await w.get(id)).json()).toMatchObject({ reviewState: "approved", version: 6 });

    const entries = await audit(w.responseId, "activity.%");
    expect(entries.map((e) => e.action)).toEqual([
      "activity.create",
      "activity.submit",
      "activity.reject",
      "activity.update",
      "activity.submit",
      "activity.approve",
    ]);
    expect(entries[2]).toMatchObject({ reason: "Figures do not add up" });
    expect(entries[2]!.before).toMatchObject({ reviewState: "submitted" });
    expect(entries[2]!.after).toMatchObject({ reviewState: "rejected" });
  });

  it("needs a reason to reject, and the right state for each action", async () => {
    const w = await world();
    const a = await w.created();
    const noReason = await w.bulk([a.id], "reject");
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.details[0].path).toBe("body.reason");
    const approveDraft = await w.bulk([a.id], "approve");
    expect(approveDraft.statusCode).toBe(409);
    expect(approveDraft.json().error.details).toEqual([
      { path: "body.ids.0", message: `activity ${a.id} is draft` },
    ]);
    await w.bulk([a.id], "submit");
    expect((await w.bulk([a.id], "submit")).statusCode).toBe(409);
    await w.bulk([a.id], "approve");
    // An approved record can be sent back with a reason.
    expect((await w.bulk([a.id], "reject", w.headers, "Duplicate of another")).statusCode).toBe(200);
  });
});

describe("bulk actions", () => {
  it("change every record of the selection at once, one audit entry each", async () => {
    const w = await world();
    const ids: string[] = [];
    for (const month of ["2024-03", "2024-04", "2024-05"])
      ids.push((await w.created({ reportingMonth: month })).id);
    const res = await w.bulk([...ids, ids[0]!], "submit");
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ updated: 3 });
    expect(await audit(w.responseId, "activity.submit")).toHaveLength(3);
  });

  it("refuse the whole selection when one record is not the caller's, naming it", async () => {
    const w = await world();
    const editor = await w.login("organisation_editor");
    const mine = await w.created();
    const theirs = await w.created({ reportingOrgId: w.otherOrg.id });
    const res = await w.bulk([mine.id, theirs.id], "submit", editor);
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatchObject({
      code: "FORBIDDEN",
      details: [{ path: "body.ids.1", message: `activity ${theirs.id}: not permitted` }],
    });
    expect(res.json().error.message).toContain(theirs.id);
    expect((await w.get(mine.id, editor)).json()).toMatchObject({ reviewState: "draft", version: 1 });
    expect(await audit(w.responseId, "activity.submit")).toHaveLength(0);
  });

  it("refuse the whole selection when one record is missing or in the wrong state", async () => {
    const w = await world();
    const a = await w.created();
    const b = await w.created({ reportingMonth: "2024-04" });
    await w.bulk([b.id], "submit");
    const missing = "00000000-0000-4000-8000-000000000001";
    const notFound = await w.bulk([a.id, missing], "submit");
    expect(notFound.statusCode).toBe(404);
    expect(notFound.json().error.details).toEqual([
      { path: "body.ids.1", message: `activity ${missing} not found` },
    ]);
    const wrong = await w.bulk([a.id, b.id], "submit");
    expect(wrong.statusCode).toBe(409);
    expect(wrong.json().error.details.map((d: { path: string }) => d.path)).toEqual(["body.ids.1"]);
    expect((await w.get(a.id, w.headers)).json().reviewState).toBe("draft");
  });

  it("let a coordinator review only records of their sector", async () => {
    const w = await world();
    const coordinator = await w.login("sector_coordinator");
    const mine = await w.created();
    const other = await w.created({ sectorId: w.otherSector.id, activityTypeId: w.otherType.id });
    await w.bulk([mine.id, other.id], "submit");
    const res = await w.bulk([mine.id, other.id], "approve", coordinator);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.details).toEqual([
      { path: "body.ids.1", message: `activity ${other.id}: not permitted` },
    ]);
    expect((await w.bulk([mine.id], "approve", coordinator)).statusCode).toBe(200);
  });
});

describe("month locks", () => {
  it("stop every write to records of the month, for everyone, until a manager unlocks it", async () => {
    const w = await world();
    const a = await w.created();
    const april = await w.created({ reportingMonth: "2024-04" });
    const lock = await w.lock("2024-03");
    expect(lock.statusCode, lock.body).toBe(201);
    expect(lock.json()).toMatchObject({
      month: "2024-03",
      reason: null,
      lockedBy: { name: expect.any(String) },
    });
    expect((await w.lock("2024-03")).statusCode).toBe(409);

    const refusals = [
      await w.create(w.valid({ externalId: "new" })),
      await w.patch(a.id, { version: 1, notes: "x" }),
      await w.patch(april.id, { version: 1, reportingMonth: "2024-03" }),
      await w.remove(a.id),
      await w.bulk([a.id], "submit"),
      await w.patch(a.id, { version: 1, notes: "x" }, await w.login("administrator")),
    ];
    for (const res of refusals) {
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json().error.message).toMatch(/2024-03 is locked|locked month \(2024-03\)/);
    }
    // Other months stay open.
    expect((await w.patch(april.id, { version: 1, notes: "april" })).statusCode).toBe(200);

    const list = await w.call("GET", "/month-locks", w.headers);
    expect(list.json().items.map((l: { month: string }) => l.month)).toEqual(["2024-03"]);
    expect((await w.unlock("2024-03", "oops")).statusCode).toBe(400);
    const unlock = await w.unlock("2024-03", "Late report from a partner");
    expect(unlock.statusCode, unlock.body).toBe(204);
    expect((await w.patch(a.id, { version: 1, notes: "x" })).statusCode).toBe(200);
    expect((await w.unlock("2024-03", "again, nothing locked")).statusCode).toBe(404);
    const [unlocked] = await audit(w.responseId, "month.unlock");
    expect(unlocked).toMatchObject({ entityId: "2024-03", reason: "Late report from a partner" });
    expect(await audit(w.responseId, "month.lock")).toHaveLength(1);
  });

  it("are for response managers: coordinators may neither lock nor unlock, the public may not list", async () => {
    const w = await world();
    const coordinator = await w.login("sector_coordinator");
    expect((await w.lock("2024-03", coordinator)).statusCode).toBe(403);
    expect((await w.lock("2024-03")).statusCode).toBe(201);
    expect((await w.unlock("2024-03", "coordinator wants it", coordinator)).statusCode).toBe(403);
    expect((await w.call("GET", "/month-locks", coordinator)).statusCode).toBe(200);
    expect((await w.call("GET", "/month-locks")).statusCode).toBe(401);
    const bad = await w.call("POST", "/month-locks", w.headers, { month: "2024-3" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe("body.month");
  });
});
