import { Paper, SimpleGrid, Skeleton, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { Dashboard } from "../../api/analysis.ts";
import { useFormat } from "../../i18n/format.ts";
import { useFigure } from "./shared.tsx";

interface Tile {
  key: string;
  label: string;
  value: string;
  note: string | null;
}

/** The response's (or a sector's) key figures, each with the date it is valid for. */
export function KeyFigures({ data }: { data: Dashboard | undefined }) {
  const { t } = useTranslation();
  const format = useFormat();
  const figure = useFigure();
  if (!data)
    return (
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="md">
        {Array.from({ length: 8 }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have nothing else to key by
          <Skeleton key={i} height={92} radius="md" />
        ))}
      </SimpleGrid>
    );
  const { totals } = data;
  const asOf = (date: string | null) => (date ? t("analysis.asOf", { date: format.date(date) }) : null);
  const money = (value: number | null) =>
    value === null ? t("common.none") : t("analysis.usd", { amount: format.compact(value) });
  const month = data.latestMonth ? format.month(data.latestMonth) : null;
  const reachedNote = month ? t("analysis.inMonth", { month }) : t("analysis.noReports");
  // A public total leaves out the sectors whose figure is withheld: say so, or it reads as complete.
  const partialNote = totals.reachedPartial
    ? t("analysis.partialTotal", { n: format.number(data.threshold) })
    : null;
  const tiles: Tile[] = [
    {
      key: "inNeed",
      label: t("analysis.inNeed"),
      value: figure(totals.inNeed),
      note: asOf(totals.figuresAsOf),
    },
    {
      key: "targeted",
      label: t("analysis.targeted"),
      value: figure(totals.targeted),
      note: asOf(totals.figuresAsOf),
    },
    {
      key: "reached",
      label: t("analysis.reachedLatest"),
      value: figure(totals.reached),
      note: partialNote ? `${reachedNote} · ${partialNote}` : reachedNote,
    },
    {
      key: "partners",
      label: t("analysis.partners"),
      value: format.number(totals.partners),
      note: month ? t("analysis.inMonth", { month }) : null,
    },
    {
      key: "population",
      label: t("analysis.population"),
      value: figure(totals.population),
      note: asOf(totals.populationAsOf),
    },
    {
      key: "required",
      label: t("analysis.fundingRequired"),
      value: money(totals.fundingRequired),
      note: asOf(totals.fundingAsOf),
    },
    {
      key: "received",
      label: t("analysis.fundingReceived"),
      value: money(totals.fundingReceived),
      note:
        totals.fundingReceived !== null && totals.fundingRequired
          ? t("analysis.ofRequired", {
              share: format.percent(totals.fundingReceived / totals.fundingRequired),
            })
          : asOf(totals.fundingAsOf),
    },
    {
      key: "localShare",
      label: t("analysis.localShare"),
      value: totals.localShare === null ? t("common.none") : format.percent(totals.localShare),
      note: t("analysis.localShareNote"),
    },
  ];
  return (
    <SimpleGrid cols={{ base: 2, sm: 4 }} spacing={{ base: "xs", sm: "md" }}>
      {tiles.map((tile) => (
        <Paper key={tile.key} withBorder p="md" shadow="xs" data-testid={`figure-${tile.key}`}>
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
