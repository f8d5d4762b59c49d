import { and, eq, gt, isNull } from "drizzle-orm";
import type { z } from "zod";
import {
  type ConfirmationView,
  confirmationDays,
  type confirmationInput,
} from "../../../common/schemas/contacts.ts";
import type { Db } from "../../db/client.ts";
import { contactConfirmations } from "../../db/schema/contacts.ts";
import type { responses } from "../../db/schema/tenancy.ts";
import { invalid } from "../../errors.ts";
import type { Mailer } from "../../mail.ts";
import { type Actor, recordAuditMany } from "../audit/audit.service.ts";
import { randomToken, sha256 } from "../auth/secrets.ts";
import { voidOpenConfirmations } from "./contacts.queries.ts";

type ResponseRow = typeof responses.$inferSelect;

import { getContact, updateContact } from "./contacts.service.ts";

/** The link a person opens to confirm their entry. */
export const confirmationLink = (publicUrl: string, slug: string, token: string) =>
  `${publicUrl}/r/${encodeURIComponent(slug)}/confirm-contact?token=${token}`;

/**
 * Mails each person a single-use link to confirm their entry (an earlier open link of theirs is
 * void). Tokens are written and audited in one transaction; mail goes once they are stored. A
 * message that cannot be sent (the SMTP server down) is reported by address, not thrown: the
 * others went, and asking again later voids the unsent link.
 */
export async function requestConfirmations(
  db: Db,
  mailer: Mailer,
  options: { response: ResponseRow; actor: Actor; publicUrl: string; now?: Date },
  people: { id: string; name: string; email: string }[],
  log: { error(details: object, message: string): void } = console,
): Promise<{ requested: number; failed: string[] }> {
  const { response, actor, publicUrl } = options;
  const now = options.now ?? new Date();
  const expiresAt = new Date(now.getTime() + confirmationDays * 86_400_000);
  const tokens = people.map((p) => ({ person: p, token: randomToken() }));
  await db.transaction(async (tx) => {
    await voidOpenConfirmations(
      tx,
      response.id,
      people.map((p) => p.id),
    );
    if (tokens.length)
      await tx.insert(contactConfirmations).values(
        tokens.map(({ person, token }) => ({
          responseId: response.id,
          tokenHash: sha256(token),
          contactId: person.id,
          requestedBy: actor.id,
          expiresAt,
          createdAt: now,
        })),
      );
    await recordAuditMany(
      tx,
      people.map((p) => ({
        responseId: response.id,
        actor,
        action: "contact.confirmation.request",
        entityType: "contact",
        entityId: p.id,
        after: { email: p.email, expiresAt },
      })),
    );
  });
  const failed: string[] = [];
  for (const { person, token } of tokens) {
    const message = {
      to: person.email,
      subject: `Please confirm your contact details: ${response.name}`,
      text: [
        `Dear ${person.name},`,
        "",
        `You are listed as a contact of the ${response.name} coordination portal. Please check your details and confirm them, or correct what is wrong, within ${confirmationDays} days:`,
        confirmationLink(publicUrl, response.slug, token),
        "",
        "Only signed-in members of the response see the contact list. If you should not be listed, reply to the coordination team.",
      ].join("\n"),
    };
    try {
      await mailer.send(message);
    } catch (error) {
      log.error({ err: error, to: person.email }, "contact confirmation mail failed");
      failed.push(person.email);
    }
  }
  return { requested: tokens.length - failed.length, failed };
}

/** The open confirmation a token stands for, or a 400 that does not say why (unknown, used or expired). */
async function openConfirmation(db: Db, responseId: string, token: string, now: Date) {
  const [row] = await db
    .select()
    .from(contactConfirmations)
    .where(
      and(
        eq(contactConfirmations.responseId, responseId),
        eq(contactConfirmations.tokenHash, sha256(token)),
        isNull(contactConfirmations.usedAt),
        gt(contactConfirmations.expiresAt, now),
      ),
    );
  if (!row)
    throw invalid(
      "This confirmation link is unknown, already used or expired. Ask the coordination team for a new one.",
      [{ path: "body.token", message: "invalid" }],
    );
  return row;
}

export async function viewConfirmation(
  db: Db,
  response: ResponseRow,
  token: string,
  now = new Date(),
): Promise<ConfirmationView> {
  const confirmation = await openConfirmation(db, response.id, token, now);
  const c = await getContact(db, response.id, confirmation.contactId);
  return {
    name: c.name,
    title: c.title,
    email: c.email,
    phones: c.phones,
    organisation: c.organisation.acronym
      ? `${c.organisation.name} (${c.organisation.acronym})`
      : c.organisation.name,
    platforms: c.platforms.map((p) => ({ name: p.name, role: p.role })),
    responseName: response.name,
    expiresAt: confirmation.expiresAt.toISOString(),
  };
}

/** Uses the token (once, even in a race), applies the person's corrections and records the confirmation. */
export async function confirmContact(
  db: Db,
  response: ResponseRow,
  input: z.infer<typeof confirmationInput>,
  now = new Date(),
): Promise<ConfirmationView> {
  const { token, ...corrections } = input;
  const contactId = await db.transaction(async (tx) => {
    const [used] = await tx
      .update(contactConfirmations)
      .set({ usedAt: now })
      .where(
        and(
          eq(contactConfirmations.responseId, response.id),
          eq(contactConfirmations.tokenHash, sha256(token)),
          isNull(contactConfirmations.usedAt),
          gt(contactConfirmations.expiresAt, now),
        ),
      )
      .returning();
    if (!used) await openConfirmation(tx, response.id, token, now); // throws the 400
    const before = await getContact(tx, response.id, used!.contactId);
    const actor: Actor = { id: null, label: `confirmation by ${before.email}` };
    await updateContact(
      tx,
      response.id,
      actor,
      before,
      { ...corrections, confirmedAt: now },
      "contact.confirm",
    );
    return before.id;
  });
  const after = await getContact(db, response.id, contactId);
  return {
    name: after.name,
    title: after.title,
    email: after.email,
    phones: after.phones,
    organisation: after.organisation.name,
    platforms: after.platforms.map((p) => ({ name: p.name, role: p.role })),
    responseName: response.name,
    expiresAt: now.toISOString(),
  };
}
