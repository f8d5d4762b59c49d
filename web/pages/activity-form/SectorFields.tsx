import { NativeSelect, Select, SimpleGrid, TextInput } from "@mantine/core";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { modalities } from "../../../common/schemas/activities.ts";
import type { Sector } from "../../api/sectors.ts";
import type { FieldErrors } from "../../lib/form.ts";
import type { FormValues } from "./formValues.ts";

interface Props {
  sectors: Sector[];
  values: FormValues;
  set: <K extends keyof FormValues>(key: K, value: FormValues[K]) => void;
  errors: FieldErrors;
  /** Sectors the user may report in (with the chosen reporting organisation). */
  mayReportIn: (sector: Sector) => boolean;
}

/** What: sector → sub-sector → activity type and indicator (from the sector's catalogue), output and modality. */
export function SectorFields({ sectors, values, set, errors, mayReportIn }: Props) {
  const { t } = useTranslation();
  const sector = sectors.find((s) => s.id === values.sectorId);
  const subSector = sectors.find((s) => s.id === values.subSectorId);
  const topLevel = useMemo(
    () =>
      sectors
        .filter((s) => !s.parentId && (mayReportIn(s) || s.id === values.sectorId))
        .map((s) => ({ value: s.id, label: `${s.name} (${s.code})` }))
        .sort((a, b) => a.label.localeCompare(b.label)),
    [sectors, mayReportIn, values.sectorId],
  );
  const children = sectors
    .filter((s) => sector && s.parentId === sector.id)
    .map((s) => ({ value: s.id, label: `${s.name} (${s.code})` }));
  // The catalogue of the sector and of its chosen sub-sector.
  const catalogue = [sector, subSector].filter((s): s is Sector => !!s);
  const types = catalogue.flatMap((s) =>
    s.activityTypes.map((a) => ({ value: a.id, label: `${a.name} (${a.code})` })),
  );
  const indicators = catalogue.flatMap((s) => s.indicators);
  const indicatorOptions = indicators.map((i) => ({ value: i.id, label: `${i.name} (${i.unit})` }));
  const chooseFirst = sector ? t("common.noResults") : t("activityForm.chooseSectorFirst");

  const changeSector = (id: string) => {
    set("sectorId", id);
    set("subSectorId", "");
    set("activityTypeId", "");
    set("indicatorId", "");
  };
  const changeSubSector = (id: string) => {
    set("subSectorId", id);
    // Keep a type or indicator of the sector itself; drop one of the sub-sector left.
    const keep = [sector, sectors.find((s) => s.id === id)].filter((s): s is Sector => !!s);
    if (!keep.some((s) => s.activityTypes.some((a) => a.id === values.activityTypeId)))
      set("activityTypeId", "");
    if (!keep.some((s) => s.indicators.some((i) => i.id === values.indicatorId))) set("indicatorId", "");
  };
  const changeIndicator = (id: string) => {
    set("indicatorId", id);
    const unit = indicators.find((i) => i.id === id)?.unit;
    if (unit && !values.unit.trim()) set("unit", unit);
  };

  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="sm">
      <Select
        label={t("activityForm.sector")}
        required
        data={topLevel}
        value={values.sectorId || null}
        onChange={(v) => changeSector(v ?? "")}
        error={errors.sectorId}
        searchable
        nothingFoundMessage={t("common.noResults")}
        comboboxProps={{ withinPortal: true }}
        openOnFocus={false}
      />
      <Select
        label={t("activityForm.subSector")}
        placeholder={
          !sector
            ? t("activityForm.chooseSectorFirst")
            : children.length
              ? t("activityForm.optional")
              : t("activityForm.noSubSectors")
        }
        data={children}
        value={values.subSectorId || null}
        onChange={(v) => changeSubSector(v ?? "")}
        error={errors.subSectorId}
        disabled={children.length === 0}
        clearable
        comboboxProps={{ withinPortal: true }}
        openOnFocus={false}
      />
      <Select
        label={t("activityForm.activityType")}
        required
        data={types}
        value={values.activityTypeId || null}
        onChange={(v) => set("activityTypeId", v ?? "")}
        error={errors.activityTypeId}
        searchable
        nothingFoundMessage={chooseFirst}
        comboboxProps={{ withinPortal: true }}
        openOnFocus={false}
      />
      <Select
        label={t("activityForm.indicator")}
        placeholder={t("activityForm.optional")}
        data={indicatorOptions}
        value={values.indicatorId || null}
        onChange={(v) => changeIndicator(v ?? "")}
        error={errors.indicatorId}
        searchable
        clearable
        nothingFoundMessage={chooseFirst}
        comboboxProps={{ withinPortal: true }}
        openOnFocus={false}
      />
      <TextInput
        label={t("activityForm.quantity")}
        inputMode="decimal"
        value={values.quantity}
        onChange={(e) => set("quantity", e.currentTarget.value)}
        error={errors.quantity}
      />
      <TextInput
        label={t("activityForm.unit")}
        value={values.unit}
        onChange={(e) => set("unit", e.currentTarget.value)}
        error={errors.unit}
      />
      <NativeSelect
        label={t("activityForm.modality")}
        value={values.modality}
        onChange={(e) => set("modality", e.currentTarget.value)}
        error={errors.modality}
        data={[
          { value: "", label: t("activityForm.notGiven") },
          ...modalities.map((m) => ({ value: m, label: t(`activityForm.modalities.${m}`) })),
        ]}
      />
    </SimpleGrid>
  );
}
