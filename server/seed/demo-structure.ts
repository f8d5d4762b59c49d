import { sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { platformChairs, platformMembers, platforms } from "../db/schema/platforms.ts";
import { organisations } from "../db/schema/reference.ts";
import { recordAudit, systemActor } from "../modules/audit/audit.service.ts";
import type { DemoStructure } from "./demo/structures.ts";

const coordinatorTitle = (type: string, role: "lead" | "co_lead") =>
  type === "working_group"
    ? role === "lead"
      ? "Coordinator"
      : "Co-coordinator"
    : role === "lead"
      ? "Sector coordinator"
      : "Sector co-coordinator";

/**
 * Writes a demo response's coordination structure. It runs after the 4W demo, so the coordination
 * offices it adds (Resident Coordinator's Office, ISCG Secretariat) never appear as 4W partners,
 * and a sector platform can seat the organisations that report in its sector.
 */
export async function seedDemoStructure(db: Db, responseId: string, structure: DemoStructure): Promise<void> {
  await db.transaction(async (tx) => {
    if (structure.organisations.length)
      await tx.insert(organisations).values(
        structure.organisations.map((o) => ({
          responseId,
          name: o.name,
          acronym: o.acronym ?? null,
          type: o.type,
        })),
      );
    const orgs = await tx.execute<{ id: string; name: string; acronym: string | null }>(
      sql`SELECT id, name, acronym FROM organisations WHERE response_id = ${responseId} AND merged_into_id IS NULL`,
    );
    const orgIds = new Map<string, string>();
    for (const o of orgs.rows) {
      orgIds.set(o.name, o.id);
      if (o.acronym) orgIds.set(o.acronym, o.id);
    }
    const org = (key: string, where: string) => {
      const id = orgIds.get(key);
      if (!id) throw new Error(`Demo platform ${where}: unknown organisation ${key}`);
      return id;
    };
    const sectorRows = await tx.execute<{ id: string; code: string }>(
      sql`SELECT id, code FROM sectors WHERE response_id = ${responseId}`,
    );
    const sectorIds = new Map(sectorRows.rows.map((s) => [s.code, s.id]));
    const platformIds = new Map<string, string>();

    for (const p of structure.platforms) {
      const sectorId = p.sector ? sectorIds.get(p.sector) : undefined;
      if (p.sector && !sectorId) throw new Error(`Demo platform ${p.code}: unknown sector ${p.sector}`);
      const parentId = p.parent ? platformIds.get(p.parent) : undefined;
      if (p.parent && !parentId)
        throw new Error(`Demo platform ${p.code}: parent ${p.parent} is not listed before it`);
      const [row] = await tx
        .insert(platforms)
        .values({
          responseId,
          code: p.code,
          name: p.name,
          type: p.type,
          level: p.level ?? "national",
          parentId: parentId ?? null,
          sectorId: sectorId ?? null,
          purpose: p.purpose,
          meetingFrequency: p.meetingFrequency ?? null,
        })
        .returning({ id: platforms.id });
      const platformId = row!.id;
      platformIds.set(p.code, platformId);

      const chairs = p.chairs
        ? p.chairs.map(([o, role, roleTitle]) => ({ organisationId: org(o, p.code), role, roleTitle }))
        : sectorId
          ? (
              await tx.execute<{ organisation_id: string; role: "lead" | "co_lead" }>(
                sql`SELECT organisation_id, role FROM sector_leads WHERE response_id = ${responseId} AND sector_id = ${sectorId} ORDER BY role = 'lead' DESC, organisation_id`,
              )
            ).rows.map((l, i) => ({
              organisationId: l.organisation_id,
              // One chair: the first lead; other leads and co-leads co-chair.
              role: l.role === "lead" && i === 0 ? ("chair" as const) : ("co_chair" as const),
              roleTitle: coordinatorTitle(p.type, l.role),
            }))
          : [];
      if (chairs.length)
        await tx.insert(platformChairs).values(chairs.map((c) => ({ responseId, platformId, ...c })));

      const members = new Map<string, string>((p.members ?? []).map(([o, role]) => [org(o, p.code), role]));
      if (sectorId && p.sectorRole) {
        // The partners reporting 4W in the sector (or its sub-sectors) sit at the sector meeting.
        const partners = await tx.execute<{ id: string }>(sql`
          SELECT DISTINCT a.reporting_org_id AS id FROM activities a
          JOIN sectors s ON s.response_id = a.response_id AND s.id = a.sector_id
          WHERE a.response_id = ${responseId} AND (s.id = ${sectorId} OR s.parent_id = ${sectorId})`);
        for (const c of chairs)
          if (!members.has(c.organisationId)) members.set(c.organisationId, p.sectorRole);
        for (const r of partners.rows) if (!members.has(r.id)) members.set(r.id, p.sectorRole);
      }
      if (members.size)
        await tx.insert(platformMembers).values(
          [...members].map(([organisationId, representativeRole]) => ({
            responseId,
            platformId,
            organisationId,
            representativeRole,
          })),
        );
    }
    await recordAudit(tx, {
      responseId,
      actor: systemActor,
      action: "platform.seed",
      entityType: "platform",
      after: { platforms: structure.platforms.length, organisations: structure.organisations.length },
    });
  });
}
