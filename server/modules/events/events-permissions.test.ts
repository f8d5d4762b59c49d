import { beforeAll, describe, expect, it } from "vitest";
import type { Action } from "../../../common/permissions.ts";
import type { App } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { eventSectors, events } from "../../db/schema/events.ts";
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
 * Every role against every event write: allowed → 2xx, refused → 403 FORBIDDEN, signed out →
 * 401. "Own" is an event of the coordinator's sector (on that sector's platform); "other" is an
 * event of another sector. Each attempt gets a fresh response.
 */

interface World {
  slug: string;
  ownSectorId: string;
  otherSectorId: string;
  ownPlatformId: string;
  otherPlatformId: string;
  ownEventId: string;
  otherEventId: string;
  login: (who: Who) => Promise<Record<string, string>>;
}

const input = (platformId: string, sectorId: string) => ({
  title: "Sector coordination meeting",
  type: "coordination_meeting",
  platformId,
  sectorIds: [sectorId],
  start: "2026-12-01T10:00",
  end: "2026-12-01T11:00",
  timeZone: "Asia/Dhaka",
});

interface Case {
  name: string;
  action: Action;
  own: boolean;
  method: "POST" | "PATCH" | "DELETE";
  url: (w: World) => string;
  payload?: (w: World) => object;
}

const base = (w: World) => `/api/v1/responses/${w.slug}/events`;
const cases: Case[] = [
  {
    name: "create own-sector event",
    action: "event:create",
    own: true,
    method: "POST",
    url: base,
    payload: (w) => input(w.ownPlatformId, w.ownSectorId),
  },
  {
    name: "create other-sector event",
    action: "event:create",
    own: false,
    method: "POST",
    url: base,
    payload: (w) => input(w.otherPlatformId, w.otherSectorId),
  },
  {
    name: "update own-sector event",
    action: "event:update",
    own: true,
    method: "PATCH",
    url: (w) => `${base(w)}/${w.ownEventId}`,
    payload: () => ({ title: "Renamed meeting" }),
  },
  {
    name: "update other-sector event",
    action: "event:update",
    own: false,
    method: "PATCH",
    url: (w) => `${base(w)}/${w.otherEventId}`,
    payload: () => ({ title: "Renamed meeting" }),
  },
  {
    name: "move own event to another sector",
    action: "event:update",
    own: false,
    method: "PATCH",
    url: (w) => `${base(w)}/${w.ownEventId}`,
    payload: (w) => ({ platformId: w.otherPlatformId, sectorIds: [w.otherSectorId] }),
  },
  {
    name: "delete own-sector event",
    action: "event:delete",
    own: true,
    method: "DELETE",
    url: (w) => `${base(w)}/${w.ownEventId}`,
  },
  {
    name: "delete other-sector event",
    action: "event:delete",
    own: false,
    method: "DELETE",
    url: (w) => `${base(w)}/${w.otherEventId}`,
  },
];

let app: App;
let db: Db;

async function buildWorld(): Promise<World> {
  const response = await buildResponse(db);
  const ownSector = await buildSector(db, response.id);
  const otherSector = await buildSector(db, response.id);
  const ownOrg = await buildOrganisation(db, response.id);
  const [ownPlatform, otherPlatform] = await db
    .insert(platforms)
    .values([
      {
        responseId: response.id,
        code: "OWN",
        name: "Own sector",
        type: "sector" as const,
        sectorId: ownSector.id,
      },
      {
        responseId: response.id,
        code: "OTHER",
        name: "Other sector",
        type: "sector" as const,
        sectorId: otherSector.id,
      },
    ])
    .returning();
  const event = (platformId: string) => ({
    responseId: response.id,
    title: "Meeting",
    type: "coordination_meeting" as const,
    platformId,
    startsAt: new Date("2026-12-01T04:00:00Z"),
    endsAt: new Date("2026-12-01T05:00:00Z"),
    timeZone: "Asia/Dhaka",
  });
  const [ownEvent, otherEvent] = await db
    .insert(events)
    .values([event(ownPlatform!.id), event(otherPlatform!.id)])
    .returning();
  await db.insert(eventSectors).values([
    { responseId: response.id, eventId: ownEvent!.id, sectorId: ownSector.id },
    { responseId: response.id, eventId: otherEvent!.id, sectorId: otherSector.id },
  ]);
  return {
    slug: response.slug,
    ownSectorId: ownSector.id,
    otherSectorId: otherSector.id,
    ownPlatformId: ownPlatform!.id,
    otherPlatformId: otherPlatform!.id,
    ownEventId: ownEvent!.id,
    otherEventId: otherEvent!.id,
    login: async (who) => {
      if (who === "public") return {};
      const user = await buildUser(db, {
        isAdmin: who === "administrator",
        role: who === "administrator" ? undefined : who,
        responseId: response.id,
        sectorId: who === "sector_coordinator" ? ownSector.id : null,
        organisationId: who === "organisation_editor" ? ownOrg.id : null,
      });
      return (await signIn(app, user.email)).headers;
    },
  };
}

beforeAll(async () => {
  ({ app, db } = await buildTestApp());
});

describe("event permission matrix", () => {
  for (const c of cases) {
    describe(c.name, () => {
      for (const who of everyone) {
        const outcome = expected(who, c);
        it(`${who} → ${outcome}`, async () => {
          const world = await buildWorld();
          const headers = await world.login(who);
          const payload = c.payload?.(world);
          const res = await app.inject({
            method: c.method,
            url: c.url(world),
            headers,
            ...(payload ? { payload } : {}),
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

describe("cross-response access", () => {
  it("a response manager of one response cannot write another's events, by its slug or through mine", async () => {
    const mine = await buildWorld();
    const theirs = await buildWorld();
    const headers = await mine.login("response_manager");
    const create = await app.inject({
      method: "POST",
      url: base(theirs),
      headers,
      payload: input(theirs.ownPlatformId, theirs.ownSectorId),
    });
    expect(create.statusCode).toBe(403);
    const patch = (w: World) =>
      app.inject({
        method: "PATCH",
        url: `${base(w)}/${theirs.ownEventId}`,
        headers,
        payload: { title: "Hijack" },
      });
    expect((await patch(theirs)).statusCode).toBe(403);
    expect((await patch(mine)).statusCode).toBe(404);
    // Another response's platform or sector cannot be named in mine.
    const foreign = await app.inject({
      method: "POST",
      url: base(mine),
      headers,
      payload: input(theirs.ownPlatformId, mine.ownSectorId),
    });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.details[0].path).toBe("body.platformId");
  });
});
