import { Anchor, Badge, Group, Paper, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { PracticeSummary } from "../../../common/schemas/practices.ts";
import { useFormat } from "../../i18n/format.ts";
import { countryName } from "./labels.ts";

/** One practice in a result list: title, type, when and where, GCM objectives, summary. */
export function PracticeCard({ slug, practice: p }: { slug: string; practice: PracticeSummary }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const when = p.startDate
    ? p.endDate
      ? t("practices.fromTo", { from: format.date(p.startDate), to: format.date(p.endDate) })
      : t("practices.since", { from: format.date(p.startDate) })
    : null;
  return (
    <Paper withBorder p="md" component="article">
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
        <Title order={2} size="h4">
          <Anchor component={Link} to={`/r/${slug}/practices/${p.id}`}>
            {p.title}
          </Anchor>
        </Title>
        {p.status !== "published" && (
          <Badge variant="light" color={p.status === "returned" ? "orange" : "blue"}>
            {t(`practices.status.${p.status}`)}
          </Badge>
        )}
      </Group>
      <Text size="sm" c="dimmed" mt={4}>
        {[
          t(`practices.type.${p.type}`),
          when,
          p.countries.map((c) => countryName(c, i18n.language)).join(", "),
        ]
          .filter(Boolean)
          .join(" · ")}
      </Text>
      <Text mt="xs" lineClamp={3}>
        {p.summary}
      </Text>
      {p.gcmObjectives.length > 0 && (
        <Group gap={6} mt="xs" aria-label={t("practices.facet.objective")}>
          {p.gcmObjectives.map((n) => (
            <Badge key={n} variant="outline" size="sm">
              {t("practices.objectiveN", { n })}
            </Badge>
          ))}
        </Group>
      )}
    </Paper>
  );
}
