import { Button, NativeSelect, Paper, Select, SimpleGrid } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { type RoleName, roleNames } from "../../../../common/permissions.ts";
import { useOrganisations } from "../../../api/organisations.ts";
import { useResponses } from "../../../api/responses.ts";
import { useSectors } from "../../../api/sectors.ts";
import type { FieldErrors } from "../../../lib/form.ts";

export interface RoleDraft {
  responseSlug: string;
  role: RoleName;
  sectorId: string;
  organisationId: string;
}

interface Props {
  index: number;
  value: RoleDraft;
  errors: FieldErrors;
  onChange: (value: RoleDraft) => void;
  onRemove: () => void;
}

/** One role: in which response, which role, and the sector or organisation it is limited to. */
export function RoleRow({ index, value, errors, onChange, onRemove }: Props) {
  const { t } = useTranslation();
  const responses = useResponses();
  const sectors = useSectors(value.role === "sector_coordinator" ? value.responseSlug : undefined);
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const needsOrg = value.role === "organisation_editor";
  const orgs = useOrganisations(value.responseSlug, { q: debounced || undefined, limit: 20 }, needsOrg);
  const [chosen, setChosen] = useState<{ value: string; label: string } | null>(null);
  const orgOptions = (orgs.data?.items ?? []).map((o) => ({
    value: o.id,
    label: o.acronym ? `${o.name} (${o.acronym})` : o.name,
  }));
  if (chosen && !orgOptions.some((o) => o.value === chosen.value)) orgOptions.unshift(chosen);
  const n = index + 1;

  return (
    <Paper withBorder p="sm" bg="gray.0">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <NativeSelect
          label={t("users.roleResponse", { n })}
          value={value.responseSlug}
          onChange={(e) =>
            onChange({ ...value, responseSlug: e.currentTarget.value, sectorId: "", organisationId: "" })
          }
          data={(responses.data ?? []).map((r) => ({ value: r.slug, label: r.name }))}
          error={errors[`roles.${index}.responseSlug`]}
        />
        <NativeSelect
          label={t("users.roleName", { n })}
          value={value.role}
          onChange={(e) => onChange({ ...value, role: e.currentTarget.value as RoleName })}
          data={roleNames.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
        />
        {value.role === "sector_coordinator" && (
          <NativeSelect
            label={t("users.roleSector", { n })}
            value={value.sectorId}
            onChange={(e) => onChange({ ...value, sectorId: e.currentTarget.value })}
            data={[
              { value: "", label: t("users.chooseSector") },
              ...(sectors.data ?? []).map((s) => ({ value: s.id, label: `${s.name} (${s.code})` })),
            ]}
            error={errors[`roles.${index}.sectorId`]}
          />
        )}
        {needsOrg && (
          <Select
            label={t("users.roleOrganisation", { n })}
            placeholder={t("users.searchOrganisation")}
            searchable
            searchValue={search}
            onSearchChange={setSearch}
            filter={({ options }) => options}
            value={value.organisationId || null}
            onChange={(id, option) => {
              setChosen(option ?? null);
              onChange({ ...value, organisationId: id ?? "" });
            }}
            data={orgOptions}
            nothingFoundMessage={t("common.noResults")}
            error={errors[`roles.${index}.organisationId`]}
          />
        )}
      </SimpleGrid>
      <Button size="compact-sm" variant="subtle" color="red" mt="xs" onClick={onRemove}>
        {t("users.removeRole", { n })}
      </Button>
    </Paper>
  );
}
