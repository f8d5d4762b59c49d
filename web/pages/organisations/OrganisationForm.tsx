import { Button, Group, Modal, NativeSelect, Stack, Textarea, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import type { FormEvent } from "react";
import { useTranslation } from "react-i18next";
import {
  type OrganisationOutput,
  organisationInput,
  organisationTypes,
} from "../../../common/schemas/organisations.ts";
import { useSaveOrganisation } from "../../api/organisations.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { orNull, useFormState, validate } from "../../lib/form.ts";
import { useTypeLabel } from "./typeLabel.ts";

interface Props {
  slug: string;
  /** null to add a new organisation. */
  organisation: OrganisationOutput | null;
  onClose: () => void;
}

/** Add or edit an organisation; checked with the shared schema, then by the server. */
export function OrganisationForm({ slug, organisation, onClose }: Props) {
  const { t } = useTranslation();
  const typeLabel = useTypeLabel();
  const save = useSaveOrganisation(slug, organisation?.id ?? null);
  const form = useFormState({
    name: organisation?.name ?? "",
    acronym: organisation?.acronym ?? "",
    type: organisation?.type ?? "",
    iatiId: organisation?.iatiId ?? "",
    aliases: organisation?.aliases.join("\n") ?? "",
  });
  const v = form.values;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = validate(organisationInput, {
      name: v.name,
      acronym: orNull(v.acronym),
      type: v.type,
      iatiId: orNull(v.iatiId),
      aliases: v.aliases
        .split("\n")
        .map((a) => a.trim())
        .filter(Boolean),
    });
    if (checked.errors) return form.setErrors(checked.errors);
    save.mutate(checked.data, {
      onSuccess: (saved) => {
        notifications.show({
          color: "teal",
          message: t(organisation ? "organisations.updated" : "organisations.created", { name: saved.name }),
        });
        onClose();
      },
      onError: form.fromServer,
    });
  };
  const aliasError = Object.entries(form.errors).find(([k]) => k.startsWith("aliases"))?.[1];

  return (
    <Modal
      opened
      onClose={onClose}
      title={
        organisation ? t("organisations.editTitle", { name: organisation.name }) : t("organisations.addTitle")
      }
      size="lg"
    >
      <form onSubmit={submit} noValidate ref={form.ref}>
        <Stack>
          {save.error && <ErrorAlert error={save.error} />}
          <TextInput
            label={t("organisations.name")}
            required
            data-autofocus
            value={v.name}
            onChange={(e) => form.set("name", e.currentTarget.value)}
            error={form.errors.name}
          />
          <TextInput
            label={t("organisations.acronym")}
            value={v.acronym}
            onChange={(e) => form.set("acronym", e.currentTarget.value)}
            error={form.errors.acronym}
          />
          <NativeSelect
            label={t("organisations.type")}
            required
            value={v.type}
            onChange={(e) => form.set("type", e.currentTarget.value)}
            error={form.errors.type}
            data={[
              { value: "", label: t("organisations.chooseType") },
              ...organisationTypes.map((c) => ({ value: c, label: `${typeLabel(c)} (${c})` })),
            ]}
          />
          <TextInput
            label={t("organisations.iatiId")}
            description={t("organisations.iatiHint")}
            value={v.iatiId}
            onChange={(e) => form.set("iatiId", e.currentTarget.value)}
            error={form.errors.iatiId}
          />
          <Textarea
            label={t("organisations.aliases")}
            description={t("organisations.aliasesHint")}
            autosize
            minRows={2}
            value={v.aliases}
            onChange={(e) => form.set("aliases", e.currentTarget.value)}
            error={aliasError}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {organisation ? t("common.save") : t("organisations.create")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
