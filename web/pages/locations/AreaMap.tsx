import { Paper, Title } from "@mantine/core";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import {
  type LocationDetail,
  type LocationFeatures,
  useLocations,
  useLocationsGeoJson,
} from "../../api/locations.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { LocationMap } from "../../components/LocationMap.tsx";

interface Props {
  slug: string;
  location: LocationDetail | null;
  onSelect: (code: string) => void;
}

/**
 * The selected area's children on a map (a site or leaf area shows among its siblings);
 * with nothing selected, every site of the response.
 */
export function AreaMap({ slug, location, onSelect }: Props) {
  const { t } = useTranslation();
  const hasChildren = !!location && location.childCount > 0;
  const areaCode = location ? (hasChildren ? location.code : location.parentCode) : null;
  const areaName = hasChildren
    ? location.name
    : (location?.ancestors[location.ancestors.length - 1]?.name ?? location?.name ?? null);
  const level = location ? location.level + (hasChildren ? 1 : 0) : undefined;

  const children = useLocations(slug, { parent: areaCode ?? undefined, limit: 500 }, !!areaCode);
  const geo = useLocationsGeoJson(slug, location ? { level } : { kind: "site" });

  const features = useMemo<LocationFeatures | undefined>(() => {
    if (!geo.data) return undefined;
    if (!location) return geo.data;
    if (!areaCode)
      return { ...geo.data, features: geo.data.features.filter((f) => f.properties.code === location.code) };
    if (!children.data) return undefined;
    const codes = new Set(children.data.items.map((c) => c.code));
    return { ...geo.data, features: geo.data.features.filter((f) => codes.has(f.properties.code)) };
  }, [geo.data, children.data, location, areaCode]);

  const title = areaName ? t("locations.mapOf", { name: areaName }) : t("locations.mapAllSites");
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="area-map-heading">
      <Title order={2} size="h4" id="area-map-heading" mb="sm">
        {title}
      </Title>
      {geo.error || children.error ? (
        <ErrorAlert error={geo.error ?? children.error} />
      ) : (
        <LocationMap
          features={features}
          label={title}
          height={340}
          selectedCode={location?.code}
          onSelect={onSelect}
        />
      )}
    </Paper>
  );
}
