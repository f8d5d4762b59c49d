import { useTranslation } from "react-i18next";
import type { Dashboard, Trends } from "../../api/analysis.ts";
import { ChartCard } from "../../components/charts/ChartCard.tsx";
import { BarChart, LineChart, seriesColors } from "../../components/charts/Charts.tsx";
import { useFormat } from "../../i18n/format.ts";

const rowHeight = (rows: number, bars: number) => Math.max(220, 60 + rows * (bars * 12 + 14));

/** People in need, targeted and reached per sector (horizontal bars: sector names stay readable). */
export function PeopleBySector({ data, slug }: { data: Dashboard; slug: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const rows = data.sectors.map((s) => ({
    sector: s.sector.name,
    inNeed: s.inNeed,
    targeted: s.targeted,
    reached: s.reached,
  }));
  const series = [
    { name: "inNeed", label: t("analysis.inNeed"), color: "red.6" },
    { name: "targeted", label: t("analysis.targeted"), color: "yellow.6" },
    { name: "reached", label: t("analysis.reached"), color: "teal.6" },
  ];
  const hasAny = rows.some((r) => r.inNeed !== null || r.targeted !== null || r.reached !== null);
  return (
    <ChartCard
      title={t("analysis.peopleBySector")}
      description={
        data.latestMonth ? t("analysis.reachedIn", { month: format.month(data.latestMonth) }) : null
      }
      filename={`${slug}-people-by-sector`}
      legend={series}
      empty={hasAny ? undefined : t("analysis.noFigures")}
      csv={() => ({
        header: ["sector", "in_need", "targeted", "reached"],
        rows: data.sectors.map((s) => [s.sector.name, s.inNeed, s.targeted, s.reached]),
      })}
    >
      <BarChart
        h={rowHeight(rows.length, 3)}
        data={rows}
        dataKey="sector"
        orientation="vertical"
        series={series}
        withLegend
        legendProps={{ verticalAlign: "bottom" }}
        valueFormatter={format.number}
        yAxisProps={{ width: 150 }}
        gridAxis="y"
      />
    </ChartCard>
  );
}

/** Funding required and received per sector. */
export function FundingBySector({ data, slug }: { data: Dashboard; slug: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const rows = data.sectors
    .filter((s) => s.fundingRequired !== null || s.fundingReceived !== null)
    .map((s) => ({ sector: s.sector.name, required: s.fundingRequired, received: s.fundingReceived }));
  const series = [
    { name: "required", label: t("analysis.fundingRequired"), color: "gray.5" },
    { name: "received", label: t("analysis.fundingReceived"), color: "blue.6" },
  ];
  const usd = (value: number) => t("analysis.usd", { amount: format.number(value) });
  // The latest funding date of the sectors shown (funding is updated apart from the people figures).
  const asOf = data.sectors
    .map((s) => s.fundingAsOf)
    .filter((d): d is string => !!d)
    .sort()
    .at(-1);
  return (
    <ChartCard
      title={t("analysis.fundingBySector")}
      description={asOf ? t("analysis.asOf", { date: format.date(asOf) }) : null}
      filename={`${slug}-funding-by-sector`}
      legend={series}
      empty={rows.length ? undefined : t("analysis.noFunding")}
      csv={() => ({
        header: ["sector", "required_usd", "received_usd"],
        rows: rows.map((r) => [r.sector, r.required, r.received]),
      })}
    >
      <BarChart
        h={rowHeight(rows.length, 2)}
        data={rows}
        dataKey="sector"
        orientation="vertical"
        series={series}
        withLegend
        legendProps={{ verticalAlign: "bottom" }}
        valueFormatter={usd}
        yAxisProps={{ width: 150 }}
        xAxisProps={{ tickFormatter: (v: number) => format.number(v / 1e6) + (v ? " M" : "") }}
        gridAxis="y"
      />
    </ChartCard>
  );
}

const MAX_LINES = 5;

/**
 * People reached per month: one line per sector for the largest few, the rest added up as
 * "other sectors" (thirteen lines would be unreadable).
 */
export function MonthlyTrend({ data, slug }: { data: Trends; slug: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const totals = new Map<string, { name: string; reached: number }>();
  for (const p of data.monthly) {
    const entry = totals.get(p.sector.id) ?? { name: p.sector.name, reached: 0 };
    entry.reached += p.reached ?? 0;
    totals.set(p.sector.id, entry);
  }
  const ranked = [...totals.entries()].sort((a, b) => b[1].reached - a[1].reached);
  const shown = new Set(ranked.slice(0, MAX_LINES).map(([id]) => id));
  const hasOther = ranked.length > MAX_LINES;
  const months = [...new Set(data.monthly.map((p) => p.month))].sort();
  const rows = months.map((month) => {
    const row: Record<string, string | number | null> = { month: format.month(month) };
    for (const id of shown) row[id] = null;
    if (hasOther) row.other = 0;
    for (const p of data.monthly.filter((x) => x.month === month)) {
      const column = shown.has(p.sector.id) ? p.sector.id : "other";
      row[column] = ((row[column] as number | null) ?? 0) + (p.reached ?? 0);
    }
    return row;
  });
  const series = [
    ...ranked
      .slice(0, MAX_LINES)
      .map(([id, s], i) => ({ name: id, label: s.name, color: seriesColors[i] ?? "gray.6" })),
    ...(hasOther ? [{ name: "other", label: t("analysis.otherSectors"), color: "gray.6" }] : []),
  ];
  return (
    <ChartCard
      title={t("analysis.monthlyReached")}
      description={
        data.from && data.to
          ? t("analysis.period", { from: format.month(data.from), to: format.month(data.to) })
          : null
      }
      filename={`${slug}-reached-per-month`}
      legend={series}
      empty={rows.length ? undefined : t("analysis.noReports")}
      csv={() => ({
        header: ["month", "sector", "organisations", "activities", "reached"],
        rows: data.monthly.map((p) => [p.month, p.sector.name, p.organisations, p.activities, p.reached]),
      })}
    >
      <LineChart
        h={300}
        data={rows}
        dataKey="month"
        series={series}
        withLegend
        legendProps={{ verticalAlign: "bottom" }}
        valueFormatter={format.number}
        yAxisProps={{ width: 70 }}
        curveType="monotone"
        connectNulls
      />
    </ChartCard>
  );
}
