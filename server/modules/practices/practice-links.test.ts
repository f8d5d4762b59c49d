import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { documents } from "../../db/schema/documents.ts";
import {
  buildActivity,
  buildActivityType,
  buildLocation,
  buildManagedResponse,
  buildOrganisation,
  buildResponse,
  buildSector,
  buildTestApp,
  buildUser,
  signIn,
} from "../../testing/factories.ts";
import { FORM_MIN_SECONDS, issueFormToken } from "./form-token.ts";

/** A practice's links to the 4W records and the library documents that apply it, as each reader may see them. */

let app: App;
let db: Db;

beforeAll(async () => {
  ({ app, db } = await buildTestApp());
});

const practice = (over: Record<string, unknown> = {}) => ({
  title: "Cash for LPG refills",
  summary: "Households received LPG refills by voucher instead of firewood.",
  type: "programme_project",
  ...over,
});

async function world() {
  const managed = await buildManagedResponse(app, db);
  const url = (rest = "") => `/api/v1/responses/${managed.slug}/practices${rest}`;
  const document = async (
    title: string,
    visibility: "public" | "signed_in",
    responseId = managed.response.id,
  ) => {
    const [row] = await db
      .insert(documents)
      .values({ responseId, title, type: "assessment", visibility })
      .returning();
    return row!;
  };
  const submit = (payload: object, headers = managed.headers) =>
    app.inject({ method: "POST", url: url(), headers, payload });
  const patch = (id: string, payload: object, headers = managed.headers) =>
    app.inject({ method: "PATCH", url: url(`/${id}`), headers, payload });
  const publish = async (id: string) => {
    const res = await app.inject({
      method: "POST",
      url: url(`/${id}/transitions`),
      headers: managed.headers,
      payload: { action: "publish" },
    });
    expect(res.statusCode, res.body).toBe(200);
  };
  const stored = async (id: string) =>
    (
      await db.execute<{ activity_ids: string[]; document_ids: string[] }>(
        sql`SELECT activity_ids, document_ids FROM practices WHERE response_id = ${managed.response.id} AND id = ${id}`,
      )
    ).rows[0]!;
  return { ...managed, url, document, submit, patch, publish, stored };
}

describe("links to 4W records and documents", () => {
  it("takes the ids of real records and documents and answers with their refs", async () => {
    const w = await world();
    const brac = await buildOrganisation(db, w.response.id, { name: "BRAC", acronym: "BRAC" });
    const sector = await buildSector(db, w.response.id);
    const type = await buildActivityType(db, w.response.id, sector.id, { name: "LPG distribution" });
    const camp = await buildLocation(db, w.response.id, { code: "CXB-C1E", name: "Camp 1E" });
    const activity = await buildActivity(db, w.response.id, {
      reviewState: "approved",
      reportingOrgId: brac.id,
      sectorId: sector.id,
      activityTypeId: type.id,
      locationId: camp.id,
    });
    const report = await w.document("LPG evaluation 2023", "public");
    const res = await w.submit(practice({ activityIds: [activity.id], documentIds: [report.id] }));
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body.activities).toEqual([
      {
        id: activity.id,
        label: "BRAC · LPG distribution · Camp 1E · 2024-03",
        reportingOrgId: brac.id,
        locationCode: "CXB-C1E",
        reportingMonth: "2024-03",
      },
    ]);
    expect(body.documents).toEqual([{ id: report.id, title: "LPG evaluation 2023" }]);
    expect(body).not.toHaveProperty("documentIds");
  });

  it("shows a visitor only the approved records and public documents of a published practice", async () => {
    const w = await world();
    const approved = await buildActivity(db, w.response.id, { reviewState: "approved" });
    const draft = await buildActivity(db, w.response.id);
    const open = await w.document("Joint evaluation", "public");
    const internal = await w.document("Partner contact sheet (internal)", "signed_in");
    const res = await w.submit(
      practice({ activityIds: [approved.id, draft.id], documentIds: [open.id, internal.id] }),
    );
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as string;
    // The manager, a member, sees every link.
    expect(res.json().documents.map((d: { id: string }) => d.id)).toEqual([open.id, internal.id]);
    expect(res.json().activities).toHaveLength(2);
    await w.publish(id);

    const visitor = await app.inject({ method: "GET", url: w.url(`/${id}`) });
    expect(visitor.statusCode).toBe(200);
    expect(visitor.json().documents).toEqual([{ id: open.id, title: "Joint evaluation" }]);
    expect(visitor.json().activities.map((a: { id: string }) => a.id)).toEqual([approved.id]);
    expect(visitor.body).not.toContain("Partner contact sheet");
    expect(visitor.body).not.toContain(internal.id);
    expect(visitor.body).not.toContain(draft.id);
  });

  it("refuses a document of another response, an unknown record, and links the writer may not see, naming the field", async () => {
    const w = await world();
    const elsewhere = await w.document("Another response's plan", "public", (await buildResponse(db)).id);
    let res = await w.submit(practice({ documentIds: [elsewhere.id] }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toEqual([
      { path: "body.documentIds", message: `unknown document ${elsewhere.id}` },
    ]);
    const nowhere = "00000000-0000-4000-8000-000000000000";
    res = await w.submit(practice({ activityIds: [nowhere] }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toEqual([
      { path: "body.activityIds", message: `unknown activity ${nowhere}` },
    ]);

    // A signed-in user of no role here neither sees nor links a signed-in-only document or a draft.
    const outsider = await signIn(app, (await buildUser(db)).email);
    const internal = await w.document("Internal notes", "signed_in");
    const draft = await buildActivity(db, w.response.id);
    res = await w.submit(practice({ documentIds: [internal.id] }), outsider.headers);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].path).toBe("body.documentIds");
    res = await w.submit(practice({ activityIds: [draft.id] }), outsider.headers);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].path).toBe("body.activityIds");

    // Nor does the public form.
    res = await app.inject({
      method: "POST",
      url: w.url("/public"),
      remoteAddress: "10.9.9.9",
      payload: practice({
        activityIds: [draft.id],
        submitterName: "Amina Rahman",
        submitterEmail: "amina@example.org",
        formToken: issueFormToken(w.response.id, Date.now() - (FORM_MIN_SECONDS + 5) * 1000),
      }),
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.details[0].path).toBe("body.activityIds");
  });

  it("keeps the links an editor may not see when they save the links they see", async () => {
    const w = await world();
    const org = await buildOrganisation(db, w.response.id);
    const editor = await buildUser(db, {
      role: "organisation_editor",
      responseId: w.response.id,
      organisationId: org.id,
    });
    const ownDraft = await buildActivity(db, w.response.id, { reportingOrgId: org.id });
    const approved = await buildActivity(db, w.response.id, { reviewState: "approved" });
    const created = await w.submit(
      practice({ activityIds: [ownDraft.id, approved.id] }),
      (await signIn(app, editor.email)).headers,
    );
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;

    // A coordinator of another sector reviews it: the editor's draft record is not theirs to see.
    const coordinator = await buildUser(db, {
      role: "sector_coordinator",
      responseId: w.response.id,
      sectorId: (await buildSector(db, w.response.id)).id,
    });
    const res = await w.patch(id, { activityIds: [] }, (await signIn(app, coordinator.email)).headers);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().activities).toEqual([]);
    expect((await w.stored(id)).activity_ids).toEqual([ownDraft.id]);
  });

  it("lists the published practices that link a document", async () => {
    const w = await world();
    const guide = await w.document("Safe cooking guide", "public");
    const linked = (await w.submit(practice({ documentIds: [guide.id] }))).json().id as string;
    await w.publish(linked);
    await w.submit(practice({ title: "Waiting for review", documentIds: [guide.id] }));
    await w.publish((await w.submit(practice({ title: "Unrelated" }))).json().id);
    const res = await app.inject({ method: "GET", url: w.url(`?document=${guide.id}`) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items.map((p: { id: string }) => p.id)).toEqual([linked]);
  });
});
