import { useTranslation } from "react-i18next";
import type { LocationProfile } from "../../api/analysis.ts";
import { ChartCard } from "../../components/charts/ChartCard.tsx";
import { BarChart, LineChart } from "../../components/charts/Charts.tsx";
import { useFormat } from "../../i18n/format.ts";

type PopulationPoint = LocationProfile["population"][number];

/** Individuals and households counted in each assessment round. */
export function PopulationChart({ points, filename }: { points: PopulationPoint[]; filename: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const rows = points.map((p) => ({
    round: `${p.round.name}`,
    individuals: p.individuals,
    households: p.households,
  }));
  const series = [
    { name: "individuals", label: t("analysis.individuals"), color: "indigo.6" },
    { name: "households", label: t("analysis.households"), color: "cyan.6" },
  ];
  const last = points.at(-1);
  return (
    <ChartCard
      title={t("analysis.populationOverRounds")}
      description={
        last
          ? t("analysis.latestRound", { round: last.round.name, date: format.date(last.round.assessedOn) })
          : null
      }
      filename={filename}
      legend={series}
      empty={rows.length ? undefined : t("analysis.noRounds")}
      csv={() => ({
        header: ["round_code", "round", "assessed_on", "individuals", "households", "sites"],
        rows: points.map((p) => [
          p.round.code,
          p.round.name,
          p.round.assessedOn,
          p.individuals,
          p.households,
          p.sites,
        ]),
      })}
    >
      <LineChart
        h={300}
        data={rows}
        dataKey="round"
        series={series}
        withLegend
        legendProps={{ verticalAlign: "bottom" }}
        valueFormatter={format.number}
        yAxisProps={{ width: 80 }}
        connectNulls={false}
      />
    </ChartCard>
  );
}

/** People reached each month in one place (all sectors). */
export function PlaceMonthlyChart({ profile, filename }: { profile: LocationProfile; filename: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const rows = profile.monthly.map((m) => ({ month: format.month(m.month), reached: m.reached }));
  const series = [{ name: "reached", label: t("analysis.reached"), color: "teal.6" }];
  return (
    <ChartCard
      title={t("analysis.monthlyReachedPlace")}
      // A public month total leaves out the sectors whose figure is withheld: say so, or it reads as complete.
      description={profile.monthly.some((m) => m.partial) ? t("analysis.partialMonths") : null}
      filename={filename}
      legend={series}
      empty={rows.length ? undefined : t("analysis.noReports")}
      csv={() => ({
        header: ["month", "reached", "partial", "activities"],
        rows: profile.monthly.map((m) => [m.month, m.reached, m.partial, m.activities]),
      })}
    >
      <BarChart
        h={300}
        data={rows}
        dataKey="month"
        series={series}
        valueFormatter={format.number}
        yAxisProps={{ width: 70 }}
      />
    </ChartCard>
  );
}
