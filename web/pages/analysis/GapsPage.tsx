import { Alert, Anchor, Badge, Button, Group, List, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams, useSearchParams } from "react-router";
import type { GapRow } from "../../../common/schemas/analysis.ts";
import { analysisPath, useGaps } from "../../api/analysis.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { DownloadMenu } from "../../components/DownloadMenu.tsx";
import { useFormat } from "../../i18n/format.ts";
import { SeverityBadge } from "./PlaceSummary.tsx";
import {
  LevelSelect,
  MonthInput,
  parseLevel,
  RecordsLink,
  SectorSelect,
  useFigure,
  withParam,
} from "./shared.tsx";

const PAGE = 50;
const URGENT_SHOWN = 10;

/** `/r/:slug/gaps`: need against coverage per place and sector, largest unmet need first. */
export default function GapsPage() {
  const { slug = "" } = useParams();
  const { t } = useTranslation();
  const format = useFormat();
  const figure = useFigure();
  const [params, setParams] = useSearchParams();
  const sector = params.get("sector") || undefined;
  const level = parseLevel(params.get("level"));
  const month = params.get("month") || undefined;
  const [shown, setShown] = useState(PAGE);
  const [showAllUrgent, setShowAllUrgent] = useState(false);
  const set = (key: string, value: string | undefined) => {
    setShown(PAGE);
    setParams(withParam(params, key, value), { replace: true });
  };
  const gaps = useGaps(slug, { sector, level, from: month, to: month });
  const threshold = gaps.data?.threshold ?? 0;
  const rows = gaps.data?.rows;
  const urgent = (rows ?? []).filter((r) => r.highNeedNoPartner);
  const value = (r: GapRow, v: number | null) => figure(v, r.suppressed, threshold);
  const placeLink = (r: GapRow) => (
    <Anchor component={Link} to={`/r/${slug}/places/${r.location.id}`}>
      {r.location.name}
    </Anchor>
  );

  return (
    <Stack gap="lg" maw={1300}>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1}>{t("analysis.gapsTitle")}</Title>
          <Text c="dimmed" maw={760}>
            {t("analysis.gapsIntro")}
          </Text>
        </div>
        <DownloadMenu
          path={analysisPath(slug, "gaps")}
          query={{ sector, level: String(level), from: month, to: month }}
        />
      </Group>
      <Group gap="sm" align="flex-end">
        <SectorSelect slug={slug} value={sector} onChange={(id) => set("sector", id)} />
        <LevelSelect
          value={level}
          onChange={(next) => set("level", next === "site" ? undefined : String(next))}
        />
        <MonthInput value={month} onChange={(m) => set("month", m)} latest={gaps.data?.to} />
      </Group>
      {gaps.data?.public && (
        <Alert variant="light" color="gray" p="xs">
          {t("analysis.publicNote", { n: threshold })}
        </Alert>
      )}

      <Alert
        color={urgent.length ? "red" : "teal"}
        variant="light"
        title={t("analysis.highNeedNoPartnerTitle", { n: format.number(urgent.length) })}
        component="section"
        aria-label={t("analysis.highNeedNoPartnerTitle", { n: format.number(urgent.length) })}
      >
        {urgent.length === 0 ? (
          <Text size="sm">{t("analysis.highNeedNoPartnerNone")}</Text>
        ) : (
          <List size="sm" spacing={2}>
            {(showAllUrgent ? urgent : urgent.slice(0, URGENT_SHOWN)).map((r) => (
              <List.Item key={`${r.location.id}-${r.sector.id}`}>
                {placeLink(r)} · {r.sector.name}
                {r.severity !== null && <> · {t("analysis.severityLevel", { level: r.severity })}</>}
                {r.inNeed !== null && <> · {t("analysis.inNeedN", { n: format.number(r.inNeed) })}</>}
              </List.Item>
            ))}
          </List>
        )}
        {urgent.length > URGENT_SHOWN && (
          <Button
            variant="subtle"
            color="red"
            size="compact-sm"
            mt="xs"
            onClick={() => setShowAllUrgent((v) => !v)}
            aria-expanded={showAllUrgent}
          >
            {showAllUrgent
              ? t("analysis.showFewer")
              : t("analysis.showAllN", { n: format.number(urgent.length) })}
          </Button>
        )}
      </Alert>

      <Title order={2} size="h3" mb={-8}>
        {t("analysis.gapsCaption")}
      </Title>
      <DataTable<GapRow>
        caption={t("analysis.gapsCaption")}
        captionHidden
        rows={rows?.slice(0, shown)}
        loading={gaps.isFetching}
        error={gaps.error}
        onRetry={() => void gaps.refetch()}
        rowKey={(r) => `${r.location.id}-${r.sector.id}`}
        empty={t("analysis.noGaps")}
        minWidth={1060}
        columns={[
          { key: "rank", header: "#", render: (r) => format.number((rows?.indexOf(r) ?? 0) + 1) },
          {
            key: "place",
            header: t("analysis.place"),
            render: (r) => (
              <>
                {placeLink(r)}
                <Text size="xs" c="dimmed">
                  {r.location.code}
                </Text>
              </>
            ),
          },
          { key: "sector", header: t("analysis.sector"), render: (r) => r.sector.name },
          {
            key: "severity",
            header: t("analysis.severity"),
            nowrap: true,
            render: (r) => (r.severity === null ? t("common.none") : <SeverityBadge level={r.severity} />),
          },
          { key: "inNeed", header: t("analysis.inNeed"), nowrap: true, render: (r) => value(r, r.inNeed) },
          { key: "reached", header: t("analysis.reached"), nowrap: true, render: (r) => value(r, r.reached) },
          { key: "partners", header: t("analysis.partners"), render: (r) => format.number(r.partners) },
          {
            key: "coverage",
            header: t("analysis.coverage"),
            nowrap: true,
            render: (r) => (r.coverage === null ? t("common.none") : format.percent(r.coverage)),
          },
          {
            key: "unmet",
            header: t("analysis.unmet"),
            nowrap: true,
            render: (r) => <strong>{value(r, r.unmet)}</strong>,
          },
          {
            key: "flag",
            header: t("analysis.flags"),
            nowrap: true,
            render: (r) =>
              r.highNeedNoPartner ? (
                <Badge color="red" variant="filled">
                  {t("analysis.highNeedNoPartner")}
                </Badge>
              ) : null,
          },
          {
            key: "records",
            header: t("analysis.records"),
            nowrap: true,
            // The months the answer counted (the latest reported when none was chosen).
            render: (r) => (
              <RecordsLink
                slug={slug}
                sector={r.sector}
                location={r.location}
                from={gaps.data?.from}
                to={gaps.data?.to}
              />
            ),
          },
        ]}
      />
      {rows && rows.length > shown && (
        <Button variant="default" onClick={() => setShown((n) => n + PAGE)} w="fit-content">
          {t("analysis.showMore", { shown: format.number(shown), total: format.number(rows.length) })}
        </Button>
      )}
    </Stack>
  );
}
