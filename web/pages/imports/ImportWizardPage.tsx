import { Alert, Anchor, Button, Checkbox, Group, Radio, Stack, Stepper, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import type { ImportPreview, ImportView } from "../../../common/schemas/activity-imports.ts";
import { annotatedUrl, useImport, usePreviewImport, useStartRun } from "../../api/imports.ts";
import { useResponses } from "../../api/responses.ts";
import { useUser } from "../../api/session.ts";
import { AccessGate } from "../../components/AccessGate.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { PageLoader } from "../../components/PageLoader.tsx";
import { useFormat } from "../../i18n/format.ts";
import { hasGrantIn, organisationsOf } from "../../lib/roles.ts";
import { type MappingChoices, MappingStep } from "./MappingStep.tsx";
import { ReportView } from "./ReportView.tsx";
import { RunProgress } from "./RunProgress.tsx";
import { UploadStep } from "./UploadStep.tsx";

const stepNames = ["upload", "columns", "check", "import"] as const;

const noChoices: MappingChoices = { mapping: {}, sheet: null, dateFormat: "", saveMapping: true };

/** Which step a view belongs to: upload, columns, check, import. */
function stepOf(view: ImportView | undefined, editingColumns: boolean): number {
  if (!view) return 0;
  if (view.state === "running") return view.dryRun ? 2 : 3;
  if (view.state === "uploaded" || editingColumns) return 1;
  if (view.state === "validated") return 2;
  if (view.state === "failed") return view.dryRun ? (view.report ? 2 : 1) : 3;
  return 3;
}

/** `/r/:slug/activities/import`: upload → columns → check (validation report) → import, with progress. */
export default function ImportWizardPage() {
  const { slug = "" } = useParams();
  const { t } = useTranslation();
  const format = useFormat();
  const user = useUser();
  const responses = useResponses();
  const responseId = responses.data?.find((r) => r.slug === slug)?.id;
  const ownOrganisations = organisationsOf(user, responseId);
  const [importId, setImportId] = useState<string | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [choices, setChoices] = useState<MappingChoices>(noChoices);
  const [editingColumns, setEditingColumns] = useState(false);
  const [mode, setMode] = useState<"all" | "valid-only">("all");
  const [submit, setSubmit] = useState(true);
  const job = useImport(slug, importId);
  const previewAgain = usePreviewImport(slug, importId);
  const start = useStartRun(slug, importId);
  const view = job.data;
  const step = stepOf(view, editingColumns);

  const restart = () => {
    setImportId(null);
    setPreview(null);
    setChoices(noChoices);
    setEditingColumns(false);
    setMode("all");
    setSubmit(true);
    start.reset();
  };
  const changeChoices = (next: MappingChoices) => {
    setChoices(next);
    previewAgain.mutate(
      {
        sheet: next.sheet ?? undefined,
        mapping: Object.keys(next.mapping).length ? next.mapping : undefined,
      },
      { onSuccess: setPreview },
    );
  };
  const run = (dryRun: boolean) =>
    start.mutate(
      {
        dryRun,
        // The check counts what importing the valid rows would do; the import then follows the mode chosen.
        mode: dryRun ? "valid-only" : mode,
        sheet: choices.sheet ?? undefined,
        dateFormat: choices.dateFormat || undefined,
        mapping: Object.keys(choices.mapping).length ? choices.mapping : undefined,
        saveMapping: choices.saveMapping && !!view?.organisationId,
        submit: !dryRun && submit,
      },
      { onSuccess: () => setEditingColumns(false) },
    );
  const report = view?.report;
  const mayImport = !!report && report.valid > 0 && (report.invalid === 0 || mode === "valid-only");

  if (user && responses.isPending) return <PageLoader />;
  return (
    <AccessGate allowed={hasGrantIn(user, responseId, "activity:write")}>
      <Stack gap="lg" maw={1100}>
        <div>
          <Title order={1}>{t("imports.title")}</Title>
          <Text c="dimmed">{t("imports.intro")}</Text>
        </div>
        <Text hiddenFrom="sm" fw={600} size="sm">
          {t("imports.stepOf", { n: step + 1, label: t(`imports.step.${stepNames[step]}`) })}
        </Text>
        <Stepper
          active={step}
          size="sm"
          allowNextStepsSelect={false}
          aria-label={t("imports.steps")}
          visibleFrom="sm"
        >
          <Stepper.Step label={t("imports.step.upload")} />
          <Stepper.Step label={t("imports.step.columns")} />
          <Stepper.Step label={t("imports.step.check")} />
          <Stepper.Step label={t("imports.step.import")} />
        </Stepper>
        {job.error && <ErrorAlert error={job.error} onRetry={() => void job.refetch()} />}
        {start.error && <ErrorAlert error={start.error} />}
        {previewAgain.error && <ErrorAlert error={previewAgain.error} />}

        {step === 0 && (
          <UploadStep
            slug={slug}
            ownOrganisations={ownOrganisations}
            onUploaded={(u) => {
              setImportId(u.import.id);
              setPreview(u.preview);
            }}
          />
        )}

        {step === 1 && preview && view && (
          <Stack>
            {view.state === "failed" && view.error && (
              <Alert color="red" variant="light" role="alert" title={t("imports.failedTitle")}>
                {view.error.message}
              </Alert>
            )}
            <Text size="sm">
              {t("imports.fileLine", {
                name: view.fileName,
                size: format.number(Math.ceil(view.fileSize / 1024)),
              })}
            </Text>
            <MappingStep
              preview={preview}
              choices={choices}
              canSaveMapping={!!view.organisationId}
              onChange={changeChoices}
              onCheck={() => run(true)}
              onRestart={restart}
              checking={start.isPending}
            />
          </Stack>
        )}

        {(step === 2 || step === 3) && view?.state === "running" && <RunProgress view={view} />}

        {step === 2 && view && view.state !== "running" && report && (
          <Stack>
            {report.invalid === 0 ? (
              <Alert color="teal" variant="light" role="status" title={t("imports.checkedTitle")}>
                {t("imports.checkedOk", {
                  rows: format.number(report.rows),
                  created: format.number(report.created),
                  updated: format.number(report.updated),
                  unchanged: format.number(report.unchanged),
                })}
              </Alert>
            ) : (
              <Alert
                color="red"
                variant="light"
                role="alert"
                title={t("imports.checkedBadTitle", {
                  count: report.invalid,
                  formatted: format.number(report.invalid),
                })}
              >
                {t("imports.checkedBad")}
              </Alert>
            )}
            <ReportView report={report} dryRun />
            <Group gap="sm">
              {report.issues.length > 0 && (
                <Button component="a" href={annotatedUrl(slug, view.id)} download variant="light">
                  {t("imports.downloadIssues")}
                </Button>
              )}
              <Button variant="default" onClick={restart}>
                {t("imports.uploadCorrected")}
              </Button>
              <Button variant="default" onClick={() => setEditingColumns(true)}>
                {t("imports.changeColumns")}
              </Button>
            </Group>
            {report.invalid > 0 && report.valid > 0 && (
              <Radio.Group
                label={t("imports.mode.label")}
                value={mode}
                onChange={(v) => setMode(v as typeof mode)}
              >
                <Stack gap={6} mt={6}>
                  <Radio value="all" label={t("imports.mode.all")} />
                  <Radio
                    value="valid-only"
                    label={t("imports.mode.validOnly", {
                      count: report.valid,
                      formatted: format.number(report.valid),
                    })}
                  />
                </Stack>
              </Radio.Group>
            )}
            <Checkbox
              label={t("imports.submit")}
              description={t("imports.submitHint")}
              checked={submit}
              onChange={(e) => setSubmit(e.currentTarget.checked)}
            />
            <Group justify="flex-end">
              <Button onClick={() => run(false)} disabled={!mayImport} loading={start.isPending}>
                {mode === "valid-only" && report.invalid > 0
                  ? t("imports.importValid", { count: report.valid, formatted: format.number(report.valid) })
                  : t("imports.import", { count: report.valid, formatted: format.number(report.valid) })}
              </Button>
            </Group>
          </Stack>
        )}

        {step === 3 && view && view.state !== "running" && (
          <Stack>
            {view.state === "imported" && report ? (
              <Alert color="teal" variant="light" role="status" title={t("imports.doneTitle")}>
                {t("imports.done", {
                  created: format.number(report.created),
                  updated: format.number(report.updated),
                  unchanged: format.number(report.unchanged),
                })}
              </Alert>
            ) : (
              <Alert color="red" variant="light" role="alert" title={t("imports.failedTitle")}>
                {view.error?.message}
              </Alert>
            )}
            {report && <ReportView report={report} dryRun={false} />}
            <Group gap="sm">
              <Anchor
                component={Link}
                to={`/r/${slug}/activities${view.organisationId ? `?organisation=${view.organisationId}` : ""}`}
              >
                {t("imports.seeRecords")}
              </Anchor>
              <Button variant="default" onClick={restart}>
                {t("imports.another")}
              </Button>
            </Group>
          </Stack>
        )}
      </Stack>
    </AccessGate>
  );
}
