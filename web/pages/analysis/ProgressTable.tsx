import { Button, Group, Progress, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { Progress as ProgressAnswer } from "../../api/analysis.ts";
import { downloadCsv } from "../../components/charts/download.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { useFormat } from "../../i18n/format.ts";
import { useFigure } from "./shared.tsx";

type Row = ProgressAnswer["indicators"][number];

/** Achieved against target per indicator of the plan, with a CSV download. */
export function ProgressTable({
  data,
  loading,
  error,
  slug,
}: {
  data: ProgressAnswer | undefined;
  loading: boolean;
  error: unknown;
  slug: string;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const figure = useFigure();
  const threshold = data?.threshold ?? 0;
  const rows = data?.indicators;
  const save = () =>
    downloadCsv(
      `${slug}-progress-${data?.year ?? ""}.csv`,
      ["sector", "indicator_code", "indicator", "unit", "target", "achieved", "progress"],
      (rows ?? []).map((r) => [
        r.sector.name,
        r.indicator.code,
        r.indicator.name,
        r.indicator.unit,
        r.target,
        r.achieved,
        r.progress,
      ]),
    );
  return (
    <section aria-labelledby="progress-heading">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h3" id="progress-heading">
          {data ? t("analysis.progressTitle", { year: data.year }) : t("analysis.progressTitleShort")}
        </Title>
        <Button variant="default" size="compact-sm" onClick={save} disabled={!rows?.length}>
          {t("analysis.downloadCsv")}
        </Button>
      </Group>
      <DataTable<Row>
        caption={t("analysis.progressCaption")}
        captionHidden
        rows={rows}
        loading={loading}
        error={error}
        rowKey={(r) => r.indicator.id}
        empty={t("analysis.noIndicators")}
        minWidth={720}
        columns={[
          { key: "sector", header: t("analysis.sector"), render: (r) => r.sector.name },
          {
            key: "indicator",
            header: t("analysis.indicator"),
            render: (r) => (
              <>
                <Text size="sm">{r.indicator.name}</Text>
                <Text size="xs" c="dimmed">
                  {r.indicator.code}
                </Text>
              </>
            ),
          },
          {
            key: "target",
            header: t("analysis.target"),
            nowrap: true,
            render: (r) => figure(r.target, r.suppressed, threshold),
          },
          {
            key: "achieved",
            header: t("analysis.achieved"),
            nowrap: true,
            render: (r) => figure(r.achieved, r.suppressed, threshold),
          },
          {
            key: "progress",
            header: t("analysis.progress"),
            render: (r) =>
              r.progress === null ? (
                t("common.none")
              ) : (
                <Group gap="xs" wrap="nowrap" miw={130}>
                  <Progress
                    value={Math.min(100, r.progress * 100)}
                    w={70}
                    color={r.progress >= 1 ? "teal" : r.progress >= 0.5 ? "blue" : "orange"}
                    aria-hidden
                  />
                  <Text size="sm">{format.percent(r.progress)}</Text>
                </Group>
              ),
          },
        ]}
      />
    </section>
  );
}
