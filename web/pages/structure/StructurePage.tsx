import { Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { usePlatforms } from "../../api/platforms.ts";
import { useResponse } from "../../api/responses.ts";
import { usePermission } from "../../components/Can.tsx";
import { DownloadMenu } from "../../components/DownloadMenu.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { PageLoader } from "../../components/PageLoader.tsx";
import { PlatformForm } from "./PlatformForm.tsx";
import { PlatformTree } from "./PlatformTree.tsx";
import { TemplatePicker } from "./TemplatePicker.tsx";

/** `/r/:slug/structure`: the coordination structure as an expandable tree, top body first. */
export default function StructurePage() {
  const { slug = "" } = useParams();
  const { t } = useTranslation();
  const platforms = usePlatforms(slug);
  const response = useResponse(slug);
  const allowed = usePermission();
  const [expanded, setExpanded] = useState<Set<string> | null>(null);
  const [adding, setAdding] = useState(false);
  const canCreate = !!response.data && allowed("platform:create", { responseId: response.data.id });

  // Open the top bodies at first, so their direct children show (also once a template is copied).
  useEffect(() => {
    if (platforms.data?.length && expanded === null)
      setExpanded(new Set(platforms.data.filter((p) => !p.parentId).map((p) => p.id)));
  }, [platforms.data, expanded]);

  const toggle = (id: string, open: boolean) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (open) next.add(id);
      else next.delete(id);
      return next;
    });

  const list = platforms.data;
  return (
    <Stack gap="lg" maw={1100}>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1}>{t("structure.title")}</Title>
          <Text c="dimmed" maw={720}>
            {t("structure.intro")}
          </Text>
        </div>
        <Group gap="sm">
          <Button component={Link} to={`/r/${slug}/structure/representation`} variant="light">
            {t("structure.matrixLink")}
          </Button>
          <DownloadMenu path={`/responses/${slug}/platforms`} />
          {canCreate && <Button onClick={() => setAdding(true)}>{t("structure.add")}</Button>}
        </Group>
      </Group>
      {platforms.error ? (
        <ErrorAlert error={platforms.error} onRetry={() => void platforms.refetch()} />
      ) : !list ? (
        <PageLoader />
      ) : list.length === 0 ? (
        <Paper withBorder p="lg">
          <Text fw={600}>{t("structure.empty")}</Text>
          {canCreate && (
            <>
              <Text c="dimmed" mb="md">
                {t("structure.emptyManager")}
              </Text>
              <TemplatePicker slug={slug} />
            </>
          )}
        </Paper>
      ) : (
        <Paper withBorder p={{ base: "sm", sm: "md" }}>
          <Group gap="xs" mb="xs" justify="flex-end">
            <Button
              variant="subtle"
              size="compact-sm"
              onClick={() => setExpanded(new Set(list.map((p) => p.id)))}
            >
              {t("structure.expandAll")}
            </Button>
            <Button variant="subtle" size="compact-sm" onClick={() => setExpanded(new Set())}>
              {t("structure.collapseAll")}
            </Button>
          </Group>
          <PlatformTree slug={slug} platforms={list} expanded={expanded ?? new Set()} onToggle={toggle} />
        </Paper>
      )}
      {adding && <PlatformForm slug={slug} platform={null} onClose={() => setAdding(false)} />}
    </Stack>
  );
}
