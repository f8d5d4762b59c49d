import { Badge, Button, Group, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { OrganisationOutput } from "../../../common/schemas/organisations.ts";
import { type Column, DataTable } from "../../components/DataTable.tsx";
import { useTypeLabel } from "./typeLabel.ts";

interface Props {
  rows: OrganisationOutput[] | undefined;
  loading: boolean;
  error: unknown;
  onRetry: () => void;
  canUpdate: (org: OrganisationOutput) => boolean;
  canMerge: boolean;
  onEdit: (org: OrganisationOutput) => void;
  onMerge: (org: OrganisationOutput) => void;
}

export function OrganisationTable(props: Props) {
  const { t } = useTranslation();
  const typeLabel = useTypeLabel();
  const showActions = props.canMerge || (props.rows ?? []).some(props.canUpdate);
  const columns: Column<OrganisationOutput>[] = [
    {
      key: "name",
      header: t("organisations.name"),
      render: (o) => (
        <Text fw={600} size="sm">
          {o.name}
        </Text>
      ),
    },
    { key: "acronym", header: t("organisations.acronym"), render: (o) => o.acronym ?? "", nowrap: true },
    { key: "type", header: t("organisations.type"), render: (o) => typeLabel(o.type) },
    {
      key: "iati",
      header: t("organisations.iatiId"),
      render: (o) => (o.iatiId ? <code>{o.iatiId}</code> : ""),
      nowrap: true,
    },
    {
      key: "aliases",
      header: t("organisations.aliases"),
      render: (o) => (
        <Group gap={4}>
          {o.aliases.map((a) => (
            <Badge key={a} variant="outline" color="gray" tt="none" fw={500}>
              {a}
            </Badge>
          ))}
        </Group>
      ),
    },
  ];
  if (showActions)
    columns.push({
      key: "actions",
      header: <span className="visually-hidden">{t("common.actions")}</span>,
      nowrap: true,
      render: (o) => (
        <Group gap={4} wrap="nowrap">
          {props.canUpdate(o) && (
            <Button
              size="compact-sm"
              variant="subtle"
              onClick={() => props.onEdit(o)}
              aria-label={t("organisations.editNamed", { name: o.name })}
            >
              {t("common.edit")}
            </Button>
          )}
          {props.canMerge && (
            <Button
              size="compact-sm"
              variant="subtle"
              color="orange"
              onClick={() => props.onMerge(o)}
              aria-label={t("organisations.mergeNamed", { name: o.name })}
            >
              {t("organisations.merge")}
            </Button>
          )}
        </Group>
      ),
    });
  return (
    <DataTable
      caption={t("organisations.tableCaption")}
      captionHidden
      columns={columns}
      rows={props.rows}
      rowKey={(o) => o.id}
      loading={props.loading}
      error={props.error}
      onRetry={props.onRetry}
      empty={t("organisations.empty")}
      minWidth={820}
    />
  );
}
