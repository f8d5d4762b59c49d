import { Select } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useLocations } from "../../api/locations.ts";

interface Props {
  slug: string;
  /** The chosen location's id, or "". */
  value: string;
  /** How the chosen location reads ("CODE · Name"). */
  label: string;
  onChange: (id: string, label: string) => void;
  error?: string;
  disabled?: boolean;
}

/** Picks a location by searching the gazetteer (code or name); there are too many to list. */
export function LocationSelect({ slug, value, label, onChange, error, disabled }: Props) {
  const { t } = useTranslation();
  const [search, setSearch] = useState<string | null>(null);
  const [q] = useDebouncedValue((search ?? "").trim(), 250);
  const typing = q.length > 0 && q !== label;
  const found = useLocations(slug, { q, limit: 20 }, typing);
  const options = useMemo(() => {
    const list = typing
      ? (found.data?.items ?? []).map((l) => ({ value: l.id, label: `${l.code} · ${l.name}` }))
      : [];
    if (value && !list.some((o) => o.value === value)) list.unshift({ value, label });
    return list;
  }, [typing, found.data, value, label]);

  return (
    <Select
      label={t("activityForm.location")}
      placeholder={t("activityForm.locationHint")}
      required
      data={options}
      value={value || null}
      onChange={(id, option) => {
        onChange(id ?? "", option?.label ?? "");
        setSearch(null);
      }}
      searchValue={search ?? label}
      onSearchChange={setSearch}
      filter={({ options: all }) => all}
      searchable
      clearable
      disabled={disabled}
      error={error}
      nothingFoundMessage={
        !typing
          ? t("activities.locationTypeToSearch")
          : found.isFetching
            ? t("common.loading")
            : t("common.noResults")
      }
      comboboxProps={{ withinPortal: true }}
      openOnFocus={false}
    />
  );
}
