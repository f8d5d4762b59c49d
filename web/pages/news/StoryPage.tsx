import { Anchor, Badge, Button, Group, Image, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { ApiError } from "../../api/client.ts";
import { useStory } from "../../api/news.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { PageLoader } from "../../components/PageLoader.tsx";
import { useFormat } from "../../i18n/format.ts";
import { NotFoundContent } from "../not-found/NotFoundPage.tsx";
import { ReviewActions } from "./ReviewActions.tsx";
import { SanitisedHtml } from "./SanitisedHtml.tsx";

/** `/r/:slug/news/:id`: the story, its images with captions and credits, and the review actions. */
export default function StoryPage() {
  const { slug = "", id = "" } = useParams();
  const { t } = useTranslation();
  const format = useFormat();
  const story = useStory(slug, id);

  if (story.error instanceof ApiError && ["NOT_FOUND", "VALIDATION_FAILED"].includes(story.error.code))
    return <NotFoundContent message={t("news.notFound")} />;
  if (story.error) return <ErrorAlert error={story.error} onRetry={() => void story.refetch()} />;
  if (!story.data) return <PageLoader />;
  const s = story.data;
  const [lead, ...more] = s.images;

  return (
    <Stack gap="lg" maw={820} component="article" lang={s.language}>
      <Anchor component={Link} to={`/r/${slug}/news`} size="sm">
        ← {t("news.back")}
      </Anchor>
      <ReviewActions slug={slug} story={s} />
      <div>
        <Group gap="xs" mb={6}>
          {s.state !== "published" && (
            <Badge color={s.state === "in_review" ? "orange" : "gray"} variant="light">
              {t(`news.state.${s.state}`)}
            </Badge>
          )}
          {s.sectors.map((sector) => (
            <Badge
              key={sector.id}
              variant="outline"
              component={Link}
              to={`/r/${slug}/sectors/${sector.code}`}
              style={{ cursor: "pointer" }}
            >
              {sector.name}
            </Badge>
          ))}
        </Group>
        <Title order={1}>{s.title}</Title>
        <Text size="lg" mt="xs">
          {s.summary}
        </Text>
        <Text size="sm" c="dimmed" mt="xs">
          {[
            s.organisation?.name,
            s.authorName,
            s.publishedAt
              ? t("news.publishedOn", { date: format.date(s.publishedAt) })
              : t("news.updatedOn", { date: format.date(s.updatedAt) }),
            s.locations.map((l) => l.name).join(", "),
          ]
            .filter(Boolean)
            .join(" · ")}
        </Text>
        {s.can.edit && (
          <Button component={Link} to={`/r/${slug}/news/${s.id}/edit`} variant="light" mt="sm" size="xs">
            {t("news.edit")}
          </Button>
        )}
      </div>
      {lead && <Figure url={lead.url} caption={lead.caption} credit={lead.credit} />}
      <SanitisedHtml html={s.bodyHtml} />
      {more.map((image) => (
        <Figure key={image.id} url={image.url} caption={image.caption} credit={image.credit} />
      ))}
    </Stack>
  );
}

function Figure({ url, caption, credit }: { url: string; caption: string; credit: string }) {
  return (
    <figure style={{ margin: 0 }}>
      <Image src={url} alt={caption} radius="sm" mah={520} fit="contain" bg="gray.1" />
      {(caption || credit) && (
        <Text component="figcaption" size="sm" c="dimmed" mt={6}>
          {caption}
          {caption && credit ? " " : ""}
          {credit && <em>{credit}</em>}
        </Text>
      )}
    </figure>
  );
}
