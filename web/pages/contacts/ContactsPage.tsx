import { Alert, Box, Button, Checkbox, Group, Select, Stack, Text, TextInput, Title } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams, useSearchParams } from "react-router";
import { usePlatforms } from "../../api/platforms.ts";
import { useResponse } from "../../api/responses.ts";
import { useSectors } from "../../api/sectors.ts";
import { useUser } from "../../api/session.ts";
import { AccessGate } from "../../components/AccessGate.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { hasGrantIn } from "../../lib/roles.ts";
import { ConfirmDialog } from "../structure/ConfirmDialog.tsx";
import { useOrganisationOptions } from "../structure/useOrganisationOptions.ts";
import {
  type ContactFilter,
  type ContactOutput,
  useContacts,
  useDeleteContact,
  useRequestConfirmation,
} from "./api.ts";
import { ContactCards } from "./ContactCards.tsx";
import { ContactForm } from "./ContactForm.tsx";
import { ContactsDownload } from "./ContactsDownload.tsx";
import { ContactsTable } from "./ContactsTable.tsx";

type Editing = { mode: "create" } | { mode: "edit"; contact: ContactOutput } | null;

/** `/r/:slug/contacts`: the directory for signed-in users: search, filters, stale flags, confirmation requests. */
export default function ContactsPage() {
  const { t } = useTranslation();
  const user = useUser();
  return (
    <AccessGate allowed={!!user}>
      <Stack gap="lg" maw={1400}>
        <div>
          <Title order={1}>{t("contacts.title")}</Title>
          <Text c="dimmed">{t("contacts.intro")}</Text>
        </div>
        <ContactsDirectory />
      </Stack>
    </AccessGate>
  );
}

function ContactsDirectory() {
  const { slug = "" } = useParams();
  const { t } = useTranslation();
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const [q, setQ] = useState("");
  const [debounced] = useDebouncedValue(q.trim(), 300);
  const [cursors, setCursors] = useState<string[]>([]);
  const [selected, setSelected] = useState<string[]>([]);
  // Held here too: the URL updates in a transition, and the box must tick at once.
  const [staleOnly, setStaleOnly] = useState(params.get("stale") === "true");
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<ContactOutput | null>(null);
  const response = useResponse(slug);
  const organisations = useOrganisationOptions(slug);
  const platforms = usePlatforms(slug);
  const sectors = useSectors(slug);
  const request = useRequestConfirmation(slug);
  const remove = useDeleteContact(slug);

  const filter: ContactFilter = {
    q: debounced || undefined,
    organisation: params.get("organisation") ?? undefined,
    platform: params.get("platform") ?? undefined,
    sector: params.get("sector") ?? undefined,
    stale: params.get("stale") === "true" ? "true" : undefined,
  };
  const list = useContacts(slug, { ...filter, cursor: cursors[cursors.length - 1] });
  const setFilter = (name: keyof ContactFilter, value: string | null) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (value) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: true },
    );

  // A new filter starts again at the first page, with nothing selected.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset only when the filter changes
  useEffect(() => {
    setCursors([]);
    setSelected([]);
  }, [debounced, params.toString(), slug]);

  const canCreate = hasGrantIn(user, response.data?.id, "contact:create");
  const askConfirmation = (ids: string[]) =>
    request.mutate(ids, {
      onSuccess: ({ requested, failed }) => {
        if (requested)
          notifications.show({ color: "teal", message: t("contacts.requested", { count: requested }) });
        if (failed.length)
          notifications.show({
            color: "orange",
            autoClose: false,
            message: t("contacts.mailFailed", { addresses: failed.join(", ") }),
          });
        setSelected([]);
      },
    });
  const data = list.data;
  const page = cursors.length + 1;

  return (
    <>
      <Group justify="space-between" align="flex-end">
        <Text aria-live="polite" fw={500}>
          {data ? t("contacts.summary", { count: data.total, stale: data.staleCount }) : t("common.loading")}
        </Text>
        <Group gap="sm">
          {canCreate && <Button onClick={() => setEditing({ mode: "create" })}>{t("contacts.add")}</Button>}
          <ContactsDownload slug={slug} filter={filter} />
        </Group>
      </Group>
      <Group align="flex-end" gap="md">
        <TextInput
          type="search"
          label={t("contacts.search")}
          description={t("contacts.searchHint")}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          w={{ base: "100%", xs: 300 }}
        />
        <Select
          label={t("contacts.organisation")}
          placeholder={t("contacts.all")}
          data={organisations}
          value={filter.organisation ?? null}
          onChange={(v) => setFilter("organisation", v)}
          searchable
          clearable
          w={{ base: "100%", xs: 240 }}
        />
        <Select
          label={t("contacts.platform")}
          placeholder={t("contacts.all")}
          data={(platforms.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
          value={filter.platform ?? null}
          onChange={(v) => setFilter("platform", v)}
          searchable
          clearable
          w={{ base: "100%", xs: 240 }}
        />
        <Select
          label={t("contacts.sector")}
          placeholder={t("contacts.all")}
          data={(sectors.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
          value={filter.sector ?? null}
          onChange={(v) => setFilter("sector", v)}
          searchable
          clearable
          w={{ base: "100%", xs: 200 }}
        />
        <Checkbox
          label={t("contacts.staleOnly")}
          checked={staleOnly}
          onChange={(e) => {
            const on = e.currentTarget.checked;
            setStaleOnly(on);
            setFilter("stale", on ? "true" : null);
          }}
          mb={8}
        />
      </Group>
      {request.error ? <ErrorAlert error={request.error} /> : null}
      {selected.length > 0 && (
        <Alert variant="light" color="blue" role="region" aria-label={t("contacts.selection")}>
          <Group justify="space-between">
            <Text size="sm">{t("contacts.selected", { count: selected.length })}</Text>
            <Group gap="xs">
              <Button size="xs" variant="default" onClick={() => setSelected([])}>
                {t("contacts.clearSelection")}
              </Button>
              <Button size="xs" loading={request.isPending} onClick={() => askConfirmation(selected)}>
                {t("contacts.requestSelected", { count: selected.length })}
              </Button>
            </Group>
          </Group>
        </Alert>
      )}
      <Box visibleFrom="sm">
        <ContactsTable
          rows={data?.items}
          loading={list.isFetching}
          error={list.error}
          onRetry={() => void list.refetch()}
          selected={selected}
          onSelect={setSelected}
          onEdit={(contact) => setEditing({ mode: "edit", contact })}
          onDelete={setDeleting}
          onRequest={(contact) => askConfirmation([contact.id])}
          requesting={request.isPending}
        />
      </Box>
      <Box hiddenFrom="sm">
        {list.error && !data ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
        <ContactCards
          rows={data?.items}
          selected={selected}
          onSelect={setSelected}
          onEdit={(contact) => setEditing({ mode: "edit", contact })}
          onDelete={setDeleting}
          onRequest={(contact) => askConfirmation([contact.id])}
          requesting={request.isPending}
        />
      </Box>
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
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
            disabled={!data?.nextCursor || list.isPlaceholderData}
            onClick={() => data?.nextCursor && setCursors((c) => [...c, data.nextCursor as string])}
          >
            {t("common.next")}
          </Button>
        </Group>
      </Group>
      {editing && (
        <ContactForm
          slug={slug}
          contact={editing.mode === "edit" ? editing.contact : null}
          onClose={() => setEditing(null)}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title={t("contacts.delete")}
          message={t("contacts.deleteConfirm", { name: deleting.name })}
          confirmLabel={t("contacts.delete")}
          pending={remove.isPending}
          error={remove.error}
          onClose={() => setDeleting(null)}
          onConfirm={() =>
            remove.mutate(deleting.id, {
              onSuccess: () => {
                notifications.show({
                  color: "teal",
                  message: t("contacts.deleted", { name: deleting.name }),
                });
                setDeleting(null);
              },
            })
          }
        />
      )}
    </>
  );
}
