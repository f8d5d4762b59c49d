import { MultiSelect, Select, SimpleGrid } from "@mantine/core";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useOrganisations } from "../../api/organisations.ts";
import type { FieldErrors } from "../../lib/form.ts";
import type { FormValues } from "./formValues.ts";

interface Props {
  slug: string;
  values: FormValues;
  set: <K extends keyof FormValues>(key: K, value: FormValues[K]) => void;
  errors: FieldErrors;
  /** Organisations the user may report for (the others are not offered as reporting organisation). */
  mayReportFor: (organisationId: string) => boolean;
}

/** Who: the reporting organisation, the implementing partner and the donors. */
export function OrganisationFields({ slug, values, set, errors, mayReportFor }: Props) {
  const { t } = useTranslation();
  const organisations = useOrganisations(slug, { limit: 500 });
  const all = useMemo(
    () =>
      (organisations.data?.items ?? [])
        .map((o) => ({ value: o.id, label: o.acronym ? `${o.name} (${o.acronym})` : o.name }))
        .sort((a, b) => a.label.localeCompare(b.label)),
    [organisations.data],
  );
  const reporting = all.filter((o) => mayReportFor(o.value) || o.value === values.reportingOrgId);
  const loading = organisations.isPending ? t("common.loading") : t("common.noResults");
  const donorError = Object.entries(errors).find(([k]) => k.startsWith("donorIds"))?.[1];

  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="sm">
      <Select
        label={t("activityForm.reportingOrg")}
        required
        data={reporting}
        value={values.reportingOrgId || null}
        onChange={(v) => set("reportingOrgId", v ?? "")}
        error={errors.reportingOrgId}
        searchable
        nothingFoundMessage={loading}
        comboboxProps={{ withinPortal: true }}
        openOnFocus={false}
      />
      <Select
        label={t("activityForm.implementingOrg")}
        placeholder={t("activityForm.sameAsReporting")}
        data={all}
        value={values.implementingOrgId || null}
        onChange={(v) => set("implementingOrgId", v ?? "")}
        error={errors.implementingOrgId}
        searchable
        clearable
        nothingFoundMessage={loading}
        comboboxProps={{ withinPortal: true }}
        openOnFocus={false}
      />
      <MultiSelect
        label={t("activityForm.donors")}
        data={all}
        value={values.donorIds}
        onChange={(v) => set("donorIds", v)}
        error={donorError}
        searchable
        clearable
        maxValues={20}
        nothingFoundMessage={loading}
        comboboxProps={{ withinPortal: true }}
        openOnFocus={false}
      />
    </SimpleGrid>
  );
}
