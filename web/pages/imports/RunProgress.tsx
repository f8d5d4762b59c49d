import { Progress, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { ImportView } from "../../../common/schemas/activity-imports.ts";
import { useFormat } from "../../i18n/format.ts";

/** The bar of a running import: through the file, then through the writes; counts as they grow. */
export function RunProgress({ view }: { view: ImportView }) {
  const { t } = useTranslation();
  const format = useFormat();
  const p = view.progress;
  const percent = Math.round(view.fraction * 100);
  const label = view.dryRun ? t("imports.progress.checking") : t("imports.progress.importing");
  return (
    <Stack gap={6}>
      <Text size="sm" fw={600} id={`progress-${view.id}`}>
        {label}
      </Text>
      <Progress
        value={percent}
        size="lg"
        animated
        aria-labelledby={`progress-${view.id}`}
        aria-valuenow={percent}
        aria-valuemin={0}
        aria-valuemax={100}
        role="progressbar"
      />
      <Text size="sm" c="dimmed" aria-live="polite" data-testid="import-progress">
        {p
          ? p.phase === "reading"
            ? t("imports.progress.reading", {
                rows: format.number(p.rowsRead),
                valid: format.number(p.valid),
                invalid: format.number(p.invalid),
              })
            : t("imports.progress.writing", {
                done: format.number(p.written),
                total: format.number(p.toWrite),
              })
          : t("imports.progress.starting")}
      </Text>
    </Stack>
  );
}
