import { Alert, Button, Checkbox, Code, Group, Select, Stack, Table, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import {
  type ImportMappingInput,
  type ImportPreview,
  importFields,
} from "../../../common/schemas/activity-imports.ts";

/** The fields a person maps a column to (review state is read from exports, never imported). */
const mappable = importFields.filter((f) => f !== "reviewState");

export interface MappingChoices {
  /** Column index → field or "ignore", for the columns the user changed. */
  mapping: ImportMappingInput;
  sheet: string | null;
  dateFormat: "" | "DMY" | "MDY";
  saveMapping: boolean;
}

interface Props {
  preview: ImportPreview;
  choices: MappingChoices;
  canSaveMapping: boolean;
  onChange: (choices: MappingChoices) => void;
  onCheck: () => void;
  onRestart: () => void;
  checking: boolean;
}

/**
 * Step 2: how each column is read, with sample values; the header's warnings (unknown or legacy
 * hashtags, columns read as nothing) and required fields without a column are listed.
 */
export function MappingStep({
  preview,
  choices,
  canSaveMapping,
  onChange,
  onCheck,
  onRestart,
  checking,
}: Props) {
  const { t } = useTranslation();
  const fieldOptions = [
    { value: "ignore", label: t("imports.mapping.ignore") },
    ...mappable.map((f) => ({ value: f, label: t(`imports.fields.${f}`) })),
  ];
  const set = (patch: Partial<MappingChoices>) => onChange({ ...choices, ...patch });
  const byHashtags = preview.hashtagRow !== null;

  return (
    <Stack gap="md">
      <Text size="sm">
        {byHashtags
          ? t("imports.mapping.byHashtags", { row: preview.hashtagRow })
          : preview.savedMappingUsed
            ? t("imports.mapping.bySaved")
            : t("imports.mapping.byHeaders")}
      </Text>
      <Group gap="md" align="flex-end" wrap="wrap">
        {preview.sheets.length > 1 && (
          <Select
            label={t("imports.mapping.sheet")}
            data={preview.sheets}
            value={choices.sheet ?? preview.sheet}
            onChange={(sheet) => set({ sheet })}
            allowDeselect={false}
          />
        )}
        <Select
          w={300}
          label={t("imports.mapping.dateFormat")}
          description={t("imports.mapping.dateFormatHint")}
          data={[
            { value: "", label: t("imports.mapping.isoOnly") },
            { value: "DMY", label: t("imports.mapping.dmy") },
            { value: "MDY", label: t("imports.mapping.mdy") },
          ]}
          value={choices.dateFormat}
          onChange={(v) => set({ dateFormat: (v ?? "") as MappingChoices["dateFormat"] })}
          allowDeselect={false}
        />
      </Group>
      <Table.ScrollContainer minWidth={340}>
        <Table striped withTableBorder verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t("imports.mapping.column")}</Table.Th>
              <Table.Th scope="col">{t("imports.mapping.field")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {preview.columns.map((c) => {
              const label = c.header ?? c.hashtag ?? t("imports.mapping.columnN", { n: c.index + 1 });
              return (
                <Table.Tr key={c.index}>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {label}
                    </Text>
                    {c.hashtag && c.header && <Code>{c.hashtag}</Code>}
                    <Text size="xs" c="dimmed" lineClamp={2}>
                      <span className="visually-hidden">{t("imports.mapping.samples")}: </span>
                      {c.samples.filter(Boolean).join(" · ") || "—"}
                    </Text>
                  </Table.Td>
                  <Table.Td w="45%">
                    <Select
                      aria-label={t("imports.mapping.fieldFor", { column: label })}
                      data={fieldOptions}
                      value={choices.mapping[String(c.index)] ?? c.field ?? "ignore"}
                      onChange={(v) =>
                        set({
                          mapping: {
                            ...choices.mapping,
                            // The options are the import fields and "ignore".
                            [String(c.index)]: (v ?? "ignore") as ImportMappingInput[string],
                          },
                        })
                      }
                      allowDeselect={false}
                      searchable
                      size="xs"
                    />
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {preview.issues.length > 0 && (
        // Unknown or legacy hashtags and unread columns: the person decides whether to map them.
        <Alert color="yellow" variant="light" title={t("imports.mapping.warningsTitle")}>
          <Text size="sm" mb="xs">
            {t("imports.mapping.warningsHint")}
          </Text>
          <ul className="isx-plain-list" data-testid="import-header-warnings">
            {preview.issues.map((i) => (
              <li key={`${i.column}|${i.code}|${i.value}`}>
                <Text size="sm" span fw={600}>
                  {i.column ?? "—"}
                </Text>
                {i.value && i.value !== i.column && <Code ml={6}>{i.value}</Code>}
                <Text size="sm">{i.message}</Text>
              </li>
            ))}
          </ul>
        </Alert>
      )}
      {preview.missing.length > 0 && (
        <Alert color="red" variant="light" title={t("imports.mapping.missingTitle")} role="alert">
          <ul className="isx-plain-list">
            {preview.missing.map((m) => (
              <li key={m.field}>{t(`imports.fields.${m.field}`)}</li>
            ))}
          </ul>
        </Alert>
      )}
      {canSaveMapping && !byHashtags && (
        <Checkbox
          label={t("imports.mapping.save")}
          checked={choices.saveMapping}
          onChange={(e) => set({ saveMapping: e.currentTarget.checked })}
        />
      )}
      <Group justify="space-between">
        <Button variant="default" onClick={onRestart}>
          {t("imports.another")}
        </Button>
        <Button onClick={onCheck} loading={checking} disabled={preview.missing.length > 0}>
          {t("imports.check")}
        </Button>
      </Group>
    </Stack>
  );
}
