import { Readable } from "node:stream";
import { sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import type { FileStore } from "../files/store.ts";
import { systemActor } from "../modules/audit/audit.service.ts";
import { addVersion, createDocument } from "../modules/documents/documents.service.ts";
import { extractText } from "../modules/documents/documents.text.ts";
import { getEventRow } from "../modules/events/events.queries.ts";
import { asInput, mergeUpdate, updateEvent } from "../modules/events/events.service.ts";
import { addImage, createStory, transitionStory } from "../modules/news/news.service.ts";
import { getPlatform, updatePlatform } from "../modules/platforms/platforms.service.ts";
import { illustrationPng, storeBytes, textPdf } from "./demo-files.ts";

/**
 * News stories and library documents of the demo responses, written for the demo in a neutral,
 * factual tone (no real person is named; figures are illustrative). Files are made at seed time:
 * PDFs and CSV/text written here, story images drawn as simple PNG illustrations.
 */

interface DemoStory {
  title: string;
  summary: string;
  body: string;
  organisation: string;
  sectors: string[];
  locations?: string[];
  state: "published" | "in_review" | "draft";
  daysAgo: number;
  image?: { caption: string; credit: string; sky: [number, number, number]; land: [number, number, number] };
}

interface DemoDocument {
  title: string;
  type: "situation_report" | "minutes" | "terms_of_reference" | "tool" | "plan" | "guidance";
  daysAgo: number;
  description: string;
  sectors: string[];
  organisations: string[];
  platform?: string;
  /** Set as the terms of reference of the document's platform. */
  platformTerms?: true;
  /** The title of the (seeded) past meeting these are the minutes of. */
  minutesOf?: string;
  visibility?: "public" | "signed_in";
  /** One file per version, oldest first. */
  files: { name: string; contentType: string; bytes: () => Buffer; note?: string }[];
}

const green: [number, number, number] = [86, 140, 74];
const sky: [number, number, number] = [150, 190, 225];

export const demoStories: Record<string, DemoStory[]> = {
  rohingya: [
    {
      title: "Camps prepare for the monsoon and cyclone season",
      summary:
        "Site management teams, volunteers and partners cleared drains, reinforced slopes and pre-positioned supplies before the rains.",
      body: `Every year the monsoon brings heavy rain, landslides and flooding to the camps, and the cyclone seasons before and after it bring strong winds.

## What partners did before the rains

- **Drainage**: drains and culverts were cleared across the camps, with cash-for-work teams from the refugee and host communities.
- **Slopes**: the slopes most at risk of landslides were stabilised with bamboo and vetiver planting.
- **Shelter**: families received tie-down kits and training to secure their roofs before strong winds.
- **Supplies**: emergency shelter materials, hygiene items and food were pre-positioned in each camp.

## Who to contact

Incidents are reported to the camp's site management focal point, who alerts the sectors. The [monsoon preparedness situation report](/r/rohingya/documents) in the library lists the contingency stocks by camp.`,
      organisation: "IOM",
      sectors: ["SMSD", "SNFI"],
      locations: ["BD202294"],
      state: "published",
      daysAgo: 3,
      image: {
        caption: "Drainage channels cleared before the rains (illustration).",
        credit: "Illustration: Intersector demo",
        sky,
        land: green,
      },
    },
    {
      title: "Hygiene promotion focuses on safe water storage",
      summary:
        "Community hygiene promoters visit households to show how to keep drinking water clean from the tap to the cup during the rainy season.",
      body: `During the rains the risk of acute watery diarrhoea rises. Water is chlorinated at the source, but it can be contaminated again in the jerrycan at home.

Hygiene promoters, many of them refugees themselves, go from shelter to shelter to:

1. show how to clean jerrycans and keep them closed;
2. explain when to wash hands with soap;
3. tell families where to find the nearest health post when a child has diarrhoea.

Partners also replace worn-out jerrycans and buckets and check free residual chlorine at household level.`,
      organisation: "UNICEF",
      sectors: ["WASH"],
      locations: ["CXB-213"],
      state: "published",
      daysAgo: 10,
      image: {
        caption: "Water points are checked for chlorine every week (illustration).",
        credit: "Illustration: Intersector demo",
        sky: [170, 200, 230],
        land: [120, 150, 90],
      },
    },
    {
      title: "Health posts ready for the rainy season",
      summary:
        "Health partners trained staff, stocked oral rehydration and treatment supplies, and agreed how to refer patients when roads are cut.",
      body: `Health facilities in the camps prepared for the rainy season, when diarrhoeal disease and acute respiratory infections usually increase.

- Diarrhoea treatment supplies were pre-positioned in health posts and primary health care centres.
- Community health workers were trained to spot danger signs and refer patients early.
- Referral routes were agreed for days when landslides or floods block roads.

The Health sector reviews the disease surveillance figures every week with the WASH sector, so that an outbreak is met by both.`,
      organisation: "WHO",
      sectors: ["HEALTH"],
      state: "published",
      daysAgo: 20,
    },
    {
      title: "Learning centres reopen after repairs",
      summary:
        "Learning centres damaged by wind and rain have been repaired and reopened for children's classes.",
      body: "Repairs covered roofs, walls and latrines. Classes resumed with teaching and learning materials replaced where they had been damaged.",
      organisation: "BRAC",
      sectors: ["EDU"],
      state: "in_review",
      daysAgo: 1,
    },
  ],
  myanmar: [
    {
      title: "Displacement sites strengthen shelters before the rains",
      summary:
        "Shelter partners repaired roofs and distributed tarpaulins and tools in displacement sites ahead of the rainy season.",
      body: `Ahead of the rainy season, shelter partners worked with site committees to repair shelters and distribute tarpaulins, rope and tools.

Families who cannot repair their shelter themselves, such as older people and people with disabilities, were helped first.`,
      organisation: "UNHCR",
      sectors: ["SNFI"],
      state: "published",
      daysAgo: 5,
      image: {
        caption: "Shelters in a displacement site (illustration).",
        credit: "Illustration: Intersector demo",
        sky: [180, 200, 220],
        land: [110, 130, 80],
      },
    },
    {
      title: "Mobile health teams reach remote communities",
      summary:
        "Mobile clinics provide primary health care, vaccination and referrals where health facilities are closed or out of reach.",
      body: "Mobile teams visit communities on a fixed schedule, so that people know when to come. Patients who need more care are referred with transport support.",
      organisation: "WHO",
      sectors: ["HEALTH"],
      state: "published",
      daysAgo: 12,
    },
  ],
};

const sitrepLines = (response: string, when: string, version: string) => [
  `${response} - situation report (${version}), ${when}. Demonstration document.`,
  "",
  "Highlights",
  "- Drainage clearance and slope stabilisation completed in the most exposed areas.",
  "- Contingency stocks of shelter kits, hygiene items and food pre-positioned.",
  "- Sectors meet weekly during the season; incidents are reported through site management.",
  "",
  "Needs and gaps",
  "- Shelter materials for families whose homes are damaged by wind or landslides.",
  "- Safe water and hygiene supplies where flooding affects water points.",
  "",
  "Figures in this demonstration report are illustrative.",
];

/** Terms of reference of a coordination body, in the usual headings (demonstration text). */
const termsLines = (body: string, purpose: string, members: string, chairs: string, meets: string) => [
  `Terms of reference of the ${body}. Demonstration document.`,
  "",
  "Purpose",
  `- ${purpose}`,
  "",
  "Membership",
  `- ${members}`,
  "- Members name the role that represents them, able to decide for the organisation.",
  "",
  "Chairing and secretariat",
  `- ${chairs}`,
  "",
  "Meetings and decisions",
  `- ${meets}`,
  "- Agenda shared two working days ahead; minutes with decisions and actions in a week.",
  "- Decisions by consensus; the chairs record any dissent in the minutes.",
  "",
  "Review",
  "- These terms of reference are reviewed every year.",
];

export const demoDocuments: Record<string, DemoDocument[]> = {
  rohingya: [
    {
      title: "Inter Sector Coordination Group: terms of reference",
      type: "terms_of_reference",
      daysAgo: 120,
      description: "Purpose, membership, chairing and meetings of the ISCG.",
      sectors: [],
      organisations: [],
      platform: "ISCG",
      platformTerms: true,
      files: [
        {
          name: "iscg-terms-of-reference.pdf",
          contentType: "application/pdf",
          bytes: () =>
            textPdf(
              "Inter Sector Coordination Group - terms of reference",
              termsLines(
                "Inter Sector Coordination Group (ISCG)",
                "Coordinate the sectors: joint planning, gaps and overlaps, common services, advocacy.",
                "The sector coordinators, with the ISCG Secretariat; observers by invitation.",
                "The Senior Coordinator chairs; the Secretariat prepares meetings and follows up.",
                "Every second week, and when an emergency requires it.",
              ),
            ),
        },
      ],
    },
    {
      title: "Monsoon preparedness: joint situation report",
      type: "situation_report",
      daysAgo: 4,
      description: "What the sectors prepared for the monsoon and cyclone season, and the stocks in place.",
      sectors: ["SMSD", "SNFI", "WASH"],
      organisations: ["IOM"],
      files: [
        {
          name: "monsoon-sitrep-v1.pdf",
          contentType: "application/pdf",
          bytes: () =>
            textPdf(
              "Monsoon preparedness - situation report",
              sitrepLines("Rohingya refugee response", "first issue", "first edition"),
            ),
        },
        {
          name: "monsoon-sitrep-v2.pdf",
          contentType: "application/pdf",
          bytes: () =>
            textPdf(
              "Monsoon preparedness - situation report",
              sitrepLines("Rohingya refugee response", "updated", "second edition"),
            ),
          note: "Stocks updated after the sector meetings.",
        },
      ],
    },
    {
      title: "Inter Sector Coordination Group: meeting minutes",
      type: "minutes",
      daysAgo: 7,
      description: "Decisions and follow-up actions of the last ISCG meeting.",
      sectors: [],
      organisations: [],
      platform: "ISCG",
      files: [
        {
          name: "iscg-minutes.txt",
          contentType: "text/plain",
          bytes: () =>
            Buffer.from(
              "Inter Sector Coordination Group - meeting minutes (demonstration)\n\n1. Monsoon preparedness: sectors confirmed contingency stocks; gaps to be shared by the end of the week.\n2. Funding: sectors to update their requirements for the joint response plan.\n3. Any other business: next meeting in two weeks.\n\nActions\n- Sector coordinators: send stock figures to the ISCG Secretariat.\n- Information management working group: update the 4W dashboard.\n",
            ),
        },
      ],
    },
    {
      title: "WASH facility monitoring template",
      type: "tool",
      daysAgo: 30,
      description: "A CSV template to report the status of water points and latrines by camp.",
      sectors: ["WASH"],
      organisations: ["UNICEF"],
      files: [
        {
          name: "wash-facility-monitoring.csv",
          contentType: "text/csv",
          bytes: () =>
            Buffer.from(
              "camp,facility_type,facility_id,functional,last_checked,free_residual_chlorine_mg_l,comments\nCamp 4,water point,WP-001,yes,2025-06-01,0.4,\nCamp 4,latrine block,LB-014,no,2025-06-01,,door broken\n",
            ),
        },
      ],
    },
    {
      title: "Contingency plan for the cyclone season (working draft)",
      type: "plan",
      daysAgo: 15,
      description: "Working draft shared with partners for comments; for signed-in users only.",
      sectors: ["SMSD"],
      organisations: [],
      visibility: "signed_in",
      files: [
        {
          name: "cyclone-contingency-draft.pdf",
          contentType: "application/pdf",
          bytes: () =>
            textPdf("Cyclone contingency plan - working draft", [
              "Scenario, early warning triggers, roles of the sectors and stocks.",
              "Demonstration document: for signed-in users only.",
            ]),
        },
      ],
    },
  ],
  myanmar: [
    {
      title: "Humanitarian Country Team: terms of reference",
      type: "terms_of_reference",
      daysAgo: 150,
      description: "Purpose, membership, chairing and meetings of the HCT.",
      sectors: [],
      organisations: [],
      platform: "HCT",
      platformTerms: true,
      files: [
        {
          name: "hct-terms-of-reference.pdf",
          contentType: "application/pdf",
          bytes: () =>
            textPdf(
              "Humanitarian Country Team - terms of reference",
              termsLines(
                "Humanitarian Country Team (HCT)",
                "Make the strategic decisions of the response: common principles, priorities, advocacy.",
                "Heads of UN agencies, international and national NGOs, the Red Cross and Red Crescent.",
                "The Humanitarian Coordinator chairs; OCHA acts as secretariat.",
                "Monthly, and in special session when the situation requires it.",
              ),
            ),
        },
      ],
    },
    {
      title: "Humanitarian situation report",
      type: "situation_report",
      daysAgo: 6,
      description: "Displacement, access and the sectors' response this month.",
      sectors: ["SNFI", "HEALTH"],
      organisations: ["OCHA"],
      files: [
        {
          name: "myanmar-sitrep.pdf",
          contentType: "application/pdf",
          bytes: () =>
            textPdf("Humanitarian situation report", sitrepLines("Myanmar", "this month", "monthly")),
        },
      ],
    },
    {
      title: "Humanitarian Country Team: meeting minutes",
      type: "minutes",
      daysAgo: 9,
      description: "Decisions of the last HCT meeting.",
      sectors: [],
      organisations: [],
      platform: "HCT",
      minutesOf: "Humanitarian Country Team: special session on the rainy season",
      files: [
        {
          name: "hct-minutes.txt",
          contentType: "text/plain",
          bytes: () =>
            Buffer.from(
              "Humanitarian Country Team - meeting minutes (demonstration)\n\n1. Access: partners shared constraints; a joint note will be prepared.\n2. Rainy season preparedness: clusters to confirm stocks.\n",
            ),
        },
      ],
    },
  ],
};

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000);

/** Seeds a demo response's stories (with images) and documents (with versions). */
export async function seedDemoContent(
  db: Db,
  responseId: string,
  slug: string,
  store: FileStore,
): Promise<void> {
  const lookup = async (query: ReturnType<typeof sql>) =>
    new Map((await db.execute<{ key: string; id: string }>(query)).rows.map((r) => [r.key, r.id]));
  const sectorIds = await lookup(sql`SELECT code AS key, id FROM sectors WHERE response_id = ${responseId}`);
  const locationIds = await lookup(
    sql`SELECT code AS key, id FROM locations WHERE response_id = ${responseId}`,
  );
  const platformIds = await lookup(
    sql`SELECT code AS key, id FROM platforms WHERE response_id = ${responseId}`,
  );
  const orgIds = await lookup(
    sql`SELECT name AS key, id FROM organisations WHERE response_id = ${responseId} AND merged_into_id IS NULL
      UNION ALL SELECT acronym, id FROM organisations WHERE response_id = ${responseId} AND merged_into_id IS NULL AND acronym IS NOT NULL`,
  );
  const need = (map: Map<string, string>, key: string, what: string) => {
    const id = map.get(key);
    if (!id) throw new Error(`Demo content of ${slug}: unknown ${what} ${key}`);
    return id;
  };

  for (const s of demoStories[slug] ?? []) {
    const row = await createStory(db, responseId, systemActor, {
      title: s.title,
      summary: s.summary,
      body: s.body,
      language: "en",
      organisationId: need(orgIds, s.organisation, "organisation"),
      sectorIds: s.sectors.map((c) => need(sectorIds, c, "sector")),
      locationIds: (s.locations ?? []).map((c) => need(locationIds, c, "location")),
    });
    if (s.image) {
      const file = await storeBytes(
        store,
        responseId,
        illustrationPng(s.image.sky, s.image.land),
        "illustration.png",
        "image/png",
      );
      await addImage(db, responseId, systemActor, row, file, {
        caption: s.image.caption,
        credit: s.image.credit,
      });
    }
    if (s.state !== "draft") await transitionStory(db, responseId, systemActor, row, "submit", {});
    if (s.state === "published")
      await transitionStory(db, responseId, systemActor, row, "publish", {
        publishedAt: daysAgo(s.daysAgo).toISOString(),
      });
  }

  for (const d of demoDocuments[slug] ?? []) {
    // Each file's text is read as an upload's is, so the search finds the demo documents by their words.
    const stored = async (f: DemoDocument["files"][number]) => {
      const bytes = f.bytes();
      const file = await storeBytes(store, responseId, bytes, f.name, f.contentType);
      return { file, text: await extractText(async () => Readable.from([bytes]), file) };
    };
    const [first, ...later] = d.files;
    const firstFile = await stored(first!);
    const row = await createDocument(
      db,
      responseId,
      systemActor,
      {
        title: d.title,
        type: d.type,
        documentDate: daysAgo(d.daysAgo).toISOString().slice(0, 10),
        language: "en",
        visibility: d.visibility ?? "public",
        description: d.description,
        platformId: d.platform ? need(platformIds, d.platform, "platform") : null,
        sectorIds: d.sectors.map((c) => need(sectorIds, c, "sector")),
        locationIds: [],
        organisationIds: d.organisations.map((o) => need(orgIds, o, "organisation")),
      },
      firstFile.file,
      first!.note ?? null,
      firstFile.text,
    );
    for (const f of later) {
      const { file, text } = await stored(f);
      await addVersion(db, responseId, systemActor, row, file, f.note ?? null, text);
    }
    // Through the platforms service, so the platform's history shows its terms being set.
    if (d.platformTerms && row.platformId) {
      const platform = await getPlatform(db, responseId, row.platformId);
      await updatePlatform(db, responseId, systemActor, platform, { torDocumentId: row.id }, true);
    }
    if (d.minutesOf) {
      const [found] = (
        await db.execute<{ id: string; country_iso3: string }>(sql`
          SELECT e.id, r.country_iso3 FROM events e JOIN responses r ON r.id = e.response_id
          WHERE e.response_id = ${responseId} AND e.title = ${d.minutesOf}`)
      ).rows;
      if (!found) throw new Error(`Demo content of ${slug}: unknown event ${d.minutesOf}`);
      const event = await getEventRow(db, responseId, found.id);
      const merged = mergeUpdate(await asInput(db, responseId, event), { minutesDocumentId: row.id });
      await updateEvent(db, responseId, found.country_iso3, systemActor, event, merged, true);
    }
  }
}
