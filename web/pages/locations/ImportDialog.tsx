import { Alert, Button, Group, Input, Modal, Stack, Text } from "@mantine/core";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { useImportGazetteer } from "../../api/locations.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { ImportReportView } from "./ImportReportView.tsx";

interface Props {
  slug: string;
  opened: boolean;
  onClose: () => void;
}

/** Gazetteer import: a dry run first (the validation report), then the real import. */
export function ImportDialog({ slug, opened, onClose }: Props) {
  const { t } = useTranslation();
  const inputId = useId();
  const [file, setFile] = useState<File | null>(null);
  const check = useImportGazetteer(slug);
  const run = useImportGazetteer(slug);

  const close = () => {
    setFile(null);
    check.reset();
    run.reset();
    onClose();
  };
  const dryRun = check.data;
  const done = run.data;
  const canImport = !!file && !!dryRun && dryRun.invalid === 0 && dryRun.rows > 0 && !done;

  return (
    <Modal opened={opened} onClose={close} title={t("locations.import.title")} size="xl">
      <Stack>
        <Text size="sm">{t("locations.import.intro")}</Text>
        <Input.Wrapper
          label={t("locations.import.file")}
          description={t("locations.import.fileHint")}
          id={inputId}
        >
          <input
            id={inputId}
            type="file"
            accept=".csv,.geojson,.json,text/csv,application/geo+json"
            onChange={(e) => {
              setFile(e.currentTarget.files?.[0] ?? null);
              check.reset();
              run.reset();
            }}
            className="isx-file"
          />
        </Input.Wrapper>
        {check.error && <ErrorAlert error={check.error} />}
        {run.error && <ErrorAlert error={run.error} />}
        {dryRun && !done && <ImportReportView report={dryRun} />}
        {done && (
          <Alert color="teal" variant="light" role="status" title={t("locations.import.doneTitle")}>
            {t("locations.import.done", {
              created: done.created,
              updated: done.updated,
              unchanged: done.unchanged,
            })}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {done ? t("common.close") : t("common.cancel")}
          </Button>
          {!done && (
            <Button
              variant={dryRun ? "default" : "filled"}
              disabled={!file}
              loading={check.isPending}
              onClick={() => file && check.mutate({ file, dryRun: true })}
            >
              {t("locations.import.check")}
            </Button>
          )}
          {!done && (
            <Button
              disabled={!canImport}
              loading={run.isPending}
              onClick={() => file && run.mutate({ file, dryRun: false })}
            >
              {t("locations.import.run")}
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
