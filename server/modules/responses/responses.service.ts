import { asc, eq, sql } from "drizzle-orm";
import type { ResponseInput, ResponseOutput, ResponseSummary } from "../../../common/schemas/responses.ts";
import type { Db } from "../../db/client.ts";
import { responses } from "../../db/schema/tenancy.ts";
import { conflict, invalid, notFound } from "../../errors.ts";
import { type Actor, recordAudit } from "../audit/audit.service.ts";

type ResponseRow = typeof responses.$inferSelect;

export const presentResponse = (r: ResponseRow): ResponseOutput => ({
  id: r.id,
  slug: r.slug,
  name: r.name,
  countryIso3: r.countryIso3,
  languages: r.languages,
  startsOn: r.startsOn,
  endsOn: r.endsOn,
});

/** The response with this slug, or 404. */
export async function getResponseBySlug(db: Db, slug: string): Promise<ResponseRow> {
  const [row] = await db.select().from(responses).where(eq(responses.slug, slug));
  if (!row) throw notFound(`Response "${slug}"`);
  return row;
}

/**
 * Responses with key counts of what is valid today. Sensitive locations are counted only for
 * callers who may see them in that response (`seesRestricted`), so counts cannot reveal them.
 */
export async function listResponses(
  db: Db,
  seesRestricted: (responseId: string) => boolean,
): Promise<ResponseSummary[]> {
  const rows = await db.select().from(responses).orderBy(asc(responses.name));
  const counts = await db.execute<{
    response_id: string;
    admin_open: number;
    admin_sensitive: number;
    site_open: number;
    site_sensitive: number;
    organisations: number;
    sectors: number;
  }>(sql`
    WITH current AS (
      SELECT response_id, kind, sensitive FROM locations
      WHERE valid_from <= current_date AND (valid_to IS NULL OR valid_to >= current_date))
    SELECT r.id AS response_id,
      (SELECT count(*)::int FROM current l WHERE l.response_id = r.id AND l.kind = 'admin' AND NOT l.sensitive) AS admin_open,
      (SELECT count(*)::int FROM current l WHERE l.response_id = r.id AND l.kind = 'admin' AND l.sensitive) AS admin_sensitive,
      (SELECT count(*)::int FROM current l WHERE l.response_id = r.id AND l.kind = 'site' AND NOT l.sensitive) AS site_open,
      (SELECT count(*)::int FROM current l WHERE l.response_id = r.id AND l.kind = 'site' AND l.sensitive) AS site_sensitive,
      (SELECT count(*)::int FROM organisations o WHERE o.response_id = r.id AND o.merged_into_id IS NULL) AS organisations,
      (SELECT count(*)::int FROM sectors s WHERE s.response_id = r.id) AS sectors
    FROM responses r`);
  const byId = new Map(counts.rows.map((c) => [c.response_id, c]));
  return rows.map((r) => {
    const c = byId.get(r.id);
    const full = seesRestricted(r.id);
    return {
      ...presentResponse(r),
      counts: {
        locations: (c?.admin_open ?? 0) + (full ? (c?.admin_sensitive ?? 0) : 0),
        sites: (c?.site_open ?? 0) + (full ? (c?.site_sensitive ?? 0) : 0),
        organisations: c?.organisations ?? 0,
        sectors: c?.sectors ?? 0,
      },
    };
  });
}

function checkPeriod(startsOn: string, endsOn: string | null | undefined) {
  if (endsOn && endsOn < startsOn)
    throw invalid("The response cannot end before it starts.", [
      { path: "body.endsOn", message: `must not be before startsOn (${startsOn})` },
    ]);
}

export async function createResponse(db: Db, actor: Actor, input: ResponseInput): Promise<ResponseRow> {
  checkPeriod(input.startsOn, input.endsOn);
  return db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: responses.id })
      .from(responses)
      .where(eq(responses.slug, input.slug));
    if (existing)
      throw conflict(`A response with the slug "${input.slug}" already exists.`, [
        { path: "body.slug", message: "already taken" },
      ]);
    const [row] = await tx
      .insert(responses)
      .values({ ...input, endsOn: input.endsOn ?? null })
      .returning();
    await recordAudit(tx, {
      responseId: row!.id,
      actor,
      action: "response.create",
      entityType: "response",
      entityId: row!.id,
      after: row,
    });
    return row!;
  });
}

export async function updateResponse(
  db: Db,
  actor: Actor,
  current: ResponseRow,
  changes: Partial<Omit<ResponseInput, "slug">>,
): Promise<ResponseRow> {
  checkPeriod(
    changes.startsOn ?? current.startsOn,
    changes.endsOn === undefined ? current.endsOn : changes.endsOn,
  );
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(responses)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(responses.id, current.id))
      .returning();
    await recordAudit(tx, {
      responseId: current.id,
      actor,
      action: "response.update",
      entityType: "response",
      entityId: current.id,
      before: current,
      after: row,
    });
    return row!;
  });
}
