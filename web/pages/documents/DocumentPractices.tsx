import { Anchor, List, Paper, Title } from "@mantine/core";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { usePracticeSearch } from "../../api/practices.ts";

/**
 * The published practices that link this document, for the document page; nothing at all while
 * loading, on failure or when none does (it is a pointer onward, not the page's subject).
 */
export function DocumentPractices({ slug, documentId }: { slug: string; documentId: string }) {
  const { t } = useTranslation();
  const params = useMemo(
    () => new URLSearchParams({ document: documentId, scope: "published", limit: "50" }),
    [documentId],
  );
  const practices = usePracticeSearch(slug, params);
  // Not the previous document's practices while this one's load.
  const items = practices.isPlaceholderData ? [] : (practices.data?.items ?? []);
  if (!items.length) return null;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="document-practices-title">
      <Title order={2} size="h5" mb={4} id="document-practices-title">
        {t("documents.practices")}
      </Title>
      <List size="sm" spacing={4}>
        {items.map((p) => (
          <List.Item key={p.id}>
            <Anchor component={Link} to={`/r/${slug}/practices/${p.id}`}>
              {p.title}
            </Anchor>
          </List.Item>
        ))}
      </List>
    </Paper>
  );
}
