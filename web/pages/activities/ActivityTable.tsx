import { Anchor, Badge, Table, Text } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { ActivityOutput, ReviewState } from "../../../common/schemas/activities.ts";
import { useFormat } from "../../i18n/format.ts";
import { useMonthLabel } from "./months.ts";

const figures = ["reachedTotal", "women", "men", "girls", "boys"] as const;
type Figure = (typeof figures)[number];

const reviewColour: Record<ReviewState, string> = {
  draft: "gray",
  submitted: "blue",
  approved: "teal",
  rejected: "red",
};

interface Props {
  rows: ActivityOutput[];
  showReviewState: boolean;
  loading: boolean;
  /** The record's own page (signed-in readers), linked from its activity. */
  linkTo?: (a: ActivityOutput) => string;
}

function Org({ org }: { org: ActivityOutput["reportingOrg"] | null }) {
  const { t } = useTranslation();
  if (!org)
    return (
      <Text size="sm" c="dimmed" title={t("activities.selfImplementedHint")}>
        {t("activities.selfImplemented")}
      </Text>
    );
  return (
    <Text size="sm" title={org.name}>
      {org.acronym ?? org.name}
    </Text>
  );
}

/** The 4W records with a totals row over the records loaded. */
export function ActivityTable({ rows, showReviewState, loading, linkTo }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const monthLabel = useMonthLabel("short");
  const none = t("common.none");
  const num = (value: number | null) => (value == null ? none : format.number(value));

  const text: { key: string; header: string; render: (a: ActivityOutput) => ReactNode; nowrap?: boolean }[] =
    [
      {
        key: "month",
        header: t("activities.month"),
        render: (a) => monthLabel(a.reportingMonth),
        nowrap: true,
      },
      { key: "reporting", header: t("activities.reportingOrg"), render: (a) => <Org org={a.reportingOrg} /> },
      {
        key: "implementing",
        header: t("activities.implementingOrg"),
        render: (a) => <Org org={a.implementingOrg} />,
      },
      {
        key: "sector",
        header: t("activities.sector"),
        render: (a) => (
          <Text
            size="sm"
            fw={600}
            ff="monospace"
            title={a.subSector ? `${a.sector.name} › ${a.subSector.name}` : a.sector.name}
          >
            {a.subSector ? `${a.sector.code} › ${a.subSector.code}` : a.sector.code}
          </Text>
        ),
        nowrap: true,
      },
      {
        key: "activity",
        header: t("activities.activityType"),
        render: (a) =>
          linkTo ? (
            <Anchor component={Link} to={linkTo(a)} size="sm">
              {a.activityType.name}
            </Anchor>
          ) : (
            a.activityType.name
          ),
      },
      {
        key: "location",
        header: t("activities.location"),
        render: (a) => (
          <>
            <Text size="sm">{a.location.name}</Text>
            <Text size="xs" c="dimmed" ff="monospace">
              {a.location.code}
            </Text>
          </>
        ),
      },
      {
        key: "population",
        header: t("activities.populationGroup"),
        render: (a) => (
          <Text size="xs" title={a.populationGroup?.code}>
            {a.populationGroup?.name ?? none}
          </Text>
        ),
      },
      {
        key: "status",
        header: t("activities.status"),
        render: (a) => t(`activities.statuses.${a.status}`),
        nowrap: true,
      },
    ];
  if (showReviewState)
    text.push({
      key: "review",
      header: t("activities.reviewState"),
      render: (a) => (
        <Badge
          color={reviewColour[a.reviewState]}
          variant="light"
          title={a.rejectionReason ?? undefined}
          data-testid="review-state"
          style={{ minWidth: "max-content" }}
        >
          {t(`activities.reviewStates.${a.reviewState}`)}
        </Badge>
      ),
      nowrap: true,
    });

  const totals = Object.fromEntries(
    figures.map((f) => [f, rows.reduce((sum, a) => sum + (a[f] ?? 0), 0)]),
  ) as Record<Figure, number>;
  const figureHeader: Record<Figure, string> = {
    reachedTotal: t("activities.reachedTotal"),
    women: t("activities.women"),
    men: t("activities.men"),
    girls: t("activities.girls"),
    boys: t("activities.boys"),
  };

  return (
    <Table.ScrollContainer minWidth={showReviewState ? 1180 : 1080} type="native" maxHeight="70vh">
      <Table
        striped
        highlightOnHover
        stickyHeader
        verticalSpacing="xs"
        horizontalSpacing="xs"
        fz="sm"
        aria-busy={loading ? true : undefined}
        style={{ opacity: loading ? 0.6 : 1, transition: "opacity 120ms" }}
      >
        <caption className="visually-hidden">{t("activities.tableCaption")}</caption>
        <Table.Thead>
          <Table.Tr>
            {text.map((c) => (
              <Table.Th key={c.key} scope="col">
                {c.header}
              </Table.Th>
            ))}
            {figures.map((f) => (
              <Table.Th key={f} scope="col" ta="end" style={{ whiteSpace: "nowrap" }}>
                {figureHeader[f]}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((a) => (
            <Table.Tr key={a.id} data-testid="activity-row">
              {text.map((c) => (
                <Table.Td
                  key={c.key}
                  data-column={c.key}
                  style={c.nowrap ? { whiteSpace: "nowrap" } : undefined}
                >
                  {c.render(a)}
                </Table.Td>
              ))}
              {figures.map((f) => (
                <Table.Td key={f} ta="end" style={{ fontVariantNumeric: "tabular-nums" }}>
                  {num(a[f])}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
        <Table.Tfoot
          style={{ position: "sticky", bottom: 0, zIndex: 1, background: "var(--mantine-color-body)" }}
        >
          <Table.Tr data-testid="totals-row" style={{ borderTop: "2px solid var(--mantine-color-gray-5)" }}>
            <Table.Th scope="row" colSpan={text.length} fw={700}>
              {t("activities.totalsRow", { count: rows.length, formatted: format.number(rows.length) })}
            </Table.Th>
            {figures.map((f) => (
              <Table.Td
                key={f}
                ta="end"
                fw={700}
                data-testid={`total-${f}`}
                style={{ fontVariantNumeric: "tabular-nums" }}
              >
                {format.number(totals[f])}
              </Table.Td>
            ))}
          </Table.Tr>
        </Table.Tfoot>
      </Table>
    </Table.ScrollContainer>
  );
}
