import { Box, Group, Loader, Overlay, Text } from "@mantine/core";
import type * as Leaflet from "leaflet";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { LocationFeatures, LocationProperties } from "../api/locations.ts";

type LeafletModule = typeof Leaflet.default;
interface MapState {
  L: LeafletModule;
  map: Leaflet.Map;
}

interface LocationMapProps {
  features: LocationFeatures | undefined;
  label: string;
  height?: number | string;
  selectedCode?: string | null;
  onSelect?: (code: string) => void;
  /** A choropleth: the fill colour of each place (null: no value), replacing the kind colours. */
  fillOf?: (properties: LocationProperties) => string | null;
  /** The tooltip of each place (default: name and code). */
  tooltipOf?: (properties: LocationProperties) => string;
}

const SITE = { color: "#a33f00", fill: "#f76707" };
const AREA = { color: "#1864ab", fill: "#4dabf7" };

/** Locations drawn with Leaflet on a plain background (no tiles); Leaflet loads only with a map. */
export function LocationMap({
  features,
  label,
  height = 360,
  selectedCode,
  onSelect,
  fillOf,
  tooltipOf,
}: LocationMapProps) {
  const { t } = useTranslation();
  const container = useRef<HTMLElement>(null);
  const [state, setState] = useState<MapState | null>(null);
  const [failed, setFailed] = useState(false);
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;
  const tooltipRef = useRef(tooltipOf);
  tooltipRef.current = tooltipOf;

  useEffect(() => {
    let cancelled = false;
    let map: Leaflet.Map | null = null;
    Promise.all([import("leaflet"), import("leaflet/dist/leaflet.css")])
      .then(([mod]) => {
        // Leaflet ships UMD: the bundler exposes it as the default export.
        const L: LeafletModule = mod.default ?? mod;
        if (cancelled || !container.current) return;
        map = L.map(container.current, { attributionControl: false, scrollWheelZoom: false, zoomSnap: 0.5 });
        map.setView([20, 92], 5);
        L.control.scale({ imperial: false, position: "bottomright" }).addTo(map);
        setState({ L, map });
      })
      .catch(() => setFailed(true));
    return () => {
      cancelled = true;
      map?.remove();
    };
  }, []);

  useEffect(() => {
    if (!state || !features) return;
    const { L, map } = state;
    // Leaflet applies `style` to point markers too, so one function styles both kinds.
    const styleOf = (feature: LocationFeatures["features"][number] | undefined): Leaflet.PathOptions => {
      const palette = feature?.properties.kind === "site" ? SITE : AREA;
      const selected = !!feature && feature.properties.code === selectedCode;
      const isPoint = feature?.geometry.type === "Point";
      if (fillOf && feature) {
        const fill = fillOf(feature.properties);
        return {
          color: selected ? "#c92a2a" : "#495057",
          weight: selected ? 3 : 1,
          fillColor: fill ?? "#e9ecef",
          fillOpacity: fill ? 0.85 : 0.5,
          className: `isx-place-${feature.properties.code}`,
        };
      }
      return {
        color: selected ? "#c92a2a" : palette.color,
        weight: selected ? 3 : 1.5,
        fillColor: palette.fill,
        fillOpacity: isPoint ? 0.9 : 0.25,
      };
    };
    const layer = L.geoJSON(features, {
      pointToLayer: (feature, latlng) =>
        L.circleMarker(latlng, {
          radius: (feature.properties.code === selectedCode ? 9 : 6) + (fillOf ? 3 : 0),
          // A class per place, so that tests (and styles) can find one place's shape.
          className: `isx-place-${feature.properties.code}`,
        }),
      style: styleOf,
      onEachFeature: (feature, item) => {
        item.bindTooltip(
          tooltipRef.current?.(feature.properties) ??
            `${feature.properties.name} · ${feature.properties.code}`,
        );
        item.on("click", () => onSelectRef.current?.(feature.properties.code));
      },
    }).addTo(map);
    const bounds = layer.getBounds();
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [28, 28], maxZoom: 13 });
    return () => {
      layer.remove();
    };
  }, [state, features, selectedCode, fillOf]);

  const empty = !!features && features.features.length === 0;
  const hasSites = !!features?.features.some((f) => f.properties.kind === "site");
  const hasAreas = !!features?.features.some((f) => f.properties.kind !== "site");
  return (
    <Box>
      <Box pos="relative">
        <section ref={container} className="isx-map" aria-label={label} style={{ height, width: "100%" }} />
        {(!state || !features || empty || failed) && (
          <Overlay color="#dde7ef" backgroundOpacity={0.85} center zIndex={500} radius="md">
            {failed ? (
              <Text c="dimmed">{t("map.failed")}</Text>
            ) : empty ? (
              <Text c="dimmed">{t("map.empty")}</Text>
            ) : (
              <Loader size="sm" aria-label={t("map.loading")} />
            )}
          </Overlay>
        )}
      </Box>
      <Group gap="md" mt={6} aria-hidden display={fillOf ? "none" : undefined}>
        {hasSites && <Legend color={SITE.fill} border={SITE.color} label={t("map.sites")} />}
        {hasAreas && <Legend color={AREA.fill} border={AREA.color} label={t("map.areas")} />}
      </Group>
    </Box>
  );
}

function Legend({ color, border, label }: { color: string; border: string; label: string }) {
  return (
    <Group gap={6}>
      <Box w={12} h={12} style={{ borderRadius: "50%", background: color, border: `2px solid ${border}` }} />
      <Text size="xs" c="dimmed">
        {label}
      </Text>
    </Group>
  );
}
