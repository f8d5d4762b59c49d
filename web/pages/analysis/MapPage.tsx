import { Box, Grid, Group, Select, Stack, Text, Title } from "@mantine/core";
import { useCallback, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams, useSearchParams } from "react-router";
import { type MapIndicator, mapIndicators } from "../../../common/schemas/analysis.ts";
import { useGaps } from "../../api/analysis.ts";
import { type LocationProperties, useLocationsGeoJson } from "../../api/locations.ts";
import { useSectors } from "../../api/sectors.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { LocationMap } from "../../components/LocationMap.tsx";
import { useFormat } from "../../i18n/format.ts";
import { MapLegend } from "./MapLegend.tsx";
import { classesOf, colorOf, indicatorValue, placeValues } from "./mapValues.ts";
import { PlaceSummary } from "./PlaceSummary.tsx";
import { PlaceTable } from "./PlaceTable.tsx";
import { LevelSelect, MonthInput, parseLevel, SectorSelect, withParam } from "./shared.tsx";

const isIndicator = (value: string | null): value is MapIndicator =>
  mapIndicators.includes(value as MapIndicator);

/** `/r/:slug/map`: a choropleth of one indicator per place, with the same figures as a table. */
export default function MapPage() {
  const { slug = "" } = useParams();
  const { t } = useTranslation();
  const format = useFormat();
  const [params, setParams] = useSearchParams();
  const sector = params.get("sector") || undefined;
  const level = parseLevel(params.get("level"));
  const month = params.get("month") || undefined;
  const rawIndicator = params.get("indicator");
  const indicator: MapIndicator = isIndicator(rawIndicator) ? rawIndicator : "presence";
  const [selected, setSelected] = useState<string | null>(null);
  const set = (key: string, value: string | undefined) =>
    setParams(withParam(params, key, value), { replace: true });

  const gaps = useGaps(slug, { sector, level, from: month, to: month });
  // The chosen sector's code, for the drill-down to the 4W explorer (which reads codes).
  const chosenSector = useSectors(slug).data?.find((s) => s.id === sector);
  const shapes = useLocationsGeoJson(slug, level === "site" ? { kind: "site" } : { level });
  const places = useMemo(() => placeValues(gaps.data?.rows ?? []), [gaps.data]);
  const byId = useMemo(() => new Map(places.map((p) => [p.location.id, p])), [places]);
  const classes = useMemo(
    () =>
      classesOf(
        indicator,
        places.map((p) => indicatorValue(p, indicator)).filter((v): v is number => v !== null),
      ),
    [indicator, places],
  );
  const threshold = gaps.data?.threshold ?? 0;

  const show = useCallback(
    (value: number | null) => {
      if (value === null) return t("analysis.noValue");
      if (indicator === "coverage") return format.percent(value);
      if (indicator === "severity") return t("analysis.severityLevel", { level: value });
      return format.number(value);
    },
    [indicator, format, t],
  );
  const fillOf = useCallback(
    (p: LocationProperties) => {
      const place = byId.get(p.id);
      return place ? colorOf(classes, indicatorValue(place, indicator)) : null;
    },
    [byId, classes, indicator],
  );
  const tooltipOf = useCallback(
    (p: LocationProperties) => {
      const place = byId.get(p.id);
      return `${p.name} · ${t(`analysis.indicators.${indicator}`)}: ${show(place ? indicatorValue(place, indicator) : null)}`;
    },
    [byId, indicator, show, t],
  );
  const selectedPlace = places.find((p) => p.location.id === selected);
  const codeToId = useMemo(
    () => new Map((shapes.data?.features ?? []).map((f) => [f.properties.code, f.properties.id])),
    [shapes.data],
  );

  return (
    <Stack gap="lg" maw={1300}>
      <div>
        <Title order={1}>{t("analysis.mapTitle")}</Title>
        <Text c="dimmed" maw={760}>
          {t("analysis.mapIntro")}
        </Text>
      </div>
      <Group gap="sm" align="flex-end">
        <Select
          label={t("analysis.indicator")}
          data={mapIndicators.map((i) => ({ value: i, label: t(`analysis.indicators.${i}`) }))}
          value={indicator}
          onChange={(next) => set("indicator", next && next !== "presence" ? next : undefined)}
          allowDeselect={false}
          w={{ base: "100%", xs: 260 }}
          comboboxProps={{ withinPortal: true }}
        />
        <SectorSelect slug={slug} value={sector} onChange={(id) => set("sector", id)} />
        <LevelSelect
          value={level}
          onChange={(next) => {
            setSelected(null);
            set("level", next === "site" ? undefined : String(next));
          }}
        />
        <MonthInput value={month} onChange={(m) => set("month", m)} latest={gaps.data?.to} />
      </Group>
      {gaps.error && <ErrorAlert error={gaps.error} onRetry={() => void gaps.refetch()} />}
      <Grid gutter="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          {shapes.error ? (
            <ErrorAlert error={shapes.error} onRetry={() => void shapes.refetch()} />
          ) : (
            <LocationMap
              features={shapes.data}
              label={t("analysis.mapLabel", { indicator: t(`analysis.indicators.${indicator}`) })}
              height="min(70vh, 560px)"
              selectedCode={selectedPlace?.location.code ?? null}
              onSelect={(code) => setSelected(codeToId.get(code) ?? null)}
              fillOf={fillOf}
              tooltipOf={tooltipOf}
            />
          )}
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="md">
            <MapLegend indicator={indicator} classes={classes} threshold={threshold} />
            {selected ? (
              <PlaceSummary slug={slug} locationId={selected} onClose={() => setSelected(null)} />
            ) : (
              <Box>
                <Text size="sm" c="dimmed">
                  {t("analysis.clickHint")}
                </Text>
              </Box>
            )}
          </Stack>
        </Grid.Col>
      </Grid>
      <PlaceTable
        slug={slug}
        places={places}
        indicator={indicator}
        threshold={threshold}
        loading={gaps.isFetching}
        selected={selected}
        onSelect={setSelected}
        show={show}
        sector={
          chosenSector ? { id: chosenSector.id, code: chosenSector.code, name: chosenSector.name } : null
        }
        from={gaps.data?.from}
        to={gaps.data?.to}
      />
    </Stack>
  );
}
