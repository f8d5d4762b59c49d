import { Button, Collapse, Group, NativeSelect, Select, SimpleGrid, Stack, TextInput } from "@mantine/core";
import { useDebouncedValue, useDisclosure, useMediaQuery } from "@mantine/hooks";
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { activityStatuses, reviewStates } from "../../../common/schemas/activities.ts";
import type { ActivityFilter } from "../../api/activities.ts";
import { useLocationDetail, useLocations } from "../../api/locations.ts";
import { useOrganisations } from "../../api/organisations.ts";
import { useSectors } from "../../api/sectors.ts";
import { recentMonths, useMonthLabel } from "./months.ts";

interface Props {
  slug: string;
  filter: ActivityFilter;
  onChange: (patch: Partial<ActivityFilter>) => void;
  onClear: () => void;
  /** Review states are only worth filtering for readers who can see more than approved records. */
  showReviewState: boolean;
  /** A label for the chosen organisation when the list does not hold it (taken from the rows). */
  organisationLabel?: string;
}

/** The 4W filters; every change goes to the URL through `onChange`. */
export function ActivityFilters({
  slug,
  filter,
  onChange,
  onClear,
  showReviewState,
  organisationLabel,
}: Props) {
  const { t } = useTranslation();
  const monthLabel = useMonthLabel();
  const months = useMemo(() => recentMonths(24), []);

  const sectors = useSectors(slug);
  const sectorOptions = useMemo(() => {
    const all = sectors.data ?? [];
    const byCode = new Map(all.map((s) => [s.code, s]));
    return all
      .map((s) => {
        const parent = s.parentCode ? byCode.get(s.parentCode) : undefined;
        return {
          value: s.code,
          label: parent ? `${parent.name} › ${s.name} (${s.code})` : `${s.name} (${s.code})`,
          sort: parent ? `${parent.name} ${s.name}` : s.name,
        };
      })
      .sort((a, b) => a.sort.localeCompare(b.sort))
      .map(({ value, label }) => ({ value, label }));
  }, [sectors.data]);

  const organisations = useOrganisations(slug, { limit: 500 });
  const organisationOptions = useMemo(() => {
    const options = (organisations.data?.items ?? [])
      .map((o) => ({ value: o.id, label: o.acronym ? `${o.name} (${o.acronym})` : o.name }))
      .sort((a, b) => a.label.localeCompare(b.label));
    if (filter.organisation && !options.some((o) => o.value === filter.organisation))
      options.unshift({ value: filter.organisation, label: organisationLabel ?? filter.organisation });
    return options;
  }, [organisations.data, filter.organisation, organisationLabel]);

  // The location box searches the gazetteer by code or name; the chosen code keeps its name.
  const [locationSearch, setLocationSearch] = useState<string | null>(null);
  const [locationQ] = useDebouncedValue((locationSearch ?? "").trim(), 250);
  const chosenLocation = useLocationDetail(slug, filter.location ?? null);
  const chosenLabel = chosenLocation.data
    ? `${chosenLocation.data.code} · ${chosenLocation.data.name}`
    : (filter.location ?? "");
  const typing = locationQ.length > 0 && locationQ !== chosenLabel;
  const locations = useLocations(slug, { q: locationQ, limit: 20 }, typing);
  const locationOptions = useMemo(() => {
    const found = typing
      ? (locations.data?.items ?? []).map((l) => ({ value: l.code, label: `${l.code} · ${l.name}` }))
      : [];
    if (filter.location && !found.some((o) => o.value === filter.location))
      found.unshift({ value: filter.location, label: chosenLabel });
    return found;
  }, [typing, locations.data, filter.location, chosenLabel]);

  // Free text: typed here, sent to the URL once the typing pauses.
  const [text, setText] = useState(filter.q ?? "");
  const [debouncedText] = useDebouncedValue(text.trim(), 350);
  // biome-ignore lint/correctness/useExhaustiveDependencies: push only when the typed text settles
  useEffect(() => {
    if (debouncedText !== (filter.q ?? "")) onChange({ q: debouncedText || undefined });
  }, [debouncedText]);
  // A cleared or navigated filter resets the box.
  // biome-ignore lint/correctness/useExhaustiveDependencies: follow the URL, not the box
  useEffect(() => {
    if ((filter.q ?? "") !== text.trim()) setText(filter.q ?? "");
  }, [filter.q]);

  // The last 24 months, plus an older month a shared link may carry.
  const monthOptions = (placeholder: string, keep: (m: string) => boolean) => {
    const chosen = [filter.from, filter.to].filter((m): m is string => !!m && !months.includes(m));
    const list = [...months, ...chosen].sort().reverse().filter(keep);
    return [{ value: "", label: placeholder }, ...list.map((m) => ({ value: m, label: monthLabel(m) }))];
  };
  const activeCount = Object.values(filter).filter((v) => v !== undefined && v !== "").length;
  const active = activeCount > 0;
  // On phones the filters fold away under a button so the records come first.
  const phone = useMediaQuery("(max-width: 36em)") ?? false;
  const [open, panel] = useDisclosure(false);

  const grid = (
    <SimpleGrid
      cols={{ base: 1, xs: 2, md: 3, lg: 4 }}
      spacing="md"
      verticalSpacing="sm"
      style={{ alignItems: "end" }}
    >
      <TextInput
        type="search"
        label={t("activities.search")}
        description={t("activities.searchHint")}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
      />
      <Select
        label={t("activities.sector")}
        description={t("activities.sectorHint")}
        placeholder={t("activities.allSectors")}
        data={sectorOptions}
        value={filter.sector ?? null}
        onChange={(v) => onChange({ sector: v ?? undefined })}
        searchable
        clearable
        nothingFoundMessage={t("common.noResults")}
        comboboxProps={{ withinPortal: true }}
      />
      <Select
        label={t("activities.organisation")}
        description={t("activities.organisationHint")}
        placeholder={t("activities.allOrganisations")}
        data={organisationOptions}
        value={filter.organisation ?? null}
        onChange={(v) =>
          onChange({ organisation: v ?? undefined, ...(v ? {} : { organisationRole: undefined }) })
        }
        searchable
        clearable
        nothingFoundMessage={organisations.isFetching ? t("common.loading") : t("common.noResults")}
        comboboxProps={{ withinPortal: true }}
      />
      {filter.organisation && (
        <NativeSelect
          label={t("activities.organisationRole")}
          value={filter.organisationRole ?? ""}
          onChange={(e) =>
            onChange({
              organisationRole: (e.currentTarget.value || undefined) as ActivityFilter["organisationRole"],
            })
          }
          data={[
            { value: "", label: t("activities.organisationRoles.any") },
            { value: "reporting", label: t("activities.organisationRoles.reporting") },
            { value: "implementing", label: t("activities.organisationRoles.implementing") },
          ]}
        />
      )}
      <Select
        label={t("activities.location")}
        description={t("activities.locationHint")}
        placeholder={t("activities.locationPlaceholder")}
        data={locationOptions}
        value={filter.location ?? null}
        onChange={(v) => {
          onChange({ location: v ?? undefined });
          setLocationSearch(null);
        }}
        searchValue={locationSearch ?? chosenLabel}
        onSearchChange={setLocationSearch}
        filter={({ options }) => options}
        searchable
        clearable
        nothingFoundMessage={
          !typing
            ? t("activities.locationTypeToSearch")
            : locations.isFetching
              ? t("common.loading")
              : t("common.noResults")
        }
        comboboxProps={{ withinPortal: true }}
      />
      <NativeSelect
        label={t("activities.from")}
        value={filter.from ?? ""}
        onChange={(e) => onChange({ from: e.currentTarget.value || undefined })}
        data={monthOptions(t("activities.anyMonth"), (m) => !filter.to || m <= filter.to)}
      />
      <NativeSelect
        label={t("activities.to")}
        value={filter.to ?? ""}
        onChange={(e) => onChange({ to: e.currentTarget.value || undefined })}
        data={monthOptions(t("activities.anyMonth"), (m) => !filter.from || m >= filter.from)}
      />
      <NativeSelect
        label={t("activities.status")}
        value={filter.status ?? ""}
        onChange={(e) =>
          onChange({ status: (e.currentTarget.value || undefined) as ActivityFilter["status"] })
        }
        data={[
          { value: "", label: t("activities.anyStatus") },
          ...activityStatuses.map((s) => ({ value: s, label: t(`activities.statuses.${s}`) })),
        ]}
      />
      {showReviewState && (
        <NativeSelect
          label={t("activities.reviewState")}
          value={filter.reviewState ?? ""}
          onChange={(e) =>
            onChange({ reviewState: (e.currentTarget.value || undefined) as ActivityFilter["reviewState"] })
          }
          data={[
            { value: "", label: t("activities.anyReviewState") },
            ...reviewStates.map((s) => ({ value: s, label: t(`activities.reviewStates.${s}`) })),
          ]}
        />
      )}
      <Group align="flex-end">
        <Button variant="subtle" disabled={!active} onClick={onClear}>
          {t("activities.clearFilters")}
        </Button>
      </Group>
    </SimpleGrid>
  );
  if (!phone)
    return (
      <section aria-label={t("activities.filters")} id="activity-filters">
        {grid}
      </section>
    );
  return (
    <Stack gap="sm" component="section" aria-label={t("activities.filters")}>
      <Button
        variant="default"
        onClick={panel.toggle}
        aria-expanded={open}
        aria-controls="activity-filters"
        fullWidth
      >
        {activeCount > 0
          ? t("activities.filtersActive", { count: activeCount })
          : t("activities.showFilters")}
      </Button>
      <Collapse in={open} id="activity-filters">
        {grid}
      </Collapse>
    </Stack>
  );
}
