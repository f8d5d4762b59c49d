import { sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import {
  displacementRounds,
  mobilityFlows,
  needsSeverity,
  populationFigures,
} from "../db/schema/displacement.ts";
import { planFigures, planObjectives } from "../db/schema/plans.ts";
import { hashSeed, mulberry32 } from "./demo-activities.ts";

/**
 * The demo's response plan and displacement data, made up but plausible and deterministic (seeded
 * by the response slug and the seeding month): three DTM-style site assessment rounds over the
 * last year (population by sex and age, needs severity per sector), a plan for the current year
 * (strategic and sector objectives, people in need and targeted per site and sector as launched
 * and, for some sectors, as revised mid-year; indicator targets; funding required and received per
 * organisation), and a few mobility flows. Sizes are in the range of the real responses; no
 * figure is a published one.
 */

const strategicObjectives: Record<string, string[]> = {
  rohingya: [
    "Work towards the sustainable repatriation of Rohingya refugees to Myanmar",
    "Strengthen the protection of Rohingya refugees",
    "Deliver life-saving assistance to Rohingya refugees in camps",
    "Foster the well-being of host communities",
    "Strengthen disaster risk management and preparedness",
  ],
  myanmar: [
    "Reduce mortality and morbidity of people affected by conflict and disasters",
    "Protect the rights, safety and dignity of affected people",
    "Support resilience and access to basic services",
  ],
};

interface Reference {
  sites: { id: string; code: string }[];
  sectors: { id: string; code: string; name: string }[];
  indicators: { id: string; sector_id: string; achieved: number | null }[];
  organisations: { id: string; type: string }[];
  /** The most people reached in one month per site and sector, to size needs against. */
  reach: { location_id: string; sector_id: string; reached: number; recent: boolean }[];
}

async function reference(db: Db, responseId: string, year: number): Promise<Reference> {
  const rows = async <T extends Record<string, unknown>>(query: ReturnType<typeof sql>) =>
    (await db.execute<T>(query)).rows;
  return {
    sites: await rows(
      sql`SELECT id, code FROM locations WHERE response_id = ${responseId} AND kind = 'site' ORDER BY code`,
    ),
    sectors: await rows(
      sql`SELECT id, code, name FROM sectors WHERE response_id = ${responseId} AND parent_id IS NULL ORDER BY code`,
    ),
    indicators: await rows(sql`
      SELECT i.id, i.sector_id, sum(CASE WHEN i.disaggregation = 'none' THEN a.quantity ELSE a.reached_total END)::float8 AS achieved
      FROM indicators i LEFT JOIN activities a ON a.response_id = i.response_id AND a.indicator_id = i.id
        AND a.review_state = 'approved' AND extract(year FROM a.reporting_month) = ${year}
      WHERE i.response_id = ${responseId} GROUP BY i.id, i.sector_id, i.code ORDER BY i.code`),
    organisations: await rows(
      sql`SELECT id, type FROM organisations WHERE response_id = ${responseId} AND type <> '60' ORDER BY name`,
    ),
    reach: await rows(sql`
      WITH monthly AS (
        SELECT location_id, sector_id, reporting_month, sum(reached_total) AS reached FROM activities
        WHERE response_id = ${responseId} AND review_state = 'approved' GROUP BY 1, 2, 3)
      SELECT location_id, sector_id, max(reached)::float8 AS reached,
        bool_or(reporting_month = (SELECT max(reporting_month) FROM monthly)) AS recent
      FROM monthly GROUP BY 1, 2`),
  };
}

const firstOfMonth = (now: Date, monthsBack: number, day = 1) =>
  new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - monthsBack, day)).toISOString().slice(0, 10);

export async function seedDemoPlans(
  db: Db,
  responseId: string,
  slug: string,
  now = new Date(),
): Promise<void> {
  const random = mulberry32(hashSeed(`${slug}:plans:${now.getUTCFullYear()}-${now.getUTCMonth()}`));
  const between = (low: number, high: number) => Math.round(low + random() * (high - low));
  const year = now.getUTCFullYear();
  const ref = await reference(db, responseId, year);
  const camps = slug === "rohingya";

  await db.transaction(async (tx) => {
    // Rounds: eleven, six and one month ago; each site's population drifts a little between them.
    const rounds = await tx
      .insert(displacementRounds)
      .values(
        [11, 6, 1].map((back, i) => ({
          responseId,
          code: `R${i + 1}`,
          name: `Site assessment, round ${i + 1}`,
          assessedOn: firstOfMonth(now, back, 10),
        })),
      )
      .returning();
    const base = new Map(ref.sites.map((s) => [s.id, camps ? between(9_000, 52_000) : between(600, 9_000)]));
    const population: (typeof populationFigures.$inferInsert)[] = [];
    const latest = new Map<string, number>();
    for (const [i, round] of rounds.entries())
      for (const site of ref.sites) {
        const individuals = Math.round(base.get(site.id)! * (1 + (i - 1) * 0.015 + (random() - 0.5) * 0.02));
        const children = Math.round(individuals * 0.52);
        const girls = Math.round(children * 0.49);
        const women = Math.round((individuals - children) * 0.53);
        population.push({
          responseId,
          roundId: round.id,
          locationId: site.id,
          households: Math.round(individuals / 4.6),
          individuals,
          women,
          men: individuals - children - women,
          girls,
          boys: children - girls,
          elderly: Math.round(individuals * 0.04),
        });
        latest.set(site.id, individuals);
      }
    await tx.insert(populationFigures).values(population);

    // Severity in the last two rounds: 2–4 where partners work lately; where none does,
    // mostly 1–2 with a few severe places (the gaps the analysis should bring out).
    const reachOf = new Map(ref.reach.map((r) => [`${r.location_id}|${r.sector_id}`, r.reached]));
    const servedLately = new Set(
      ref.reach.filter((r) => r.recent).map((r) => `${r.location_id}|${r.sector_id}`),
    );
    const severity: (typeof needsSeverity.$inferInsert)[] = [];
    const needsBySector = [
      "water",
      "latrines",
      "food",
      "shelter repair",
      "health care",
      "learning",
      "safety",
      "fuel",
    ];
    for (const round of rounds.slice(1))
      for (const site of ref.sites)
        for (const sector of ref.sectors) {
          const r = random();
          const served = servedLately.has(`${site.id}|${sector.id}`);
          const level = served
            ? r < 0.2
              ? 4
              : r < 0.7
                ? 3
                : 2
            : r < 0.06
              ? 5
              : r < 0.12
                ? 4
                : r < 0.2
                  ? 3
                  : r < 0.6
                    ? 2
                    : 1;
          severity.push({
            responseId,
            roundId: round.id,
            locationId: site.id,
            sectorId: sector.id,
            severity: level,
            priorityNeeds: [needsBySector[between(0, needsBySector.length - 1)]!],
          });
        }
    await tx.insert(needsSeverity).values(severity);

    // The plan: objectives, then figures as launched (15 January) and revised (1 July, some sectors).
    const strategic = await tx
      .insert(planObjectives)
      .values(
        (strategicObjectives[slug] ?? strategicObjectives.myanmar!).map((title, i) => ({
          responseId,
          year,
          kind: "strategic" as const,
          code: `SO${i + 1}`,
          title,
        })),
      )
      .returning();
    await tx.insert(planObjectives).values(
      ref.sectors.map((s, i) => ({
        responseId,
        year,
        kind: "sector" as const,
        code: `${s.code}-O1`,
        title: `${s.name}: meet the most urgent needs of the people in need and reduce the gaps between sites`,
        sectorId: s.id,
        parentId: strategic[Math.min(2, strategic.length - 1) - (i % 2)]!.id,
      })),
    );
    const launched = `${year}-01-15`;
    const revised = `${year}-07-01`;
    const figures: (typeof planFigures.$inferInsert)[] = [];
    const figure = (values: Omit<typeof planFigures.$inferInsert, "responseId" | "year">) =>
      figures.push({ responseId, year, source: "Demo response plan", ...values });
    // Needs sized against what partners reach in a month (1.2 to 3.5 times), so coverage ranges from
    // well covered to large gaps; places with no partner in a sector get a share of their people.
    for (const [i, sector] of ref.sectors.entries()) {
      for (const site of ref.sites) {
        const people = latest.get(site.id) ?? 0;
        const reached = reachOf.get(`${site.id}|${sector.id}`);
        const inNeed = Math.min(
          people,
          Math.round(reached ? reached * (1.2 + random() * 2.3) : people * (0.01 + random() * 0.04)),
        );
        figure({
          metric: "in_need",
          sectorId: sector.id,
          locationId: site.id,
          value: inNeed,
          asOf: launched,
        });
        figure({
          metric: "targeted",
          sectorId: sector.id,
          locationId: site.id,
          value: Math.round(inNeed * 0.8),
          asOf: launched,
        });
        if (i % 3 === 0)
          figure({
            metric: "in_need",
            sectorId: sector.id,
            locationId: site.id,
            value: Math.round(inNeed * 1.06),
            asOf: revised,
          });
      }
      const required = camps ? between(8, 240) * 1_000_000 : between(4, 120) * 1_000_000;
      figure({ metric: "funding_required", sectorId: sector.id, value: required, asOf: launched });
      const funders = [0, 1, 2].map(() => ref.organisations[between(0, ref.organisations.length - 1)]!);
      for (const org of new Set(funders))
        figure({
          metric: "funding_received",
          sectorId: sector.id,
          organisationId: org.id,
          value: Math.round(required * (0.1 + random() * 0.2)),
          asOf: firstOfMonth(now, 1),
        });
    }
    const total = [...latest.values()].reduce((a, b) => a + b, 0);
    figure({ metric: "in_need", value: total, asOf: launched });
    figure({ metric: "targeted", value: Math.round(total * 0.93), asOf: launched });
    const sectorFunding = figures.filter((f) => f.metric.startsWith("funding"));
    for (const metric of ["funding_required", "funding_received"] as const)
      figure({
        metric,
        value: sectorFunding.filter((f) => f.metric === metric).reduce((a, f) => a + f.value, 0),
        asOf: metric === "funding_required" ? launched : firstOfMonth(now, 1),
      });
    for (const indicator of ref.indicators) {
      const achieved = indicator.achieved ?? between(500, 20_000);
      const target = Math.max(100, Math.round((achieved * (1.2 + random() * 0.6)) / 100) * 100);
      figure({
        metric: "target",
        sectorId: indicator.sector_id,
        indicatorId: indicator.id,
        value: target,
        asOf: launched,
      });
    }
    for (let i = 0; i < figures.length; i += 1000)
      await tx.insert(planFigures).values(figures.slice(i, i + 1000));

    // Movements between sites (relocations, new arrivals moving on) in the last months.
    if (ref.sites.length > 1)
      await tx.insert(mobilityFlows).values(
        Array.from({ length: 8 }, (_, i) => {
          const origin = ref.sites[between(0, ref.sites.length - 1)]!;
          let destination = ref.sites[between(0, ref.sites.length - 1)]!;
          if (destination.id === origin.id)
            destination = ref.sites[(ref.sites.indexOf(origin) + 1) % ref.sites.length]!;
          return {
            responseId,
            originLocationId: origin.id,
            destinationLocationId: destination.id,
            people: between(40, 1_500),
            periodStart: firstOfMonth(now, 6 - (i % 6)),
            // Day 0 of the next month: the last day of the month the flow started in.
            periodEnd: firstOfMonth(now, 5 - (i % 6), 0),
            reason: ["relocation", "family reunification", "fire", "landslide risk", "new arrival"][i % 5]!,
          };
        }),
      );
  });
}
