import { Anchor, Button, Grid, Group, Pagination, Paper, Stack, Text, TextInput, Title } from "@mantine/core";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams, useSearchParams } from "react-router";
import { facetNames } from "../../../common/schemas/practices.ts";
import { type FacetName, usePracticeSearch } from "../../api/practices.ts";
import { useResponse } from "../../api/responses.ts";
import { useUser } from "../../api/session.ts";
import { usePermission } from "../../components/Can.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { useFormat } from "../../i18n/format.ts";
import { FacetPanel } from "./FacetPanel.tsx";
import { PracticeCard } from "./PracticeCard.tsx";

const PAGE_SIZE = 20;

/** `/r/:slug/practices`: the repository, searched by words and narrowed by facets with counts. */
export default function PracticesPage() {
  const { slug = "" } = useParams();
  const { t } = useTranslation();
  const format = useFormat();
  const [params, setParams] = useSearchParams();
  const [words, setWords] = useState(params.get("q") ?? "");
  const search = usePracticeSearch(slug, params);
  const response = useResponse(slug);
  const user = useUser();
  const allowed = usePermission();
  const reviewer = !!response.data && allowed("practice:review", { responseId: response.data.id });
  const page = Math.floor(Number(params.get("offset") ?? 0) / PAGE_SIZE) + 1;

  const update = (change: (next: URLSearchParams) => void) => {
    const next = new URLSearchParams(params);
    change(next);
    next.delete("offset");
    setParams(next, { replace: true });
  };
  const toggle = (facet: FacetName, value: string, on: boolean) =>
    update((next) => {
      const kept = next.getAll(facet).filter((v) => v !== value);
      next.delete(facet);
      for (const v of on ? [...kept, value] : kept) next.append(facet, v);
    });
  const submitWords = (event: FormEvent) => {
    event.preventDefault();
    update((next) => (words.trim() ? next.set("q", words.trim()) : next.delete("q")));
  };
  const filtered = [...params.keys()].some((k) => k !== "offset");
  const ticked = facetNames.reduce((n, f) => n + params.getAll(f).length, 0);
  const [filtersOpen, setFiltersOpen] = useState(false);

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1}>{t("practices.title")}</Title>
          <Text c="dimmed" maw={720}>
            {t("practices.intro")}
          </Text>
        </div>
        <Group gap="sm">
          {reviewer && (
            <Button component={Link} to={`/r/${slug}/practices/review`} variant="default">
              {t("practices.reviewQueue")}
            </Button>
          )}
          {user && (
            <Button component={Link} to={`/r/${slug}/practices/mine`} variant="default">
              {t("practices.mine")}
            </Button>
          )}
          <Button component={Link} to={`/r/${slug}/practices/new`}>
            {t("practices.submit")}
          </Button>
        </Group>
      </Group>

      <search>
        <form onSubmit={submitWords}>
          <Group gap="sm" align="flex-end">
            <TextInput
              label={t("practices.searchLabel")}
              placeholder={t("practices.searchPlaceholder")}
              value={words}
              onChange={(e) => setWords(e.currentTarget.value)}
              style={{ flex: 1, minWidth: 200 }}
            />
            <Button type="submit" variant="light">
              {t("practices.search")}
            </Button>
            {filtered && (
              <Button
                variant="subtle"
                onClick={() => {
                  setWords("");
                  setParams(new URLSearchParams(), { replace: true });
                }}
              >
                {t("practices.clear")}
              </Button>
            )}
          </Group>
        </form>
      </search>

      {search.error && <ErrorAlert error={search.error} onRetry={() => void search.refetch()} />}
      <Grid gutter="xl">
        <Grid.Col span={{ base: 12, md: 4, lg: 3 }}>
          {/* On a phone the filters fold away above the results; on wider screens they stay open. */}
          <Button
            hiddenFrom="md"
            variant="default"
            fullWidth
            mb="sm"
            aria-expanded={filtersOpen}
            onClick={() => setFiltersOpen((o) => !o)}
          >
            {t("practices.filtersButton", { count: ticked })}
          </Button>
          <Paper withBorder p="md" visibleFrom={filtersOpen ? undefined : "md"}>
            <FacetPanel facets={search.data?.facets} selected={(f) => params.getAll(f)} onToggle={toggle} />
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8, lg: 9 }}>
          <Stack gap="md" component="section" aria-label={t("practices.results")}>
            <Text aria-live="polite" fw={600}>
              {search.data
                ? t("practices.found", { count: search.data.total, n: format.number(search.data.total) })
                : t("practices.loading")}
            </Text>
            {search.data?.items.map((p) => (
              <PracticeCard key={p.id} slug={slug} practice={p} />
            ))}
            {search.data && search.data.total > PAGE_SIZE && (
              <Pagination
                total={Math.ceil(search.data.total / PAGE_SIZE)}
                value={page}
                onChange={(n) => {
                  const next = new URLSearchParams(params);
                  next.set("offset", String((n - 1) * PAGE_SIZE));
                  setParams(next);
                }}
                getControlProps={(control) => ({ "aria-label": t(`practices.page.${control}`) })}
              />
            )}
            {search.data?.total === 0 && (
              <Paper withBorder p="lg">
                <Text>{t("practices.none")}</Text>
                <Anchor component={Link} to={`/r/${slug}/practices/new`}>
                  {t("practices.submitFirst")}
                </Anchor>
              </Paper>
            )}
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
