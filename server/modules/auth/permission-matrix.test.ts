import { beforeAll, describe, expect, it } from "vitest";
import type { Action } from "../../../common/permissions.ts";
import type { App } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { monthLocks } from "../../db/schema/activities.ts";
import { platformMembers, platforms } from "../../db/schema/platforms.ts";
import {
  buildActivity,
  buildActivityType,
  buildLocation,
  buildOrganisation,
  buildResponse,
  buildSector,
  buildTestApp,
  buildUser,
  signIn,
} from "../../testing/factories.ts";
import { everyone, expected, type Who } from "../../testing/permission-cases.ts";
import { buildPlanWorld, type PlanWorld } from "../plans/plans-fixture.ts";

/**
 * Every role against every write endpoint (and the restricted reads): allowed → 2xx,
 * refused → 403 FORBIDDEN, signed out → 401 UNAUTHENTICATED. Each attempt gets a fresh
 * response so a successful write cannot change what the next one sees.
 */

interface World {
  slug: string;
  responseId: string;
  ownOrgId: string;
  otherOrgId: string;
  ownSectorCode: string;
  otherSectorCode: string;
  locationCode: string;
  someUserId: string;
  /** Valid 4W record input in the coordinator's own sector for the editor's own organisation. */
  ownActivityInput: Record<string, unknown>;
  /** The same in a sector and organisation that are neither's own. */
  otherActivityInput: Record<string, unknown>;
  /** Drafts and submitted records, own (own sector and organisation) and other. */
  ownDraftId: string;
  otherDraftId: string;
  ownSubmittedId: string;
  otherSubmittedId: string;
  /** A month locked in the world (YYYY-MM). */
  lockedMonth: string;
  /** Platforms linked to the coordinator's own sector and to another; the other seats the own organisation. */
  ownPlatformId: string;
  otherPlatformId: string;
  /** Plan objectives and figures in the coordinator's own sector and another; a round and a flow. */
  plan: PlanWorld;
}

interface Case {
  name: string;
  action: Action;
  /** Whether the target is the role's own sector / organisation, for `own-…` grants. */
  own?: boolean;
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  url: (w: World) => string;
  payload?: (w: World) => unknown;
  contentType?: string;
}

const cases: Case[] = [
  {
    name: "create response",
    action: "response:create",
    method: "POST",
    url: () => "/api/v1/responses",
    payload: (w) => ({
      slug: `${w.slug}-new`,
      name: "A new response",
      countryIso3: "MMR",
      languages: ["en"],
      startsOn: "2025-01-01",
    }),
  },
  {
    name: "update response",
    action: "response:update",
    method: "PATCH",
    url: (w) => `/api/v1/responses/${w.slug}`,
    payload: () => ({ name: "Renamed response" }),
  },
  {
    name: "create location",
    action: "location:write",
    method: "POST",
    url: (w) => `/api/v1/responses/${w.slug}/locations`,
    payload: () => ({ code: "NEW-1", name: "New area", kind: "admin", level: 0 }),
  },
  {
    name: "update location",
    action: "location:write",
    method: "PATCH",
    url: (w) => `/api/v1/responses/${w.slug}/locations/${w.locationCode}`,
    payload: () => ({ name: "Renamed area" }),
  },
  {
    name: "import gazetteer",
    action: "location:write",
    method: "POST",
    url: (w) => `/api/v1/responses/${w.slug}/locations/import`,
    payload: () => "code,name,parent,level\nIMP-1,Imported,,0\n",
    contentType: "text/csv",
  },
  {
    name: "create organisation",
    action: "organisation:create",
    method: "POST",
    url: (w) => `/api/v1/responses/${w.slug}/organisations`,
    payload: () => ({ name: "Fresh NGO", type: "22" }),
  },
  {
    name: "update own organisation",
    action: "organisation:update",
    own: true,
    method: "PATCH",
    url: (w) => `/api/v1/responses/${w.slug}/organisations/${w.ownOrgId}`,
    payload: () => ({ acronym: "OWN" }),
  },
  {
    name: "update other organisation",
    action: "organisation:update",
    own: false,
    method: "PATCH",
    url: (w) => `/api/v1/responses/${w.slug}/organisations/${w.otherOrgId}`,
    payload: () => ({ acronym: "OTH" }),
  },
  {
    name: "merge organisation",
    action: "organisation:merge",
    method: "POST",
    url: (w) => `/api/v1/responses/${w.slug}/organisations/${w.otherOrgId}/merge`,
    payload: (w) => ({ intoId: w.ownOrgId }),
  },
  {
    name: "delete organisation",
    action: "organisation:delete",
    method: "DELETE",
    url: (w) => `/api/v1/responses/${w.slug}/organisations/${w.otherOrgId}`,
  },
  {
    name: "create sector",
    action: "sector:create",
    method: "POST",
    url: (w) => `/api/v1/responses/${w.slug}/sectors`,
    payload: () => ({ code: "NEWSEC", name: "New sector" }),
  },
  {
    name: "update own sector",
    action: "sector:update",
    own: true,
    method: "PATCH",
    url: (w) => `/api/v1/responses/${w.slug}/sectors/${w.ownSectorCode}`,
    payload: () => ({ name: "Renamed sector" }),
  },
  // Moving a sector in the structure needs sector:create, even for the coordinator of that sector.
  {
    name: "move own sector",
    action: "sector:create",
    method: "PATCH",
    url: (w) => `/api/v1/responses/${w.slug}/sectors/${w.ownSectorCode}`,
    payload: () => ({ kind: "working_group" }),
  },
  {
    name: "update other sector",
    action: "sector:update",
    own: false,
    method: "PATCH",
    url: (w) => `/api/v1/responses/${w.slug}/sectors/${w.otherSectorCode}`,
    payload: () => ({ name: "Renamed sector" }),
  },
  {
    name: "add activity type to own sector",
    action: "sector:update",
    own: true,
    method: "PUT",
    url: (w) => `/api/v1/responses/${w.slug}/sectors/${w.ownSectorCode}/activity-types/AT-1`,
    payload: () => ({ code: "AT-1", name: "Hygiene promotion" }),
  },
  {
    name: "add indicator to other sector",
    action: "sector:update",
    own: false,
    method: "PUT",
    url: (w) => `/api/v1/responses/${w.slug}/sectors/${w.otherSectorCode}/indicators/IND-1`,
    payload: () => ({ code: "IND-1", name: "People reached", unit: "people" }),
  },
  {
    name: "delete sector",
    action: "sector:delete",
    method: "DELETE",
    url: (w) => `/api/v1/responses/${w.slug}/sectors/${w.otherSectorCode}`,
  },
  {
    name: "write population group",
    action: "population-group:write",
    method: "PUT",
    url: (w) => `/api/v1/responses/${w.slug}/population-groups/HOST`,
    payload: () => ({ code: "HOST", name: "Host communities" }),
  },
  {
    name: "assign roles",
    action: "role:assign",
    method: "PUT",
    url: (w) => `/api/v1/responses/${w.slug}/members/${w.someUserId}`,
    payload: () => ({ roles: [{ role: "viewer" }] }),
  },
  {
    name: "list members",
    action: "role:assign",
    method: "GET",
    url: (w) => `/api/v1/responses/${w.slug}/members`,
  },
  {
    name: "read audit log",
    action: "audit:read",
    method: "GET",
    url: (w) => `/api/v1/responses/${w.slug}/audit`,
  },
  {
    name: "create user",
    action: "user:manage",
    method: "POST",
    url: () => "/api/v1/users",
    payload: (w) => ({ email: `${w.slug}@example.org`, name: "New person" }),
  },
  {
    name: "update user",
    action: "user:manage",
    method: "PATCH",
    url: (w) => `/api/v1/users/${w.someUserId}`,
    payload: () => ({ name: "Renamed person" }),
  },
  { name: "list users", action: "user:manage", method: "GET", url: () => "/api/v1/users" },
  {
    name: "export account data",
    action: "user:manage",
    method: "GET",
    url: (w) => `/api/v1/users/${w.someUserId}/export`,
  },
  {
    name: "erase account",
    action: "user:manage",
    method: "DELETE",
    url: (w) => `/api/v1/users/${w.someUserId}`,
  },
  { name: "platform audit log", action: "user:manage", method: "GET", url: () => "/api/v1/audit" },
  {
    name: "create own activity",
    action: "activity:write",
    own: true,
    method: "POST",
    url: (w) => `/api/v1/responses/${w.slug}/activities`,
    payload: (w) => w.ownActivityInput,
  },
  {
    name: "create other activity",
    action: "activity:write",
    own: false,
    method: "POST",
    url: (w) => `/api/v1/responses/${w.slug}/activities`,
    payload: (w) => w.otherActivityInput,
  },
  {
    name: "update own draft activity",
    action: "activity:write",
    own: true,
    method: "PATCH",
    url: (w) => `/api/v1/responses/${w.slug}/activities/${w.ownDraftId}`,
    payload: () => ({ version: 1, notes: "Updated" }),
  },
  {
    name: "update other draft activity",
    action: "activity:write",
    own: false,
    method: "PATCH",
    url: (w) => `/api/v1/responses/${w.slug}/activities/${w.otherDraftId}`,
    payload: () => ({ version: 1, notes: "Updated" }),
  },
  // Moving one's own record into another organisation and sector is checked against both.
  {
    name: "move own activity elsewhere",
    action: "activity:write",
    own: false,
    method: "PATCH",
    url: (w) => `/api/v1/responses/${w.slug}/activities/${w.ownDraftId}`,
    payload: (w) => ({ version: 1, ...w.otherActivityInput }),
  },
  {
    name: "delete own draft activity",
    action: "activity:write",
    own: true,
    method: "DELETE",
    url: (w) => `/api/v1/responses/${w.slug}/activities/${w.ownDraftId}`,
  },
  {
    name: "delete other draft activity",
    action: "activity:write",
    own: false,
    method: "DELETE",
    url: (w) => `/api/v1/responses/${w.slug}/activities/${w.otherDraftId}`,
  },
  {
    name: "submit own activity",
    action: "activity:write",
    own: true,
    method: "POST",
    url: (w) => `/api/v1/responses/${w.slug}/activities/bulk`,
    payload: (w) => ({ ids: [w.ownDraftId], action: "submit" }),
  },
  {
    name: "submit other activity",
    action: "activity:write",
    own: false,
    method: "POST",
    url: (w) => `/api/v1/responses/${w.slug}/activities/bulk`,
    payload: (w) => ({ ids: [w.otherDraftId], action: "submit" }),
  },
  {
    name: "approve own-sector activity",
    action: "activity:review",
    own: true,
    method: "POST",
    url: (w) => `/api/v1/responses/${w.slug}/activities/bulk`,
    payload: (w) => ({ ids: [w.ownSubmittedId], action: "approve" }),
  },
  {
    name: "reject other-sector activity",
    action: "activity:review",
    own: false,
    method: "POST",
    url: (w) => `/api/v1/responses/${w.slug}/activities/bulk`,
    payload: (w) => ({ ids: [w.otherSubmittedId], action: "reject", reason: "Wrong location" }),
  },
  {
    name: "lock month",
    action: "month:lock",
    method: "POST",
    url: (w) => `/api/v1/responses/${w.slug}/activities/month-locks`,
    payload: () => ({ month: "2024-06", reason: "Reporting closed" }),
  },
  {
    name: "unlock month",
    action: "month:unlock",
    method: "DELETE",
    url: (w) => `/api/v1/responses/${w.slug}/activities/month-locks`,
    payload: (w) => ({ month: w.lockedMonth, reason: "Late report accepted" }),
  },
  {
    name: "create platform",
    action: "platform:create",
    method: "POST",
    url: (w) => `/api/v1/responses/${w.slug}/platforms`,
    payload: () => ({ code: "NEWWG", name: "New working group", type: "working_group" }),
  },
  {
    name: "copy structure template",
    action: "platform:create",
    method: "POST",
    url: (w) => `/api/v1/responses/${w.slug}/platform-templates/unct/copy`,
  },
  {
    name: "update own-sector platform",
    action: "platform:update",
    own: true,
    method: "PATCH",
    url: (w) => `/api/v1/responses/${w.slug}/platforms/${w.ownPlatformId}`,
    payload: () => ({ meetingFrequency: "weekly", purpose: "Coordinates the sector." }),
  },
  {
    name: "update other platform",
    action: "platform:update",
    own: false,
    method: "PATCH",
    url: (w) => `/api/v1/responses/${w.slug}/platforms/${w.otherPlatformId}`,
    payload: () => ({ meetingFrequency: "weekly" }),
  },
  // Moving a platform (parent, sector link, type) needs platform:create, even for its coordinator.
  {
    name: "move own-sector platform",
    action: "platform:create",
    method: "PATCH",
    url: (w) => `/api/v1/responses/${w.slug}/platforms/${w.ownPlatformId}`,
    payload: (w) => ({ parentId: w.otherPlatformId }),
  },
  {
    name: "add member to own-sector platform",
    action: "platform:update",
    own: true,
    method: "PUT",
    url: (w) => `/api/v1/responses/${w.slug}/platforms/${w.ownPlatformId}/members/${w.ownOrgId}`,
    payload: () => ({ representativeRole: "Programme manager" }),
  },
  {
    name: "remove member from other platform",
    action: "platform:update",
    own: false,
    method: "DELETE",
    url: (w) => `/api/v1/responses/${w.slug}/platforms/${w.otherPlatformId}/members/${w.ownOrgId}`,
  },
  {
    name: "delete platform",
    action: "platform:delete",
    method: "DELETE",
    url: (w) => `/api/v1/responses/${w.slug}/platforms/${w.otherPlatformId}`,
  },
  ...planCases(),
  {
    name: "list month locks",
    action: "response:read-restricted",
    method: "GET",
    url: (w) => `/api/v1/responses/${w.slug}/activities/month-locks`,
  },
];

/** The response plan (plan:write, judged per sector) and displacement data (displacement:write). */
function planCases(): Case[] {
  const plans = (w: World, rest: string) => `/api/v1/responses/${w.slug}/plans/${w.plan.year}${rest}`;
  const displacement = (w: World, rest: string) => `/api/v1/responses/${w.slug}/displacement${rest}`;
  const figure = (w: World, own: boolean) => ({
    metric: "targeted",
    sectorId: own ? w.plan.ownSectorId : w.plan.otherSectorId,
    value: 50,
    asOf: "2025-02-01",
  });
  return [
    {
      name: "create strategic objective",
      action: "plan:write",
      own: false,
      method: "POST",
      url: (w) => plans(w, "/objectives"),
      payload: () => ({ kind: "strategic", code: "SO1", title: "Protect people" }),
    },
    {
      name: "create own-sector objective",
      action: "plan:write",
      own: true,
      method: "POST",
      url: (w) => plans(w, "/objectives"),
      payload: (w) => ({
        kind: "sector",
        code: "NEW-SO",
        title: "Own sector aim",
        sectorId: w.plan.ownSectorId,
      }),
    },
    {
      name: "create other-sector objective",
      action: "plan:write",
      own: false,
      method: "POST",
      url: (w) => plans(w, "/objectives"),
      payload: (w) => ({
        kind: "sector",
        code: "NEW-SO",
        title: "Other sector aim",
        sectorId: w.plan.otherSectorId,
      }),
    },
    {
      name: "update own-sector objective",
      action: "plan:write",
      own: true,
      method: "PATCH",
      url: (w) => plans(w, `/objectives/${w.plan.ownObjectiveId}`),
      payload: () => ({ title: "Renamed aim" }),
    },
    {
      name: "delete other-sector objective",
      action: "plan:write",
      own: false,
      method: "DELETE",
      url: (w) => plans(w, `/objectives/${w.plan.otherObjectiveId}`),
    },
    {
      name: "write own-sector figures",
      action: "plan:write",
      own: true,
      method: "PUT",
      url: (w) => plans(w, "/figures"),
      payload: (w) => ({ figures: [figure(w, true)] }),
    },
    {
      name: "write other-sector figures",
      action: "plan:write",
      own: false,
      method: "PUT",
      url: (w) => plans(w, "/figures"),
      payload: (w) => ({ figures: [figure(w, true), figure(w, false)] }),
    },
    {
      name: "delete own-sector figure",
      action: "plan:write",
      own: true,
      method: "DELETE",
      url: (w) => plans(w, `/figures/${w.plan.ownFigureId}`),
    },
    {
      name: "delete other-sector figure",
      action: "plan:write",
      own: false,
      method: "DELETE",
      url: (w) => plans(w, `/figures/${w.plan.otherFigureId}`),
    },
    {
      name: "import own-sector figures",
      action: "plan:write",
      own: true,
      method: "POST",
      url: (w) => plans(w, "/figures/import?asOf=2025-02-01"),
      payload: (w) => `sector_code,in_need\n${w.ownSectorCode},300\n`,
      contentType: "text/csv",
    },
    {
      name: "import other-sector figures",
      action: "plan:write",
      own: false,
      method: "POST",
      url: (w) => plans(w, "/figures/import?asOf=2025-02-01"),
      payload: (w) => `sector_code,in_need\n${w.otherSectorCode},300\n`,
      contentType: "text/csv",
    },
    {
      name: "create round",
      action: "displacement:write",
      method: "POST",
      url: (w) => displacement(w, "/rounds"),
      payload: () => ({ code: "R2", name: "Round 2", assessedOn: "2025-06-30" }),
    },
    {
      name: "update round",
      action: "displacement:write",
      method: "PATCH",
      url: (w) => displacement(w, `/rounds/${w.plan.roundCode}`),
      payload: () => ({ name: "Baseline" }),
    },
    {
      name: "delete round",
      action: "displacement:write",
      method: "DELETE",
      url: (w) => displacement(w, `/rounds/${w.plan.roundCode}`),
    },
    {
      name: "write round data",
      action: "displacement:write",
      method: "PUT",
      url: (w) => displacement(w, `/rounds/${w.plan.roundCode}/data`),
      payload: (w) => ({ population: [{ locationId: w.plan.locationId, individuals: 120 }] }),
    },
    {
      name: "import round data",
      action: "displacement:write",
      method: "POST",
      url: (w) => displacement(w, `/rounds/${w.plan.roundCode}/import`),
      payload: (w) => `pcode,individuals\n${w.locationCode},120\n`,
      contentType: "text/csv",
    },
    {
      name: "add mobility flows",
      action: "displacement:write",
      method: "PUT",
      url: (w) => displacement(w, "/flows"),
      payload: (w) => ({
        flows: [
          {
            originLocationId: w.plan.locationId,
            destinationLocationId: w.plan.otherLocationId,
            people: 25,
            periodStart: "2025-02-01",
            periodEnd: "2025-02-28",
          },
        ],
      }),
    },
    {
      name: "delete mobility flow",
      action: "displacement:write",
      method: "DELETE",
      url: (w) => displacement(w, `/flows/${w.plan.flowId}`),
    },
  ];
}

let app: App;
let db: Db;

async function buildWorld(): Promise<World & { login: (who: Who) => Promise<Record<string, string>> }> {
  const response = await buildResponse(db);
  const ownOrg = await buildOrganisation(db, response.id);
  const otherOrg = await buildOrganisation(db, response.id);
  const ownSector = await buildSector(db, response.id);
  const otherSector = await buildSector(db, response.id);
  const location = await buildLocation(db, response.id);
  const someone = await buildUser(db);
  // 4W records use a third organisation and sector as "other", so deleting or merging the
  // world's other organisation or sector stays possible.
  const elseOrg = await buildOrganisation(db, response.id);
  const elseSector = await buildSector(db, response.id);
  const ownType = await buildActivityType(db, response.id, ownSector.id);
  const elseType = await buildActivityType(db, response.id, elseSector.id);
  const own = { reportingOrgId: ownOrg.id, sectorId: ownSector.id, activityTypeId: ownType.id };
  const other = { reportingOrgId: elseOrg.id, sectorId: elseSector.id, activityTypeId: elseType.id };
  const record = (refs: typeof own, month: string, reviewState: "draft" | "submitted") =>
    buildActivity(db, response.id, {
      ...refs,
      locationId: location.id,
      reportingMonth: `${month}-01`,
      startDate: `${month}-01`,
      endDate: `${month}-28`,
      reviewState,
    });
  const input = (refs: typeof own) => ({
    ...refs,
    locationId: location.id,
    status: "ongoing",
    startDate: "2024-05-01",
    endDate: "2024-05-31",
    reportingMonth: "2024-05",
  });
  const ownDraft = await record(own, "2024-03", "draft");
  const otherDraft = await record(other, "2024-03", "draft");
  const ownSubmitted = await record(own, "2024-04", "submitted");
  const otherSubmitted = await record(other, "2024-04", "submitted");
  await db.insert(monthLocks).values({ responseId: response.id, month: "2023-01-01" });
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
        sectorId: elseSector.id,
      },
    ])
    .returning();
  await db
    .insert(platformMembers)
    .values({ responseId: response.id, platformId: otherPlatform!.id, organisationId: ownOrg.id });
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
    ownSectorCode: ownSector.code,
    otherSectorCode: otherSector.code,
    locationCode: location.code,
    someUserId: someone.id,
    ownActivityInput: input(own),
    otherActivityInput: input(other),
    ownDraftId: ownDraft.id,
    otherDraftId: otherDraft.id,
    ownSubmittedId: ownSubmitted.id,
    otherSubmittedId: otherSubmitted.id,
    lockedMonth: "2023-01",
    ownPlatformId: ownPlatform!.id,
    otherPlatformId: otherPlatform!.id,
    plan: await buildPlanWorld(db, response.id, {
      ownSectorId: ownSector.id,
      otherSectorId: elseSector.id,
      locationId: location.id,
    }),
    login,
  };
}

beforeAll(async () => {
  ({ app, db } = await buildTestApp());
});

describe("permission matrix", () => {
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
            headers: { ...headers, ...(c.contentType ? { "content-type": c.contentType } : {}) },
            ...(payload === undefined ? {} : { payload: payload as string }),
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
  it("a response manager of one response cannot write in another", async () => {
    const mine = await buildWorld();
    const theirs = await buildWorld();
    const headers = await mine.login("response_manager");
    const res = await app.inject({
      method: "PATCH",
      url: `/api/v1/responses/${theirs.slug}/organisations/${theirs.otherOrgId}`,
      headers,
      payload: { acronym: "X" },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe("FORBIDDEN");
    const audit = await app.inject({ method: "GET", url: `/api/v1/responses/${theirs.slug}/audit`, headers });
    expect(audit.statusCode).toBe(403);
  });

  it("an organisation of another response is not found through my response", async () => {
    const mine = await buildWorld();
    const theirs = await buildWorld();
    const headers = await mine.login("response_manager");
    const res = await app.inject({
      method: "PATCH",
      url: `/api/v1/responses/${mine.slug}/organisations/${theirs.otherOrgId}`,
      headers,
      payload: { acronym: "X" },
    });
    expect(res.statusCode).toBe(404);
    const merge = await app.inject({
      method: "POST",
      url: `/api/v1/responses/${mine.slug}/organisations/${mine.ownOrgId}/merge`,
      headers,
      payload: { intoId: theirs.ownOrgId },
    });
    expect(merge.statusCode).toBe(404);
  });

  it("a response manager cannot change another response's structure, by its slug or through mine", async () => {
    const mine = await buildWorld();
    const theirs = await buildWorld();
    const headers = await mine.login("response_manager");
    const patch = (slug: string, id: string) =>
      app.inject({
        method: "PATCH",
        url: `/api/v1/responses/${slug}/platforms/${id}`,
        headers,
        payload: { meetingFrequency: "weekly" },
      });
    expect((await patch(theirs.slug, theirs.otherPlatformId)).statusCode).toBe(403);
    expect((await patch(mine.slug, theirs.otherPlatformId)).statusCode).toBe(404);
    const copy = await app.inject({
      method: "POST",
      url: `/api/v1/responses/${theirs.slug}/platform-templates/iasc/copy`,
      headers,
    });
    expect(copy.statusCode).toBe(403);
    // Another response's organisation cannot be seated on my platform.
    const seat = await app.inject({
      method: "PUT",
      url: `/api/v1/responses/${mine.slug}/platforms/${mine.ownPlatformId}/members/${theirs.ownOrgId}`,
      headers,
      payload: { representativeRole: "Head of Office" },
    });
    expect(seat.statusCode).toBe(400);
  });

  it("an editor cannot be made to edit another organisation by naming it in the body", async () => {
    const world = await buildWorld();
    const headers = await world.login("organisation_editor");
    const res = await app.inject({
      method: "PATCH",
      url: `/api/v1/responses/${world.slug}/organisations/${world.ownOrgId}`,
      headers,
      payload: { id: world.otherOrgId, name: "Hijack" },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].path).toBe("body");
  });

  it("a response manager cannot write another response's plan or displacement data, by its slug or through mine", async () => {
    const mine = await buildWorld();
    const theirs = await buildWorld();
    const headers = await mine.login("response_manager");
    const figures = (sectorId: string) => ({
      figures: [{ metric: "in_need", sectorId, value: 10, asOf: "2025-02-01" }],
    });
    const put = (slug: string, sectorId: string) =>
      app.inject({
        method: "PUT",
        url: `/api/v1/responses/${slug}/plans/2025/figures`,
        headers,
        payload: figures(sectorId),
      });
    expect((await put(theirs.slug, theirs.plan.ownSectorId)).statusCode).toBe(403);
    const through = await put(mine.slug, theirs.plan.ownSectorId);
    expect(through.statusCode).toBe(400);
    expect(through.json().error.details[0].path).toBe("body.figures[0].sectorId");
    const del = await app.inject({
      method: "DELETE",
      url: `/api/v1/responses/${mine.slug}/plans/2025/figures/${theirs.plan.ownFigureId}`,
      headers,
    });
    expect(del.statusCode).toBe(404);
    const round = await app.inject({
      method: "PUT",
      url: `/api/v1/responses/${theirs.slug}/displacement/rounds/${theirs.plan.roundCode}/data`,
      headers,
      payload: { population: [{ locationId: theirs.plan.locationId, individuals: 5 }] },
    });
    expect(round.statusCode).toBe(403);
    const flow = await app.inject({
      method: "DELETE",
      url: `/api/v1/responses/${mine.slug}/displacement/flows/${theirs.plan.flowId}`,
      headers,
    });
    expect(flow.statusCode).toBe(404);
  });
});
