import { Anchor, Group, Stack, Text, Title } from "@mantine/core";
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
    <Stack gap="xs" component="section" aria-labelledby="platform-documents">
      <Title order={2} size="h4" id="platform-documents">
        {t("documents.title")}
      </Title>
      {documents.data && items.length === 0 && <Text size="sm">{t("documents.empty")}</Text>}
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
  );
}
