import {
  Anchor,
  Badge,
  Button,
  Group,
  Modal,
  Pagination,
  Paper,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import { type DocumentFilter, documentFileUrl, useDocuments } from "../../api/documents.ts";
import { useResponse } from "../../api/responses.ts";
import { useSectors } from "../../api/sectors.ts";
import { useUser } from "../../api/session.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { PageLoader } from "../../components/PageLoader.tsx";
import { useFormat } from "../../i18n/format.ts";
import { hasGrantIn, organisationsOf, sectorsOf } from "../../lib/roles.ts";
import { DocumentUploadForm } from "./DocumentUploadForm.tsx";
import { fileSize, languageOptions, typeLabel, typeOptions } from "./options.ts";

const pageSize = 20;

/** `/r/:slug/documents`: the library, searched and filtered, with an upload form for writers. */
export default function DocumentsPage() {
  const { slug = "" } = useParams();
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const response = useResponse(slug);
  const sectors = useSectors(slug);
  const user = useUser();
  const [q, setQ] = useState(params.get("q") ?? "");
  const [debounced] = useDebouncedValue(q, 300);
  const [uploading, setUploading] = useState(false);
  const page = Number(params.get("page") ?? "1") || 1;
  const filter: DocumentFilter = {
    q: debounced || undefined,
    type: (params.get("type") as DocumentFilter["type"]) ?? undefined,
    sector: params.get("sector") ?? undefined,
    language: params.get("language") ?? undefined,
    from: params.get("from") ?? undefined,
    to: params.get("to") ?? undefined,
    limit: pageSize,
    offset: (page - 1) * pageSize,
  };
  const documents = useDocuments(slug, filter);
  const setParam = (name: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    next.delete("page");
    setParams(next, { replace: true });
  };
  const responseId = response.data?.id;
  const canUpload = hasGrantIn(user, responseId, "document:create");
  const total = documents.data?.total ?? 0;

  return (
    <Stack gap="lg" maw={1100}>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1}>{t("documents.title")}</Title>
          <Text c="dimmed" mt={4} maw={720}>
            {t("documents.intro")}
          </Text>
        </div>
        {canUpload && <Button onClick={() => setUploading(true)}>{t("documents.add")}</Button>}
      </Group>

      <Paper withBorder p="md" component="section" aria-label={t("documents.filters")}>
        <Group align="flex-end" gap="sm" wrap="wrap">
          <TextInput
            label={t("documents.search")}
            placeholder={t("documents.searchPlaceholder")}
            value={q}
            onChange={(e) => setQ(e.currentTarget.value)}
            w={{ base: "100%", sm: 240 }}
          />
          <Select
            label={t("documents.typeLabel")}
            placeholder={t("documents.any")}
            data={typeOptions(t)}
            value={filter.type ?? null}
            onChange={(v) => setParam("type", v)}
            clearable
            w={{ base: "100%", sm: 200 }}
          />
          <Select
            label={t("documents.sectorLabel")}
            placeholder={t("documents.any")}
            data={(sectors.data ?? []).map((s) => ({ value: s.code, label: s.name }))}
            value={filter.sector ?? null}
            onChange={(v) => setParam("sector", v)}
            clearable
            searchable
            w={{ base: "100%", sm: 200 }}
          />
          <Select
            label={t("documents.languageLabel")}
            placeholder={t("documents.any")}
            data={languageOptions(t)}
            value={filter.language ?? null}
            onChange={(v) => setParam("language", v)}
            clearable
            w={{ base: "100%", sm: 150 }}
          />
          <TextInput
            type="date"
            label={t("documents.from")}
            value={filter.from ?? ""}
            onChange={(e) => setParam("from", e.currentTarget.value)}
            w={{ base: "47%", sm: 160 }}
          />
          <TextInput
            type="date"
            label={t("documents.to")}
            value={filter.to ?? ""}
            onChange={(e) => setParam("to", e.currentTarget.value)}
            w={{ base: "47%", sm: 160 }}
          />
        </Group>
      </Paper>

      {documents.error ? (
        <ErrorAlert error={documents.error} onRetry={() => void documents.refetch()} />
      ) : !documents.data ? (
        <PageLoader />
      ) : (
        <Stack gap="sm" aria-live="polite">
          <Text size="sm" c="dimmed">
            {t("documents.count", { count: total })}
          </Text>
          {documents.data.items.length === 0 && <Text>{t("documents.empty")}</Text>}
          {documents.data.items.map((d) => (
            <Paper key={d.id} withBorder p="md" component="article">
              <Group justify="space-between" align="flex-start" wrap="nowrap" gap="md">
                <Stack gap={4} style={{ minWidth: 0 }}>
                  <Anchor component={Link} to={`/r/${slug}/documents/${d.id}`} fw={600} size="lg">
                    {d.title}
                  </Anchor>
                  <Group gap={6} wrap="wrap">
                    <Badge variant="light">{t(`documents.type.${d.type}`)}</Badge>
                    {d.visibility === "signed_in" && (
                      <Badge variant="outline" color="gray">
                        {t("documents.visibility.signed_in")}
                      </Badge>
                    )}
                    {d.documentDate && <Text size="sm">{format.date(d.documentDate)}</Text>}
                    <Text size="sm" c="dimmed">
                      {[
                        ...d.sectors.map((s) => s.name),
                        ...d.organisations.map((o) => o.acronym ?? o.name),
                      ].join(" · ")}
                    </Text>
                  </Group>
                  {d.description && (
                    <Text size="sm" lineClamp={2}>
                      {d.description}
                    </Text>
                  )}
                </Stack>
                <Button
                  component="a"
                  href={documentFileUrl(slug, d.id)}
                  variant="light"
                  size="xs"
                  aria-label={t("documents.downloadNamed", { title: d.title })}
                  style={{ flexShrink: 0 }}
                >
                  {typeLabel(d.currentVersion.contentType, d.currentVersion.fileName)} ·{" "}
                  {fileSize(d.currentVersion.size, format.number)}
                </Button>
              </Group>
            </Paper>
          ))}
          {total > pageSize && (
            <Pagination
              total={Math.ceil(total / pageSize)}
              value={page}
              onChange={(p) => {
                const next = new URLSearchParams(params);
                next.set("page", String(p));
                setParams(next);
              }}
              getControlProps={(control) => ({
                "aria-label": t(control === "next" ? "common.next" : "common.previous"),
              })}
            />
          )}
        </Stack>
      )}

      <Modal opened={uploading} onClose={() => setUploading(false)} title={t("documents.add")} size="lg">
        <DocumentUploadForm
          slug={slug}
          defaults={{
            organisationIds: organisationsOf(user, responseId),
            sectorIds: sectorsOf(user, responseId),
          }}
          onCancel={() => setUploading(false)}
          onDone={(d) => {
            setUploading(false);
            navigate(`/r/${slug}/documents/${d.id}`);
          }}
        />
      </Modal>
    </Stack>
  );
}
