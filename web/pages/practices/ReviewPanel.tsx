import { Alert, Button, Group, Modal, Paper, Stack, Text, Textarea, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import type { TransitionInput } from "../../../common/schemas/practices.ts";
import { type PracticeOutput, useCommentPractice, useTransitionPractice } from "../../api/practices.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { useFormat } from "../../i18n/format.ts";

/** The review of a practice: its state, the return reason, the actions allowed, and the comments. */
export function ReviewPanel({ slug, practice: p }: { slug: string; practice: PracticeOutput }) {
  const { t } = useTranslation();
  const format = useFormat();
  const move = useTransitionPractice(slug, p.id);
  const comment = useCommentPractice(slug, p.id);
  const [text, setText] = useState("");
  const [returning, setReturning] = useState(false);
  const [reason, setReason] = useState("");

  const act = (input: TransitionInput, done: string) =>
    move.mutate(input, {
      onSuccess: () => {
        notifications.show({ color: "green", message: done });
        setReturning(false);
        setReason("");
      },
    });
  const sendComment = (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) return;
    comment.mutate(text.trim(), { onSuccess: () => setText("") });
  };
  const canComment = p.can.review || p.can.resubmit || p.can.edit;

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="review-heading">
      <Title order={2} size="h4" id="review-heading" mb="sm">
        {t("practices.review.title")}
      </Title>
      <Text size="sm" mb="sm">
        {t(`practices.review.state.${p.status}`)}
      </Text>
      {p.returnReason && p.status === "returned" && (
        <Alert color="orange" variant="light" title={t("practices.review.returnedBecause")} mb="sm">
          {p.returnReason}
        </Alert>
      )}
      {move.error && <ErrorAlert error={move.error} />}
      <Group gap="sm" mb="md">
        {p.can.review && p.status === "submitted" && (
          <Button
            variant="default"
            loading={move.isPending}
            onClick={() => act({ action: "start_review" }, t("practices.review.started"))}
          >
            {t("practices.review.start")}
          </Button>
        )}
        {p.can.publish && (
          <Button
            color="green"
            loading={move.isPending}
            onClick={() => act({ action: "publish" }, t("practices.review.publishedDone"))}
          >
            {t("practices.review.publish")}
          </Button>
        )}
        {p.can.review && (
          <Button variant="light" color="orange" onClick={() => setReturning(true)}>
            {t("practices.review.return")}
          </Button>
        )}
        {p.status === "published" && p.can.edit && (
          <Button variant="subtle" color="orange" onClick={() => setReturning(true)}>
            {t("practices.review.withdraw")}
          </Button>
        )}
        {p.can.resubmit && (
          <Button
            loading={move.isPending}
            onClick={() => act({ action: "resubmit" }, t("practices.review.resubmitted"))}
          >
            {t("practices.review.resubmit")}
          </Button>
        )}
      </Group>

      <Title order={3} size="h5" mb="xs">
        {t("practices.review.comments")}
      </Title>
      <Stack gap="xs" mb="sm" component="ol" style={{ listStyle: "none", padding: 0, margin: 0 }}>
        {p.comments.length === 0 && (
          <Text component="li" size="sm" c="dimmed">
            {t("practices.review.noComments")}
          </Text>
        )}
        {p.comments.map((c) => (
          <Paper component="li" key={c.id} bg="var(--mantine-color-gray-0)" p="xs">
            <Text size="xs" c="dimmed">
              {c.authorLabel} · {format.dateTime(c.createdAt)}
            </Text>
            <Text size="sm" style={{ whiteSpace: "pre-line" }}>
              {c.body}
            </Text>
          </Paper>
        ))}
      </Stack>
      {canComment && p.status !== "published" && (
        <form onSubmit={sendComment}>
          <Textarea
            label={t("practices.review.commentLabel")}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            autosize
            minRows={2}
            maxLength={4000}
          />
          {comment.error && <ErrorAlert error={comment.error} />}
          <Button type="submit" mt="xs" variant="light" loading={comment.isPending} disabled={!text.trim()}>
            {t("practices.review.addComment")}
          </Button>
        </form>
      )}

      <Modal opened={returning} onClose={() => setReturning(false)} title={t("practices.review.returnTitle")}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            act({ action: "return", reason: reason.trim() }, t("practices.review.returnedDone"));
          }}
        >
          <Textarea
            label={t("practices.review.reason")}
            description={t("practices.review.reasonHelp")}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            autosize
            minRows={3}
            required
            data-autofocus
          />
          {move.error && <ErrorAlert error={move.error} />}
          <Group justify="flex-end" mt="md">
            <Button variant="default" onClick={() => setReturning(false)}>
              {t("practices.cancel")}
            </Button>
            <Button type="submit" color="orange" loading={move.isPending} disabled={reason.trim().length < 5}>
              {t("practices.review.return")}
            </Button>
          </Group>
        </form>
      </Modal>
    </Paper>
  );
}
