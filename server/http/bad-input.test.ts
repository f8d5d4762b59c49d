import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../context.ts";
import type { Db } from "../db/client.ts";
import { buildResponse, buildTestApp, buildUser, type SignedIn, signIn } from "../testing/factories.ts";

/** Bad input answers 400 (or 413/415) in the common error shape; never 500. */

let app: App;
let db: Db;
let admin: SignedIn;
let slug: string;

beforeAll(async () => {
  ({ app, db } = await buildTestApp());
  const user = await buildUser(db, { isAdmin: true });
  admin = await signIn(app, user.email);
  slug = (await buildResponse(db)).slug;
});

function expectError(res: { statusCode: number; json: () => unknown }, status: number, code: string) {
  expect(res.statusCode).toBe(status);
  const body = res.json() as { error: { code: string; message: string; details: unknown[] } };
  expect(body.error.code).toBe(code);
  expect(body.error.message).toEqual(expect.any(String));
  expect(Array.isArray(body.error.details)).toBe(true);
  return body.error;
}

describe("malformed requests", () => {
  it("malformed JSON → 400 INVALID_JSON", async () => {
    const res = await app.inject({
      method: "POST",
      url: `/api/v1/responses/${slug}/organisations`,
      headers: { ...admin.headers, "content-type": "application/json" },
      payload: '{"name": "Oxfam", "type": ',
    });
    expectError(res, 400, "INVALID_JSON");
  });

  it("wrong types → 400 with the path of each field", async () => {
    const res = await app.inject({
      method: "POST",
      url: `/api/v1/responses/${slug}/organisations`,
      headers: admin.headers,
      payload: { name: 42, type: "99", aliases: "not a list" },
    });
    const error = expectError(res, 400, "VALIDATION_FAILED");
    const paths = (error.details as { path: string }[]).map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(["body.name", "body.type", "body.aliases"]));
  });

  it("unknown fields → 400 naming them", async () => {
    const res = await app.inject({
      method: "POST",
      url: `/api/v1/responses/${slug}/organisations`,
      headers: admin.headers,
      payload: { name: "Unknown Fields NGO", type: "22", isAdmin: true },
    });
    const error = expectError(res, 400, "VALIDATION_FAILED");
    expect(JSON.stringify(error.details)).toContain("isAdmin");
  });

  it("oversize body → 413 PAYLOAD_TOO_LARGE", async () => {
    const res = await app.inject({
      method: "POST",
      url: `/api/v1/responses/${slug}/organisations`,
      headers: admin.headers,
      payload: { name: "x".repeat(2 * 1024 * 1024), type: "22" },
    });
    expectError(res, 413, "PAYLOAD_TOO_LARGE");
  });

  it("unsupported content type → 415", async () => {
    const res = await app.inject({
      method: "POST",
      url: `/api/v1/responses/${slug}/organisations`,
      headers: { ...admin.headers, "content-type": "application/xml" },
      payload: "<organisation/>",
    });
    expectError(res, 415, "UNSUPPORTED_MEDIA_TYPE");
  });

  it("bad query parameters and path ids → 400", async () => {
    const limit = await app.inject({
      method: "GET",
      url: `/api/v1/responses/${slug}/organisations?limit=lots`,
    });
    expect(expectError(limit, 400, "VALIDATION_FAILED").details).toEqual([
      expect.objectContaining({ path: "querystring.limit" }),
    ]);
    const tooMany = await app.inject({
      method: "GET",
      url: `/api/v1/responses/${slug}/organisations?limit=100000`,
    });
    expectError(tooMany, 400, "VALIDATION_FAILED");
    const format = await app.inject({ method: "GET", url: `/api/v1/responses/${slug}/locations?format=xml` });
    expectError(format, 400, "VALIDATION_FAILED");
    const id = await app.inject({ method: "GET", url: `/api/v1/responses/${slug}/organisations/not-a-uuid` });
    expect(expectError(id, 400, "VALIDATION_FAILED").details).toEqual([
      expect.objectContaining({ path: "params.id" }),
    ]);
  });

  it("empty body where one is required → 400", async () => {
    const res = await app.inject({
      method: "POST",
      url: `/api/v1/responses/${slug}/organisations`,
      headers: admin.headers,
    });
    expect(res.statusCode).toBe(400);
  });

  it("an import without a file → 400 naming the file", async () => {
    const res = await app.inject({
      method: "POST",
      url: `/api/v1/responses/${slug}/locations/import`,
      headers: admin.headers,
      payload: {},
    });
    expectError(res, 400, "VALIDATION_FAILED");
  });

  it("unknown routes → 404 in the same shape", async () => {
    expectError(await app.inject({ method: "GET", url: "/api/v1/nothing-here" }), 404, "NOT_FOUND");
    expectError(
      await app.inject({ method: "GET", url: "/api/v1/responses/no-such-response/locations" }),
      404,
      "NOT_FOUND",
    );
  });

  it("a garbage bearer token → 401, not 500", async () => {
    const res = await app.inject({
      method: "GET",
      url: "/api/v1/users",
      headers: { authorization: "Bearer nonsense" },
    });
    expectError(res, 401, "UNAUTHENTICATED");
  });
});

describe("security headers", () => {
  it("sets CSP, frame and content-type protections", async () => {
    const res = await app.inject({ method: "GET", url: "/api/v1/health" });
    expect(res.headers["content-security-policy"]).toContain("default-src 'self'");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["x-frame-options"]).toBe("SAMEORIGIN");
  });
});

describe("health and OpenAPI", () => {
  it("reports the database and the latest migration", async () => {
    const res = await app.inject({ method: "GET", url: "/api/v1/health" });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.status).toBe("ok");
    expect(["pglite", "postgresql"]).toContain(body.database);
    expect(body.database).toBe(process.env.DATABASE_URL ? "postgresql" : "pglite");
    expect(body.migration).toMatch(/^\d{4}_[a-z_]+$/);
  });

  it("serves an OpenAPI 3.1 document generated from the route schemas", async () => {
    const res = await app.inject({ method: "GET", url: "/api/v1/openapi.json" });
    const doc = res.json();
    expect(doc.openapi).toBe("3.1.0");
    const create = doc.paths["/api/v1/responses/{slug}/organisations"].post;
    expect(create.requestBody.content["application/json"].schema.properties.type.enum).toContain("22");
    expect(Object.keys(doc.paths).length).toBeGreaterThan(20);
    const docs = await app.inject({ method: "GET", url: "/api/docs/" });
    expect(docs.statusCode).toBe(200);
  });
});

describe("crafted cursors", () => {
  it("answers 400, never 500, whatever the cursor holds", async () => {
    const crafted = [
      { after: ["a", "zzz"] },
      { offset: 1e20 },
      { offset: -1 },
      { after: ["a"] },
      { other: 1 },
      "plain",
    ];
    for (const value of crafted) {
      const cursor = Buffer.from(JSON.stringify(value)).toString("base64url");
      for (const list of ["locations", "organisations"]) {
        const res = await app.inject({
          method: "GET",
          url: `/api/v1/responses/${slug}/${list}?cursor=${cursor}`,
        });
        expect(res.statusCode, `${list} ${JSON.stringify(value)}`).toBe(400);
        expect(res.json().error.details[0].path).toBe("querystring.cursor");
      }
    }
    const garbage = await app.inject({
      method: "GET",
      url: `/api/v1/responses/${slug}/locations?cursor=%%%`,
    });
    expect(garbage.statusCode).toBe(400);
  });
});
