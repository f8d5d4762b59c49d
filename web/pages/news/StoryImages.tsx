import {
  Button,
  FileInput,
  Group,
  Image,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { type StoryOutput, useDeleteStoryImage, useUploadStoryImage } from "../../api/news.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";

/** The editor's images: upload with caption and credit (PNG, JPEG, GIF, WebP), and remove. */
export function StoryImages({ slug, story }: { slug: string; story: StoryOutput }) {
  const { t } = useTranslation();
  const upload = useUploadStoryImage(slug, story.id);
  const remove = useDeleteStoryImage(slug, story.id);
  const [file, setFile] = useState<File | null>(null);
  const [caption, setCaption] = useState("");
  const [credit, setCredit] = useState("");
  const send = (event: React.FormEvent) => {
    event.preventDefault();
    if (!file) return;
    upload.mutate(
      { file, caption: caption.trim(), credit: credit.trim() },
      {
        onSuccess: () => {
          setFile(null);
          setCaption("");
          setCredit("");
        },
      },
    );
  };
  return (
    <Stack gap="sm" component="section" aria-labelledby="story-images">
      <Title order={2} size="h4" id="story-images">
        {t("news.images")}
      </Title>
      {story.images.length === 0 && <Text size="sm">{t("news.noImages")}</Text>}
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        {story.images.map((image) => (
          <Paper key={image.id} withBorder p="xs">
            <Image src={image.url} alt={image.caption} h={140} fit="cover" radius="sm" />
            <Text size="sm" mt={6}>
              {image.caption || t("common.none")}
            </Text>
            <Text size="xs" c="dimmed">
              {image.credit}
            </Text>
            <Button
              variant="subtle"
              color="red"
              size="xs"
              mt={4}
              onClick={() => remove.mutate(image.id)}
              aria-label={t("news.removeImageNamed", { caption: image.caption || image.id })}
            >
              {t("news.removeImage")}
            </Button>
          </Paper>
        ))}
      </SimpleGrid>
      <Paper withBorder p="md" component="form" onSubmit={send}>
        <Group align="flex-end" gap="sm" wrap="wrap">
          <FileInput
            label={t("news.imageFile")}
            description={t("news.imageHelp")}
            placeholder={t("documents.chooseFile")}
            accept="image/png,image/jpeg,image/gif,image/webp"
            value={file}
            onChange={setFile}
            clearable
            w={{ base: "100%", sm: 240 }}
          />
          <TextInput
            label={t("news.caption")}
            value={caption}
            onChange={(e) => setCaption(e.currentTarget.value)}
            maxLength={300}
            w={{ base: "100%", sm: 260 }}
          />
          <TextInput
            label={t("news.credit")}
            value={credit}
            onChange={(e) => setCredit(e.currentTarget.value)}
            maxLength={200}
            w={{ base: "100%", sm: 200 }}
          />
          <Button type="submit" disabled={!file} loading={upload.isPending}>
            {t("news.addImage")}
          </Button>
        </Group>
        {(upload.error || remove.error) && (
          <Stack mt="sm">
            <ErrorAlert error={upload.error ?? remove.error} />
          </Stack>
        )}
      </Paper>
    </Stack>
  );
}
