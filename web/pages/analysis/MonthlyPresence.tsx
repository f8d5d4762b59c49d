import { Group, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { Ref } from "../../../common/schemas/analysis.ts";
import { analysisPath, type Presence, usePresence } from "../../api/analysis.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { DownloadMenu } from "../../components/DownloadMenu.tsx";
import { useFormat } from "../../i18n/format.ts";
import { RecordsLink } from "./shared.tsx";

const MONTHS = 12;

/** The `count` months up to `last` (YYYY-MM), newest first. */
function monthsTo(last: string, count: number): string[] {
  const year = Number(last.slice(0, 4));
  const month = Number(last.slice(5, 7)) - 1;
  return Array.from({ length: count }, (_, i) =>
    new Date(Date.UTC(year, month - i, 1)).toISOString().slice(0, 7),
  );
}

type Cell = Presence["rows"][number];

/**
 * Partners per sector and month in a place, over the twelve months to the latest reported: each
 * number opens the records it counts in the 4W explorer. A month with no record shows a dash, so
 * a partner leaving is visible; partners are distinct per month and do not add up over months.
 */
export function MonthlyPresence({
  slug,
  place,
  latestMonth,
}: {
  slug: string;
  place: Ref & { kind: string; level: number };
  latestMonth: string;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const months = monthsTo(latestMonth, MONTHS);
  const filter = {
    level: place.kind === "site" ? ("site" as const) : place.level,
    location: place.id,
    from: months[months.length - 1],
    to: latestMonth,
    by: "month" as const,
  };
  const presence = usePresence(slug, filter);
  // The answer also holds places of the same level within this one (rare); only this place counts.
  const cells = (presence.data?.rows ?? []).filter((r) => r.location.id === place.id);
  const sectors = [...new Map(cells.map((c) => [c.sector.id, c.sector])).values()].sort((a, b) =>
    a.code.localeCompare(b.code),
  );
  const cellOf = new Map(cells.map((c) => [`${c.sector.id}|${c.month}`, c]));
  const partners = (month: string, sector: Ref) => {
    const cell: Cell | undefined = cellOf.get(`${sector.id}|${month}`);
    if (!cell) return t("common.none");
    return (
      <RecordsLink slug={slug} sector={sector} location={place} from={month} to={month}>
        {format.number(cell.organisations)}
      </RecordsLink>
    );
  };

  return (
    <section aria-labelledby="partners-by-month">
      <Group justify="space-between" align="flex-end" mb="xs">
        <div>
          <Title order={2} size="h3" id="partners-by-month">
            {t("analysis.partnersByMonth")}
          </Title>
          <Text size="sm" c="dimmed" maw={720}>
            {t("analysis.partnersByMonthIntro")}
          </Text>
        </div>
        <DownloadMenu
          path={analysisPath(slug, "presence")}
          query={{ ...filter, level: String(filter.level) }}
        />
      </Group>
      <DataTable<string>
        caption={t("analysis.partnersByMonthCaption", { place: place.name })}
        captionHidden
        rows={presence.data ? (sectors.length ? months : []) : undefined}
        loading={presence.isFetching}
        error={presence.error}
        onRetry={() => void presence.refetch()}
        rowKey={(month) => month}
        empty={t("analysis.noPartnersByMonth")}
        minWidth={Math.max(480, 160 + sectors.length * 110)}
        columns={[
          {
            key: "month",
            header: t("analysis.month"),
            nowrap: true,
            render: (month) => <strong>{format.month(month)}</strong>,
          },
          ...sectors.map((sector) => ({
            key: sector.id,
            header: sector.name,
            render: (month: string) => partners(month, sector),
          })),
        ]}
      />
    </section>
  );
}
