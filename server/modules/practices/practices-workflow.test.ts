import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { RoleName } from "../../../common/permissions.ts";
import type { App } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import {
  buildOrganisation,
  buildResponse,
  buildSector,
  buildTestApp,
  buildUser,
  signIn,
} from "../../testing/factories.ts";

/** The review workflow: every transition, who may make it, who sees what, and the audit trail. */

let app: App;
let db: Db;

beforeAll(async () => {
  ({ app, db } = await buildTestApp());
});

type Who = "administrator" | RoleName | "public";
const everyone: Who[] = [
  "administrator",
  "response_manager",
  "sector_coordinator",
  "organisation_editor",
  "viewer",
  "public",
];
const reviewers = new Set<Who>(["administrator", "response_manager", "sector_coordinator"]);

async function world() {
  const response = await buildResponse(db);
  const org = await buildOrganisation(db, response.id);
  const sector = await buildSector(db, response.id);
  const login = async (who: Who) => {
    if (who === "public") return {};
    const user = await buildUser(db, {
      isAdmin: who === "administrator",
      role: who === "administrator" ? undefined : who,
      responseId: response.id,
      sectorId: who === "sector_coordinator" ? sector.id : null,
      organisationId: who === "organisation_editor" ? org.id : null,
    });
    return (await signIn(app, user.email)).headers;
  };
  const submitter = await login("organisation_editor");
  const url = (rest = "") => `/api/v1/responses/${response.slug}/practices${rest}`;
  const create = async () => {
    const res = await app.inject({
      method: "POST",
      url: url(),
      headers: submitter,
      payload: {
        title: "Cash for LPG",
        summary: "Households received LPG refills by voucher.",
        type: "programme_project",
        gcmObjectives: [2],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  return { response, slug: response.slug, login, submitter, url, create };
}
type World = Awaited<ReturnType<typeof world>>;

const move = (w: World, id: string, headers: Record<string, string>, payload: object) =>
  app.inject({ method: "POST", url: w.url(`/${id}/transitions`), headers, payload });
const status = async (w: World, id: string) =>
  (
    await db.execute<{ status: string }>(
      sql`SELECT status FROM practices WHERE response_id = ${w.response.id} AND id = ${id}`,
    )
  ).rows[0]!.status;

describe("review workflow", () => {
  it("goes submitted → under review → published, and back through returned → resubmitted, audited at every step", async () => {
    const w = await world();
    const manager = await w.login("response_manager");
    const id = await w.create();

    let res = await move(w, id, manager, { action: "start_review" });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).toBe("under_review");
    // The submitter cannot edit while reviewers look at it.
    res = await app.inject({
      method: "PATCH",
      url: w.url(`/${id}`),
      headers: w.submitter,
      payload: { title: "Changed" },
    });
    expect(res.statusCode).toBe(409);

    res = await move(w, id, manager, { action: "return", reason: "Add the lessons learnt." });
    expect(res.json()).toMatchObject({ status: "returned", returnReason: "Add the lessons learnt." });
    // Back with the submitter: they see the reason, edit and resubmit.
    res = await app.inject({ method: "GET", url: w.url(`/${id}`), headers: w.submitter });
    expect(res.json()).toMatchObject({
      returnReason: "Add the lessons learnt.",
      can: { edit: true, resubmit: true },
    });
    res = await app.inject({
      method: "PATCH",
      url: w.url(`/${id}`),
      headers: w.submitter,
      payload: { keyLessons: "Start small." },
    });
    expect(res.statusCode, res.body).toBe(200);
    res = await move(w, id, w.submitter, { action: "resubmit" });
    expect(res.json().status).toBe("submitted");

    res = await move(w, id, manager, { action: "publish" });
    expect(res.json()).toMatchObject({ status: "published", returnReason: null, keyLessons: "Start small." });
    expect(res.json().publishedAt).not.toBeNull();
    // Withdrawn by a publisher: back to returned.
    res = await move(w, id, manager, { action: "return", reason: "Outdated figures." });
    expect(res.json()).toMatchObject({ status: "returned", publishedAt: null });

    const audit = await db.execute<{ action: string; reason: string | null }>(
      sql`SELECT action, reason FROM audit_log WHERE entity_id = ${id} ORDER BY id`,
    );
    expect(audit.rows.map((r) => r.action)).toEqual([
      "practice.submit",
      "practice.start_review",
      "practice.return",
      "practice.update",
      "practice.resubmit",
      "practice.publish",
      "practice.return",
    ]);
    expect(audit.rows[2]!.reason).toBe("Add the lessons learnt.");
  });

  it("refuses transitions from the wrong state with 409 and leaves the state as it was", async () => {
    const w = await world();
    const manager = await w.login("response_manager");
    const id = await w.create();
    let res = await move(w, id, manager, { action: "resubmit" });
    expect(res.statusCode).toBe(409);
    expect(await status(w, id)).toBe("submitted");
    await move(w, id, manager, { action: "start_review" });
    res = await move(w, id, manager, { action: "start_review" });
    expect(res.statusCode).toBe(409);
    await move(w, id, manager, { action: "return", reason: "Too short." });
    res = await move(w, id, manager, { action: "publish" });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.details[0]).toEqual({
      path: "body.action",
      message: "allowed from submitted, under_review",
    });
    expect(await status(w, id)).toBe("returned");
    res = await move(w, id, manager, { action: "return" });
    expect(res.statusCode).toBe(400);
    res = await move(w, id, manager, { action: "return", reason: "no" });
    expect(res.statusCode).toBe(400);
  });

  it("keeps comments of reviewers and the submitter, in order, shown to them only", async () => {
    const w = await world();
    const coordinator = await w.login("sector_coordinator");
    const id = await w.create();
    let res = await app.inject({
      method: "POST",
      url: w.url(`/${id}/comments`),
      headers: coordinator,
      payload: { body: "Which camps?" },
    });
    expect(res.statusCode, res.body).toBe(201);
    res = await app.inject({
      method: "POST",
      url: w.url(`/${id}/comments`),
      headers: w.submitter,
      payload: { body: "Camps 1E and 4." },
    });
    expect(res.statusCode).toBe(201);
    res = await app.inject({
      method: "POST",
      url: w.url(`/${id}/comments`),
      headers: coordinator,
      payload: { body: "  " },
    });
    expect(res.statusCode).toBe(400);
    const seen = (await app.inject({ method: "GET", url: w.url(`/${id}`), headers: coordinator })).json();
    expect(seen.comments.map((c: { body: string }) => c.body)).toEqual(["Which camps?", "Camps 1E and 4."]);
    await move(w, id, coordinator, { action: "publish" });
    const publicView = (await app.inject({ method: "GET", url: w.url(`/${id}`) })).json();
    expect(publicView.comments).toEqual([]);
    expect(publicView.returnReason).toBeNull();
  });
});

describe("who may do what", () => {
  // Each attempt on a fresh submitted practice, made by a user who did not submit it.
  const attempts: {
    name: string;
    reviewerOnly: boolean;
    run: (w: World, id: string, h: Record<string, string>) => Promise<{ statusCode: number }>;
    ok: number;
  }[] = [
    {
      name: "start review",
      reviewerOnly: true,
      ok: 200,
      run: (w, id, h) => move(w, id, h, { action: "start_review" }),
    },
    {
      name: "publish",
      reviewerOnly: true,
      ok: 200,
      run: (w, id, h) => move(w, id, h, { action: "publish" }),
    },
    {
      name: "return",
      reviewerOnly: true,
      ok: 200,
      run: (w, id, h) => move(w, id, h, { action: "return", reason: "Needs sources." }),
    },
    {
      name: "comment",
      reviewerOnly: true,
      ok: 201,
      run: (w, id, h) =>
        app.inject({
          method: "POST",
          url: w.url(`/${id}/comments`),
          headers: h,
          payload: { body: "Looks good." },
        }),
    },
    {
      name: "edit",
      reviewerOnly: true,
      ok: 200,
      run: (w, id, h) =>
        app.inject({ method: "PATCH", url: w.url(`/${id}`), headers: h, payload: { title: "Edited title" } }),
    },
    {
      name: "read",
      reviewerOnly: true,
      ok: 200,
      run: (w, id, h) => app.inject({ method: "GET", url: w.url(`/${id}`), headers: h }),
    },
  ];
  for (const attempt of attempts) {
    describe(attempt.name, () => {
      for (const who of everyone) {
        // Others may not even see a submitted practice: 404, not 403, so its existence does not leak.
        const expected = reviewers.has(who)
          ? attempt.ok
          : who === "public"
            ? attempt.name === "read"
              ? 404
              : 401
            : 404;
        it(`${who} → ${expected}`, async () => {
          const w = await world();
          const id = await w.create();
          const res = await attempt.run(w, id, await w.login(who));
          expect(res.statusCode).toBe(expected);
          if (expected >= 400) expect(await status(w, id)).toBe("submitted");
        });
      }
    });
  }

  it("lets the submitter edit, comment and resubmit, but not review or publish their own practice", async () => {
    const w = await world();
    const id = await w.create();
    expect((await move(w, id, w.submitter, { action: "publish" })).statusCode).toBe(403);
    expect((await move(w, id, w.submitter, { action: "start_review" })).statusCode).toBe(403);
    expect((await move(w, id, w.submitter, { action: "return", reason: "Changed my mind" })).statusCode).toBe(
      403,
    );
    expect(await status(w, id)).toBe("submitted");
    const res = await app.inject({
      method: "PATCH",
      url: w.url(`/${id}`),
      headers: w.submitter,
      payload: { gcmObjectives: [5] },
    });
    expect(res.json().gcmObjectives).toEqual([5]);
    // Published, it is the publishers' to change.
    await move(w, id, await w.login("response_manager"), { action: "publish" });
    const late = await app.inject({
      method: "PATCH",
      url: w.url(`/${id}`),
      headers: w.submitter,
      payload: { title: "Late change" },
    });
    expect(late.statusCode).toBe(403);
  });

  it("shows the review queue to reviewers only and each submitter their own", async () => {
    const w = await world();
    const id = await w.create();
    for (const who of everyone) {
      const res = await app.inject({
        method: "GET",
        url: w.url("?scope=review"),
        headers: await w.login(who),
      });
      expect(res.statusCode, who).toBe(reviewers.has(who) ? 200 : who === "public" ? 401 : 403);
      if (res.statusCode === 200) expect(res.json().items.map((i: { id: string }) => i.id)).toEqual([id]);
    }
    const mine = await app.inject({ method: "GET", url: w.url("?scope=mine"), headers: w.submitter });
    expect(mine.json().items.map((i: { id: string }) => i.id)).toEqual([id]);
    const someoneElse = await app.inject({
      method: "GET",
      url: w.url("?scope=mine"),
      headers: await w.login("organisation_editor"),
    });
    expect(someoneElse.json().total).toBe(0);
    const published = await app.inject({ method: "GET", url: w.url() });
    expect(published.json().total).toBe(0);
  });

  it("refuses a read-only API token every write", async () => {
    const w = await world();
    const id = await w.create();
    const manager = await w.login("response_manager");
    const token = await app.inject({
      method: "POST",
      url: "/api/v1/auth/tokens",
      headers: manager,
      payload: { name: "read", scope: "read" },
    });
    expect(token.statusCode, token.body).toBe(201);
    const bearer = { authorization: `Bearer ${token.json().token}` };
    // It reads what its user reads, the submitted practice included, but writes nothing.
    expect((await app.inject({ method: "GET", url: w.url(`/${id}`), headers: bearer })).statusCode).toBe(200);
    expect((await move(w, id, bearer, { action: "publish" })).statusCode).toBe(403);
    const res = await app.inject({
      method: "POST",
      url: w.url(),
      headers: bearer,
      payload: { title: "Via token", summary: "A practice sent by a read-only token.", type: "policy" },
    });
    expect(res.statusCode).toBe(403);
  });

  it("gives a reviewer of one response nothing in another", async () => {
    const mine = await world();
    const theirs = await world();
    const id = await theirs.create();
    const manager = await mine.login("response_manager");
    expect((await move(theirs, id, manager, { action: "publish" })).statusCode).toBe(404);
    const viaMine = await app.inject({
      method: "POST",
      url: mine.url(`/${id}/transitions`),
      headers: manager,
      payload: { action: "publish" },
    });
    expect(viaMine.statusCode).toBe(404);
    const queue = await app.inject({ method: "GET", url: theirs.url("?scope=review"), headers: manager });
    expect(queue.statusCode).toBe(403);
    expect(await status(theirs, id)).toBe("submitted");
  });
});
