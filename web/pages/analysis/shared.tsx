import { Anchor, Select, TextInput } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { AnalysisLevel, Ref } from "../../../common/schemas/analysis.ts";
import { useSectors } from "../../api/sectors.ts";
import { useFormat } from "../../i18n/format.ts";

/**
 * A figure as text: a number, "fewer than N" when a public answer suppressed it (never 0), or a
 * dash when there is none.
 */
export function useFigure() {
  const { t } = useTranslation();
  const format = useFormat();
  return (value: number | null | undefined, suppressed = false, threshold = 0) => {
    if (value !== null && value !== undefined) return format.number(value);
    if (suppressed) return t("analysis.fewerThan", { n: format.number(threshold) });
    return t("common.none");
  };
}

/** The top-level sectors of the response as options, with "All sectors" first. */
export function SectorSelect({
  slug,
  value,
  onChange,
  allowAll = true,
}: {
  slug: string;
  value: string | undefined;
  onChange: (id: string | undefined) => void;
  allowAll?: boolean;
}) {
  const { t } = useTranslation();
  const sectors = useSectors(slug);
  const options = (sectors.data ?? [])
    .filter((s) => !s.parentId)
    .map((s) => ({ value: s.id, label: s.name }))
    .sort((a, b) => a.label.localeCompare(b.label));
  return (
    <Select
      label={t("analysis.sector")}
      data={allowAll ? [{ value: "", label: t("analysis.allSectors") }, ...options] : options}
      value={value ?? ""}
      onChange={(next) => onChange(next || undefined)}
      searchable
      allowDeselect={false}
      w={{ base: "100%", xs: 260 }}
      comboboxProps={{ withinPortal: true }}
    />
  );
}

export const levelValues = ["site", "0", "1", "2", "3", "4"] as const;

export const parseLevel = (value: string | null): AnalysisLevel =>
  value && /^[0-4]$/.test(value) ? Number(value) : "site";

export function LevelSelect({
  value,
  onChange,
}: {
  value: AnalysisLevel;
  onChange: (level: AnalysisLevel) => void;
}) {
  const { t } = useTranslation();
  return (
    <Select
      label={t("analysis.level")}
      data={levelValues.map((l) => ({
        value: l,
        label: l === "site" ? t("analysis.levelSite") : t("analysis.levelAdmin", { level: l }),
      }))}
      value={String(value)}
      onChange={(next) => onChange(parseLevel(next))}
      allowDeselect={false}
      w={{ base: "100%", xs: 200 }}
      comboboxProps={{ withinPortal: true }}
    />
  );
}

/** Sets or removes one search parameter, keeping the others (filters live in the URL). */
export function withParam(params: URLSearchParams, key: string, value: string | undefined) {
  const next = new URLSearchParams(params);
  if (value) next.set(key, value);
  else next.delete(key);
  return next;
}

/** A month filter (YYYY-MM); empty means the latest month reported. */
export function MonthInput({
  value,
  onChange,
  latest,
}: {
  value: string | undefined;
  onChange: (month: string | undefined) => void;
  latest: string | null | undefined;
}) {
  const { t } = useTranslation();
  return (
    <TextInput
      type="month"
      label={t("analysis.month")}
      description={!value && latest ? t("analysis.latestMonthHint") : undefined}
      value={value ?? latest ?? ""}
      onChange={(event) => {
        const next = event.currentTarget.value;
        onChange(/^\d{4}-\d{2}$/.test(next) ? next : undefined);
      }}
      w={{ base: "100%", xs: 180 }}
    />
  );
}

/**
 * The 4W explorer filtered to the records an analysis cell counts. The explorer reads codes, not
 * ids, from the URL (`sector`, `location`: the place and everything below it, as the cell's
 * roll-up) and months as YYYY-MM (`from`, `to`: the cell's months).
 */
export function explorerLink(
  slug: string,
  cell: { sector?: Ref | null; location?: Ref | null; from?: string | null; to?: string | null },
) {
  const query = new URLSearchParams();
  if (cell.sector) query.set("sector", cell.sector.code);
  if (cell.location) query.set("location", cell.location.code);
  if (cell.from) query.set("from", cell.from.slice(0, 7));
  if (cell.to) query.set("to", cell.to.slice(0, 7));
  return `/r/${slug}/activities?${query}`;
}

/** The months of an answer as words: "Mar 2026", or "Jan 2026 – Mar 2026". */
export function usePeriod() {
  const { t } = useTranslation();
  const format = useFormat();
  return (from: string | null | undefined, to: string | null | undefined) => {
    if (!from) return "";
    if (!to || to === from) return format.month(from);
    return t("analysis.periodRange", { from: format.month(from), to: format.month(to) });
  };
}

/**
 * A cell's way to its records in the 4W explorer; the accessible name says which cell (a table
 * of "See records" links reads the same otherwise). Without a sector: all sectors of the place.
 */
export function RecordsLink({
  slug,
  sector,
  location,
  from,
  to,
  children,
  size = "sm",
}: {
  slug: string;
  size?: "xs" | "sm";
  sector?: Ref | null;
  location: Ref;
  from: string | null | undefined;
  to: string | null | undefined;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const period = usePeriod()(from, to);
  const label = sector
    ? t("analysis.seeRecordsOf", { sector: sector.name, place: location.name, period })
    : t("analysis.seeRecordsIn", { place: location.name, period });
  return (
    <Anchor
      component={Link}
      to={explorerLink(slug, { sector, location, from, to })}
      aria-label={label}
      size={size}
    >
      {children ?? t("analysis.seeRecords")}
    </Anchor>
  );
}
