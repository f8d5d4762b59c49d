import { beforeAll, describe, expect, it } from "vitest";
import type { Action } from "../../../common/permissions.ts";
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
import { multipart } from "../../testing/multipart.ts";
import { everyone, expected, type Who } from "../../testing/permission-cases.ts";

/** Every role against every documents write: allowed → 2xx, refused → 403, signed out → 401. */

let app: App;
let db: Db;
beforeAll(async () => {
  ({ app, db } = await buildTestApp());
});

const pdf = Buffer.from("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");

async function buildWorld() {
  const response = await buildResponse(db);
  const ownOrg = await buildOrganisation(db, response.id);
  const otherOrg = await buildOrganisation(db, response.id);
  const parent = await buildSector(db, response.id);
  // The coordinator leads the parent sector; the document names its sub-sector.
  const ownSub = await buildSector(db, response.id, { parentId: parent.id, kind: "sub_sector" });
  const otherSector = await buildSector(db, response.id);
  const manager = await buildUser(db, { role: "response_manager", responseId: response.id });
  const managerHeaders = (await signIn(app, manager.email)).headers;
  const own = { sectorIds: [ownSub.id], organisationIds: [ownOrg.id] };
  const other = { sectorIds: [otherSector.id], organisationIds: [otherOrg.id] };
  const create = async (links: typeof own) => {
    const body = multipart(
      pdf,
      { metadata: JSON.stringify({ title: "Plan", type: "plan", ...links }) },
      "p.pdf",
    );
    const res = await app.inject({
      method: "POST",
      url: `/api/v1/responses/${response.slug}/documents`,
      headers: { ...managerHeaders, "content-type": body.contentType },
      payload: body.payload,
    });
    return res.json().id as string;
  };
  const login = async (who: Who) => {
    if (who === "public") return {};
    const user = await buildUser(db, {
      isAdmin: who === "administrator",
      role: who === "administrator" ? undefined : who,
      responseId: response.id,
      sectorId: who === "sector_coordinator" ? parent.id : null,
      organisationId: who === "organisation_editor" ? ownOrg.id : null,
    });
    return (await signIn(app, user.email)).headers;
  };
  return {
    slug: response.slug,
    own,
    other,
    ownDocId: await create(own),
    otherDocId: await create(other),
    login,
  };
}
type World = Awaited<ReturnType<typeof buildWorld>>;

interface Case {
  name: string;
  action: Action;
  own?: boolean;
  method: "POST" | "PATCH" | "DELETE";
  url: (w: World) => string;
  json?: (w: World) => unknown;
  file?: (w: World) => Record<string, string>;
}

const cases: Case[] = [
  {
    name: "create own",
    action: "document:create",
    own: true,
    method: "POST",
    url: (w) => `/api/v1/responses/${w.slug}/documents`,
    file: (w) => ({ metadata: JSON.stringify({ title: "Sitrep", type: "situation_report", ...w.own }) }),
  },
  {
    name: "create other",
    action: "document:create",
    own: false,
    method: "POST",
    url: (w) => `/api/v1/responses/${w.slug}/documents`,
    file: (w) => ({ metadata: JSON.stringify({ title: "Sitrep", type: "situation_report", ...w.other }) }),
  },
  {
    name: "update own",
    action: "document:update",
    own: true,
    method: "PATCH",
    url: (w) => `/api/v1/responses/${w.slug}/documents/${w.ownDocId}`,
    json: () => ({ title: "Renamed plan" }),
  },
  {
    name: "update other",
    action: "document:update",
    own: false,
    method: "PATCH",
    url: (w) => `/api/v1/responses/${w.slug}/documents/${w.otherDocId}`,
    json: () => ({ title: "Renamed plan" }),
  },
  {
    name: "move own out of reach",
    action: "document:update",
    own: false,
    method: "PATCH",
    url: (w) => `/api/v1/responses/${w.slug}/documents/${w.ownDocId}`,
    json: (w) => w.other,
  },
  {
    name: "new version of own",
    action: "document:update",
    own: true,
    method: "POST",
    url: (w) => `/api/v1/responses/${w.slug}/documents/${w.ownDocId}/versions`,
    file: () => ({ note: "Corrected figures" }),
  },
  {
    name: "new version of other",
    action: "document:update",
    own: false,
    method: "POST",
    url: (w) => `/api/v1/responses/${w.slug}/documents/${w.otherDocId}/versions`,
    file: () => ({}),
  },
  {
    name: "delete own",
    action: "document:delete",
    own: true,
    method: "DELETE",
    url: (w) => `/api/v1/responses/${w.slug}/documents/${w.ownDocId}`,
  },
  {
    name: "delete other",
    action: "document:delete",
    own: false,
    method: "DELETE",
    url: (w) => `/api/v1/responses/${w.slug}/documents/${w.otherDocId}`,
  },
];

describe("documents permission matrix", () => {
  for (const c of cases) {
    describe(c.name, () => {
      for (const who of everyone) {
        const outcome = expected(who, c);
        it(`${who} → ${outcome}`, async () => {
          const world = await buildWorld();
          const headers = await world.login(who);
          const body = c.file ? multipart(pdf, c.file(world), "f.pdf") : undefined;
          const res = await app.inject({
            method: c.method,
            url: c.url(world),
            headers: { ...headers, ...(body ? { "content-type": body.contentType } : {}) },
            ...(body ? { payload: body.payload } : c.json ? { payload: c.json(world) as object } : {}),
          });
          if (outcome === "allowed") {
            expect(res.statusCode, res.body).toBeGreaterThanOrEqual(200);
            expect(res.statusCode, res.body).toBeLessThan(300);
          } else {
            expect(res.statusCode, res.body).toBe(outcome === "forbidden" ? 403 : 401);
            expect(res.json().error.code).toBe(outcome === "forbidden" ? "FORBIDDEN" : "UNAUTHENTICATED");
          }
        });
      }
    });
  }

  it("a response manager cannot write another response's documents, by its slug or through mine", async () => {
    const mine = await buildWorld();
    const theirs = await buildWorld();
    const headers = await mine.login("response_manager");
    const patch = (slug: string, id: string) =>
      app.inject({
        method: "PATCH",
        url: `/api/v1/responses/${slug}/documents/${id}`,
        headers,
        payload: { title: "Taken" },
      });
    expect((await patch(theirs.slug, theirs.otherDocId)).statusCode).toBe(403);
    expect((await patch(mine.slug, theirs.otherDocId)).statusCode).toBe(404);
    const body = multipart(
      pdf,
      { metadata: JSON.stringify({ title: "Mine", type: "plan", ...theirs.own }) },
      "p.pdf",
    );
    const res = await app.inject({
      method: "POST",
      url: `/api/v1/responses/${mine.slug}/documents`,
      headers: { ...headers, "content-type": body.contentType },
      payload: body.payload,
    });
    // Another response's sector is unknown here: 400, and no file is kept.
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].path).toBe("metadata.sectorIds");
  });
});
