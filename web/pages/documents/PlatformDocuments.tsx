import { Anchor, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useDocuments } from "../../api/documents.ts";
import { useFormat } from "../../i18n/format.ts";

/** The documents of a coordination platform (terms of reference, minutes), newest first. */
export function PlatformDocuments({ slug, platformId }: { slug: string; platformId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const documents = useDocuments(slug, { platform: platformId, limit: 10 });
  const items = documents.data?.items ?? [];
  return (
    <section aria-labelledby="platform-documents">
      <Title order={2} size="h3" id="platform-documents" mb="sm">
        {t("documents.title")}
      </Title>
      <Paper withBorder p="md">
        {documents.isLoading ? (
          <Text size="sm" c="dimmed">
            {t("documents.platformLoading")}
          </Text>
        ) : items.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t("documents.platformEmpty")}
          </Text>
        ) : (
          <Stack gap={6}>
            {items.map((d) => (
              <Group key={d.id} gap="xs" wrap="nowrap">
                <Anchor component={Link} to={`/r/${slug}/documents/${d.id}`}>
                  {d.title}
                </Anchor>
                <Text size="sm" c="dimmed">
                  {t(`documents.type.${d.type}`)}
                  {d.documentDate ? ` · ${format.date(d.documentDate)}` : ""}
                </Text>
              </Group>
            ))}
          </Stack>
        )}
      </Paper>
    </section>
  );
}
