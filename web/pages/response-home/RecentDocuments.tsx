import { Anchor, Group, Paper, Skeleton, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useDocuments } from "../../api/documents.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { useFormat } from "../../i18n/format.ts";

/** The latest documents of the library (those the caller may see), with a link to all. */
export function RecentDocuments({ slug, limit = 3 }: { slug: string; limit?: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  const documents = useDocuments(slug, { limit });
  const items = documents.data?.items ?? [];
  return (
    <section aria-labelledby="recent-documents-heading">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h3" id="recent-documents-heading">
          {t("response.recentDocuments")}
        </Title>
        <Anchor component={Link} to={`/r/${slug}/documents`} size="sm">
          {t("response.allDocuments")}
        </Anchor>
      </Group>
      {documents.error ? (
        <ErrorAlert error={documents.error} onRetry={() => void documents.refetch()} />
      ) : (
        <Paper withBorder p="md">
          {documents.isPending ? (
            <Stack gap="xs" aria-hidden>
              {[0, 1, 2].map((i) => (
                <Skeleton key={i} height={20} />
              ))}
            </Stack>
          ) : items.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t("response.noDocuments")}
            </Text>
          ) : (
            <Stack gap="xs">
              {items.map((d) => (
                <div key={d.id}>
                  <Anchor component={Link} to={`/r/${slug}/documents/${d.id}`} fw={600}>
                    {d.title}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    {[t(`documents.type.${d.type}`), d.documentDate ? format.date(d.documentDate) : null]
                      .filter(Boolean)
                      .join(" · ")}
                  </Text>
                </div>
              ))}
            </Stack>
          )}
        </Paper>
      )}
    </section>
  );
}
