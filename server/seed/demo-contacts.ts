import { sql } from "drizzle-orm";
import type { ContactPlatformRole } from "../../common/schemas/contacts.ts";
import type { Db } from "../db/client.ts";
import { contactPlatforms, contactSectors, contacts } from "../db/schema/contacts.ts";
import { recordAudit, systemActor } from "../modules/audit/audit.service.ts";

/**
 * Demo contact lists. The people are invented (names, addresses at example.org, numbers in
 * unallocated-looking ranges); their roles are the usual ones of each body. Some confirmed their
 * entry recently, some long ago or never, so the stale flag shows in the demo.
 */
interface DemoContact {
  name: string;
  /** Organisation name or acronym as seeded. */
  org: string;
  title: string;
  email: string;
  phones?: string[];
  seats: [platformCode: string, role: ContactPlatformRole][];
  sectors?: string[];
  /** Months since the person last confirmed; null: never. */
  confirmedMonthsAgo: number | null;
  /** Months since the entry was written (defaults to a year). */
  createdMonthsAgo?: number;
}

export const rohingyaContacts: DemoContact[] = [
  {
    name: "Farhana Rahman Chowdhury",
    org: "ISCG Secretariat",
    title: "Senior Coordinator",
    email: "farhana.chowdhury@example.org",
    phones: ["+8801700000101"],
    seats: [
      ["ISCG", "chair"],
      ["SEG", "secretariat"],
    ],
    confirmedMonthsAgo: 1,
  },
  {
    name: "Tanvir Ahmed Sarker",
    org: "UNICEF",
    title: "WASH Sector Coordinator",
    email: "tanvir.sarker@example.org",
    phones: ["+8801700000102"],
    seats: [["WASH", "chair"]],
    sectors: ["WASH"],
    confirmedMonthsAgo: 2,
  },
  {
    name: "Kamrul Hasan Talukder",
    org: "ACF",
    title: "WASH Sector Co-coordinator",
    email: "kamrul.talukder@example.org",
    phones: ["+8801700000103", "+8801800000103"],
    seats: [["WASH", "co_chair"]],
    sectors: ["WASH"],
    confirmedMonthsAgo: 9,
  },
  {
    name: "Nusrat Jahan Mitu",
    org: "BRAC",
    title: "WASH Programme Manager",
    email: "nusrat.mitu@example.org",
    seats: [["WASH", "member_representative"]],
    sectors: ["WASH"],
    confirmedMonthsAgo: null,
    createdMonthsAgo: 8,
  },
  {
    name: "Shirin Akhter Lina",
    org: "DRC",
    title: "Hygiene Promotion Focal Point",
    email: "shirin.lina@example.org",
    phones: ["+8801700000105"],
    seats: [["WASH", "focal_point"]],
    sectors: ["WASH"],
    confirmedMonthsAgo: 0.7,
  },
  {
    name: "Mahmudul Karim",
    org: "UNHCR",
    title: "Protection Sector Coordinator",
    email: "mahmudul.karim@example.org",
    phones: ["+8801700000106"],
    seats: [["PROT", "chair"]],
    sectors: ["PROT"],
    confirmedMonthsAgo: 4,
  },
  {
    name: "Sabina Yasmin Khan",
    org: "UNFPA",
    title: "GBV Sub-Sector Coordinator",
    email: "sabina.khan@example.org",
    seats: [["GBV", "chair"]],
    sectors: ["GBV"],
    confirmedMonthsAgo: 7,
  },
  {
    name: "Arif Hossain Mollah",
    org: "WFP",
    title: "Food Security Sector Coordinator",
    email: "arif.mollah@example.org",
    phones: ["+8801700000108"],
    seats: [["FSS", "chair"]],
    sectors: ["FSS"],
    confirmedMonthsAgo: 1,
  },
  {
    name: "Rezaul Islam Bhuiyan",
    org: "IOM",
    title: "Head of Sub-Office, Cox's Bazar",
    email: "rezaul.bhuiyan@example.org",
    phones: ["+8801700000109"],
    seats: [
      ["ROCT", "co_chair"],
      ["ISCG", "member_representative"],
    ],
    confirmedMonthsAgo: 5,
  },
  {
    name: "Jesmin Nahar Popy",
    org: "WHO",
    title: "Health Sector Coordinator",
    email: "jesmin.popy@example.org",
    seats: [["HEALTH", "chair"]],
    sectors: ["HEALTH"],
    confirmedMonthsAgo: null,
    createdMonthsAgo: 10,
  },
  {
    name: "Imran Kabir Shuvo",
    org: "SCI",
    title: "Cash and Livelihoods Coordinator",
    email: "imran.shuvo@example.org",
    phones: ["+8801700000111"],
    seats: [["CWG", "member_representative"]],
    confirmedMonthsAgo: 2,
  },
  {
    name: "Mithila Das Gupta",
    org: "ACF",
    title: "Nutrition Programme Manager",
    email: "mithila.dasgupta@example.org",
    seats: [["NUT", "member_representative"]],
    sectors: ["NUT"],
    confirmedMonthsAgo: 1.5,
  },
];

export const myanmarContacts: DemoContact[] = [
  {
    name: "Daw Khin Myat Noe",
    org: "OCHA",
    title: "Deputy Head of Office",
    email: "khin.myatnoe@example.org",
    phones: ["+959000000201"],
    seats: [["ICCG", "chair"]],
    confirmedMonthsAgo: 1,
  },
  {
    name: "U Zaw Min Htet",
    org: "UNICEF",
    title: "WASH Cluster Coordinator",
    email: "zaw.minhtet@example.org",
    seats: [["WASH", "chair"]],
    sectors: ["WASH"],
    confirmedMonthsAgo: 8,
  },
  {
    name: "Naw Eh Htoo Paw",
    org: "KMSS",
    title: "WASH Programme Manager",
    email: "ehhtoo.paw@example.org",
    seats: [["WASH", "member_representative"]],
    sectors: ["WASH"],
    confirmedMonthsAgo: null,
    createdMonthsAgo: 9,
  },
  {
    name: "Ma Thida Soe",
    org: "UNHCR",
    title: "Protection Cluster Coordinator",
    email: "thida.soe@example.org",
    phones: ["+959000000204"],
    seats: [["PROT", "chair"]],
    sectors: ["PROT"],
    confirmedMonthsAgo: 2,
  },
  {
    name: "ကိုအောင်ဖြိုးကျော် (Ko Aung Phyo Kyaw)",
    org: "WFP",
    title: "Food Security Cluster Coordinator",
    email: "aung.phyokyaw@example.org",
    phones: ["+959000000205"],
    seats: [["FSC", "chair"]],
    sectors: ["FSC"],
    confirmedMonthsAgo: 3,
  },
  {
    name: "Daw Nandar Hlaing",
    org: "UNFPA",
    title: "GBV Area of Responsibility Coordinator",
    email: "nandar.hlaing@example.org",
    seats: [["GBV", "chair"]],
    sectors: ["GBV"],
    confirmedMonthsAgo: 11,
  },
  {
    name: "Saw Htoo Lwin",
    org: "SCI",
    title: "Education Cluster Co-coordinator",
    email: "htoo.lwin@example.org",
    phones: ["+959000000207"],
    seats: [["EDU", "co_chair"]],
    sectors: ["EDU"],
    confirmedMonthsAgo: 2,
  },
];

const monthsBefore = (now: Date, months: number) => new Date(now.getTime() - months * 30.44 * 86_400_000);

/** Writes a demo contact list; platforms, sectors and organisations are found by code and acronym. */
export async function seedDemoContacts(
  db: Db,
  responseId: string,
  people: DemoContact[],
  options: { now?: Date } = {},
): Promise<void> {
  const now = options.now ?? new Date();
  await db.transaction(async (tx) => {
    const lookup = async (query: ReturnType<typeof sql>) => {
      const rows = await tx.execute<{ id: string; key: string | null; alt: string | null }>(query);
      const map = new Map<string, string>();
      for (const r of rows.rows) {
        if (r.key) map.set(r.key, r.id);
        if (r.alt) map.set(r.alt, r.id);
      }
      return map;
    };
    const orgs = await lookup(
      sql`SELECT id, name AS key, acronym AS alt FROM organisations WHERE response_id = ${responseId} AND merged_into_id IS NULL`,
    );
    const platformIds = await lookup(
      sql`SELECT id, code AS key, NULL AS alt FROM platforms WHERE response_id = ${responseId}`,
    );
    const sectorIds = await lookup(
      sql`SELECT id, code AS key, NULL AS alt FROM sectors WHERE response_id = ${responseId}`,
    );
    const need = (map: Map<string, string>, key: string, what: string, who: string) => {
      const id = map.get(key);
      if (!id) throw new Error(`Demo contact ${who}: unknown ${what} ${key}`);
      return id;
    };
    for (const p of people) {
      const confirmedAt = p.confirmedMonthsAgo === null ? null : monthsBefore(now, p.confirmedMonthsAgo);
      const createdAt = monthsBefore(now, p.createdMonthsAgo ?? 12);
      const [row] = await tx
        .insert(contacts)
        .values({
          responseId,
          name: p.name,
          organisationId: need(orgs, p.org, "organisation", p.name),
          title: p.title,
          email: p.email,
          phones: p.phones ?? [],
          confirmedAt,
          createdAt,
          updatedAt: confirmedAt ?? createdAt,
        })
        .returning({ id: contacts.id });
      if (p.seats.length)
        await tx.insert(contactPlatforms).values(
          p.seats.map(([code, role]) => ({
            responseId,
            contactId: row!.id,
            platformId: need(platformIds, code, "platform", p.name),
            role,
          })),
        );
      if (p.sectors?.length)
        await tx.insert(contactSectors).values(
          p.sectors.map((code) => ({
            responseId,
            contactId: row!.id,
            sectorId: need(sectorIds, code, "sector", p.name),
          })),
        );
    }
    await recordAudit(tx, {
      responseId,
      actor: systemActor,
      action: "contacts.seed",
      entityType: "response",
      entityId: responseId,
      after: { contacts: people.length },
    });
  });
}
