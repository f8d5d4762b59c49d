import { sql } from "drizzle-orm";
import { type PracticeInput, practiceInput } from "../../common/schemas/practices.ts";
import type { Db } from "../db/client.ts";
import { practices } from "../db/schema/practices.ts";
import { recordAudit, systemActor } from "../modules/audit/audit.service.ts";
import { submitPractice } from "../modules/practices/practices.service.ts";

/**
 * Three practices of the Rohingya response, written from public facts in neutral terms, each
 * published, tagged with GCM objectives and principles and SDG goals and targets, and linked to
 * the 4W records (of the demo) that apply it.
 */
interface DemoPractice {
  practice: Omit<PracticeInput, "implementingOrganisations" | "partnerOrganisations" | "activityIds">;
  /** Acronyms or names of the response's organisations, or free names of others. */
  implementing: string[];
  partners: string[];
  /** 4W activity type codes whose approved records apply the practice (a few of them are linked). */
  activityTypes: string[];
}

export const demoPractices: DemoPractice[] = [
  {
    practice: {
      title: "Bangladesh Migration Crisis Operational Framework",
      summary:
        "IOM's Migration Crisis Operational Framework (MCOF) applied in Bangladesh: one frame for IOM's work with the Government of Bangladesh and partners before, during and after the crisis caused by the arrival of Rohingya refugees in Cox's Bazar from August 2017.",
      type: "strategy_framework",
      startDate: "2017-08-25",
      countries: ["BGD"],
      regions: ["Asia"],
      subRegions: ["Southern Asia"],
      description:
        "The Migration Crisis Operational Framework was adopted by the IOM Council in 2012 (resolution 1243). It looks at a crisis through the mobility of the people it affects, and organises IOM's assistance in fifteen sectors, from camp coordination and camp management, shelter, health and transport to counter-trafficking, disaster risk reduction, humanitarian border management and the protection of migrants. In Bangladesh the framework links the emergency response in the camps and host communities of Cox's Bazar with preparedness for cyclones and monsoon floods, with work against trafficking and with the longer-term needs of host communities, under the coordination of the Government of Bangladesh and the Inter Sector Coordination Group.",
      benefitImpact:
        "One frame for humanitarian and longer-term work: the same analysis of mobility guides site management, disaster preparedness, health and protection, and the link to host communities and to national authorities is kept from the start.",
      keyLessons:
        "Planning across the phases of a crisis from the start eases the move from emergency to longer-term support. Working through national and local authorities keeps the response within national priorities. Data on population movements inform both the response and preparedness.",
      gcmObjectives: [2, 7, 10, 23],
      gcmPrinciples: [1, 2, 3, 9],
      sdgGoals: [16, 17],
      sdgTargets: ["10.7", "11.5", "17.17"],
    },
    implementing: ["IOM"],
    partners: ["RRRC", "Ministry of Disaster Management and Relief"],
    activityTypes: ["SMSD-SMS", "SMSD-EPR"],
  },
  {
    practice: {
      title: "Cyclone Preparedness Programme volunteers in the refugee camps",
      summary:
        "Refugee volunteers trained under Bangladesh's Cyclone Preparedness Programme pass on early warnings, help people move to safer shelters and give first aid in the camps of Cox's Bazar.",
      type: "programme_project",
      startDate: "2018-04-01",
      countries: ["BGD"],
      regions: ["Asia"],
      subRegions: ["Southern Asia"],
      description:
        "The Cyclone Preparedness Programme (CPP) is run jointly by the Government of Bangladesh, through the Ministry of Disaster Management and Relief, and the Bangladesh Red Crescent Society; it has relied on trained community volunteers along the coast since the 1970s. Before the 2018 monsoon the programme was extended to the refugee camps: refugee volunteers, women and men, were recruited by camp and block and trained in early warning, evacuation, search and rescue and first aid, with support from humanitarian agencies, and take part in drills before each cyclone season.",
      benefitImpact:
        "Warnings reach people in their own language from people they know; refugees take an active part in their own safety; the camp system follows the same national signals and procedures as the surrounding district.",
      keyLessons:
        "Recruit women volunteers so that warnings reach women and girls. Keep volunteers' equipment and refresher training funded between seasons. Link camp volunteers to the national early-warning system rather than building a parallel one.",
      gcmObjectives: [2, 7, 16],
      gcmPrinciples: [1, 7, 10],
      sdgGoals: [13],
      sdgTargets: ["1.5", "11.5", "13.1"],
    },
    implementing: ["BDRCS", "Ministry of Disaster Management and Relief"],
    partners: ["IOM", "UNHCR", "IFRC"],
    activityTypes: ["SMSD-EPR"],
  },
  {
    practice: {
      title: "Liquefied petroleum gas for cooking in the camps",
      summary:
        "Refugee households and some host-community households receive liquefied petroleum gas (LPG) stoves and regular refills, replacing firewood collected from the surrounding forest.",
      type: "programme_project",
      startDate: "2018-08-01",
      countries: ["BGD"],
      regions: ["Asia"],
      subRegions: ["Southern Asia"],
      description:
        "After the 2017 influx, cooking fuel came mostly from firewood gathered in the forests around the camps, which cleared large areas of forest, exposed the people gathering it (often women and children) to risks of violence, and strained relations with host communities. From 2018, humanitarian agencies distributed LPG stoves and cylinders to refugee households and refilled them on a regular schedule, with safety training, alongside reforestation of the cleared hillsides.",
      benefitImpact:
        "Less firewood collection and less time spent gathering fuel, fewer exposures to risk on the way, a recovering forest cover, and a shared benefit for host communities included in the distributions.",
      keyLessons:
        "Clean cooking energy is protection as well as environment. Refills must follow household size to last the month. Safety training and a way to report faulty equipment belong with the distribution.",
      gcmObjectives: [2, 7, 16],
      gcmPrinciples: [1, 5, 7],
      sdgGoals: [7, 15],
      sdgTargets: ["7.1", "15.2", "5.2"],
      links: [
        { url: "https://rohingyaresponse.org/", title: "Inter Sector Coordination Group", kind: "link" },
      ],
    },
    implementing: ["UNHCR", "IOM"],
    partners: ["WFP", "FAO"],
    activityTypes: ["SMSD-LPG"],
  },
];

/** Writes the demo practices of a response (after its 4W records), each submitted then published. */
export async function seedDemoPractices(db: Db, responseId: string): Promise<void> {
  const orgs = await db.execute<{ id: string; name: string; acronym: string | null }>(
    sql`SELECT id, name, acronym FROM organisations WHERE response_id = ${responseId} AND merged_into_id IS NULL`,
  );
  const orgId = new Map<string, string>();
  for (const o of orgs.rows) {
    orgId.set(o.name, o.id);
    if (o.acronym) orgId.set(o.acronym, o.id);
  }
  const ref = (key: string) => (orgId.has(key) ? { organisationId: orgId.get(key)! } : { name: key });
  for (const demo of demoPractices) {
    const applying = await db.execute<{ id: string }>(sql`
      SELECT a.id FROM activities a
      JOIN activity_types t ON t.response_id = a.response_id AND t.id = a.activity_type_id
      WHERE a.response_id = ${responseId} AND a.review_state = 'approved'
        AND t.code = ANY(${sql.param(demo.activityTypes)}::text[])
      ORDER BY a.reporting_month DESC, a.id LIMIT 3`);
    const input = practiceInput.parse({
      ...demo.practice,
      implementingOrganisations: demo.implementing.map(ref),
      partnerOrganisations: demo.partners.map(ref),
      activityIds: applying.rows.map((r) => r.id),
    });
    const row = await submitPractice(
      db,
      responseId,
      systemActor,
      { name: "ISCG Secretariat", email: "demo@demo.intersector.org" },
      input,
    );
    await db.transaction(async (tx) => {
      await tx
        .update(practices)
        .set({ status: "published", publishedAt: new Date() })
        .where(sql`${practices.responseId} = ${responseId} AND ${practices.id} = ${row.id}`);
      await recordAudit(tx, {
        responseId,
        actor: systemActor,
        action: "practice.publish",
        entityType: "practice",
        entityId: row.id,
        before: { status: "submitted" },
        after: { status: "published" },
      });
    });
  }
}
