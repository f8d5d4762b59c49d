import { beforeAll, describe, expect, it } from "vitest";
import type { Action } from "../../../common/permissions.ts";
import type { App } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { contactSectors, contacts } from "../../db/schema/contacts.ts";
import { platforms } from "../../db/schema/platforms.ts";
import {
  buildOrganisation,
  buildResponse,
  buildSector,
  buildTestApp,
  buildUser,
  signIn,
} from "../../testing/factories.ts";
import { everyone, expected, type Who } from "../../testing/permission-cases.ts";

/**
 * Every role against every contacts write: allowed → 2xx, refused → 403, signed out → 401.
 * "Own" is an entry of the editor's organisation in the coordinator's sector; "other" is neither.
 */

interface World {
  slug: string;
  responseId: string;
  ownOrgId: string;
  otherOrgId: string;
  ownSectorId: string;
  otherSectorId: string;
  ownContactId: string;
  otherContactId: string;
  login: (who: Who) => Promise<Record<string, string>>;
}

interface Case {
  name: string;
  action: Action;
  own: boolean;
  method: "POST" | "PATCH" | "DELETE";
  url: (w: World) => string;
  payload?: (w: World) => object;
}

const base = (w: World) => `/api/v1/responses/${w.slug}/contacts`;
const cases: Case[] = [
  {
    name: "create own",
    action: "contact:create",
    own: true,
    method: "POST",
    url: base,
    payload: (w) => ({
      name: "New Person",
      email: "new@example.org",
      organisationId: w.ownOrgId,
      sectorIds: [w.ownSectorId],
    }),
  },
  {
    name: "create other",
    action: "contact:create",
    own: false,
    method: "POST",
    url: base,
    payload: (w) => ({
      name: "New Person",
      email: "new@example.org",
      organisationId: w.otherOrgId,
      sectorIds: [w.otherSectorId],
    }),
  },
  {
    name: "update own",
    action: "contact:update",
    own: true,
    method: "PATCH",
    url: (w) => `${base(w)}/${w.ownContactId}`,
    payload: () => ({ title: "Programme Manager" }),
  },
  {
    name: "update other",
    action: "contact:update",
    own: false,
    method: "PATCH",
    url: (w) => `${base(w)}/${w.otherContactId}`,
    payload: () => ({ title: "Programme Manager" }),
  },
  {
    name: "request confirmation of own",
    action: "contact:update",
    own: true,
    method: "POST",
    url: (w) => `${base(w)}/request-confirmation`,
    payload: (w) => ({ ids: [w.ownContactId] }),
  },
  {
    name: "request confirmation of own and other",
    action: "contact:update",
    own: false,
    method: "POST",
    url: (w) => `${base(w)}/request-confirmation`,
    payload: (w) => ({ ids: [w.ownContactId, w.otherContactId] }),
  },
  {
    name: "delete own",
    action: "contact:delete",
    own: true,
    method: "DELETE",
    url: (w) => `${base(w)}/${w.ownContactId}`,
  },
  {
    name: "delete other",
    action: "contact:delete",
    own: false,
    method: "DELETE",
    url: (w) => `${base(w)}/${w.otherContactId}`,
  },
];

let app: App;
let db: Db;

async function buildWorld(): Promise<World> {
  const response = await buildResponse(db);
  const ownOrg = await buildOrganisation(db, response.id);
  const otherOrg = await buildOrganisation(db, response.id);
  const ownSector = await buildSector(db, response.id);
  const otherSector = await buildSector(db, response.id);
  const [own, other] = await db
    .insert(contacts)
    .values([
      { responseId: response.id, name: "Own Person", email: "own@example.org", organisationId: ownOrg.id },
      {
        responseId: response.id,
        name: "Other Person",
        email: "other@example.org",
        organisationId: otherOrg.id,
      },
    ])
    .returning();
  await db.insert(contactSectors).values([
    { responseId: response.id, contactId: own!.id, sectorId: ownSector.id },
    { responseId: response.id, contactId: other!.id, sectorId: otherSector.id },
  ]);
  const login = async (who: Who) => {
    if (who === "public") return {};
    const user = await buildUser(db, {
      isAdmin: who === "administrator",
      role: who === "administrator" ? undefined : who,
      responseId: response.id,
      sectorId: who === "sector_coordinator" ? ownSector.id : null,
      organisationId: who === "organisation_editor" ? ownOrg.id : null,
    });
    return (await signIn(app, user.email)).headers;
  };
  return {
    slug: response.slug,
    responseId: response.id,
    ownOrgId: ownOrg.id,
    otherOrgId: otherOrg.id,
    ownSectorId: ownSector.id,
    otherSectorId: otherSector.id,
    ownContactId: own!.id,
    otherContactId: other!.id,
    login,
  };
}

beforeAll(async () => {
  ({ app, db } = await buildTestApp());
});

describe("contacts permission matrix", () => {
  for (const c of cases) {
    describe(c.name, () => {
      for (const who of everyone) {
        const outcome = expected(who, c);
        it(`${who} → ${outcome}`, async () => {
          const world = await buildWorld();
          const headers = await world.login(who);
          const res = await app.inject({
            method: c.method,
            url: c.url(world),
            headers,
            ...(c.payload ? { payload: c.payload(world) } : {}),
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
});

describe("contacts: scope of coordinators and editors", () => {
  it("a coordinator edits people on their sector's platform, but cannot move them out of their sector", async () => {
    const w = await buildWorld();
    const [platform] = await db
      .insert(platforms)
      .values({
        responseId: w.responseId,
        code: "OWNP",
        name: "Own platform",
        type: "sector",
        sectorId: w.ownSectorId,
      })
      .returning();
    const platformId = platform!.id;
    const headers = await w.login("sector_coordinator");
    const patch = (id: string, payload: object) =>
      app.inject({ method: "PATCH", url: `/api/v1/responses/${w.slug}/contacts/${id}`, headers, payload });
    // Seated on a platform of their sector (with no sector of its own), the entry is theirs.
    const created = await app.inject({
      method: "POST",
      url: `/api/v1/responses/${w.slug}/contacts`,
      headers,
      payload: {
        name: "Platform Person",
        email: "platform@example.org",
        organisationId: w.otherOrgId,
        platforms: [{ platformId, role: "member_representative" }],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().canEdit).toBe(true);
    expect((await patch(w.ownContactId, { sectorIds: [w.otherSectorId] })).statusCode).toBe(403);
    expect((await patch(w.ownContactId, { sectorIds: [w.ownSectorId, w.otherSectorId] })).statusCode).toBe(
      200,
    );
  });

  it("an editor cannot hand their organisation's entry to another organisation", async () => {
    const w = await buildWorld();
    const headers = await w.login("organisation_editor");
    const res = await app.inject({
      method: "PATCH",
      url: `/api/v1/responses/${w.slug}/contacts/${w.ownContactId}`,
      headers,
      payload: { organisationId: w.otherOrgId },
    });
    expect(res.statusCode).toBe(403);
  });

  it("a manager of one response cannot write another's contacts, by its slug or through mine", async () => {
    const mine = await buildWorld();
    const theirs = await buildWorld();
    const headers = await mine.login("response_manager");
    const patch = (slug: string, id: string) =>
      app.inject({
        method: "PATCH",
        url: `/api/v1/responses/${slug}/contacts/${id}`,
        headers,
        payload: { title: "X Y" },
      });
    expect((await patch(theirs.slug, theirs.ownContactId)).statusCode).toBe(403);
    expect((await patch(mine.slug, theirs.ownContactId)).statusCode).toBe(404);
  });
});
