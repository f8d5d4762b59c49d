import ICAL from "ical.js";
import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { documents } from "../../db/schema/documents.ts";
import { platforms } from "../../db/schema/platforms.ts";
import {
  buildManagedResponse,
  buildOrganisation,
  buildResponse,
  buildSector,
  buildTestApp,
  buildUser,
  signIn,
} from "../../testing/factories.ts";

/** Events: CRUD, validation, audit, occurrences in a window, feeds and who sees what. */

let app: App;
let db: Db;

beforeAll(async () => {
  ({ app, db } = await buildTestApp());
});

async function world() {
  const { response, headers } = await buildManagedResponse(app, db);
  const wash = await buildSector(db, response.id, { code: "WASH", name: "WASH" });
  const hygiene = await buildSector(db, response.id, { code: "HYG", name: "Hygiene", parentId: wash.id });
  const health = await buildSector(db, response.id, { code: "HEALTH", name: "Health" });
  const unicef = await buildOrganisation(db, response.id, { name: "UNICEF", acronym: "UNICEF", type: "40" });
  const [washPlatform, iscg] = await db
    .insert(platforms)
    .values([
      {
        responseId: response.id,
        code: "WASH-S",
        name: "WASH Sector",
        type: "sector" as const,
        sectorId: wash.id,
      },
      { responseId: response.id, code: "ISCG", name: "ISCG", type: "iscg" as const },
    ])
    .returning();
  return {
    response,
    slug: response.slug,
    headers,
    wash,
    hygiene,
    health,
    unicef,
    washPlatform: washPlatform!,
    iscg: iscg!,
  };
}
type World = Awaited<ReturnType<typeof world>>;

const url = (w: World, rest = "") => `/api/v1/responses/${w.slug}/events${rest}`;
const send = (
  w: World,
  method: "POST" | "PATCH" | "DELETE",
  rest: string,
  payload?: object,
  headers = w.headers,
) => app.inject({ method, url: url(w, rest), headers, ...(payload ? { payload } : {}) });
const get = (w: World, rest: string, headers: Record<string, string> = {}) =>
  app.inject({ method: "GET", url: url(w, rest), headers });

const washMeeting = (w: World, extra: object = {}) => ({
  title: "WASH Sector coordination meeting",
  type: "coordination_meeting",
  platformId: w.washPlatform.id,
  sectorIds: [w.wash.id],
  start: "2026-11-17T10:00",
  end: "2026-11-17T11:30",
  recurrence: "weekly",
  place: "ISCG office, Cox's Bazar",
  onlineUrl: "https://meet.example.org/wash",
  organiserIds: [w.unicef.id],
  ...extra,
});

async function create(w: World, payload: object) {
  const res = await send(w, "POST", "", payload);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; uid: string; rrule: string | null; sequence: number };
}

const window = "?from=2026-11-23T00:00:00Z&to=2026-12-08T00:00:00Z";

describe("events", () => {
  it("creates, reads, changes and deletes an event, each write audited", async () => {
    const w = await world();
    const created = await create(w, washMeeting(w));
    const detail = (await get(w, `/${created.id}`)).json();
    expect(detail).toMatchObject({
      title: "WASH Sector coordination meeting",
      timeZone: "Asia/Dhaka", // the response's country (Bangladesh) decides the default zone
      start: "2026-11-17T10:00",
      startsAt: "2026-11-17T04:00:00.000Z",
      rrule: "FREQ=WEEKLY;BYDAY=TU",
      platform: { code: "WASH-S" },
      sectors: [{ code: "WASH" }],
      organisers: [{ acronym: "UNICEF" }],
      uid: `${created.id}@intersector`,
      sequence: 0,
    });

    let res = await send(w, "PATCH", `/${created.id}`, {
      recurrenceUntil: "2026-12-01",
      title: "WASH sector meeting",
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      title: "WASH sector meeting",
      rrule: "FREQ=WEEKLY;BYDAY=TU;UNTIL=20261201T175959Z",
      sequence: 1,
      uid: created.uid,
    });
    const list = (await get(w, window)).json();
    expect(list.items.map((o: { startsAt: string }) => o.startsAt)).toEqual([
      "2026-11-24T04:00:00.000Z",
      "2026-12-01T04:00:00.000Z",
    ]);

    res = await send(w, "DELETE", `/${created.id}`);
    expect(res.statusCode).toBe(204);
    expect((await get(w, `/${created.id}`)).statusCode).toBe(404);
    const audit = (
      await app.inject({
        method: "GET",
        url: `/api/v1/responses/${w.slug}/audit?entityType=event`,
        headers: w.headers,
      })
    ).json();
    const actions = audit.items.map((a: { action: string }) => a.action).sort();
    expect(actions).toEqual(["event.create", "event.delete", "event.update"]);
    const deleted = audit.items.find((a: { action: string }) => a.action === "event.delete");
    expect(deleted.before).toMatchObject({ title: "WASH sector meeting", sectorIds: [w.wash.id] });
  });

  it("merges an update into the event: a new zone keeps the wall clock, no recurrence drops its settings", async () => {
    const w = await world();
    const created = await create(w, washMeeting(w, { recurrenceCount: 4, exceptionDates: ["2026-11-24"] }));
    let res = await send(w, "PATCH", `/${created.id}`, { timeZone: "Europe/Zurich" });
    expect(res.json()).toMatchObject({
      start: "2026-11-17T10:00",
      timeZone: "Europe/Zurich",
      startsAt: "2026-11-17T09:00:00.000Z",
      rrule: "FREQ=WEEKLY;BYDAY=TU;COUNT=4",
      exceptionDates: ["2026-11-24"],
    });
    res = await send(w, "PATCH", `/${created.id}`, { recurrence: "none" });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      recurrence: "none",
      rrule: null,
      recurrenceCount: null,
      exceptionDates: [],
      sequence: 2,
    });
    res = await send(w, "PATCH", `/${created.id}`, { recurrence: "custom", rrule: "FREQ=MONTHLY;BYDAY=3TU" });
    expect(res.json().rrule).toBe("FREQ=MONTHLY;BYDAY=3TU");
    // The feed is what calendar apps refresh: the zone's definition and a refresh interval.
    const feed = await get(w, "/calendar.ics");
    expect(feed.body).toContain("BEGIN:VTIMEZONE\r\nTZID:Europe/Zurich");
    expect(feed.body).toContain("REFRESH-INTERVAL;VALUE=DURATION:PT1H");
    expect(feed.body).toContain("SEQUENCE:3");
  });

  it("answers precise 400s and leaves the data as it was", async () => {
    const w = await world();
    const cases: [object, string, string?][] = [
      [{ end: "2026-11-17T09:00" }, "body.end", "must be after the start"],
      [{ timeZone: "Mars/Olympus" }, "body.timeZone"],
      [{ timeZone: "Europe/Geneva" }, "body.timeZone"], // Geneva keeps Europe/Zurich's time
      [{ start: "2026-02-30T10:00", end: "2026-02-30T11:00" }, "body.start"],
      [{ start: "2026-11-17 10:00" }, "body.start"],
      [{ recurrence: "custom", rrule: "FREQ=SOMETIMES" }, "body.rrule"],
      [{ recurrence: "custom" }, "body.rrule", "required"],
      [{ recurrence: "custom", rrule: "FREQ=WEEKLY;COUNT=3" }, "body.rrule"],
      [{ recurrence: "custom", rrule: "FREQ=MONTHLY;BYDAY=1WE" }, "body.start"],
      [{ rrule: "FREQ=DAILY" }, "body.rrule", "a rule is only for a custom recurrence"],
      [{ recurrenceUntil: "2026-12-01", recurrenceCount: 3 }, "body.recurrenceCount"],
      [{ recurrenceUntil: "2026-11-01" }, "body.recurrenceUntil", "is before the first occurrence"],
      [{ recurrence: "none", exceptionDates: ["2026-11-24"] }, "body.exceptionDates"],
      [{ onlineUrl: "javascript:alert(1)" }, "body.onlineUrl"],
      [{ platformId: w.unicef.id }, "body.platformId", "unknown"],
      [{ sectorIds: [w.unicef.id] }, "body.sectorIds"],
      [{ organiserIds: [w.wash.id] }, "body.organiserIds"],
      [{ type: "party" }, "body.type"],
      [{ colour: "red" }, "body"],
    ];
    for (const [change, path, message] of cases) {
      const res = await send(w, "POST", "", washMeeting(w, change));
      expect(res.statusCode, `${JSON.stringify(change)} → ${res.body}`).toBe(400);
      const detail = res.json().error.details.find((d: { path: string }) => d.path === path);
      expect(detail, `${JSON.stringify(change)} → ${res.body}`).toBeDefined();
      if (message) expect(detail.message).toBe(message);
    }
    expect((await get(w, window)).json().items).toEqual([]);

    const created = await create(w, washMeeting(w));
    const res = await send(w, "PATCH", `/${created.id}`, { end: "2026-11-17T08:00", title: "Changed" });
    expect(res.statusCode).toBe(400);
    expect((await get(w, `/${created.id}`)).json()).toMatchObject({
      title: "WASH Sector coordination meeting",
      sequence: 0,
    });
    const bad = await get(w, "?from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z");
    expect(bad.statusCode).toBe(400);
    expect((await get(w, "?sector=NOPE")).json().error.details[0]).toEqual({
      path: "query.sector",
      message: "unknown",
    });
  });

  it("links its agenda and minutes as documents of the response, hiding signed-in-only ones from visitors", async () => {
    const w = await world();
    const doc = async (responseId: string, title: string, visibility: "public" | "signed_in" = "public") => {
      const [row] = await db
        .insert(documents)
        .values({ responseId, title, type: "minutes", visibility })
        .returning();
      return row!;
    };
    const agenda = await doc(w.response.id, "WASH meeting agenda, 17 November");
    const minutes = await doc(w.response.id, "WASH meeting minutes (partners only)", "signed_in");
    const foreign = await doc((await buildResponse(db)).id, "Minutes of another response");

    const created = await create(
      w,
      washMeeting(w, {
        recurrence: "none",
        agendaDocumentId: agenda.id,
        minutesDocumentId: minutes.id,
        minutesUrl: "https://example.org/minutes-elsewhere.pdf",
      }),
    );
    const member = (await get(w, `/${created.id}`, w.headers)).json();
    expect(member).toMatchObject({
      agendaDocument: { id: agenda.id, title: "WASH meeting agenda, 17 November" },
      minutesDocument: { id: minutes.id, title: "WASH meeting minutes (partners only)" },
      minutesUrl: "https://example.org/minutes-elsewhere.pdf",
    });
    const visitor = await get(w, `/${created.id}`);
    expect(visitor.json()).toMatchObject({ agendaDocument: { id: agenda.id }, minutesDocument: null });
    expect(visitor.body).not.toContain("partners only");
    // The visitor's .ics points at the agenda's page, and falls back to the external minutes.
    const ics = (await get(w, `/${created.id}/ics`)).body.replace(/\r\n /g, "");
    expect(ics).toContain(`/r/${w.slug}/documents/${agenda.id}`);
    expect(ics).toContain("minutes-elsewhere.pdf");
    expect(ics).not.toContain(minutes.id);

    let res = await send(w, "PATCH", `/${created.id}`, { minutesDocumentId: foreign.id });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toEqual([{ path: "body.minutesDocumentId", message: "unknown" }]);
    res = await send(w, "POST", "", washMeeting(w, { agendaDocumentId: foreign.id }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].path).toBe("body.agendaDocumentId");

    // The agenda cannot be deleted from under the meeting; unlinked, it can.
    const documentUrl = `/api/v1/responses/${w.slug}/documents/${agenda.id}`;
    res = await app.inject({ method: "DELETE", url: documentUrl, headers: w.headers });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toContain("WASH Sector coordination meeting");
    res = await send(w, "PATCH", `/${created.id}`, { agendaDocumentId: null });
    expect(res.json().agendaDocument).toBeNull();
    res = await app.inject({ method: "DELETE", url: documentUrl, headers: w.headers });
    expect(res.statusCode).toBe(204);
  });

  it("filters occurrences by platform, sector (sub-sectors included), type and window", async () => {
    const w = await world();
    await create(w, washMeeting(w));
    await create(w, {
      title: "Hygiene promotion training",
      type: "training",
      sectorIds: [w.hygiene.id],
      start: "2026-11-26T09:00",
      end: "2026-11-26T16:00",
    });
    await create(w, {
      title: "ISCG meeting",
      type: "coordination_meeting",
      platformId: w.iscg.id,
      start: "2026-11-25T14:00",
      end: "2026-11-25T16:00",
      recurrence: "monthly",
    });
    const titles = async (query: string) =>
      ((await get(w, `${window}${query}`)).json().items as { title: string }[]).map((o) => o.title);
    expect(await titles("")).toEqual([
      "WASH Sector coordination meeting",
      "ISCG meeting",
      "Hygiene promotion training",
      "WASH Sector coordination meeting",
    ]);
    expect(await titles("&sector=WASH")).toEqual([
      "WASH Sector coordination meeting",
      "Hygiene promotion training",
      "WASH Sector coordination meeting",
    ]);
    expect(await titles(`&sector=${w.hygiene.id}`)).toEqual(["Hygiene promotion training"]);
    expect(await titles("&platform=ISCG")).toEqual(["ISCG meeting"]);
    expect(await titles("&type=training")).toEqual(["Hygiene promotion training"]);
    expect(await titles("&sector=HEALTH")).toEqual([]);
    const limited = (await get(w, `${window}&limit=2`)).json();
    expect(limited).toMatchObject({ truncated: true, items: [{}, {}] });
  });

  it("shows signed-in-only events to signed-in users, never to visitors or their feeds", async () => {
    const w = await world();
    const open = await create(w, washMeeting(w, { title: "Open meeting" }));
    const closed = await create(w, washMeeting(w, { title: "Partners only", visibility: "signed_in" }));
    const viewer = await buildUser(db, { role: "viewer", responseId: w.response.id });
    const signedIn = (await signIn(app, viewer.email)).headers;
    const titles = async (headers: Record<string, string>) =>
      new Set(((await get(w, window, headers)).json().items as { title: string }[]).map((o) => o.title));
    expect(await titles({})).toEqual(new Set(["Open meeting"]));
    expect(await titles(signedIn)).toEqual(new Set(["Open meeting", "Partners only"]));
    expect((await get(w, `/${closed.id}`)).statusCode).toBe(404);
    expect((await get(w, `/${closed.id}/ics`)).statusCode).toBe(404);
    expect((await get(w, `/${closed.id}`, signedIn)).statusCode).toBe(200);
    const feed = await get(w, "/calendar.ics");
    expect(feed.body).toContain(open.uid);
    expect(feed.body).not.toContain(closed.uid);
    expect(feed.headers["cache-control"]).toContain("public");
    const privateFeed = await get(w, "/calendar.ics", signedIn);
    expect(privateFeed.body).toContain(closed.uid);
    expect(privateFeed.headers["cache-control"]).toContain("private");
  });

  it("serves feeds per response, platform and sector, and one event as a download, read by a real parser", async () => {
    const w = await world();
    const wash = await create(w, washMeeting(w));
    const iscg = await create(w, {
      title: "ISCG meeting",
      type: "coordination_meeting",
      platformId: w.iscg.id,
      start: "2026-11-25T14:00",
      end: "2026-11-25T16:00",
    });
    const uids = async (query: string) => {
      const res = await get(w, `/calendar.ics${query}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers["content-type"]).toBe("text/calendar; charset=utf-8");
      const calendar = new ICAL.Component(ICAL.parse(res.body));
      return calendar.getAllSubcomponents("vevent").map((e) => e.getFirstPropertyValue("uid"));
    };
    expect(new Set(await uids(""))).toEqual(new Set([wash.uid, iscg.uid]));
    expect(await uids("?sector=WASH")).toEqual([wash.uid]);
    expect(await uids(`?platform=${w.iscg.id}`)).toEqual([iscg.uid]);
    expect(await uids("?platform=WASH-S")).toEqual([wash.uid]);
    expect((await get(w, "/calendar.ics?platform=NOPE")).statusCode).toBe(400);

    const one = await get(w, `/${wash.id}/ics`);
    expect(one.headers["content-disposition"]).toBe(
      'attachment; filename="wash-sector-coordination-meeting.ics"',
    );
    const calendar = new ICAL.Component(ICAL.parse(one.body));
    for (const zone of calendar.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(zone);
    const event = new ICAL.Event(calendar.getFirstSubcomponent("vevent")!);
    expect(event.uid).toBe(wash.uid);
    expect(event.isRecurring()).toBe(true);
    expect(event.startDate.toJSDate().toISOString()).toBe("2026-11-17T04:00:00.000Z");
    const iterator = event.iterator();
    iterator.next();
    expect(iterator.next()!.toJSDate().toISOString()).toBe("2026-11-24T04:00:00.000Z");
  });

  it("lets a coordinator write for their sector and platform only, judged before and after", async () => {
    const w = await world();
    const coordinator = await buildUser(db, {
      role: "sector_coordinator",
      responseId: w.response.id,
      sectorId: w.wash.id,
    });
    const headers = (await signIn(app, coordinator.email)).headers;
    let res = await send(w, "POST", "", washMeeting(w), headers);
    expect(res.statusCode, res.body).toBe(201);
    const own = res.json();
    // A sub-sector of their sector is theirs too; the ISCG platform and another sector are not.
    res = await send(w, "POST", "", washMeeting(w, { platformId: null, sectorIds: [w.hygiene.id] }), headers);
    expect(res.statusCode).toBe(201);
    for (const change of [
      { platformId: w.iscg.id },
      { platformId: null, sectorIds: [w.health.id] },
      { platformId: null, sectorIds: [] },
    ]) {
      res = await send(w, "POST", "", washMeeting(w, change), headers);
      expect(res.statusCode, JSON.stringify(change)).toBe(403);
    }
    // Moving their event under the ISCG is refused, and the event stays as it was.
    res = await send(w, "PATCH", `/${own.id}`, { platformId: w.iscg.id }, headers);
    expect(res.statusCode).toBe(403);
    expect((await get(w, `/${own.id}`)).json().platform.code).toBe("WASH-S");
    const theirs = await create(w, washMeeting(w, { platformId: null, sectorIds: [w.health.id] }));
    expect((await send(w, "PATCH", `/${theirs.id}`, { sectorIds: [w.wash.id] }, headers)).statusCode).toBe(
      403,
    );
    expect((await send(w, "DELETE", `/${theirs.id}`, undefined, headers)).statusCode).toBe(403);
    expect((await send(w, "DELETE", `/${own.id}`, undefined, headers)).statusCode).toBe(204);
  });
});
