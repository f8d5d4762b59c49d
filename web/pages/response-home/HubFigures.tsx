import { Paper, SimpleGrid, Skeleton, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useDashboard } from "../../api/analysis.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { useFormat } from "../../i18n/format.ts";
import { useFigure } from "../analysis/shared.tsx";

/** The response's headline figures from the dashboard (this year), each with its "as of" date. */
export function HubFigures({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const figure = useFigure();
  const dashboard = useDashboard(slug, {});
  if (dashboard.error) return <ErrorAlert error={dashboard.error} onRetry={() => void dashboard.refetch()} />;
  const data = dashboard.data;
  if (!data)
    return (
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="md" aria-hidden>
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} height={92} radius="md" />
        ))}
      </SimpleGrid>
    );
  const { totals } = data;
  const asOf = totals.figuresAsOf ? t("analysis.asOf", { date: format.date(totals.figuresAsOf) }) : null;
  const month = data.latestMonth ? format.month(data.latestMonth) : null;
  const money = (value: number | null) =>
    value === null ? t("common.none") : t("analysis.usd", { amount: format.compact(value) });
  const tiles = [
    { key: "inNeed", label: t("analysis.inNeed"), value: figure(totals.inNeed), note: asOf },
    {
      key: "reached",
      label: t("analysis.reachedLatest"),
      value: figure(totals.reached),
      note: month ? t("analysis.inMonth", { month }) : t("analysis.noReports"),
    },
    {
      key: "partners",
      label: t("analysis.partners"),
      value: format.number(totals.partners),
      note: month ? t("analysis.inMonth", { month }) : null,
    },
    {
      key: "funding",
      label: t("analysis.fundingReceived"),
      value: money(totals.fundingReceived),
      note:
        totals.fundingReceived !== null && totals.fundingRequired
          ? t("analysis.ofRequired", {
              share: format.percent(totals.fundingReceived / totals.fundingRequired),
            })
          : totals.fundingAsOf
            ? t("analysis.asOf", { date: format.date(totals.fundingAsOf) })
            : null,
    },
  ];
  return (
    <SimpleGrid cols={{ base: 2, sm: 4 }} spacing={{ base: "xs", sm: "md" }}>
      {tiles.map((tile) => (
        <Paper key={tile.key} withBorder p="md" shadow="xs" data-testid={`hub-figure-${tile.key}`}>
          <Text size="sm" c="dimmed" lh={1.3}>
            {tile.label}
          </Text>
          <Text fw={750} fz={{ base: 20, sm: 26 }} lh={1.3}>
            {tile.value}
          </Text>
          {tile.note && (
            <Text size="xs" c="dimmed">
              {tile.note}
            </Text>
          )}
        </Paper>
      ))}
    </SimpleGrid>
  );
}
