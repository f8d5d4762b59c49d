import { Box, Group, Paper, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { MapIndicator } from "../../../common/schemas/analysis.ts";
import { useFormat } from "../../i18n/format.ts";
import type { LegendClass } from "./mapValues.ts";

/** The map's colour classes as a list of words: readable by screen readers, not colour alone. */
export function MapLegend({
  indicator,
  classes,
  threshold,
}: {
  indicator: MapIndicator;
  classes: LegendClass[];
  threshold: number;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const write = (value: number) =>
    indicator === "coverage"
      ? format.percent(value)
      : indicator === "severity"
        ? t("analysis.severityLevel", { level: value })
        : format.number(value);
  const labelOf = (c: LegendClass) => {
    if (indicator === "severity") return write(c.from);
    if (c.to === null) return t("analysis.legendAtLeast", { from: write(c.from) });
    return t("analysis.legendRange", { from: write(c.from), to: write(c.to) });
  };
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="legend-heading">
      <Text fw={600} size="sm" id="legend-heading" mb={6}>
        {t("analysis.legendTitle", { indicator: t(`analysis.indicators.${indicator}`) })}
      </Text>
      <Text size="xs" c="dimmed" mb={6}>
        {t(`analysis.indicatorHelp.${indicator}`)}
      </Text>
      <Box component="ul" m={0} p={0} style={{ listStyle: "none" }}>
        {classes.map((c) => (
          <Swatch key={c.from} color={c.color} label={labelOf(c)} />
        ))}
        <Swatch
          color="#e9ecef"
          label={
            threshold > 0 ? t("analysis.legendNoneSuppressed", { n: threshold }) : t("analysis.legendNone")
          }
        />
      </Box>
    </Paper>
  );
}

function Swatch({ color, label }: { color: string; label: string }) {
  return (
    <Group component="li" gap={8} wrap="nowrap" mb={4}>
      <Box
        w={18}
        h={14}
        style={{ background: color, border: "1px solid #868e96", borderRadius: 3, flex: "none" }}
        aria-hidden
      />
      <Text size="sm">{label}</Text>
    </Group>
  );
}
