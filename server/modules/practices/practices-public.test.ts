import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { buildManagedResponse, buildTestApp } from "../../testing/factories.ts";
import { FORM_MIN_SECONDS, issueFormToken } from "./form-token.ts";

/** The public form: honeypot, minimum fill time through a signed token, rate limit. */

let app: App;
let db: Db;

beforeAll(async () => {
  ({ app, db } = await buildTestApp());
});

const practice = {
  title: "Women-led savings groups",
  summary: "Host-community women run savings groups with refugee women.",
  type: "partnership",
  gcmObjectives: [16],
  submitterName: "Amina Rahman",
  submitterEmail: "amina@example.org",
};
const longAgo = () => Date.now() - (FORM_MIN_SECONDS + 5) * 1000;
let address = 0;
/** Each test from its own address, so the rate limit of one does not spill into the next. */
const nextAddress = () => `10.0.0.${++address}`;

async function world() {
  const managed = await buildManagedResponse(app, db);
  const send = (payload: object, remoteAddress = nextAddress()) =>
    app.inject({
      method: "POST",
      url: `/api/v1/responses/${managed.slug}/practices/public`,
      payload,
      remoteAddress,
    });
  const stored = async () =>
    (
      await db.execute<{
        title: string;
        submitter_name: string | null;
        submitter_email: string | null;
        submitted_by: string | null;
      }>(
        sql`SELECT title, submitter_name, submitter_email, submitted_by FROM practices WHERE response_id = ${managed.response.id}`,
      )
    ).rows;
  return { ...managed, send, stored };
}

describe("public submission", () => {
  it("stores a practice sent by a person, for review, with their name and e-mail shown to reviewers only", async () => {
    const w = await world();
    const tokenRes = await app.inject({
      method: "GET",
      url: `/api/v1/responses/${w.slug}/practices/form-token`,
    });
    expect(tokenRes.json().minSeconds).toBe(FORM_MIN_SECONDS);
    const res = await w.send({
      ...practice,
      website: "",
      formToken: issueFormToken(w.response.id, longAgo()),
    });
    expect(res.statusCode, res.body).toBe(202);
    expect(await w.stored()).toEqual([
      {
        title: practice.title,
        submitter_name: "Amina Rahman",
        submitter_email: "amina@example.org",
        submitted_by: null,
      },
    ]);
    const queue = await app.inject({
      method: "GET",
      url: `/api/v1/responses/${w.slug}/practices?scope=review`,
      headers: w.headers,
    });
    const id = queue.json().items[0].id;
    const forReviewer = await app.inject({
      method: "GET",
      url: `/api/v1/responses/${w.slug}/practices/${id}`,
      headers: w.headers,
    });
    expect(forReviewer.json()).toMatchObject({
      submitter: { userId: null, name: "Amina Rahman" },
      submitterEmail: "amina@example.org",
    });
    // Not published: the public does not see it.
    expect(
      (await app.inject({ method: "GET", url: `/api/v1/responses/${w.slug}/practices/${id}` })).statusCode,
    ).toBe(404);
    const audit = await db.execute<{ actor_label: string }>(
      sql`SELECT actor_label FROM audit_log WHERE entity_id = ${id}`,
    );
    expect(audit.rows[0]!.actor_label).toBe("public form: Amina Rahman");
  });

  it("discards a form whose honeypot is filled, answering as if it were kept", async () => {
    const w = await world();
    const res = await w.send({
      ...practice,
      website: "http://spam.example",
      formToken: issueFormToken(w.response.id, longAgo()),
    });
    expect(res.statusCode).toBe(202);
    expect(await w.stored()).toEqual([]);
  });

  it("refuses a form sent too quickly, a forged or foreign token, and says why", async () => {
    const w = await world();
    const other = await world();
    let res = await w.send({ ...practice, formToken: issueFormToken(w.response.id) });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain(`wait ${FORM_MIN_SECONDS} seconds`);
    const [issued] = issueFormToken(w.response.id, longAgo()).split(".");
    res = await w.send({ ...practice, formToken: `${issued}.forgedsignatureforgedsignatureforgedsig` });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0]).toEqual({
      path: "body.formToken",
      message: "not a valid form token",
    });
    res = await w.send({ ...practice, formToken: issueFormToken(other.response.id, longAgo()) });
    expect(res.statusCode).toBe(400);
    res = await w.send({ ...practice, formToken: issueFormToken(w.response.id, Date.now() - 7 * 3600_000) });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].message).toBe("expired");
    res = await w.send({
      ...practice,
      submitterEmail: "not-an-email",
      formToken: issueFormToken(w.response.id, longAgo()),
    });
    expect(res.statusCode).toBe(400);
    res = await w.send({
      ...practice,
      gcmObjectives: [24],
      formToken: issueFormToken(w.response.id, longAgo()),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].message).toBe("24 is not a GCM objective (1–23)");
    expect(await w.stored()).toEqual([]);
  });

  it("limits one address to five forms an hour", async () => {
    const w = await world();
    const from = nextAddress();
    const codes: number[] = [];
    for (let i = 0; i < 6; i++)
      codes.push(
        (
          await w.send(
            { ...practice, title: `Practice ${i}`, formToken: issueFormToken(w.response.id, longAgo()) },
            from,
          )
        ).statusCode,
      );
    expect(codes).toEqual([202, 202, 202, 202, 202, 429]);
    expect(await w.stored()).toHaveLength(5);
    // Another address is not held back.
    expect(
      (await w.send({ ...practice, formToken: issueFormToken(w.response.id, longAgo()) })).statusCode,
    ).toBe(202);
  });
});
