import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { contactConfirmations, contacts } from "../../db/schema/contacts.ts";
import type { memoryMailer } from "../../mail.ts";
import { buildManagedResponse, buildOrganisation, buildTestApp } from "../../testing/factories.ts";

/** Asking people to confirm their entry: mailed single-use links, the public confirmation, stale no more. */

let app: App;
let db: Db;
let mailer: ReturnType<typeof memoryMailer>;

beforeAll(async () => {
  ({ app, db, mailer } = await buildTestApp({ PUBLIC_URL: "http://portal.test" }));
});

async function world() {
  const { response, headers } = await buildManagedResponse(app, db);
  const org = await buildOrganisation(db, response.id, { name: "Shapla Relief" });
  const make = async (name: string, email: string) => {
    const res = await app.inject({
      method: "POST",
      url: `/api/v1/responses/${response.slug}/contacts`,
      headers,
      payload: { name, email, organisationId: org.id, title: "Protection Officer" },
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = (res.json() as { id: string }).id;
    // Created long ago and never confirmed: stale.
    await db
      .update(contacts)
      .set({ createdAt: new Date("2024-01-01T00:00:00Z") })
      .where(eq(contacts.id, id));
    return id;
  };
  return { response, slug: response.slug, headers, make };
}
type World = Awaited<ReturnType<typeof world>>;

const request = (w: World, ids: string[], headers = w.headers) =>
  app.inject({
    method: "POST",
    url: `/api/v1/responses/${w.slug}/contacts/request-confirmation`,
    headers,
    payload: { ids },
  });
const publicCall = (w: World, step: "view" | "confirm", payload: object) =>
  app.inject({ method: "POST", url: `/api/v1/responses/${w.slug}/contact-confirmations/${step}`, payload });
const contact = async (w: World, id: string) =>
  (
    await app.inject({ method: "GET", url: `/api/v1/responses/${w.slug}/contacts/${id}`, headers: w.headers })
  ).json();

/** The token of the last link mailed to an address. */
function mailedToken(to: string): string {
  const message = mailer.sent.filter((m) => m.to === to).at(-1);
  const match = message?.text.match(/\/r\/[^/]+\/confirm-contact\?token=([A-Za-z0-9_-]+)/);
  if (!match) throw new Error(`no confirmation link mailed to ${to}`);
  return match[1]!;
}

describe("contact confirmation", () => {
  it("mails links in bulk; the person corrects and confirms once; the entry is no longer stale", async () => {
    const w = await world();
    const a = await w.make("Nusrat Jahan", "nusrat@example.org");
    const b = await w.make("Aung Kyaw", "aung@example.org");
    expect((await contact(w, a)).stale).toBe(true);

    const res = await request(w, [a, b]);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ requested: 2, failed: [] });
    const message = mailer.sent.filter((m) => m.to === "nusrat@example.org").at(-1)!;
    expect(message.subject).toContain(w.response.name);
    expect(message.text).toContain(`http://portal.test/r/${w.slug}/confirm-contact?token=`);
    const token = mailedToken("nusrat@example.org");
    // Only the token's hash is stored.
    const stored = await db.select().from(contactConfirmations).where(eq(contactConfirmations.contactId, a));
    expect(stored).toHaveLength(1);
    expect(stored[0]!.tokenHash).not.toContain(token);
    expect((await contact(w, a)).confirmationRequestedAt).not.toBeNull();

    const view = await publicCall(w, "view", { token });
    expect(view.statusCode, view.body).toBe(200);
    expect(view.json()).toMatchObject({
      name: "Nusrat Jahan",
      organisation: "Shapla Relief",
      responseName: w.response.name,
    });

    const confirm = await publicCall(w, "confirm", {
      token,
      title: "Senior Protection Officer",
      phones: ["+880 1911 222333"],
    });
    expect(confirm.statusCode, confirm.body).toBe(200);
    const after = await contact(w, a);
    expect(after).toMatchObject({
      title: "Senior Protection Officer",
      phones: ["+8801911222333"],
      stale: false,
    });
    expect(Date.now() - Date.parse(after.confirmedAt)).toBeLessThan(60_000);
    expect((await contact(w, b)).stale).toBe(true);

    // Single use.
    const again = await publicCall(w, "confirm", { token });
    expect(again.statusCode).toBe(400);
    expect(again.json().error.details[0].path).toBe("body.token");
    expect((await publicCall(w, "view", { token })).statusCode).toBe(400);

    const audit = await app.inject({
      method: "GET",
      url: `/api/v1/responses/${w.slug}/audit?entityType=contact`,
      headers: w.headers,
    });
    const entries = audit.json().items as { action: string; actorLabel?: string; entityId: string }[];
    expect(entries.filter((e) => e.action === "contact.confirmation.request")).toHaveLength(2);
    expect(entries.find((e) => e.action === "contact.confirm")).toMatchObject({ entityId: a });
  });

  it("refuses wrong, expired, voided and other-response tokens, and bad corrections, changing nothing", async () => {
    const w = await world();
    const a = await w.make("Aye Aye", "aye@example.org");
    await request(w, [a]);
    const first = mailedToken("aye@example.org");
    await request(w, [a]);
    const second = mailedToken("aye@example.org");
    // A new request voids the earlier link.
    expect((await publicCall(w, "confirm", { token: first })).statusCode).toBe(400);
    expect((await publicCall(w, "view", { token: "x".repeat(43) })).statusCode).toBe(400);
    // The token belongs to its response.
    const other = await world();
    expect((await publicCall(other, "view", { token: second })).statusCode).toBe(400);
    // A bad correction is refused and the link still works.
    const bad = await publicCall(w, "confirm", { token: second, phones: ["12345"] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe("body.phones.0");
    expect((await publicCall(w, "view", { token: second })).statusCode).toBe(200);
    // Expired.
    await db
      .update(contactConfirmations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(contactConfirmations.contactId, a));
    const expired = await publicCall(w, "confirm", { token: second });
    expect(expired.statusCode).toBe(400);
    expect(expired.json().error.message).toMatch(/expired/);
    expect((await contact(w, a)).confirmedAt).toBeNull();
  });

  it("refuses the whole request when one entry is not the requester's, and unknown ids", async () => {
    const w = await world();
    const a = await w.make("Moe Moe", "moe@example.org");
    const other = await world();
    const theirs = await other.make("Thida", "thida@example.org");
    const sentBefore = mailer.sent.length;
    const res = await request(w, [a, theirs]);
    expect(res.statusCode).toBe(404);
    // A manager of another response may not ask mine.
    expect((await request(w, [a], other.headers)).statusCode).toBe(403);
    expect(mailer.sent.length).toBe(sentBefore);
  });

  it("reports an address whose mail could not be sent, and still sends the others", async () => {
    const w = await world();
    const a = await w.make("Hla Hla", "hla@example.org");
    const b = await w.make("Mya Mya", "mya@example.org");
    const send = mailer.send;
    mailer.send = async (message) => {
      if (message.to === "hla@example.org") throw new Error("SMTP server down");
      return send(message);
    };
    try {
      const res = await request(w, [a, b]);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({ requested: 1, failed: ["hla@example.org"] });
      expect(mailedToken("mya@example.org")).toBeTruthy();
    } finally {
      mailer.send = send;
    }
  });

  it("rate-limits the public endpoints", async () => {
    const fresh = await buildTestApp();
    const { response } = await buildManagedResponse(fresh.app, fresh.db);
    const codes: number[] = [];
    for (let i = 0; i < 22; i++) {
      const res = await fresh.app.inject({
        method: "POST",
        url: `/api/v1/responses/${response.slug}/contact-confirmations/view`,
        payload: { token: `guess-${i}-${"x".repeat(30)}` },
      });
      codes.push(res.statusCode);
    }
    expect(codes.slice(0, 20).every((c) => c === 400)).toBe(true);
    expect(codes.at(-1)).toBe(429);
    await fresh.app.close();
  });
});
