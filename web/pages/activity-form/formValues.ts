import type { ErrorDetail } from "../../../common/errors.ts";
import {
  type ActivityInput,
  type ActivityOutput,
  activityInput,
  checkActivityFigures,
} from "../../../common/schemas/activities.ts";
import i18n from "../../i18n/index.ts";
import { type FieldErrors, numberOrNull, orNull, validate } from "../../lib/form.ts";

/** The activity form's values as the inputs hold them (text), and their way to and from the API. */

export const figureFields = [
  "reachedTotal",
  "women",
  "men",
  "girls",
  "boys",
  "elderly",
  "personsWithDisabilities",
] as const;
const numberFields = ["quantity", ...figureFields] as const;

export type FormValues = {
  reportingOrgId: string;
  implementingOrgId: string;
  donorIds: string[];
  sectorId: string;
  subSectorId: string;
  activityTypeId: string;
  indicatorId: string;
  locationId: string;
  populationGroupId: string;
  status: string;
  startDate: string;
  endDate: string;
  /** YYYY-MM, as a month input holds it. */
  reportingMonth: string;
  quantity: string;
  unit: string;
  reachedTotal: string;
  women: string;
  men: string;
  girls: string;
  boys: string;
  elderly: string;
  personsWithDisabilities: string;
  modality: string;
  notes: string;
  externalId: string;
};

const monthBefore = (now: Date) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** A new record: reported for the month just ended, over that month, ongoing. */
export function emptyValues(reportingOrgId: string, now = new Date()): FormValues {
  const first = monthBefore(now);
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0));
  return {
    reportingOrgId,
    implementingOrgId: "",
    donorIds: [],
    sectorId: "",
    subSectorId: "",
    activityTypeId: "",
    indicatorId: "",
    locationId: "",
    populationGroupId: "",
    status: "ongoing",
    startDate: isoDay(first),
    endDate: isoDay(last),
    reportingMonth: isoDay(first).slice(0, 7),
    quantity: "",
    unit: "",
    reachedTotal: "",
    women: "",
    men: "",
    girls: "",
    boys: "",
    elderly: "",
    personsWithDisabilities: "",
    modality: "",
    notes: "",
    externalId: "",
  };
}

const text = (n: number | string | null) => (n == null ? "" : String(n));

export function valuesOf(a: ActivityOutput): FormValues {
  return {
    reportingOrgId: a.reportingOrg.id,
    implementingOrgId: a.implementingOrg?.id ?? "",
    donorIds: a.donors.map((d) => d.id),
    sectorId: a.sector.id,
    subSectorId: a.subSector?.id ?? "",
    activityTypeId: a.activityType.id,
    indicatorId: a.indicator?.id ?? "",
    locationId: a.location.id,
    populationGroupId: a.populationGroup?.id ?? "",
    status: a.status,
    startDate: a.startDate,
    endDate: a.endDate,
    reportingMonth: a.reportingMonth.slice(0, 7),
    quantity: text(a.quantity),
    unit: a.unit ?? "",
    reachedTotal: text(a.reachedTotal),
    women: text(a.women),
    men: text(a.men),
    girls: text(a.girls),
    boys: text(a.boys),
    elderly: text(a.elderly),
    personsWithDisabilities: text(a.personsWithDisabilities),
    modality: a.modality ?? "",
    notes: a.notes ?? "",
    externalId: a.externalId ?? "",
  };
}

/** Blank required fields go as missing (so the schema says "Required"), blank optional ones as null. */
const required = (v: string) => (v.trim() === "" ? undefined : v);

/** The body the API takes, as far as the text converts (numbers that are not numbers are reported). */
function bodyOf(v: FormValues): { body: Record<string, unknown>; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const numbers: Record<string, number | null> = {};
  for (const field of numberFields) {
    const n = numberOrNull(v[field]);
    if (Number.isNaN(n)) errors[field] = i18n.t("activityForm.notANumber");
    numbers[field] = n;
  }
  const body = {
    reportingOrgId: required(v.reportingOrgId),
    implementingOrgId: orNull(v.implementingOrgId),
    donorIds: v.donorIds,
    sectorId: required(v.sectorId),
    subSectorId: orNull(v.subSectorId),
    activityTypeId: required(v.activityTypeId),
    indicatorId: orNull(v.indicatorId),
    locationId: required(v.locationId),
    populationGroupId: orNull(v.populationGroupId),
    status: required(v.status),
    startDate: required(v.startDate),
    endDate: required(v.endDate),
    reportingMonth: required(v.reportingMonth),
    unit: orNull(v.unit),
    modality: orNull(v.modality),
    notes: orNull(v.notes),
    externalId: orNull(v.externalId),
    ...numbers,
  };
  return { body, errors };
}

/**
 * Checks the values with the shared schema. The cross-field rules (figures within the total, end
 * after start, month within the dates) also run when other fields still fail, so every problem
 * shows at once.
 */
export function checkValues(
  v: FormValues,
): { data: ActivityInput; errors: null } | { data: null; errors: FieldErrors } {
  const { body, errors } = bodyOf(v);
  const checked = validate(activityInput, body);
  const all: FieldErrors = { ...(checked.errors ?? {}), ...errors };
  if (checked.errors && v.startDate && v.endDate && /^\d{4}-\d{2}$/.test(v.reportingMonth)) {
    const num = (k: (typeof figureFields)[number]) =>
      Number.isNaN(body[k]) ? null : (body[k] as number | null);
    const figures = checkActivityFigures({
      startDate: v.startDate,
      endDate: v.endDate,
      reportingMonth: `${v.reportingMonth}-01`,
      ...Object.fromEntries(figureFields.map((k) => [k, num(k)])),
    });
    for (const issue of figures.issues as ErrorDetail[]) all[issue.path] ??= issue.message;
  }
  if (Object.keys(all).length > 0) return { data: null, errors: all };
  return { data: checked.data as ActivityInput, errors: null };
}

/** The fields of `next` that differ from the record as loaded: what a change sends. */
export function changesOf(next: ActivityInput, original: ActivityOutput): Partial<ActivityInput> {
  const before = checkValues(valuesOf(original)).data;
  const changes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(next)) {
    const old = before ? (before as Record<string, unknown>)[key] : undefined;
    if (same(value, old)) continue;
    changes[key] = value;
  }
  return changes as Partial<ActivityInput>;
}

/** Equal values; lists (donors) compared in any order. */
function same(a: unknown, b: unknown): boolean {
  const norm = (v: unknown) => JSON.stringify(Array.isArray(v) ? [...v].sort() : (v ?? null));
  return norm(a) === norm(b);
}
