import { Badge, Button, Group, Title, UnstyledButton } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { MapIndicator, Ref } from "../../../common/schemas/analysis.ts";
import { downloadCsv } from "../../components/charts/download.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { useFormat } from "../../i18n/format.ts";
import { indicatorValue, type PlaceValues } from "./mapValues.ts";
import { RecordsLink, useFigure } from "./shared.tsx";

/** The map's figures as a table: the keyboard and screen-reader way to the same places. */
export function PlaceTable({
  slug,
  places,
  indicator,
  threshold,
  loading,
  selected,
  onSelect,
  show,
  sector,
  from,
  to,
}: {
  slug: string;
  /** The sector chosen (null: the places' figures add up all sectors) and the months counted. */
  sector: Ref | null;
  from: string | null | undefined;
  to: string | null | undefined;
  places: PlaceValues[];
  indicator: MapIndicator;
  threshold: number;
  loading: boolean;
  selected: string | null;
  onSelect: (id: string) => void;
  show: (value: number | null) => string;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const figure = useFigure();
  const rows = [...places].sort(
    (a, b) =>
      (indicatorValue(b, indicator) ?? -1) - (indicatorValue(a, indicator) ?? -1) ||
      a.location.name.localeCompare(b.location.name),
  );
  const save = () =>
    downloadCsv(
      `${slug}-map-${indicator}.csv`,
      ["location_code", "location", "partners", "in_need", "reached", "unmet", "coverage", "severity"],
      rows.map((p) => [
        p.location.code,
        p.location.name,
        p.partners,
        p.inNeed,
        p.reached,
        p.unmet,
        p.coverage,
        p.severity,
      ]),
    );
  const value = (p: PlaceValues, v: number | null) => figure(v, p.suppressed, threshold);
  return (
    <section aria-labelledby="places-heading">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h3" id="places-heading">
          {t("analysis.placesTitle")}
        </Title>
        <Button variant="default" size="compact-sm" onClick={save} disabled={!rows.length}>
          {t("analysis.downloadCsv")}
        </Button>
      </Group>
      <DataTable<PlaceValues>
        caption={t("analysis.placesCaption", { indicator: t(`analysis.indicators.${indicator}`) })}
        captionHidden
        rows={rows}
        loading={loading}
        rowKey={(p) => p.location.id}
        empty={t("analysis.noPlaces")}
        minWidth={860}
        columns={[
          {
            key: "place",
            header: t("analysis.place"),
            render: (p) => (
              <UnstyledButton
                onClick={() => onSelect(p.location.id)}
                aria-pressed={selected === p.location.id}
                c="blue.8"
                fw={selected === p.location.id ? 700 : 500}
                td="underline"
                aria-label={t("analysis.showSummaryOf", { place: p.location.name })}
              >
                {p.location.name}
              </UnstyledButton>
            ),
          },
          {
            key: "value",
            header: t(`analysis.indicators.${indicator}`),
            nowrap: true,
            render: (p) => <strong>{show(indicatorValue(p, indicator))}</strong>,
          },
          { key: "partners", header: t("analysis.partners"), render: (p) => format.number(p.partners) },
          { key: "inNeed", header: t("analysis.inNeed"), nowrap: true, render: (p) => value(p, p.inNeed) },
          { key: "reached", header: t("analysis.reached"), nowrap: true, render: (p) => value(p, p.reached) },
          { key: "unmet", header: t("analysis.unmet"), nowrap: true, render: (p) => value(p, p.unmet) },
          {
            key: "flag",
            header: t("analysis.flags"),
            nowrap: true,
            render: (p) =>
              p.highNeedNoPartner ? (
                <Badge color="red" variant="light">
                  {t("analysis.highNeedNoPartner")}
                </Badge>
              ) : null,
          },
          {
            key: "records",
            header: t("analysis.records"),
            nowrap: true,
            render: (p) => (
              <RecordsLink slug={slug} sector={sector} location={p.location} from={from} to={to} />
            ),
          },
        ]}
      />
    </section>
  );
}
