import { Anchor, Button, Checkbox, Group, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { type Column, DataTable } from "../../components/DataTable.tsx";
import type { ContactOutput } from "./api.ts";
import { ContactStatus } from "./ContactStatus.tsx";

interface Props {
  rows: ContactOutput[] | undefined;
  loading: boolean;
  error: unknown;
  onRetry: () => void;
  selected: string[];
  onSelect: (ids: string[]) => void;
  onEdit: (c: ContactOutput) => void;
  onDelete: (c: ContactOutput) => void;
  onRequest: (c: ContactOutput) => void;
  requesting: boolean;
}

/** People with their organisation, seats, ways to reach them and whether the entry is current. */
export function ContactsTable(props: Props) {
  const { t } = useTranslation();
  const { rows, selected, onSelect } = props;
  const selectable = (rows ?? []).filter((c) => c.canEdit);
  const allSelected = selectable.length > 0 && selectable.every((c) => selected.includes(c.id));
  const toggle = (id: string, on: boolean) =>
    onSelect(on ? [...selected, id] : selected.filter((s) => s !== id));

  const columns: Column<ContactOutput>[] = [
    ...(selectable.length
      ? [
          {
            key: "select",
            header: (
              <Checkbox
                aria-label={t("contacts.selectAll")}
                checked={allSelected}
                indeterminate={!allSelected && selected.length > 0}
                onChange={(e) => onSelect(e.currentTarget.checked ? selectable.map((c) => c.id) : [])}
              />
            ),
            render: (c: ContactOutput) =>
              c.canEdit ? (
                <Checkbox
                  aria-label={t("contacts.selectOne", { name: c.name })}
                  checked={selected.includes(c.id)}
                  onChange={(e) => toggle(c.id, e.currentTarget.checked)}
                />
              ) : null,
          },
        ]
      : []),
    {
      key: "name",
      header: t("contacts.name"),
      render: (c) => (
        <div>
          <Text fw={600} size="sm">
            {c.name}
          </Text>
          {c.title && (
            <Text size="xs" c="dimmed">
              {c.title}
            </Text>
          )}
        </div>
      ),
    },
    {
      key: "organisation",
      header: t("contacts.organisation"),
      // The acronym keeps the column narrow; the full name is one hover (or screen reader) away.
      render: (c) =>
        c.organisation.acronym ? (
          <Text size="sm" title={c.organisation.name}>
            {c.organisation.acronym}
            <span className="visually-hidden"> ({c.organisation.name})</span>
          </Text>
        ) : (
          c.organisation.name
        ),
    },
    {
      key: "platforms",
      header: t("contacts.platforms"),
      render: (c) =>
        c.platforms.length ? (
          <Stack gap={0}>
            {c.platforms.map((p) => (
              <Text size="sm" key={p.id}>
                {p.name}{" "}
                <Text span size="xs" c="dimmed">
                  · {t(`contacts.role.${p.role}`)}
                </Text>
              </Text>
            ))}
          </Stack>
        ) : (
          t("common.none")
        ),
    },
    {
      key: "reach",
      header: t("contacts.reach"),
      render: (c) => (
        <Stack gap={0}>
          <Anchor href={`mailto:${c.email}`} size="sm">
            {c.email}
          </Anchor>
          {c.phones.map((p) => (
            <Anchor key={p} href={`tel:${p}`} size="sm" c="dimmed">
              {p}
            </Anchor>
          ))}
        </Stack>
      ),
    },
    {
      key: "status",
      header: t("contacts.status"),
      render: (c) => <ContactStatus contact={c} />,
      nowrap: true,
    },
    {
      key: "actions",
      header: t("common.actions"),
      render: (c) =>
        c.canEdit ? (
          <Group gap={4} wrap="nowrap">
            <Button
              size="compact-sm"
              variant="subtle"
              onClick={() => props.onEdit(c)}
              aria-label={t("contacts.editOne", { name: c.name })}
            >
              {t("common.edit")}
            </Button>
            <Button
              size="compact-sm"
              variant="subtle"
              disabled={props.requesting}
              onClick={() => props.onRequest(c)}
              aria-label={t("contacts.requestOne", { name: c.name })}
            >
              {t("contacts.request")}
            </Button>
            <Button
              size="compact-sm"
              variant="subtle"
              color="red"
              onClick={() => props.onDelete(c)}
              aria-label={t("contacts.deleteOne", { name: c.name })}
            >
              {t("contacts.delete")}
            </Button>
          </Group>
        ) : null,
    },
  ];

  return (
    <DataTable
      caption={t("contacts.tableCaption")}
      captionHidden
      columns={columns}
      rows={rows}
      rowKey={(c) => c.id}
      loading={props.loading}
      error={props.error}
      onRetry={props.onRetry}
      empty={t("contacts.empty")}
      minWidth={960}
    />
  );
}
