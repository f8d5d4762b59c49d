import { Button, Group, Paper, Text, Title } from "@mantine/core";
import { type ReactNode, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { type Cell, downloadChartPng, downloadCsv, type LegendItem } from "./download.ts";

interface ChartCardProps {
  title: string;
  /** A sentence under the title (what is counted, as of when). */
  description?: ReactNode;
  /** File name without extension, for the PNG and CSV downloads. */
  filename: string;
  /** Drawn under the chart in the PNG (the on-screen legend is HTML, not part of the SVG). */
  legend?: LegendItem[];
  /** The chart's figures as a table, for the CSV download. */
  csv?: () => { header: string[]; rows: Cell[][] };
  /** Nothing to draw: shows this instead of the chart. */
  empty?: ReactNode;
  children: ReactNode;
}

/** A titled chart with PNG (and CSV) downloads. */
export function ChartCard({ title, description, filename, legend, csv, empty, children }: ChartCardProps) {
  const { t } = useTranslation();
  const id = useId();
  const chart = useRef<HTMLDivElement>(null);
  const [saving, setSaving] = useState(false);
  const png = async () => {
    if (!chart.current) return;
    setSaving(true);
    try {
      await downloadChartPng(chart.current, { title, legend, filename: `${filename}.png` });
    } finally {
      setSaving(false);
    }
  };
  return (
    <Paper withBorder p={{ base: "sm", sm: "md" }} component="figure" m={0} aria-labelledby={id}>
      <Group justify="space-between" align="flex-start" mb="sm" gap="xs">
        <div style={{ flex: "1 1 14rem" }}>
          <Title order={3} size="h4" id={id}>
            {title}
          </Title>
          {description && (
            <Text size="sm" c="dimmed">
              {description}
            </Text>
          )}
        </div>
        {!empty && (
          <Group gap={6}>
            <Button variant="default" size="compact-sm" onClick={() => void png()} loading={saving}>
              {t("analysis.downloadPng")}
              <span className="visually-hidden">: {title}</span>
            </Button>
            {csv && (
              <Button
                variant="default"
                size="compact-sm"
                onClick={() => {
                  const table = csv();
                  downloadCsv(`${filename}.csv`, table.header, table.rows);
                }}
              >
                {t("analysis.downloadCsv")}
                <span className="visually-hidden">: {title}</span>
              </Button>
            )}
          </Group>
        )}
      </Group>
      {empty ? (
        <Text c="dimmed" py="xl" ta="center">
          {empty}
        </Text>
      ) : (
        <div ref={chart}>{children}</div>
      )}
    </Paper>
  );
}
