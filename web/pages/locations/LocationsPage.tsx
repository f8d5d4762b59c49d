import { Button, Grid, Group, Paper, Stack, Text, TextInput, Title } from "@mantine/core";
import { useDebouncedValue, useDisclosure } from "@mantine/hooks";
import { lazy, Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams, useSearchParams } from "react-router";
import { useLocationDetail } from "../../api/locations.ts";
import { useResponse } from "../../api/responses.ts";
import { usePermission } from "../../components/Can.tsx";
import { DownloadMenu } from "../../components/DownloadMenu.tsx";
import { AreaMap } from "./AreaMap.tsx";
import { LocationDetailPanel } from "./LocationDetailPanel.tsx";
import { LocationSearchResults } from "./LocationSearchResults.tsx";
import { LocationTree } from "./LocationTree.tsx";

const ImportDialog = lazy(() => import("./ImportDialog.tsx").then((m) => ({ default: m.ImportDialog })));

/** `/r/:slug/locations`: search, tree, map of the selected area and the selected location's record. */
export default function LocationsPage() {
  const { slug = "" } = useParams();
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const selected = params.get("code");
  const [q, setQ] = useState("");
  const [debounced] = useDebouncedValue(q.trim(), 300);
  const [importOpen, importDialog] = useDisclosure(false);
  const response = useResponse(slug);
  const allowed = usePermission();
  const detail = useLocationDetail(slug, selected);
  const canWrite = !!response.data && allowed("location:write", { responseId: response.data.id });

  const select = (code: string | null) => {
    setParams((p) => {
      if (code) p.set("code", code);
      else p.delete("code");
      return p;
    });
    // On phones the record is under the tree: bring it into view.
    if (code && window.matchMedia("(max-width: 62em)").matches)
      requestAnimationFrame(() =>
        document.getElementById("location-panel")?.scrollIntoView({ block: "start" }),
      );
  };
  const ancestors = new Set(detail.data?.ancestors.map((a) => a.code) ?? []);

  return (
    <Stack gap="lg" maw={1400}>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1}>{t("locations.title")}</Title>
          <Text c="dimmed">{t("locations.intro")}</Text>
        </div>
        <Group gap="sm">
          {canWrite && (
            <Button variant="light" onClick={importDialog.open}>
              {t("locations.import.button")}
            </Button>
          )}
          <DownloadMenu path={`/responses/${slug}/locations`} query={{ q: debounced || undefined }} />
        </Group>
      </Group>

      <Grid gutter="lg">
        <Grid.Col span={{ base: 12, md: 5, lg: 4 }}>
          <Paper withBorder p="md" component="section" aria-labelledby="browse-heading">
            <Title order={2} size="h4" id="browse-heading" mb="sm">
              {t("locations.browse")}
            </Title>
            <TextInput
              type="search"
              label={t("locations.search")}
              description={t("locations.searchHint")}
              value={q}
              onChange={(e) => setQ(e.currentTarget.value)}
              mb="md"
            />
            {debounced ? (
              <LocationSearchResults slug={slug} q={debounced} selected={selected} onSelect={select} />
            ) : (
              <LocationTree slug={slug} selected={selected} expand={ancestors} onSelect={select} />
            )}
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7, lg: 8 }}>
          <Stack
            gap="lg"
            pos={{ base: "static", md: "sticky" }}
            top={76}
            id="location-panel"
            style={{ scrollMarginTop: 72 }}
          >
            <LocationDetailPanel slug={slug} detail={detail} canWrite={canWrite} onSelect={select} />
            <AreaMap slug={slug} location={detail.data ?? null} onSelect={select} />
          </Stack>
        </Grid.Col>
      </Grid>
      {canWrite && importOpen && (
        <Suspense fallback={null}>
          <ImportDialog slug={slug} opened={importOpen} onClose={importDialog.close} />
        </Suspense>
      )}
    </Stack>
  );
}
