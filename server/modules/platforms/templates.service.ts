import { eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { platforms } from "../../db/schema/platforms.ts";
import { sectors } from "../../db/schema/reference.ts";
import { notFound } from "../../errors.ts";
import { type Actor, recordAudit } from "../audit/audit.service.ts";
import { type StructureTemplate, structureTemplates } from "./templates.ts";

export function getTemplate(id: string): StructureTemplate {
  const template = structureTemplates.find((t) => t.id === id);
  if (!template) throw notFound(`Template ${id}`);
  return template;
}

/**
 * Copies a template into a response. Idempotent: a platform whose code or name already exists is
 * skipped (and its template children attach under the existing one), so a second copy, or a copy
 * over an adapted structure, adds only what is missing. A sector platform links to the response's
 * sector of the same code when there is one.
 */
export async function copyTemplate(
  db: Db,
  responseId: string,
  actor: Actor,
  template: StructureTemplate,
): Promise<{ created: number; skipped: number }> {
  return db.transaction(async (tx) => {
    const existing = await tx
      .select({ id: platforms.id, code: platforms.code, name: platforms.name })
      .from(platforms)
      .where(eq(platforms.responseId, responseId));
    const sectorRows = await tx
      .select({ id: sectors.id, code: sectors.code })
      .from(sectors)
      .where(eq(sectors.responseId, responseId));
    const sectorByCode = new Map(sectorRows.map((s) => [s.code.toLowerCase(), s.id]));
    const idByCode = new Map<string, string>();
    const created: string[] = [];
    let skipped = 0;
    // Template lists give parents before children.
    for (const t of template.platforms) {
      const match = existing.find(
        (e) => e.code.toLowerCase() === t.code.toLowerCase() || e.name.toLowerCase() === t.name.toLowerCase(),
      );
      if (match) {
        idByCode.set(t.code, match.id);
        skipped++;
        continue;
      }
      const linksSector = t.type === "sector" || t.type === "sub_sector" || t.type === "working_group";
      const [row] = await tx
        .insert(platforms)
        .values({
          responseId,
          code: t.code,
          name: t.name,
          type: t.type,
          level: t.level ?? "national",
          parentId: t.parent ? (idByCode.get(t.parent) ?? null) : null,
          sectorId: linksSector ? (sectorByCode.get(t.code.toLowerCase()) ?? null) : null,
          purpose: t.purpose,
          meetingFrequency: t.meetingFrequency ?? null,
        })
        .returning({ id: platforms.id, code: platforms.code, name: platforms.name });
      idByCode.set(t.code, row!.id);
      existing.push(row!);
      created.push(t.code);
    }
    await recordAudit(tx, {
      responseId,
      actor,
      action: "platform.template.copy",
      entityType: "platform",
      after: { template: template.id, created, skipped },
    });
    return { created: created.length, skipped };
  });
}
