import { Anchor, Badge, Group, Stack, Text, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { type Sector, useSectors } from "../../api/sectors.ts";
import { type Column, DataTable } from "../../components/DataTable.tsx";
import { DownloadMenu } from "../../components/DownloadMenu.tsx";
import { useFormat } from "../../i18n/format.ts";

const orgs = (list: Sector["leads"]) => list.map((o) => o.acronym ?? o.name).join(", ");

/** `/r/:slug/sectors`: sectors, sub-sectors and working groups with their leads and catalogues. */
export default function SectorsPage() {
  const { slug = "" } = useParams();
  const { t } = useTranslation();
  const format = useFormat();
  const sectors = useSectors(slug);
  const [q, setQ] = useState("");
  const byId = new Map((sectors.data ?? []).map((s) => [s.id, s]));
  const needle = q.trim().toLowerCase();
  const rows = sectors.data
    ?.filter((s) => !needle || s.name.toLowerCase().includes(needle) || s.code.toLowerCase().includes(needle))
    .sort((a, b) => a.name.localeCompare(b.name));

  const columns: Column<Sector>[] = [
    {
      key: "code",
      header: t("sectors.code"),
      render: (s) => <Badge variant="light">{s.code}</Badge>,
      nowrap: true,
    },
    {
      key: "name",
      header: t("sectors.name"),
      render: (s) => (
        <Anchor component={Link} to={`/r/${slug}/sectors/${encodeURIComponent(s.code)}`} fw={600} size="sm">
          {s.name}
        </Anchor>
      ),
    },
    { key: "kind", header: t("sectors.kindLabel"), render: (s) => t(`sectors.kind.${s.kind}`) },
    {
      key: "parent",
      header: t("sectors.parent"),
      render: (s) => (s.parentId ? (byId.get(s.parentId)?.name ?? "") : ""),
    },
    { key: "leads", header: t("sectors.leads"), render: (s) => orgs(s.leads) },
    { key: "coLeads", header: t("sectors.coLeads"), render: (s) => orgs(s.coLeads) },
    {
      key: "activities",
      header: t("sectors.activityTypes"),
      render: (s) => format.number(s.activityTypes.length),
    },
    { key: "indicators", header: t("sectors.indicators"), render: (s) => format.number(s.indicators.length) },
  ];

  return (
    <Stack gap="lg" maw={1400}>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1}>{t("sectors.title")}</Title>
          <Text c="dimmed">{t("sectors.intro")}</Text>
        </div>
        <DownloadMenu path={`/responses/${slug}/sectors`} />
      </Group>
      <TextInput
        type="search"
        label={t("sectors.filter")}
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        w={{ base: "100%", xs: 340 }}
      />
      <DataTable
        caption={t("sectors.tableCaption")}
        captionHidden
        columns={columns}
        rows={rows}
        rowKey={(s) => s.id}
        loading={sectors.isFetching}
        error={sectors.error}
        onRetry={() => void sectors.refetch()}
        empty={t("sectors.empty")}
        minWidth={900}
      />
    </Stack>
  );
}
