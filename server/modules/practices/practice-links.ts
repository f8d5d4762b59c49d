import { sql } from "drizzle-orm";
import type { Principal } from "../../../common/permissions.ts";
import type { PracticeActivityRef } from "../../../common/schemas/practices.ts";
import type { Db } from "../../db/client.ts";
import { invalid } from "../../errors.ts";
import { type ReadScope, readScope } from "../activities/activities.policy.ts";
import { visibleSql } from "../activities/activities.queries.ts";
import { visibleDocumentRefs } from "../documents/documents.refs.ts";
import { isMember } from "../documents/documents.scope.ts";

/**
 * Links from a practice to the 4W records that apply it and to documents of the response's
 * library. Who may see a record or a document is decided by their own modules (the activities read
 * scope, the documents' refs), so a practice never shows more than the 4W explorer or the library.
 *
 * Links are checked and shown with the eyes of a reader: a principal, a visitor (null), or the
 * system (the demo seed), which sees everything.
 */
export type LinkReader = Principal | null | "system";

const everything: ReadScope = { all: true, organisationIds: [], sectorIds: [], includeSensitive: true };
const scopeOf = (reader: LinkReader, responseId: string) =>
  reader === "system" ? everything : readScope(reader, responseId);
const memberOf = (reader: LinkReader, responseId: string) =>
  reader === "system" || isMember(reader, responseId);

const month = (d: string) => d.slice(0, 7);

/** The 4W records among `ids` that `scope` reads, as refs: "BRAC · Hygiene promotion · Camp 1E · 2024-03". */
async function activityRefsIn(
  db: Db,
  responseId: string,
  ids: string[],
  scope: ReadScope,
): Promise<PracticeActivityRef[]> {
  if (ids.length === 0) return [];
  const rows = await db.execute<{
    id: string;
    org: string;
    org_id: string;
    type: string;
    place: string;
    code: string;
    month: string;
  }>(sql`
    SELECT a.id, coalesce(o.acronym, o.name) AS org, o.id AS org_id, t.name AS type, l.name AS place,
      l.code, a.reporting_month::text AS month
    FROM activities a
    JOIN organisations o ON o.response_id = a.response_id AND o.id = a.reporting_org_id
    JOIN activity_types t ON t.response_id = a.response_id AND t.id = a.activity_type_id
    JOIN locations l ON l.response_id = a.response_id AND l.id = a.location_id
    WHERE a.response_id = ${responseId} AND a.id = ANY(${sql.param(ids)}::uuid[])
      AND ${visibleSql(responseId, scope)}`);
  return rows.rows
    .map((r) => ({
      id: r.id,
      label: [r.org, r.type, r.place, month(r.month)].join(" · "),
      reportingOrgId: r.org_id,
      locationCode: r.code,
      reportingMonth: month(r.month),
    }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

/** The linked 4W records the reader may see, as refs; the others are left out. */
export const activityRefs = (db: Db, responseId: string, ids: string[], reader: LinkReader) =>
  activityRefsIn(db, responseId, ids, scopeOf(reader, responseId));

/** The linked documents the reader may see, as `{id, title}`, in the order linked. */
export async function documentRefs(db: Db, responseId: string, ids: string[], reader: LinkReader) {
  const refs = await visibleDocumentRefs(db, responseId, ids, memberOf(reader, responseId));
  return ids.flatMap((id) => refs.get(id) ?? []);
}

/**
 * The ids to store: `wanted`, each of which the writer must see (400 naming `path` otherwise: one
 * the writer may not see is answered like an unknown one, so its existence stays hidden), plus the
 * links already stored that the writer may not see. The form only shows a writer the links they
 * may see and sends those back, so without this a reviewer's edit would silently drop a link the
 * submitter made to their own draft 4W record or to a signed-in-only document.
 */
async function checkedIds(
  wanted: string[],
  stored: string[],
  path: string,
  what: { one: string; many: string },
  visible: (ids: string[]) => Promise<Set<string>>,
  existing: (ids: string[]) => Promise<Set<string>>,
): Promise<string[]> {
  const seen = await visible([...new Set([...wanted, ...stored])]);
  const missing = wanted.filter((id) => !seen.has(id));
  if (missing.length)
    throw invalid(
      `Some ${what.many} do not exist in this response.`,
      missing.map((id) => ({ path, message: `unknown ${what.one} ${id}` })),
    );
  const hidden = stored.filter((id) => !seen.has(id) && !wanted.includes(id));
  // A link to a record deleted since is dropped rather than kept.
  const kept = hidden.length ? await existing(hidden) : new Set<string>();
  return [...wanted, ...hidden.filter((id) => kept.has(id))];
}

export function checkActivityIds(
  db: Db,
  responseId: string,
  wanted: string[],
  stored: string[],
  writer: LinkReader,
) {
  const ids = async (list: string[], scope: ReadScope) =>
    new Set((await activityRefsIn(db, responseId, list, scope)).map((r) => r.id));
  return checkedIds(
    wanted,
    stored,
    "body.activityIds",
    { one: "activity", many: "4W activities" },
    (list) => ids(list, scopeOf(writer, responseId)),
    (list) => ids(list, everything),
  );
}

export function checkDocumentIds(
  db: Db,
  responseId: string,
  wanted: string[],
  stored: string[],
  writer: LinkReader,
) {
  const ids = async (list: string[], member: boolean) =>
    new Set((await visibleDocumentRefs(db, responseId, list, member)).keys());
  return checkedIds(
    wanted,
    stored,
    "body.documentIds",
    { one: "document", many: "documents" },
    (list) => ids(list, memberOf(writer, responseId)),
    (list) => ids(list, true),
  );
}
