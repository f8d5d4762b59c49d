import { Badge, Button, Group, NativeSelect, Stack, Text, TextInput, Title } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { type AuditEntry, useAuditLog } from "../../../api/audit.ts";
import { type Column, DataTable } from "../../../components/DataTable.tsx";
import { useFormat } from "../../../i18n/format.ts";
import { JsonDiff } from "./JsonDiff.tsx";

const entityTypes = [
  "organisation",
  "location",
  "sector",
  "activity_type",
  "indicator",
  "population_group",
  "response",
  "user",
  "api_token",
];

interface Props {
  /** The response's log, or null for the platform log. */
  slug: string | null;
  title: string;
  intro: string;
}

/** A filterable audit log, newest first, with "load more" and each change's before / after. */
export function AuditLogView({ slug, title, intro }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const [action, setAction] = useState("");
  const [actor, setActor] = useState("");
  const [entityType, setEntityType] = useState("");
  const [actionQ] = useDebouncedValue(action.trim(), 300);
  const [actorQ] = useDebouncedValue(actor.trim(), 300);
  const filter = {
    action: actionQ || undefined,
    actor: actorQ || undefined,
    entityType: entityType || undefined,
  };
  const [open, setOpen] = useState<Set<number>>(new Set());
  const log = useAuditLog(slug, filter, true);
  const rows = log.data?.pages.flatMap((p) => p.items);

  const toggle = (id: number) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const columns: Column<AuditEntry>[] = [
    {
      key: "at",
      header: t("audit.when"),
      render: (e) => <time dateTime={e.at}>{format.dateTime(e.at)}</time>,
      nowrap: true,
    },
    { key: "actor", header: t("audit.actor"), render: (e) => e.actorLabel },
    {
      key: "action",
      header: t("audit.action"),
      render: (e) => (
        <Badge variant="light" tt="none" fw={600}>
          {e.action}
        </Badge>
      ),
      nowrap: true,
    },
    {
      key: "entity",
      header: t("audit.entity"),
      render: (e) => (
        <div>
          <Text size="sm">{t(`audit.entityType.${e.entityType}`, { defaultValue: e.entityType })}</Text>
          {e.entityId && (
            <Text size="xs" c="dimmed" style={{ wordBreak: "break-all" }}>
              {e.entityId}
            </Text>
          )}
          {e.reason && <Text size="xs">{e.reason}</Text>}
        </div>
      ),
    },
    {
      key: "changes",
      header: <span className="visually-hidden">{t("audit.changes")}</span>,
      nowrap: true,
      render: (e) => (
        <Button
          size="compact-sm"
          variant="subtle"
          onClick={() => toggle(e.id)}
          aria-expanded={open.has(e.id)}
        >
          {open.has(e.id) ? t("audit.hideChanges") : t("audit.showChanges")}
        </Button>
      ),
    },
  ];

  return (
    <Stack gap="lg" maw={1400}>
      <div>
        <Title order={1}>{title}</Title>
        <Text c="dimmed">{intro}</Text>
      </div>
      <Group align="flex-end" gap="md">
        <TextInput
          label={t("audit.filterAction")}
          description={t("audit.filterActionHint")}
          value={action}
          onChange={(e) => setAction(e.currentTarget.value)}
          w={{ base: "100%", xs: 220 }}
        />
        <TextInput
          label={t("audit.filterActor")}
          description={t("audit.filterActorHint")}
          value={actor}
          onChange={(e) => setActor(e.currentTarget.value)}
          w={{ base: "100%", xs: 240 }}
        />
        <NativeSelect
          label={t("audit.filterEntity")}
          description={t("audit.filterEntityHint")}
          value={entityType}
          onChange={(e) => setEntityType(e.currentTarget.value)}
          data={[
            { value: "", label: t("audit.allEntities") },
            ...entityTypes.map((v) => ({ value: v, label: t(`audit.entityType.${v}`, { defaultValue: v }) })),
          ]}
          w={{ base: "100%", xs: 220 }}
        />
      </Group>
      <DataTable
        caption={title}
        captionHidden
        columns={columns}
        rows={rows}
        rowKey={(e) => String(e.id)}
        loading={log.isFetching && !log.isFetchingNextPage}
        error={log.error}
        onRetry={() => void log.refetch()}
        empty={t("audit.empty")}
        expanded={(e) => (open.has(e.id) ? <JsonDiff before={e.before} after={e.after} /> : null)}
        minWidth={820}
      />
      {log.hasNextPage && (
        <Button
          variant="default"
          onClick={() => void log.fetchNextPage()}
          loading={log.isFetchingNextPage}
          w="fit-content"
        >
          {t("audit.loadMore")}
        </Button>
      )}
    </Stack>
  );
}
