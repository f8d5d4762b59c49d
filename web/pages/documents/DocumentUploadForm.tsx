import { Button, FileInput, Group, MultiSelect, Select, Stack, Textarea, TextInput } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { type DocumentInput, documentInput } from "../../../common/schemas/documents.ts";
import { fieldErrorsOf } from "../../api/client.ts";
import { type DocumentOutput, useUploadDocument } from "../../api/documents.ts";
import { useLocations } from "../../api/locations.ts";
import { useSectors } from "../../api/sectors.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { validate } from "../../lib/form.ts";
import { useOrganisationOptions } from "../structure/useOrganisationOptions.ts";
import { languageOptions, typeOptions } from "./options.ts";

interface Props {
  slug: string;
  /** Pre-filled organisations (an editor's own) and sectors (a coordinator's). */
  defaults: { organisationIds: string[]; sectorIds: string[] };
  onDone: (document: DocumentOutput) => void;
  onCancel: () => void;
}

/** Upload a document: the file and what it is about (the type is read from the file itself). */
export function DocumentUploadForm({ slug, defaults, onDone, onCancel }: Props) {
  const { t } = useTranslation();
  const upload = useUploadDocument(slug);
  const sectors = useSectors(slug);
  const locations = useLocations(slug, { limit: 300 });
  const organisations = useOrganisationOptions(slug);
  const [file, setFile] = useState<File | null>(null);
  const [values, setValues] = useState<DocumentInput>({
    title: "",
    type: "situation_report",
    documentDate: new Date().toISOString().slice(0, 10),
    language: "en",
    visibility: "public",
    description: "",
    ...defaults,
    locationIds: [],
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = <K extends keyof DocumentInput>(k: K, v: DocumentInput[K]) =>
    setValues((s) => ({ ...s, [k]: v }));

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const checked = validate(documentInput, {
      ...values,
      description: values.description || null,
      documentDate: values.documentDate || null,
    });
    const fileError = file ? null : t("documents.fileRequired");
    if (checked.errors || fileError) {
      setErrors({ ...(checked.errors ?? {}), ...(fileError ? { file: fileError } : {}) });
      return;
    }
    setErrors({});
    upload.mutate(
      { metadata: checked.data, file: file! },
      {
        onSuccess: onDone,
        onError: (error) => {
          const fields = fieldErrorsOf(error);
          setErrors(
            Object.fromEntries(Object.entries(fields).map(([k, v]) => [k.replace(/^metadata\./, ""), v])),
          );
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <FileInput
          label={t("documents.file")}
          description={t("documents.fileHelp")}
          placeholder={t("documents.chooseFile")}
          value={file}
          onChange={setFile}
          error={errors.file}
          required
          clearable
        />
        <TextInput
          label={t("documents.titleLabel")}
          value={values.title}
          onChange={(e) => set("title", e.currentTarget.value)}
          error={errors.title}
          required
        />
        <Group grow align="flex-start">
          <Select
            label={t("documents.typeLabel")}
            data={typeOptions(t)}
            value={values.type}
            onChange={(v) => v && set("type", v as DocumentInput["type"])}
            allowDeselect={false}
          />
          <TextInput
            type="date"
            label={t("documents.dateLabel")}
            value={values.documentDate ?? ""}
            onChange={(e) => set("documentDate", e.currentTarget.value)}
            error={errors.documentDate}
          />
        </Group>
        <Group grow align="flex-start">
          <Select
            label={t("documents.languageLabel")}
            data={languageOptions(t)}
            value={values.language}
            onChange={(v) => v && set("language", v)}
            allowDeselect={false}
          />
          <Select
            label={t("documents.visibilityLabel")}
            data={[
              { value: "public", label: t("documents.visibility.public") },
              { value: "signed_in", label: t("documents.visibility.signed_in") },
            ]}
            value={values.visibility}
            onChange={(v) => v && set("visibility", v as DocumentInput["visibility"])}
            allowDeselect={false}
          />
        </Group>
        <MultiSelect
          label={t("documents.sectorsLabel")}
          data={(sectors.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
          value={values.sectorIds}
          onChange={(v) => set("sectorIds", v)}
          error={errors.sectorIds}
          searchable
          clearable
        />
        <MultiSelect
          label={t("documents.organisationsLabel")}
          data={organisations}
          value={values.organisationIds}
          onChange={(v) => set("organisationIds", v)}
          error={errors.organisationIds}
          searchable
          clearable
        />
        <MultiSelect
          label={t("documents.locationsLabel")}
          data={(locations.data?.items ?? []).map((l) => ({ value: l.id, label: `${l.name} (${l.code})` }))}
          value={values.locationIds}
          onChange={(v) => set("locationIds", v)}
          error={errors.locationIds}
          searchable
          clearable
          limit={50}
        />
        <Textarea
          label={t("documents.descriptionLabel")}
          value={values.description ?? ""}
          onChange={(e) => set("description", e.currentTarget.value)}
          error={errors.description}
          autosize
          minRows={2}
        />
        {upload.error ? <ErrorAlert error={upload.error} /> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={upload.isPending}>
            {t("documents.upload")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
