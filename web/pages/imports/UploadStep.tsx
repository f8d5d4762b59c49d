import { Anchor, Button, Group, Input, List, Paper, Select, Stack, Text, Title } from "@mantine/core";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { templateUrl, useUploadImport } from "../../api/imports.ts";
import { useOrganisations } from "../../api/organisations.ts";
import { useSectors } from "../../api/sectors.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import type { Uploaded } from "./types.ts";

interface Props {
  slug: string;
  /** The organisations the user edits; empty for managers and coordinators (they pick one or none). */
  ownOrganisations: string[];
  onUploaded: (uploaded: Uploaded) => void;
}

/** Step 1: the sector templates to start from, then the file (and who reports in it). */
export function UploadStep({ slug, ownOrganisations, onUploaded }: Props) {
  const { t } = useTranslation();
  const inputId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [organisationId, setOrganisationId] = useState<string | null>(ownOrganisations[0] ?? null);
  const sectors = useSectors(slug);
  const organisations = useOrganisations(slug, { limit: 500 }, ownOrganisations.length !== 1);
  const upload = useUploadImport(slug);
  const choices = (organisations.data?.items ?? [])
    .filter((o) => ownOrganisations.length === 0 || ownOrganisations.includes(o.id))
    .map((o) => ({ value: o.id, label: o.acronym ? `${o.name} (${o.acronym})` : o.name }));
  const topSectors = (sectors.data ?? []).filter((s) => !s.parentCode);

  return (
    <Stack gap="lg">
      <Paper withBorder p="md">
        <Title order={3} size="h5" mb="xs">
          {t("imports.templates.title")}
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          {t("imports.templates.hint")}
        </Text>
        <List size="sm" spacing={4}>
          {topSectors.map((s) => (
            <List.Item key={s.id}>
              <Anchor href={templateUrl(slug, s.code)} download data-testid={`template-${s.code}`}>
                {t("imports.templates.link", { sector: s.name })}
              </Anchor>
            </List.Item>
          ))}
        </List>
      </Paper>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (file) upload.mutate({ file, organisationId }, { onSuccess: onUploaded });
        }}
      >
        <Stack gap="md">
          {ownOrganisations.length !== 1 && (
            <Select
              label={t("imports.organisation")}
              description={t("imports.organisationHint")}
              data={choices}
              value={organisationId}
              onChange={setOrganisationId}
              searchable
              clearable
              nothingFoundMessage={t("common.noResults")}
            />
          )}
          <Input.Wrapper label={t("imports.file")} description={t("imports.fileHint")} id={inputId} required>
            <input
              id={inputId}
              type="file"
              accept=".csv,.xlsx,.txt,.tsv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              className="isx-file"
              onChange={(e) => {
                setFile(e.currentTarget.files?.[0] ?? null);
                upload.reset();
              }}
            />
          </Input.Wrapper>
          {upload.error && <ErrorAlert error={upload.error} />}
          <Group justify="flex-end">
            <Button type="submit" disabled={!file} loading={upload.isPending}>
              {t("imports.upload")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
