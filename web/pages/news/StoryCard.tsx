import { Anchor, Badge, Card, Group, Image, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { StorySummary } from "../../api/news.ts";
import { useFormat } from "../../i18n/format.ts";

/** A story in a list: image, title, summary, who and when. */
export function StoryCard({
  slug,
  story,
  compact = false,
}: {
  slug: string;
  story: StorySummary;
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const when = story.publishedAt ?? story.updatedAt;
  return (
    <Card withBorder padding="md" component="article">
      {story.image && !compact && (
        <Card.Section mb="sm">
          <Image src={story.image.url} alt={story.image.caption || ""} h={180} fit="cover" />
        </Card.Section>
      )}
      <Stack gap={6}>
        <Anchor
          component={Link}
          to={`/r/${slug}/news/${story.id}`}
          fw={700}
          size={compact ? "md" : "lg"}
          lh={1.3}
        >
          {story.title}
        </Anchor>
        <Text size="sm" lineClamp={compact ? 2 : 3}>
          {story.summary}
        </Text>
        <Group gap={6} wrap="wrap">
          {story.state !== "published" && (
            <Badge color={story.state === "in_review" ? "orange" : "gray"} variant="light">
              {t(`news.state.${story.state}`)}
            </Badge>
          )}
          <Text size="xs" c="dimmed">
            {[
              story.organisation?.acronym ?? story.organisation?.name,
              format.date(when),
              ...story.sectors.map((s) => s.name),
            ]
              .filter(Boolean)
              .join(" · ")}
          </Text>
        </Group>
      </Stack>
    </Card>
  );
}
