import type { MapIndicator, Ref } from "../../../common/schemas/analysis.ts";
import type { Gaps } from "../../api/analysis.ts";

/** One place's values for every map indicator (sectors added up when no sector is chosen). */
export interface PlaceValues {
  location: Ref;
  partners: number;
  unmet: number | null;
  severity: number | null;
  coverage: number | null;
  reached: number | null;
  inNeed: number | null;
  /** Some figure of the place was hidden from the public answer. */
  suppressed: boolean;
  highNeedNoPartner: boolean;
}

const add = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : a + b);

export function placeValues(rows: Gaps["rows"]): PlaceValues[] {
  const byPlace = new Map<string, PlaceValues & { covered: number; need: number }>();
  for (const row of rows) {
    const place = byPlace.get(row.location.id) ?? {
      location: row.location,
      partners: 0,
      unmet: null,
      severity: null,
      coverage: null,
      reached: null,
      inNeed: null,
      suppressed: false,
      highNeedNoPartner: false,
      covered: 0,
      need: 0,
    };
    place.partners += row.partners;
    place.unmet = add(place.unmet, row.unmet);
    place.reached = add(place.reached, row.reached);
    place.inNeed = add(place.inNeed, row.inNeed);
    if (row.severity !== null) place.severity = Math.max(place.severity ?? 0, row.severity);
    // Coverage over sectors: people reached ÷ people in need, counting sectors that give both.
    const base = row.inNeed ?? row.population;
    if (row.reached !== null && base) {
      place.covered += row.reached;
      place.need += base;
    }
    place.suppressed ||= row.suppressed;
    place.highNeedNoPartner ||= row.highNeedNoPartner;
    byPlace.set(row.location.id, place);
  }
  return [...byPlace.values()].map(({ covered, need, ...place }) => ({
    ...place,
    coverage: need > 0 ? covered / need : null,
  }));
}

export function indicatorValue(place: PlaceValues, indicator: MapIndicator): number | null {
  switch (indicator) {
    case "presence":
      return place.partners;
    case "gap":
      return place.unmet;
    case "severity":
      return place.severity;
    case "coverage":
      return place.coverage;
    case "reached":
      return place.reached;
  }
}

// ColorBrewer sequential and diverging schemes (colour-blind safe, printable).
const REDS = ["#fee5d9", "#fcae91", "#fb6a4a", "#de2d26", "#a50f15"];
const BLUES = ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"];
const PURPLES = ["#f2f0f7", "#cbc9e2", "#9e9ac8", "#756bb1", "#54278f"];
const RED_TO_GREEN = ["#d7191c", "#fdae61", "#ffffbf", "#a6d96a", "#1a9641"];

export interface LegendClass {
  color: string;
  /** Lower bound (inclusive) and upper bound (exclusive; null for the last class). */
  from: number;
  to: number | null;
}

/** Rounds a class bound to two significant digits, so the legend reads 1,200 rather than 1,187. */
const nice = (value: number) => {
  if (value <= 10) return Math.ceil(value);
  const magnitude = 10 ** (Math.floor(Math.log10(value)) - 1);
  return Math.ceil(value / magnitude) * magnitude;
};

/** The classes of the legend for the values shown (fixed for severity and coverage). */
export function classesOf(indicator: MapIndicator, values: number[]): LegendClass[] {
  if (indicator === "severity")
    return [1, 2, 3, 4, 5].map((level, i) => ({
      color: REDS[i]!,
      from: level,
      to: level === 5 ? null : level + 1,
    }));
  if (indicator === "coverage")
    return [0, 0.25, 0.5, 0.75, 1].map((from, i) => ({
      color: RED_TO_GREEN[i]!,
      from,
      to: from === 1 ? null : from + 0.25,
    }));
  const palette = indicator === "gap" ? REDS : indicator === "presence" ? PURPLES : BLUES;
  const max = Math.max(0, ...values);
  if (max === 0) return [{ color: palette[0]!, from: 0, to: null }];
  const step = nice(max / 5);
  return palette.map((color, i) => ({ color, from: i * step, to: i === 4 ? null : (i + 1) * step }));
}

export function colorOf(classes: LegendClass[], value: number | null): string | null {
  if (value === null) return null;
  const found = classes.find((c) => value >= c.from && (c.to === null || value < c.to));
  return (found ?? classes[0])?.color ?? null;
}
