import { Alert, Badge, Button, Group, Paper, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useTranslation } from "react-i18next";
import type { ActivityOutput, ReviewState } from "../../../common/schemas/activities.ts";
import { useReviewActivities } from "../../api/activityRecords.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { useFormat } from "../../i18n/format.ts";

export const reviewColour: Record<ReviewState, string> = {
  draft: "gray",
  submitted: "blue",
  approved: "teal",
  rejected: "red",
};

interface Props {
  slug: string;
  record: ActivityOutput;
  /** The user may write this record (and so submit it). */
  mayWrite: boolean;
  /** The record's reporting month is locked. */
  locked: boolean;
  /** The form holds unsaved changes: submitting waits for a save. */
  dirty: boolean;
}

/** Where the record is in review, why it was rejected, and the submit action for its writers. */
export function ReviewStatePanel({ slug, record, mayWrite, locked, dirty }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const review = useReviewActivities(slug);
  const state = record.reviewState;
  const canSubmit = mayWrite && !locked && (state === "draft" || state === "rejected");

  const submit = () =>
    review.mutate(
      { ids: [record.id], action: "submit" },
      { onSuccess: () => notifications.show({ color: "teal", message: t("activityForm.submitted") }) },
    );

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="review-state-heading">
      <Stack gap="sm">
        <Group justify="space-between" align="center" gap="sm">
          <Group gap="sm" align="center">
            <Text fw={600} id="review-state-heading">
              {t("activityForm.reviewState")}
            </Text>
            <Badge color={reviewColour[state]} variant="light" size="lg" data-testid="record-review-state">
              {t(`activities.reviewStates.${state}`)}
            </Badge>
            <Text size="sm" c="dimmed">
              {t("activityForm.versionNote", {
                version: record.version,
                when: format.dateTime(record.updatedAt),
              })}
            </Text>
          </Group>
          {canSubmit && (
            <Button onClick={submit} loading={review.isPending} disabled={dirty}>
              {t("activityForm.submitForReview")}
            </Button>
          )}
        </Group>
        <Text size="sm">{t(`activityForm.stateHelp.${state}`)}</Text>
        {canSubmit && dirty && (
          <Text size="sm" c="dimmed">
            {t("activityForm.saveBeforeSubmit")}
          </Text>
        )}
        {state === "rejected" && (
          <Alert
            color="red"
            variant="light"
            title={t("activityForm.rejectedTitle")}
            data-testid="rejection-reason"
          >
            {record.rejectionReason ?? t("activityForm.noReason")}
          </Alert>
        )}
        {locked && (
          <Alert color="gray" variant="light" title={t("activityForm.lockedTitle")}>
            {t("activityForm.lockedText", { month: record.reportingMonth.slice(0, 7) })}
          </Alert>
        )}
        {review.error && <ErrorAlert error={review.error} />}
      </Stack>
    </Paper>
  );
}
