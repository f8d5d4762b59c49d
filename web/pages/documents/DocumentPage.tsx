import {
  Anchor,
  Badge,
  Button,
  FileInput,
  Group,
  Image,
  Modal,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { ApiError } from "../../api/client.ts";
import {
  documentFileUrl,
  useDeleteDocument,
  useDocument,
  useDocumentVersions,
  useUploadVersion,
} from "../../api/documents.ts";
import { useResponse } from "../../api/responses.ts";
import { useSectors } from "../../api/sectors.ts";
import { usePermission } from "../../components/Can.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { PageLoader } from "../../components/PageLoader.tsx";
import { useFormat } from "../../i18n/format.ts";
import { NotFoundContent } from "../not-found/NotFoundPage.tsx";
import { DocumentPractices } from "./DocumentPractices.tsx";
import { fileSize, typeLabel } from "./options.ts";

/** `/r/:slug/documents/:id`: what the document is, a preview (PDF, images), and every version. */
export default function DocumentPage() {
  const { slug = "", id = "" } = useParams();
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const document = useDocument(slug, id);
  const versions = useDocumentVersions(slug, id);
  const response = useResponse(slug);
  const sectors = useSectors(slug);
  const allowed = usePermission();
  const upload = useUploadVersion(slug, id);
  const remove = useDeleteDocument(slug, id);
  const [file, setFile] = useState<File | null>(null);
  const [note, setNote] = useState("");
  const [deleting, setDeleting] = useState(false);

  if (document.error instanceof ApiError && ["NOT_FOUND", "VALIDATION_FAILED"].includes(document.error.code))
    return <NotFoundContent message={t("documents.notFound")} />;
  if (document.error) return <ErrorAlert error={document.error} onRetry={() => void document.refetch()} />;
  if (!document.data) return <PageLoader />;
  const d = document.data;
  const responseId = response.data?.id;
  // As on the server: the document's sectors with their parents, and its organisations.
  const sectorIds = d.sectors
    .flatMap((s) => [s.id, sectors.data?.find((x) => x.id === s.id)?.parentId ?? ""])
    .filter(Boolean);
  const orgIds: (string | null)[] = d.organisations.length ? d.organisations.map((o) => o.id) : [null];
  const may = (action: "document:update" | "document:delete") =>
    !!responseId &&
    orgIds.some((organisationId) => allowed(action, { responseId, sectorIds, organisationId }));
  const current = d.currentVersion;
  const isPdf = current.contentType === "application/pdf";
  const isImage = current.contentType.startsWith("image/") && current.contentType !== "image/tiff";

  const sendVersion = (event: React.FormEvent) => {
    event.preventDefault();
    if (!file) return;
    upload.mutate(
      { file, note: note.trim() || undefined },
      {
        onSuccess: (v) => {
          setFile(null);
          setNote("");
          notifications.show({
            message: t("documents.versionAdded", { version: v.version }),
            color: "green",
          });
        },
      },
    );
  };

  return (
    <Stack gap="lg" maw={1100}>
      <Anchor component={Link} to={`/r/${slug}/documents`} size="sm">
        ← {t("documents.back")}
      </Anchor>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1}>{d.title}</Title>
          <Group gap={6} mt={6}>
            <Badge variant="light">{t(`documents.type.${d.type}`)}</Badge>
            <Badge variant="outline" color="gray">
              {t(`documents.visibility.${d.visibility}`)}
            </Badge>
            {d.documentDate && <Text size="sm">{format.date(d.documentDate)}</Text>}
            <Text size="sm" c="dimmed">
              {t(`documents.language.${d.language}`, { defaultValue: d.language })}
            </Text>
          </Group>
        </div>
        <Group gap="sm">
          <Button component="a" href={documentFileUrl(slug, d.id)}>
            {t("documents.download")} ({typeLabel(current.contentType, current.fileName)},{" "}
            {fileSize(current.size, format.number)})
          </Button>
          {may("document:delete") && (
            <Button variant="subtle" color="red" onClick={() => setDeleting(true)}>
              {t("documents.delete")}
            </Button>
          )}
        </Group>
      </Group>

      {d.description && <Text maw={760}>{d.description}</Text>}
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
        {[
          { label: t("documents.sectorsLabel"), items: d.sectors.map((s) => s.name) },
          { label: t("documents.organisationsLabel"), items: d.organisations.map((o) => o.name) },
          { label: t("documents.locationsLabel"), items: d.locations.map((l) => l.name) },
        ].map((block) => (
          <Paper key={block.label} withBorder p="md">
            <Title order={2} size="h5" mb={4}>
              {block.label}
            </Title>
            <Text size="sm">{block.items.length ? block.items.join(", ") : t("common.none")}</Text>
          </Paper>
        ))}
      </SimpleGrid>
      {d.platform && (
        <Text size="sm">
          {t("documents.platform")}{" "}
          <Anchor component={Link} to={`/r/${slug}/structure/${d.platform.id}`}>
            {d.platform.name}
          </Anchor>
        </Text>
      )}

      <DocumentPractices slug={slug} documentId={d.id} />

      {(isPdf || isImage) && (
        <Paper withBorder p="xs" component="section" aria-label={t("documents.preview")}>
          <Title order={2} size="h4" mb="xs" px="xs">
            {t("documents.preview")}
          </Title>
          {isPdf ? (
            <iframe
              title={t("documents.previewOf", { title: d.title })}
              src={documentFileUrl(slug, d.id, current.version, true)}
              style={{ width: "100%", height: "70vh", border: 0 }}
            />
          ) : (
            <Image
              src={documentFileUrl(slug, d.id, current.version, true)}
              alt={d.title}
              fit="contain"
              mah="70vh"
            />
          )}
        </Paper>
      )}

      <Stack gap="sm" component="section" aria-labelledby="versions-title">
        <Title order={2} size="h4" id="versions-title">
          {t("documents.versions")}
        </Title>
        <Table.ScrollContainer minWidth={560}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("documents.version")}</Table.Th>
                <Table.Th>{t("documents.fileName")}</Table.Th>
                <Table.Th>{t("documents.uploaded")}</Table.Th>
                <Table.Th>{t("documents.note")}</Table.Th>
                <Table.Th>{t("common.actions")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(versions.data ?? []).map((v) => (
                <Table.Tr key={v.version}>
                  <Table.Td>{format.number(v.version)}</Table.Td>
                  <Table.Td>
                    {v.fileName}{" "}
                    <Text span size="xs" c="dimmed">
                      ({fileSize(v.size, format.number)})
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {format.dateTime(v.createdAt)}
                    {v.uploadedBy ? ` · ${v.uploadedBy}` : ""}
                  </Table.Td>
                  <Table.Td>{v.note ?? t("common.none")}</Table.Td>
                  <Table.Td>
                    <Anchor
                      href={documentFileUrl(slug, d.id, v.version)}
                      aria-label={t("documents.downloadVersion", { version: v.version })}
                    >
                      {t("documents.download")}
                    </Anchor>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {may("document:update") && (
          <Paper withBorder p="md" component="form" onSubmit={sendVersion}>
            <Title order={3} size="h5" mb="xs">
              {t("documents.newVersion")}
            </Title>
            <Group align="flex-end" gap="sm" wrap="wrap">
              <FileInput
                label={t("documents.file")}
                placeholder={t("documents.chooseFile")}
                value={file}
                onChange={setFile}
                w={{ base: "100%", sm: 280 }}
                clearable
              />
              <TextInput
                label={t("documents.note")}
                value={note}
                onChange={(e) => setNote(e.currentTarget.value)}
                maxLength={1000}
                w={{ base: "100%", sm: 320 }}
              />
              <Button type="submit" disabled={!file} loading={upload.isPending}>
                {t("documents.uploadVersion")}
              </Button>
            </Group>
            {upload.error && (
              <Stack mt="sm">
                <ErrorAlert error={upload.error} />
              </Stack>
            )}
          </Paper>
        )}
      </Stack>

      <Modal opened={deleting} onClose={() => setDeleting(false)} title={t("documents.deleteTitle")}>
        <Stack>
          <Text>{t("documents.deleteConfirm", { title: d.title })}</Text>
          {remove.error && <ErrorAlert error={remove.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setDeleting(false)}>
              {t("common.cancel")}
            </Button>
            <Button
              color="red"
              loading={remove.isPending}
              onClick={() => remove.mutate(undefined, { onSuccess: () => navigate(`/r/${slug}/documents`) })}
            >
              {t("documents.delete")}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
