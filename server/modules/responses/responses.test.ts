import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import {
  buildLocation,
  buildOrganisation,
  buildResponse,
  buildTestApp,
  buildUser,
  signIn,
} from "../../testing/factories.ts";

/** Responses (the tenants): creating them, validation, and reading one by slug. */

let app: App;
let db: Db;
let headers: Record<string, string>;

beforeAll(async () => {
  ({ app, db } = await buildTestApp());
  const admin = await buildUser(db, { isAdmin: true });
  ({ headers } = await signIn(app, admin.email));
});

const freshSlug = () => `resp-${crypto.randomUUID().slice(0, 8)}`;
const valid = () => ({
  slug: freshSlug(),
  name: "Flood response",
  countryIso3: "MOZ",
  languages: ["en", "pt"],
  startsOn: "2025-03-01",
});
const create = (payload: object) =>
  app.inject({ method: "POST", url: "/api/v1/responses", headers, payload });

function expectInvalid(res: Awaited<ReturnType<typeof create>>, path: string) {
  expect(res.statusCode, res.body).toBe(400);
  expect(res.json().error.code).toBe("VALIDATION_FAILED");
  expect(res.json().error.details.map((d: { path: string }) => d.path)).toContain(path);
}

describe("creating a response", () => {
  it("creates one and serves it by slug", async () => {
    const input = { ...valid(), endsOn: "2025-12-31" };
    const res = await create(input);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ ...input, id: expect.any(String) });
    const got = await app.inject({ method: "GET", url: `/api/v1/responses/${input.slug}` });
    expect(got.statusCode).toBe(200);
    expect(got.json()).toEqual(res.json());
  });

  it("refuses slugs that are not lower-case words joined by single hyphens", async () => {
    for (const slug of ["Flood-2025", "flood--2025", "-flood", "flood_2025", "a", "flood 2025"]) {
      expectInvalid(await create({ ...valid(), slug }), "body.slug");
    }
  });

  it("refuses a country that is not an ISO 3166 alpha-3 code", async () => {
    for (const countryIso3 of ["MZ", "moz", "MOZA", "123"]) {
      expectInvalid(await create({ ...valid(), countryIso3 }), "body.countryIso3");
    }
  });

  it("refuses dates that are not real YYYY-MM-DD dates", async () => {
    expectInvalid(await create({ ...valid(), startsOn: "01/03/2025" }), "body.startsOn");
    expectInvalid(await create({ ...valid(), startsOn: "2025-02-30" }), "body.startsOn");
    expectInvalid(await create({ ...valid(), endsOn: "2025-13-01" }), "body.endsOn");
  });

  it("refuses an end before the start", async () => {
    const input = valid();
    expectInvalid(await create({ ...input, startsOn: "2025-03-01", endsOn: "2025-02-28" }), "body.endsOn");
    expect((await app.inject({ method: "GET", url: `/api/v1/responses/${input.slug}` })).statusCode).toBe(
      404,
    );
  });

  it("refuses no languages, bad language tags and unknown fields", async () => {
    expectInvalid(await create({ ...valid(), languages: [] }), "body.languages");
    expectInvalid(await create({ ...valid(), languages: ["English"] }), "body.languages.0");
    expectInvalid(await create({ ...valid(), colour: "blue" }), "body");
  });

  it("answers 409 for a slug already taken", async () => {
    const input = valid();
    expect((await create(input)).statusCode).toBe(201);
    const res = await create({ ...input, name: "Another one" });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: "CONFLICT", details: [{ path: "body.slug" }] });
  });
});

describe("editing a response", () => {
  it("changes the name and keeps the rest", async () => {
    const input = valid();
    await create(input);
    const res = await app.inject({
      method: "PATCH",
      url: `/api/v1/responses/${input.slug}`,
      headers,
      payload: { name: "Flood and cyclone response" },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ ...input, name: "Flood and cyclone response" });
  });

  it("refuses an end date before the existing start", async () => {
    const input = valid();
    await create(input);
    const res = await app.inject({
      method: "PATCH",
      url: `/api/v1/responses/${input.slug}`,
      headers,
      payload: { endsOn: "2024-01-01" },
    });
    expectInvalid(res, "body.endsOn");
    const got = await app.inject({ method: "GET", url: `/api/v1/responses/${input.slug}` });
    expect(got.json().endsOn).toBeNull();
  });

  it("refuses changing the slug", async () => {
    const input = valid();
    await create(input);
    const res = await app.inject({
      method: "PATCH",
      url: `/api/v1/responses/${input.slug}`,
      headers,
      payload: { slug: "renamed" },
    });
    expectInvalid(res, "body");
  });
});

describe("reading responses", () => {
  it("answers 404 NOT_FOUND for an unknown slug, in the common error shape", async () => {
    const res = await app.inject({ method: "GET", url: "/api/v1/responses/no-such-response" });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      error: { code: "NOT_FOUND", message: expect.stringContaining("no-such-response"), details: [] },
    });
    const nested = await app.inject({ method: "GET", url: "/api/v1/responses/no-such-response/locations" });
    expect(nested.statusCode).toBe(404);
  });

  it("lists responses with their counts", async () => {
    const response = await buildResponse(db);
    const root = await buildLocation(db, response.id);
    await buildLocation(db, response.id, { kind: "site", siteType: "camp", level: 1, parentId: root.id });
    const survivor = await buildOrganisation(db, response.id);
    await buildOrganisation(db, response.id, { mergedIntoId: survivor.id });
    const res = await app.inject({ method: "GET", url: "/api/v1/responses" });
    const found = res.json().items.find((r: { slug: string }) => r.slug === response.slug);
    expect(found.counts).toEqual({ locations: 1, sites: 1, organisations: 1, sectors: 0 });
  });
});

describe("key counts", () => {
  it("count what is valid today and leave sensitive locations out for the public", async () => {
    const { buildLocation, buildManagedResponse } = await import("../../testing/factories.ts");
    const { response, headers } = await buildManagedResponse(app, db);
    const root = await buildLocation(db, response.id, { code: "KC0", level: 0 });
    await buildLocation(db, response.id, { code: "KC1", level: 1, parentId: root.id });
    await buildLocation(db, response.id, { code: "KC2", level: 1, parentId: root.id, sensitive: true });
    await buildLocation(db, response.id, { code: "KC3", level: 1, parentId: root.id, validTo: "2020-01-01" });
    await buildLocation(db, response.id, {
      code: "KC-S",
      kind: "site",
      siteType: "camp",
      level: 2,
      parentId: root.id,
      sensitive: true,
    });
    const countsFor = async (h: Record<string, string>) => {
      const res = await app.inject({ method: "GET", url: "/api/v1/responses", headers: h });
      return res.json().items.find((r: { slug: string }) => r.slug === response.slug).counts;
    };
    expect(await countsFor({})).toMatchObject({ locations: 2, sites: 0 });
    expect(await countsFor(headers)).toMatchObject({ locations: 3, sites: 1 });
  });
});
