import { Anchor, Badge, Button, Group, Paper, Skeleton, Stack, Text, TextInput, Title } from "@mantine/core";
import { type FormEvent, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams, useSearchParams } from "react-router";
import { type SearchHit, type SearchKind, searchKinds } from "../../../common/schemas/search.ts";
import { useSearch } from "../../api/search.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { useFormat } from "../../i18n/format.ts";
import { Highlighted, plain } from "./Highlighted.tsx";

/** Where a result of each kind opens. */
function hrefOf(slug: string, kind: SearchKind, id: string, title: string): string {
  const base = `/r/${slug}`;
  switch (kind) {
    case "news":
      return `${base}/news/${id}`;
    case "documents":
      return `${base}/documents/${id}`;
    case "events":
      return `${base}/events/${id}`;
    case "practices":
      return `${base}/practices/${id}`;
    case "organisations":
      return `${base}/organisations?q=${encodeURIComponent(plain(title).replace(/ \([^)]*\)$/, ""))}`;
    case "locations":
      return `${base}/places/${id}`;
    case "platforms":
      return `${base}/structure/${id}`;
  }
}

/** Where each kind's type values are translated. */
const typeLabels: Partial<Record<SearchKind, string>> = {
  documents: "documents.type",
  events: "events.type",
  practices: "practices.type",
  organisations: "orgType",
  platforms: "structure.type",
};

/** A result's type, date and code, translated and formatted. */
function HitFacts({ kind, hit }: { kind: SearchKind; hit: SearchHit }) {
  const { t } = useTranslation();
  const format = useFormat();
  const prefix = typeLabels[kind];
  const facts = [
    hit.type && prefix ? t(`${prefix}.${hit.type}`, { defaultValue: hit.type }) : null,
    hit.date ? format.date(hit.date) : null,
    hit.code,
  ].filter(Boolean);
  if (!facts.length) return null;
  return (
    <Text size="xs" c="dimmed">
      {facts.join(" · ")}
    </Text>
  );
}

/** `/r/:slug/search?q=`: results grouped by kind, matched words highlighted. */
export default function SearchPage() {
  const { slug = "" } = useParams();
  const { t } = useTranslation();
  const format = useFormat();
  const [params, setParams] = useSearchParams();
  const q = params.get("q") ?? "";
  const kindParam = params.get("kind");
  const kind = (searchKinds as readonly string[]).includes(kindParam ?? "")
    ? (kindParam as SearchKind)
    : undefined;
  const [draft, setDraft] = useState(q);
  useEffect(() => setDraft(q), [q]);
  const results = useSearch(slug, q, kind ? { kind, limit: 50 } : {});

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next = draft.trim();
    if (next) setParams({ q: next });
  };

  return (
    <Stack gap="lg" maw={900}>
      <Title order={1}>{t("search.title")}</Title>
      <search>
        <form onSubmit={submit}>
          <Group align="flex-end" gap="sm" wrap="nowrap">
            <TextInput
              label={t("search.label")}
              value={draft}
              onChange={(e) => setDraft(e.currentTarget.value)}
              maxLength={200}
              style={{ flex: 1 }}
              name="q"
            />
            <Button type="submit">{t("search.submit")}</Button>
          </Group>
        </form>
      </search>

      {!q.trim() && <Text c="dimmed">{t("search.prompt")}</Text>}
      {results.error && <ErrorAlert error={results.error} onRetry={() => void results.refetch()} />}
      {q.trim() && results.isPending && (
        <Stack gap="sm" aria-hidden>
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} height={72} radius="md" />
          ))}
        </Stack>
      )}
      {results.data && (
        <Text aria-live="polite" data-testid="search-total">
          {t("search.total", { count: results.data.total, query: results.data.query })}
        </Text>
      )}
      {kind && (
        <Anchor component={Link} to={`?q=${encodeURIComponent(q)}`}>
          {t("search.allKinds")}
        </Anchor>
      )}
      {results.data?.groups
        .filter((g) => g.total > 0)
        .map((group) => (
          <section
            key={group.kind}
            aria-labelledby={`search-${group.kind}`}
            data-testid={`search-group-${group.kind}`}
          >
            <Group gap="xs" mb="xs">
              <Title order={2} size="h4" id={`search-${group.kind}`}>
                {t(`search.kind.${group.kind}`)}
              </Title>
              <Badge variant="light">{format.number(group.total)}</Badge>
            </Group>
            <Stack gap="xs">
              {group.hits.map((hit) => (
                <Paper key={hit.id} withBorder p="sm">
                  <Anchor component={Link} to={hrefOf(slug, group.kind, hit.id, hit.title)} fw={600}>
                    <Highlighted text={hit.title} />
                  </Anchor>
                  <HitFacts kind={group.kind} hit={hit} />
                  {hit.snippet && (
                    <Text size="sm" mt={4}>
                      <Highlighted text={hit.snippet} />
                    </Text>
                  )}
                </Paper>
              ))}
            </Stack>
            {!kind && group.total > group.hits.length && (
              <Anchor
                component={Link}
                to={`?q=${encodeURIComponent(q)}&kind=${group.kind}`}
                size="sm"
                mt="xs"
                display="inline-block"
              >
                {t("search.more", { count: group.total, kind: t(`search.kind.${group.kind}`) })}
              </Anchor>
            )}
          </section>
        ))}
    </Stack>
  );
}
