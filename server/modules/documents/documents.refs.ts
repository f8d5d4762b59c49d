import { and, eq, inArray, or } from "drizzle-orm";
import type { DocumentRef } from "../../../common/schemas/documents.ts";
import type { Db } from "../../db/client.ts";
import { documents } from "../../db/schema/documents.ts";
import { events } from "../../db/schema/events.ts";
import { platforms } from "../../db/schema/platforms.ts";
import { conflict, invalid } from "../../errors.ts";

/**
 * Documents other records point at: a platform's terms of reference, an event's agenda and
 * minutes. The other modules check and present their links through these, so who
 * may see a document is decided in one place.
 */

/** 400 naming `path` unless the document is of this response and the writer may see it. */
export async function requireLinkableDocument(
  db: Db,
  responseId: string,
  id: string | null | undefined,
  member: boolean,
  path: string,
): Promise<void> {
  if (!id) return;
  const [row] = await db
    .select({ visibility: documents.visibility })
    .from(documents)
    .where(and(eq(documents.responseId, responseId), eq(documents.id, id)));
  // A document the writer may not see is answered like an unknown one: its existence stays hidden.
  if (!row || (row.visibility === "signed_in" && !member))
    throw invalid("The document does not exist in this response.", [{ path, message: "unknown" }]);
}

/** `{id, title}` of the documents the reader may see, by id; the others are left out. */
export async function visibleDocumentRefs(
  db: Db,
  responseId: string,
  ids: (string | null)[],
  member: boolean,
): Promise<Map<string, DocumentRef>> {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  if (!wanted.length) return new Map();
  const rows = await db
    .select({ id: documents.id, title: documents.title, visibility: documents.visibility })
    .from(documents)
    .where(and(eq(documents.responseId, responseId), inArray(documents.id, wanted)));
  return new Map(
    rows
      .filter((r) => member || r.visibility === "public")
      .map((r) => [r.id, { id: r.id, title: r.title }] as const),
  );
}

/**
 * 409 while a record points at the document, naming it: a platform or an event must be changed
 * first, rather than lose its link without a word in its own history.
 */
export async function refuseDeleteWhileLinked(db: Db, responseId: string, documentId: string) {
  const terms = await db
    .select({ name: platforms.name })
    .from(platforms)
    .where(and(eq(platforms.responseId, responseId), eq(platforms.torDocumentId, documentId)));
  const meetings = await db
    .select({ title: events.title })
    .from(events)
    .where(
      and(
        eq(events.responseId, responseId),
        or(eq(events.agendaDocumentId, documentId), eq(events.minutesDocumentId, documentId)),
      ),
    );
  const uses = [
    ...terms.map((t) => `the terms of reference of ${t.name}`),
    ...meetings.map((m) => `the agenda or minutes of "${m.title}"`),
  ];
  if (uses.length)
    throw conflict(`This document is ${uses.join(", ")}: link another document there before deleting it.`);
}
