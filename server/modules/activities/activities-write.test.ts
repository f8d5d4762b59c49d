import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { auditLog } from "../../db/schema/audit.ts";
import { buildLocation, buildOrganisation, buildTestApp } from "../../testing/factories.ts";
import { activityWorld } from "./activities.world.ts";

/** Creating, reading and changing 4W records: every rule and its error path. */

let app: App;
let db: Db;

beforeAll(async () => {
  ({ app, db } = await buildTestApp());
});

const world = () => activityWorld(app, db);
const auditOf = (responseId: string, entityId: string) =>
  db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.responseId, responseId), eq(auditLog.entityId, entityId)))
    .orderBy(auditLog.id);

const expectInvalid = (res: { statusCode: number; body: string; json: () => unknown }, path: string) => {
  expect(res.statusCode, res.body).toBe(400);
  const error = (res.json() as { error: { code: string; details: { path: string }[] } }).error;
  expect(error.code).toBe("VALIDATION_FAILED");
  expect(error.details.map((d) => d.path)).toContain(path);
};

describe("creating a record", () => {
  it("creates a draft at version 1 with the names and codes of what it refers to, and audits it", async () => {
    const w = await world();
    const res = await w.create(
      w.valid({
        implementingOrgId: w.otherOrg.id,
        donorIds: [w.donor.id, w.donor.id],
        subSectorId: w.subSector.id,
        activityTypeId: w.subType.id,
        indicatorId: w.indicator.id,
        populationGroupId: w.population.id,
        quantity: 12.5,
        unit: "latrines",
        women: 4,
        men: 3,
        girls: 2,
        boys: 1,
        elderly: 2,
        modality: "in_kind",
        notes: "Block C",
        externalId: "PTR-001",
      }),
    );
    expect(res.statusCode, res.body).toBe(201);
    const a = res.json();
    expect(a).toMatchObject({
      version: 1,
      reviewState: "draft",
      rejectionReason: null,
      reportingOrg: { id: w.org.id, name: w.org.name, acronym: "PTR" },
      implementingOrg: { id: w.otherOrg.id },
      donors: [{ id: w.donor.id, name: w.donor.name }],
      sector: { id: w.sector.id, code: w.sector.code },
      subSector: { id: w.subSector.id, code: w.subSector.code },
      activityType: { id: w.subType.id, code: w.subType.code },
      indicator: { id: w.indicator.id, code: w.indicator.code, unit: "people" },
      location: { id: w.camp.id, code: w.camp.code, name: "Camp Nine" },
      populationGroup: { id: w.population.id, code: w.population.code },
      reportingMonth: "2024-03-01",
      quantity: 12.5,
      reachedTotal: 10,
      externalId: "PTR-001",
    });
    const [entry] = await auditOf(w.responseId, a.id);
    expect(entry).toMatchObject({ action: "activity.create", entityType: "activity", before: null });
    expect(entry!.after).toMatchObject({ reachedTotal: 10, donorIds: [w.donor.id] });
    expect((await w.get(a.id, w.headers)).json()).toEqual(a);
  });

  it("refuses the cross-field rules with the field's path", async () => {
    const w = await world();
    expectInvalid(await w.create(w.valid({ endDate: "2024-02-01" })), "body.endDate");
    expectInvalid(await w.create(w.valid({ reportingMonth: "2024-06" })), "body.reportingMonth");
    expectInvalid(await w.create(w.valid({ reportingMonth: "2024-03-15" })), "body.reportingMonth");
    expectInvalid(await w.create(w.valid({ reachedTotal: 5, women: 3, men: 3 })), "body.reachedTotal");
    expectInvalid(await w.create(w.valid({ reachedTotal: 5, elderly: 6 })), "body.elderly");
    expectInvalid(
      await w.create(w.valid({ reachedTotal: 5, personsWithDisabilities: 6 })),
      "body.personsWithDisabilities",
    );
    expectInvalid(await w.create(w.valid({ women: -1 })), "body.women");
    expectInvalid(await w.create(w.valid({ notes: "x".repeat(2001) })), "body.notes");
    expectInvalid(await w.create(w.valid({ reviewState: "approved" })), "body");
  });

  it("refuses references that do not fit, naming each", async () => {
    const w = await world();
    expectInvalid(await w.create(w.valid({ subSectorId: w.otherSector.id })), "body.subSectorId");
    expectInvalid(await w.create(w.valid({ activityTypeId: w.otherType.id })), "body.activityTypeId");
    expectInvalid(await w.create(w.valid({ activityTypeId: w.subType.id })), "body.activityTypeId");
    expectInvalid(await w.create(w.valid({ indicatorId: w.otherIndicator.id })), "body.indicatorId");
    expectInvalid(await w.create(w.valid({ populationGroupId: w.org.id })), "body.populationGroupId");
    expectInvalid(await w.create(w.valid({ donorIds: [w.donor.id, w.sector.id] })), "body.donorIds.1");
    expectInvalid(await w.create(w.valid({ reportingOrgId: w.sector.id })), "body.reportingOrgId");
    const merged = await buildOrganisation(db, w.responseId, { mergedIntoId: w.org.id });
    expectInvalid(await w.create(w.valid({ implementingOrgId: merged.id })), "body.implementingOrgId");
  });

  it("wants the location valid over the whole activity", async () => {
    const w = await world();
    const closed = await buildLocation(db, w.responseId, { validFrom: "2024-01-01", validTo: "2024-04-30" });
    // The camp is valid from 2020: an activity from 2019 is refused.
    const early = await w.create(w.valid({ startDate: "2019-12-01" }));
    expectInvalid(early, "body.locationId");
    expect(early.json().error.details[0].message).toContain("valid from 2020-01-01");
    expectInvalid(await w.create(w.valid({ locationId: closed.id })), "body.locationId");
    const fits = await w.create(w.valid({ locationId: closed.id, endDate: "2024-04-30" }));
    expect(fits.statusCode, fits.body).toBe(201);
  });

  it("refuses a second record with the same external id or natural key (409)", async () => {
    const w = await world();
    await w.created({ externalId: "X-1" });
    const sameId = await w.create(w.valid({ externalId: "X-1", locationId: w.district.id }));
    expect(sameId.statusCode).toBe(409);
    expect(sameId.json().error.details[0].path).toBe("body.externalId");
    const sameKey = await w.create(w.valid({ externalId: "X-2" }));
    expect(sameKey.statusCode).toBe(409);
    expect(sameKey.json().error.details[0].path).toBe("body");
    // Another population group, month or organisation is another record.
    expect((await w.create(w.valid({ populationGroupId: w.population.id }))).statusCode).toBe(201);
    expect((await w.create(w.valid({ reportingMonth: "2024-04" }))).statusCode).toBe(201);
    expect((await w.create(w.valid({ reportingOrgId: w.otherOrg.id, externalId: "X-1" }))).statusCode).toBe(
      201,
    );
  });

  it("lets editors create for their own organisation and coordinators in their own sector only", async () => {
    const w = await world();
    const editor = await w.login("organisation_editor");
    expect((await w.create(w.valid(), editor)).statusCode).toBe(201);
    const other = await w.create(w.valid({ reportingOrgId: w.otherOrg.id }), editor);
    expect(other.statusCode).toBe(403);
    const coordinator = await w.login("sector_coordinator");
    expect((await w.create(w.valid({ reportingMonth: "2024-04" }), coordinator)).statusCode).toBe(201);
    const elsewhere = await w.create(
      w.valid({ sectorId: w.otherSector.id, activityTypeId: w.otherType.id }),
      coordinator,
    );
    expect(elsewhere.statusCode).toBe(403);
    // A coordinator of the sub-sector covers records of that sub-sector.
    const subCoordinator = await w.login("sector_coordinator", { sectorId: w.subSector.id });
    const sub = w.valid({
      subSectorId: w.subSector.id,
      activityTypeId: w.subType.id,
      reportingMonth: "2024-05",
    });
    expect((await w.create(sub, subCoordinator)).statusCode).toBe(201);
    expect((await w.create(w.valid({ reportingMonth: "2024-05" }), subCoordinator)).statusCode).toBe(403);
    const viewer = await w.login("viewer");
    expect((await w.create(w.valid(), viewer)).statusCode).toBe(403);
    expect((await w.create(w.valid(), {})).statusCode).toBe(401);
  });
});

describe("changing a record", () => {
  it("changes what is sent, moves the version on and audits before and after", async () => {
    const w = await world();
    const a = await w.created({ women: 2, men: 2, donorIds: [w.donor.id] });
    const res = await w.patch(a.id, { version: 1, notes: "Revised", status: "completed" });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ version: 2, notes: "Revised", status: "completed", reachedTotal: 4 });
    expect(res.json().donors).toHaveLength(1);
    const entries = await auditOf(w.responseId, a.id);
    expect(entries.map((e) => e.action)).toEqual(["activity.create", "activity.update"]);
    expect(entries[1]!.before).toMatchObject({ version: 1, notes: null });
    expect(entries[1]!.after).toMatchObject({ version: 2, notes: "Revised" });
    // Donors change only when sent; null derives the total again.
    const again = await w.patch(a.id, { version: 2, donorIds: [], women: 5, reachedTotal: null });
    expect(again.json()).toMatchObject({ version: 3, donors: [], reachedTotal: 7 });
  });

  it("answers a stale version with 409 and the current record", async () => {
    const w = await world();
    const a = await w.created();
    expect((await w.patch(a.id, { version: 1, notes: "first" })).statusCode).toBe(200);
    const stale = await w.patch(a.id, { version: 1, notes: "second" });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: "CONFLICT", details: [{ path: "body.version" }] });
    expect(stale.json().current).toMatchObject({ id: a.id, version: 2, notes: "first" });
  });

  it("checks the rules on the record as it would be", async () => {
    const w = await world();
    const a = await w.created({ reachedTotal: 10 });
    expectInvalid(await w.patch(a.id, { version: 1, endDate: "2024-02-28" }), "body.endDate");
    expectInvalid(await w.patch(a.id, { version: 1, women: 11 }), "body.reachedTotal");
    expectInvalid(await w.patch(a.id, { version: 1, activityTypeId: w.otherType.id }), "body.activityTypeId");
    expectInvalid(await w.patch(a.id, { notes: "no version" }), "body.version");
    expect((await w.get(a.id, w.headers)).json().version).toBe(1);
    const b = await w.created({ reportingMonth: "2024-04" });
    const clash = await w.patch(b.id, { version: 1, reportingMonth: "2024-03" });
    expect(clash.statusCode).toBe(409);
  });

  it("keeps an editor to records of their organisation, before and after the change", async () => {
    const w = await world();
    const editor = await w.login("organisation_editor");
    const mine = await w.created();
    const theirs = await w.created({ reportingOrgId: w.otherOrg.id });
    expect((await w.patch(theirs.id, { version: 1, notes: "x" }, editor)).statusCode).toBe(403);
    expect((await w.patch(mine.id, { version: 1, reportingOrgId: w.otherOrg.id }, editor)).statusCode).toBe(
      403,
    );
    expect((await w.patch(mine.id, { version: 1, notes: "mine" }, editor)).statusCode).toBe(200);
    const coordinator = await w.login("sector_coordinator");
    const away = { version: 2, sectorId: w.otherSector.id, activityTypeId: w.otherType.id };
    expect((await w.patch(mine.id, away, coordinator)).statusCode).toBe(403);
  });

  it("sends an editor of an approved record to the coordinator; a reviewer's change keeps it approved", async () => {
    const w = await world();
    const a = await w.created();
    expect((await w.bulk([a.id], "submit")).statusCode).toBe(200);
    const editor = await w.login("organisation_editor");
    const submitted = await w.patch(a.id, { version: 2, notes: "late fix" }, editor);
    expect(submitted.statusCode).toBe(409);
    expect(submitted.json().error.message).toMatch(/^Submitted for review: ask the sector coordinator/);
    expect((await w.bulk([a.id], "approve")).statusCode).toBe(200);
    const approved = await w.patch(a.id, { version: 3, notes: "late fix" }, editor);
    expect(approved.statusCode).toBe(409);
    expect(approved.json().error.message).toMatch(/^Approved: ask the sector coordinator/);
    const coordinator = await w.login("sector_coordinator");
    const fixed = await w.patch(a.id, { version: 3, notes: "fixed by coordinator" }, coordinator);
    expect(fixed.statusCode, fixed.body).toBe(200);
    expect(fixed.json()).toMatchObject({ reviewState: "approved", version: 4 });
    const entries = await auditOf(w.responseId, a.id);
    expect(entries.at(-1)).toMatchObject({
      action: "activity.update",
      reason: "approved record changed by a reviewer",
    });
  });
});

describe("deleting a record", () => {
  it("lets writers delete drafts and rejected records, and only reviewers the others", async () => {
    const w = await world();
    const editor = await w.login("organisation_editor");
    const draft = await w.created();
    expect((await w.remove(draft.id, editor)).statusCode).toBe(204);
    expect((await w.get(draft.id, w.headers)).statusCode).toBe(404);
    const [entry] = (await auditOf(w.responseId, draft.id)).filter((e) => e.action === "activity.delete");
    expect(entry!.before).toMatchObject({ id: draft.id });
    const submitted = await w.created({ reportingMonth: "2024-04" });
    await w.bulk([submitted.id], "submit");
    expect((await w.remove(submitted.id, editor)).statusCode).toBe(409);
    await w.bulk([submitted.id], "reject", w.headers, "Wrong camp");
    expect((await w.remove(submitted.id, editor)).statusCode).toBe(204);
    const approved = await w.created({ reportingMonth: "2024-05" });
    await w.bulk([approved.id], "submit");
    await w.bulk([approved.id], "approve");
    expect((await w.remove(approved.id, editor)).statusCode).toBe(409);
    expect((await w.remove(approved.id, await w.login("viewer"))).statusCode).toBe(403);
    expect((await w.remove(approved.id, await w.login("sector_coordinator"))).statusCode).toBe(204);
    expect((await w.remove(approved.id)).statusCode).toBe(404);
  });
});

describe("records and organisation merges", () => {
  it("move to the surviving organisation, donors included", async () => {
    const w = await world();
    const duplicate = await buildOrganisation(db, w.responseId);
    const a = await w.created({
      reportingOrgId: duplicate.id,
      implementingOrgId: duplicate.id,
      donorIds: [duplicate.id, w.donor.id],
    });
    const b = await w.created({ donorIds: [duplicate.id, w.otherOrg.id], reportingMonth: "2024-04" });
    const res = await app.inject({
      method: "POST",
      url: `/api/v1/responses/${w.slug}/organisations/${duplicate.id}/merge`,
      headers: w.headers,
      payload: { intoId: w.otherOrg.id },
    });
    expect(res.statusCode, res.body).toBe(200);
    const moved = (await w.get(a.id, w.headers)).json();
    expect(moved.reportingOrg.id).toBe(w.otherOrg.id);
    expect(moved.implementingOrg.id).toBe(w.otherOrg.id);
    expect(moved.donors.map((d: { id: string }) => d.id).sort()).toEqual([w.otherOrg.id, w.donor.id].sort());
    expect((await w.get(b.id, w.headers)).json().donors.map((d: { id: string }) => d.id)).toEqual([
      w.otherOrg.id,
    ]);
  });

  it("refuses a merge that would make two records of the survivor the same, moving nothing", async () => {
    const w = await world();
    const duplicate = await buildOrganisation(db, w.responseId);
    const a = await w.created({ reportingOrgId: duplicate.id });
    await w.created();
    const res = await app.inject({
      method: "POST",
      url: `/api/v1/responses/${w.slug}/organisations/${duplicate.id}/merge`,
      headers: w.headers,
      payload: { intoId: w.org.id },
    });
    expect(res.statusCode).toBe(409);
    expect((await w.get(a.id, w.headers)).json().reportingOrg.id).toBe(duplicate.id);
    const del = await app.inject({
      method: "DELETE",
      url: `/api/v1/responses/${w.slug}/organisations/${duplicate.id}`,
      headers: w.headers,
    });
    expect(del.statusCode).toBe(409);
  });
});
