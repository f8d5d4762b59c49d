import { Alert, Button, Group, Modal, Select, Stack, Text } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { OrganisationOutput } from "../../../common/schemas/organisations.ts";
import { useMergeOrganisation, useOrganisations } from "../../api/organisations.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";

interface Props {
  slug: string;
  organisation: OrganisationOutput;
  onClose: () => void;
}

/** Merges a duplicate into the organisation that survives (its records move over). */
export function MergeDialog({ slug, organisation, onClose }: Props) {
  const { t } = useTranslation();
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const [intoId, setIntoId] = useState<string | null>(null);
  const candidates = useOrganisations(slug, { q: debounced || undefined, limit: 20 });
  const merge = useMergeOrganisation(slug, organisation.id);
  const options = (candidates.data?.items ?? [])
    .filter((o) => o.id !== organisation.id)
    .map((o) => ({ value: o.id, label: o.acronym ? `${o.name} (${o.acronym})` : o.name }));
  const chosen = options.find((o) => o.value === intoId);

  const submit = () => {
    if (!intoId) return;
    merge.mutate(intoId, {
      onSuccess: (survivor) => {
        notifications.show({
          color: "teal",
          message: t("organisations.merged", { from: organisation.name, into: survivor.name }),
        });
        onClose();
      },
    });
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={t("organisations.mergeTitle", { name: organisation.name })}
      size="lg"
    >
      <Stack>
        <Text size="sm">{t("organisations.mergeIntro", { name: organisation.name })}</Text>
        {merge.error && <ErrorAlert error={merge.error} />}
        <Select
          label={t("organisations.mergeInto")}
          placeholder={t("organisations.mergeSearch")}
          searchable
          searchValue={search}
          onSearchChange={setSearch}
          filter={({ options: all }) => all}
          data={chosen && !options.includes(chosen) ? [chosen, ...options] : options}
          value={intoId}
          onChange={setIntoId}
          nothingFoundMessage={candidates.isFetching ? t("common.loading") : t("common.noResults")}
          comboboxProps={{ withinPortal: true }}
        />
        {chosen && (
          <Alert color="orange" variant="light">
            {t("organisations.mergeWarning", { from: organisation.name, into: chosen.label })}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button color="orange" disabled={!intoId} loading={merge.isPending} onClick={submit}>
            {t("organisations.merge")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
