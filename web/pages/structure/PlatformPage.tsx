import { Anchor, Badge, Button, Group, List, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { ApiError } from "../../api/client.ts";
import { useDeletePlatform, usePlatform } from "../../api/platforms.ts";
import { useResponse } from "../../api/responses.ts";
import { useSectors } from "../../api/sectors.ts";
import { usePermission } from "../../components/Can.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { PageLoader } from "../../components/PageLoader.tsx";
import { PlatformContacts } from "../contacts/PlatformContacts.tsx";
import { PlatformDocuments } from "../documents/PlatformDocuments.tsx";
import { UpcomingMeetings } from "../events/UpcomingMeetings.tsx";
import { NotFoundContent } from "../not-found/NotFoundPage.tsx";
import { ConfirmDialog } from "./ConfirmDialog.tsx";
import { MembersSection } from "./MembersSection.tsx";
import { PlatformForm } from "./PlatformForm.tsx";

/**
 * `/r/:slug/structure/:platformId`: purpose, place in the structure, chairs, terms of reference,
 * upcoming meetings, documents, members and who represents them, and contacts.
 */
export default function PlatformPage() {
  const { slug = "", platformId = "" } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const platform = usePlatform(slug, platformId);
  const sectors = useSectors(slug);
  const response = useResponse(slug);
  const allowed = usePermission();
  const [editing, setEditing] = useState(false);
  const [addingChild, setAddingChild] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const remove = useDeletePlatform(slug, platformId);

  if (platform.error instanceof ApiError && ["NOT_FOUND", "VALIDATION_FAILED"].includes(platform.error.code))
    return <NotFoundContent message={t("structure.notFound")} />;
  if (platform.error) return <ErrorAlert error={platform.error} onRetry={() => void platform.refetch()} />;
  if (!platform.data) return <PageLoader />;

  const p = platform.data;
  const responseId = response.data?.id;
  // The sector and its parent: a coordinator of either edits the platform (as on the server).
  const sectorParent = sectors.data?.find((s) => s.id === p.sectorId)?.parentId;
  const sectorIds = p.sector ? [p.sector.id, ...(sectorParent ? [sectorParent] : [])] : [];
  const canEdit = !!responseId && allowed("platform:update", { responseId, sectorIds });
  const canDelete = !!responseId && allowed("platform:delete", { responseId });
  const canCreate = !!responseId && allowed("platform:create", { responseId });
  const chairs = p.chairs.filter((c) => c.role === "chair");
  const coChairs = p.chairs.filter((c) => c.role === "co_chair");

  return (
    <Stack gap="lg" maw={1100}>
      <Anchor component={Link} to={`/r/${slug}/structure`} size="sm">
        ← {t("structure.back")}
      </Anchor>
      <Group justify="space-between" align="flex-start">
        <div>
          <Group gap="sm">
            <Title order={1}>{p.name}</Title>
            <Badge size="lg" variant="light">
              {p.code}
            </Badge>
          </Group>
          <Text c="dimmed" mt={4}>
            {t(`structure.type.${p.type}`)} · {t(`structure.level.${p.level}`)}
            {p.parent && (
              <>
                {" · "}
                {t("structure.partOf")}{" "}
                <Anchor component={Link} to={`/r/${slug}/structure/${p.parent.id}`}>
                  {p.parent.name}
                </Anchor>
              </>
            )}
          </Text>
        </div>
        {(canEdit || canDelete || canCreate) && (
          <Group gap="sm">
            {canCreate && (
              <Button variant="default" onClick={() => setAddingChild(true)}>
                {t("structure.addUnder")}
              </Button>
            )}
            {canEdit && (
              <Button variant="light" onClick={() => setEditing(true)}>
                {t("structure.edit")}
              </Button>
            )}
            {canDelete && (
              <Button variant="subtle" color="red" onClick={() => setDeleting(true)}>
                {t("structure.delete")}
              </Button>
            )}
          </Group>
        )}
      </Group>

      <Paper withBorder p="md">
        <Title order={2} size="h5" mb={4}>
          {t("structure.purpose")}
        </Title>
        <Text>{p.purpose ?? t("structure.noPurpose")}</Text>
      </Paper>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <Paper withBorder p="md">
          <Title order={2} size="h5" mb={4}>
            {t("structure.chairs")}
          </Title>
          {p.chairs.length === 0 ? (
            <Text size="sm">{t("structure.noChairs")}</Text>
          ) : (
            <Stack gap={6}>
              {[...chairs, ...coChairs].map((c) => (
                <div key={c.id}>
                  <Text size="sm" fw={600}>
                    {c.acronym && c.acronym !== c.name ? `${c.name} (${c.acronym})` : c.name}
                  </Text>
                  <Text size="sm" c="dimmed">
                    {c.role === "chair" ? t("structure.chair") : t("structure.coChair")}: {c.roleTitle}
                  </Text>
                </div>
              ))}
            </Stack>
          )}
        </Paper>
        <Paper withBorder p="md">
          <Title order={2} size="h5" mb={4}>
            {t("structure.facts")}
          </Title>
          <dl style={{ margin: 0 }}>
            <Text component="dt" size="sm" c="dimmed">
              {t("structure.frequencyLabel")}
            </Text>
            <Text component="dd" size="sm" ms={0} mb={6}>
              {p.meetingFrequency
                ? t(`structure.frequencyValue.${p.meetingFrequency}`)
                : t("structure.noFrequency")}
            </Text>
            {p.sector && (
              <>
                <Text component="dt" size="sm" c="dimmed">
                  {t("structure.sectorLabel")}
                </Text>
                <Text component="dd" size="sm" ms={0} mb={6}>
                  <Anchor component={Link} to={`/r/${slug}/sectors/${encodeURIComponent(p.sector.code)}`}>
                    {p.sector.name}
                  </Anchor>
                </Text>
              </>
            )}
            <Text component="dt" size="sm" c="dimmed">
              {t("structure.tor")}
            </Text>
            <Text component="dd" size="sm" ms={0}>
              {/* The library's document first; an external link is the fallback. */}
              {p.torDocument ? (
                <Anchor component={Link} to={`/r/${slug}/documents/${p.torDocument.id}`}>
                  {p.torDocument.title}
                </Anchor>
              ) : p.torUrl ? (
                <Anchor href={p.torUrl} target="_blank" rel="noopener noreferrer">
                  {t("structure.torOpen")}
                </Anchor>
              ) : (
                t("structure.noTor")
              )}
            </Text>
          </dl>
        </Paper>
      </SimpleGrid>

      {p.children.length > 0 && (
        <section aria-labelledby="children-heading">
          <Title order={2} size="h3" id="children-heading" mb="sm">
            {t("structure.subPlatforms")}
          </Title>
          <List spacing={4}>
            {p.children.map((c) => (
              <List.Item key={c.id}>
                <Anchor component={Link} to={`/r/${slug}/structure/${c.id}`}>
                  {c.name}
                </Anchor>{" "}
                <Text span size="sm" c="dimmed">
                  · {t(`structure.type.${c.type}`)}
                </Text>
              </List.Item>
            ))}
          </List>
        </section>
      )}

      <UpcomingMeetings slug={slug} platform={p} />
      <PlatformDocuments slug={slug} platformId={p.id} />

      <MembersSection slug={slug} platform={p} canEdit={canEdit} />
      <PlatformContacts slug={slug} platform={p} />

      {editing && <PlatformForm slug={slug} platform={p} onClose={() => setEditing(false)} />}
      {addingChild && (
        <PlatformForm slug={slug} platform={null} parentId={p.id} onClose={() => setAddingChild(false)} />
      )}
      {deleting && (
        <ConfirmDialog
          title={t("structure.delete")}
          message={t("structure.deleteConfirm", { name: p.name })}
          confirmLabel={t("structure.delete")}
          pending={remove.isPending}
          error={remove.error}
          onClose={() => setDeleting(false)}
          onConfirm={() =>
            remove.mutate(undefined, {
              onSuccess: () => {
                notifications.show({ color: "teal", message: t("structure.deleted", { name: p.name }) });
                void navigate(`/r/${slug}/structure`);
              },
            })
          }
        />
      )}
    </Stack>
  );
}
