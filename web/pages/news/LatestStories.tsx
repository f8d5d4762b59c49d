import { Anchor, Group, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { feedUrl, useLatestStories } from "../../api/news.ts";
import { StoryCard } from "./StoryCard.tsx";

/** The latest published stories of a response or a sector, with a link to all and the feed. */
export function LatestStories({
  slug,
  sector,
  limit = 3,
}: {
  slug: string;
  sector?: string;
  limit?: number;
}) {
  const { t } = useTranslation();
  const stories = useLatestStories(slug, { sector, limit });
  const all = `/r/${slug}/news${sector ? `?sector=${encodeURIComponent(sector)}` : ""}`;
  return (
    <Stack gap="sm" component="section" aria-labelledby="latest-stories">
      <Group justify="space-between" align="baseline">
        <Title order={2} size="h4" id="latest-stories">
          {t("news.latest")}
        </Title>
        <Group gap="md">
          <Anchor href={feedUrl(slug, "rss", sector)} size="sm">
            {t("news.rss")}
          </Anchor>
          <Anchor component={Link} to={all} size="sm">
            {t("news.all")}
          </Anchor>
        </Group>
      </Group>
      {stories.data && stories.data.length === 0 && <Text size="sm">{t("news.noneYet")}</Text>}
      <SimpleGrid cols={{ base: 1, sm: Math.min(limit, 3) }} spacing="md">
        {(stories.data ?? []).map((s) => (
          <StoryCard key={s.id} slug={slug} story={s} compact />
        ))}
      </SimpleGrid>
    </Stack>
  );
}
