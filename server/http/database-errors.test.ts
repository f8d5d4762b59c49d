import { describe, expect, it } from "vitest";
import { buildApp } from "../app.ts";
import { loadEnv } from "../env.ts";
import { memoryMailer } from "../mail.ts";
import { buildResponse, buildTestApp, buildUser, signIn } from "../testing/factories.ts";
import { testDatabase } from "../testing/test-db.ts";

/** Constraint errors that a race lets past the services' own checks answer 4xx, never 500. */

describe("database errors", () => {
  it("maps unique and foreign-key violations to 409 and bad values to 400", async () => {
    const database = await testDatabase();
    const app = await buildApp(
      { database, env: loadEnv({ LOG_LEVEL: "silent" }), mailer: memoryMailer() },
      { logger: false },
    );
    const thrown: Record<string, unknown> = {
      unique: { message: "Failed query", cause: { code: "23505", constraint: "organisations_name_key" } },
      foreign: { message: "Failed query", cause: { code: "23503" } },
      date: { message: "Failed query", cause: { code: "22008" } },
      other: { message: "Failed query", cause: { code: "XX000" } },
    };
    app.get("/api/v1/test-throw/:kind", async (request) => {
      throw Object.assign(new Error("Failed query"), thrown[(request.params as { kind: string }).kind]);
    });
    await app.ready();
    const status = async (kind: string) => {
      const res = await app.inject({ method: "GET", url: `/api/v1/test-throw/${kind}` });
      return [res.statusCode, res.json().error.code];
    };
    expect(await status("unique")).toEqual([409, "CONFLICT"]);
    expect(await status("foreign")).toEqual([409, "CONFLICT"]);
    expect(await status("date")).toEqual([400, "VALIDATION_FAILED"]);
    expect(await status("other")).toEqual([500, "INTERNAL"]);
    await app.close();
  });

  it("lets exactly one of two simultaneous creates of the same name through (409 for the other)", async () => {
    const { app, db } = await buildTestApp();
    const response = await buildResponse(db);
    const admin = await signIn(app, (await buildUser(db, { isAdmin: true })).email);
    const create = () =>
      app.inject({
        method: "POST",
        url: `/api/v1/responses/${response.slug}/organisations`,
        headers: admin.headers,
        payload: { name: "Twin Relief", type: "22" },
      });
    const results = await Promise.all([create(), create(), create()]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
  });

  it("refuses dates outside 1900–2100 with 400 rather than a database error", async () => {
    const { app, db } = await buildTestApp();
    const response = await buildResponse(db);
    for (const url of [
      `/api/v1/responses/${response.slug}/locations?validOn=0000-01-01`,
      `/api/v1/responses/${response.slug}/locations.geojson?validOn=0000-01-01`,
      `/api/v1/responses/${response.slug}/locations?validOn=2024-02-30`,
    ]) {
      const res = await app.inject({ method: "GET", url });
      expect(res.statusCode, url).toBe(400);
    }
  });
});
