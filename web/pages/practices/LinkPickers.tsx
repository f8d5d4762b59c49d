import { MultiSelect } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ActivityOutput } from "../../../common/schemas/activities.ts";
import type { DocumentList } from "../../../common/schemas/documents.ts";
import { activitiesPath } from "../../api/activities.ts";
import { api, type Page } from "../../api/client.ts";

/** A linked record as the form holds it: its id, and how it reads. */
export interface LinkRef {
  id: string;
  label: string;
}

/** "BRAC · Hygiene promotion · Camp 1E · 2024-03", as the server labels a linked 4W record. */
export const activityLabel = (a: ActivityOutput) =>
  [
    a.reportingOrg.acronym ?? a.reportingOrg.name,
    a.activityType.name,
    a.location.name,
    a.reportingMonth.slice(0, 7),
  ].join(" · ");

interface PickerProps {
  slug: string;
  value: LinkRef[];
  onChange: (refs: LinkRef[]) => void;
  error?: string;
}

/** What the user types (debounced into `q`), and whether the list was opened: nothing is fetched before. */
function usePickerSearch() {
  const [search, setSearch] = useState("");
  const [opened, setOpened] = useState(false);
  const [q] = useDebouncedValue(search.trim(), 250);
  return { search, setSearch, q, opened, open: () => setOpened(true) };
}
type PickerSearch = ReturnType<typeof usePickerSearch>;

/** A picker's search: the words typed, and what the server found for them (once the list opened). */
function useRefSearch(
  queryKey: unknown[],
  search: (q: string | undefined, signal: AbortSignal) => Promise<LinkRef[]>,
) {
  const picker = usePickerSearch();
  const found = useQuery({
    queryKey: [...queryKey, picker.q],
    queryFn: ({ signal }) => search(picker.q || undefined, signal),
    enabled: picker.opened,
    placeholderData: keepPreviousData,
  });
  return { picker, found: found.data, fetching: found.isFetching };
}

/**
 * Searches the response's library (the documents list API, `q` on title and description) as one
 * types; only documents the user may see come back, which are the ones the server lets them link.
 */
export function DocumentPicker({ slug, value, onChange, error }: PickerProps) {
  const { t } = useTranslation();
  const search = useRefSearch(["responses", slug, "documents", "picker"], (q, signal) =>
    api<DocumentList>(`/responses/${encodeURIComponent(slug)}/documents`, {
      query: { q, limit: 20 },
      signal,
    }).then((list) => list.items.map((d) => ({ id: d.id, label: d.title }))),
  );
  return (
    <RefMultiSelect
      label={t("practices.field.documents")}
      description={t("practices.form.documentsHelp")}
      value={value}
      onChange={onChange}
      error={error}
      {...search}
    />
  );
}

/** Searches the 4W records the user may read (the activities list API, `q` on organisation, activity type, place, notes). */
export function ActivityPicker({ slug, value, onChange, error }: PickerProps) {
  const { t } = useTranslation();
  const search = useRefSearch(["responses", slug, "activities", "picker"], (q, signal) =>
    api<Page<ActivityOutput>>(activitiesPath(slug), { query: { q, limit: 20 }, signal }).then((page) =>
      page.items.map((a) => ({ id: a.id, label: activityLabel(a) })),
    ),
  );
  return (
    <RefMultiSelect
      label={t("practices.field.activities")}
      description={t("practices.form.activitiesHelp")}
      value={value}
      onChange={onChange}
      error={error}
      {...search}
    />
  );
}

interface RefMultiSelectProps {
  label: string;
  description: string;
  value: LinkRef[];
  onChange: (refs: LinkRef[]) => void;
  error?: string;
  picker: PickerSearch;
  /** The records the server found for the words typed (the newest ones before any). */
  found: LinkRef[] | undefined;
  fetching: boolean;
}

/**
 * A searchable multi-select over records fetched from the server: Mantine's combobox (a label,
 * arrow keys and Enter to pick, Backspace to remove the last one) with the server doing the
 * matching, and the picked records kept as options so their names stay on the pills.
 */
function RefMultiSelect({
  label,
  description,
  value,
  onChange,
  error,
  picker,
  found,
  fetching,
}: RefMultiSelectProps) {
  const { t } = useTranslation();
  const known = useMemo(() => {
    const all = new Map(value.map((r) => [r.id, r]));
    for (const r of found ?? []) if (!all.has(r.id)) all.set(r.id, r);
    return all;
  }, [value, found]);
  // Picked ones first, then what the search found.
  const data = [...known.values()].map((r) => ({ value: r.id, label: r.label }));

  return (
    <MultiSelect
      label={label}
      description={description}
      data={data}
      value={value.map((r) => r.id)}
      onChange={(ids) => onChange(ids.flatMap((id) => known.get(id) ?? []))}
      searchable
      searchValue={picker.search}
      onSearchChange={picker.setSearch}
      // The server has matched already (on more than the label), so nothing is filtered out here.
      filter={({ options }) => options}
      onDropdownOpen={picker.open}
      nothingFoundMessage={fetching ? t("common.loading") : t("common.noResults")}
      clearable
      error={error}
      comboboxProps={{ withinPortal: true }}
      maxDropdownHeight={280}
    />
  );
}
