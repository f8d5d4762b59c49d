import { and, eq, inArray } from "drizzle-orm";
import type { FlowInput } from "../../../common/schemas/displacement.ts";
import { type Db, yieldToEventLoop } from "../../db/client.ts";
import { mobilityFlows } from "../../db/schema/displacement.ts";
import { locations } from "../../db/schema/reference.ts";
import { invalid, notFound } from "../../errors.ts";
import { type Actor, type AuditEntry, recordAudit, recordAuditMany } from "../audit/audit.service.ts";

/** Adds flows (each one a new record: flows are counted, not keyed) in one transaction. */
export async function insertFlows(db: Db, responseId: string, actor: Actor, flows: FlowInput[]) {
  const ids = [...new Set(flows.flatMap((f) => [f.originLocationId, f.destinationLocationId]))];
  const known = new Set(
    (
      await db
        .select({ id: locations.id })
        .from(locations)
        .where(and(eq(locations.responseId, responseId), inArray(locations.id, ids)))
    ).map((r) => r.id),
  );
  const details = flows.flatMap((f, i) =>
    (["originLocationId", "destinationLocationId"] as const)
      .filter((k) => !known.has(f[k]))
      .map((k) => ({ path: `body.flows[${i}].${k}`, message: "no location with this id in this response" })),
  );
  if (details.length)
    throw invalid("Some flows name places that are not in this response: nothing was written.", details);
  return db.transaction(async (tx) => {
    const audit: AuditEntry[] = [];
    let created = 0;
    for (let i = 0; i < flows.length; i += 250) {
      const rows = await tx
        .insert(mobilityFlows)
        .values(flows.slice(i, i + 250).map((f) => ({ responseId, ...f, reason: f.reason ?? null })))
        .returning();
      created += rows.length;
      for (const r of rows)
        audit.push({
          responseId,
          actor,
          action: "mobility_flow.create",
          entityType: "mobility_flow",
          entityId: r.id,
          after: r,
        });
      await yieldToEventLoop();
    }
    await recordAuditMany(tx, audit);
    return { created };
  });
}

export async function deleteFlow(db: Db, responseId: string, id: string, actor: Actor) {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .delete(mobilityFlows)
      .where(and(eq(mobilityFlows.responseId, responseId), eq(mobilityFlows.id, id)))
      .returning();
    if (!row) throw notFound("Flow");
    await recordAudit(tx, {
      responseId,
      actor,
      action: "mobility_flow.delete",
      entityType: "mobility_flow",
      entityId: id,
      before: row,
    });
  });
}
