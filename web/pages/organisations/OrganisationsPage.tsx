import { Button, Group, NativeSelect, Stack, Text, TextInput, Title } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { type OrganisationOutput, organisationTypes } from "../../../common/schemas/organisations.ts";
import { useOrganisations } from "../../api/organisations.ts";
import { useResponse } from "../../api/responses.ts";
import { usePermission } from "../../components/Can.tsx";
import { DownloadMenu } from "../../components/DownloadMenu.tsx";
import { MergeDialog } from "./MergeDialog.tsx";
import { OrganisationForm } from "./OrganisationForm.tsx";
import { OrganisationTable } from "./OrganisationTable.tsx";
import { useTypeLabel } from "./typeLabel.ts";

type Editing = { mode: "create" } | { mode: "edit"; org: OrganisationOutput } | null;

/** `/r/:slug/organisations`: search, filter by type, page through, download; add, edit, merge. */
export default function OrganisationsPage() {
  const { slug = "" } = useParams();
  const { t } = useTranslation();
  const typeLabel = useTypeLabel();
  const [q, setQ] = useState("");
  const [type, setType] = useState("");
  const [debounced] = useDebouncedValue(q.trim(), 300);
  const [cursors, setCursors] = useState<string[]>([]);
  const [editing, setEditing] = useState<Editing>(null);
  const [merging, setMerging] = useState<OrganisationOutput | null>(null);
  const response = useResponse(slug);
  const allowed = usePermission();
  const responseId = response.data?.id;
  const filter = { q: debounced || undefined, type: type || undefined };
  const list = useOrganisations(slug, { ...filter, cursor: cursors[cursors.length - 1] });

  // A new search starts again at the first page.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset only when the filter changes
  useEffect(() => setCursors([]), [debounced, type, slug]);

  const can = {
    create: !!responseId && allowed("organisation:create", { responseId }),
    update: (org: OrganisationOutput) =>
      !!responseId && allowed("organisation:update", { responseId, organisationId: org.id }),
    merge: !!responseId && allowed("organisation:merge", { responseId }),
  };
  const page = cursors.length + 1;

  return (
    <Stack gap="lg" maw={1400}>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1}>{t("organisations.title")}</Title>
          <Text c="dimmed">{t("organisations.intro")}</Text>
        </div>
        <Group gap="sm">
          {can.create && (
            <Button onClick={() => setEditing({ mode: "create" })}>{t("organisations.add")}</Button>
          )}
          <DownloadMenu path={`/responses/${slug}/organisations`} query={filter} />
        </Group>
      </Group>
      <Group align="flex-end" gap="md">
        <TextInput
          type="search"
          label={t("organisations.search")}
          description={t("organisations.searchHint")}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          w={{ base: "100%", xs: 340 }}
        />
        <NativeSelect
          label={t("organisations.type")}
          value={type}
          onChange={(e) => setType(e.currentTarget.value)}
          data={[
            { value: "", label: t("organisations.allTypes") },
            ...organisationTypes.map((c) => ({ value: c, label: typeLabel(c) })),
          ]}
          w={{ base: "100%", xs: 260 }}
        />
      </Group>
      <OrganisationTable
        rows={list.data?.items}
        loading={list.isFetching}
        error={list.error}
        onRetry={() => void list.refetch()}
        canUpdate={can.update}
        canMerge={can.merge}
        onEdit={(org) => setEditing({ mode: "edit", org })}
        onMerge={setMerging}
      />
      <Group justify="space-between">
        <Text size="sm" c="dimmed" aria-live="polite">
          {t("common.pageN", { page })}
        </Text>
        <Group gap="xs">
          <Button
            variant="default"
            disabled={cursors.length === 0}
            onClick={() => setCursors((c) => c.slice(0, -1))}
          >
            {t("common.previous")}
          </Button>
          <Button
            variant="default"
            disabled={!list.data?.nextCursor || list.isPlaceholderData}
            onClick={() => list.data?.nextCursor && setCursors((c) => [...c, list.data.nextCursor as string])}
          >
            {t("common.next")}
          </Button>
        </Group>
      </Group>
      {editing && (
        <OrganisationForm
          slug={slug}
          organisation={editing.mode === "edit" ? editing.org : null}
          onClose={() => setEditing(null)}
        />
      )}
      {merging && <MergeDialog slug={slug} organisation={merging} onClose={() => setMerging(null)} />}
    </Stack>
  );
}
