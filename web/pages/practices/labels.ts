import type { TFunction } from "i18next";
import {
  gcmObjectiveTitle,
  gcmPrincipleTitle,
  sdgGoalTitle,
  sdgTargetTitle,
} from "../../../common/reference/index.ts";
import type { FacetName } from "../../api/practices.ts";

/**
 * Labels of facet values. The GCM and SDG titles are the UN's official English titles; the
 * numbering ("Objective 5", "Goal 10") is translated.
 */
export function facetValueLabel(t: TFunction, language: string, facet: FacetName, value: string): string {
  const n = Number(value);
  switch (facet) {
    case "objective":
      return `${t("practices.objectiveN", { n })}: ${gcmObjectiveTitle.get(n) ?? ""}`;
    case "principle":
      return t(`practices.principle.${n}`, { defaultValue: gcmPrincipleTitle.get(n) ?? value });
    case "goal":
      return `${t("practices.goalN", { n })}: ${sdgGoalTitle.get(n) ?? ""}`;
    case "type":
      return t(`practices.type.${value}`);
    case "country":
      return countryName(value, language);
    default:
      return value;
  }
}

/** "Bangladesh" for BGD, in the reader's language where the browser knows it. */
export function countryName(iso3: string, locale: string): string {
  const iso2 = iso3to2[iso3];
  if (!iso2) return iso3;
  try {
    return new Intl.DisplayNames([locale], { type: "region" }).of(iso2) ?? iso3;
  } catch {
    return iso3;
  }
}

// The countries of the demo responses and their neighbours; others show as their ISO3 code.
const iso3to2: Record<string, string> = {
  BGD: "BD",
  MMR: "MM",
  IND: "IN",
  THA: "TH",
  MYS: "MY",
  IDN: "ID",
  NPL: "NP",
  LKA: "LK",
  PAK: "PK",
  CHN: "CN",
  LAO: "LA",
  KHM: "KH",
  BTN: "BT",
};

export const targetLabel = (id: string) => `${id}: ${sdgTargetTitle.get(id) ?? ""}`;
