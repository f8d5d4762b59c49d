import { Alert, Button, Group, Modal, Paper, Stack, Text, Textarea } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { type StoryOutput, type StoryTransition, useTransitionStory } from "../../api/news.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";

/** The workflow buttons open to the reader (the server says which), with a note to return or take down. */
export function ReviewActions({ slug, story }: { slug: string; story: StoryOutput }) {
  const { t } = useTranslation();
  const move = useTransitionStory(slug, story.id);
  const [asking, setAsking] = useState<StoryTransition | null>(null);
  const [note, setNote] = useState("");
  const transitions = story.can.transitions;
  const run = (action: StoryTransition, withNote?: string) =>
    move.mutate(
      { action, ...(withNote ? { note: withNote } : {}) },
      {
        onSuccess: () => {
          setAsking(null);
          setNote("");
          notifications.show({ message: t(`news.done.${action}`), color: "green" });
        },
      },
    );
  return (
    <Stack gap="sm">
      {story.reviewNote && story.state === "draft" && (
        <Alert color="orange" title={t("news.returnedTitle")}>
          {story.reviewNote}
        </Alert>
      )}
      {(transitions.length > 0 || story.state !== "published") && (
        <Paper withBorder p="md" component="section" aria-label={t("news.workflow")}>
          <Group justify="space-between" wrap="wrap">
            <Text size="sm">{t(`news.stateHelp.${story.state}`)}</Text>
            <Group gap="sm">
              {transitions.map((action) =>
                action === "return" || action === "unpublish" ? (
                  <Button key={action} variant="default" onClick={() => setAsking(action)}>
                    {t(`news.action.${action}`)}
                  </Button>
                ) : (
                  <Button
                    key={action}
                    loading={move.isPending && move.variables?.action === action}
                    onClick={() => run(action)}
                  >
                    {t(`news.action.${action}`)}
                  </Button>
                ),
              )}
            </Group>
          </Group>
          {move.error && !asking && (
            <Stack mt="sm">
              <ErrorAlert error={move.error} />
            </Stack>
          )}
        </Paper>
      )}
      <Modal
        opened={!!asking}
        onClose={() => setAsking(null)}
        title={asking ? t(`news.action.${asking}`) : ""}
      >
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (asking) run(asking, note.trim());
          }}
        >
          <Stack>
            <Textarea
              label={t("news.noteLabel")}
              description={t("news.noteHelp")}
              value={note}
              onChange={(e) => setNote(e.currentTarget.value)}
              required
              minLength={3}
              maxLength={1000}
              autosize
              minRows={3}
              data-autofocus
            />
            {move.error && <ErrorAlert error={move.error} />}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setAsking(null)}>
                {t("common.cancel")}
              </Button>
              <Button type="submit" disabled={note.trim().length < 3} loading={move.isPending}>
                {asking ? t(`news.action.${asking}`) : ""}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Stack>
  );
}
