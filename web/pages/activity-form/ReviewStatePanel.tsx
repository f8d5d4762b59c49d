import { Alert, Badge, Button, Group, Paper, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ActivityOutput, ReviewState } from "../../../common/schemas/activities.ts";
import { useReviewActivities } from "../../api/activityRecords.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { useFormat } from "../../i18n/format.ts";
import { RejectDialog } from "../review/RejectDialog.tsx";

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
  /** The user reviews this record's sector (approve, reject). */
  mayReview: boolean;
  /** The record's reporting month is locked. */
  locked: boolean;
  /** The form holds unsaved changes: submitting waits for a save. */
  dirty: boolean;
}

/** Where the record is in review, why it was rejected; submit for its writers, approve or reject for reviewers. */
export function ReviewStatePanel({ slug, record, mayWrite, mayReview, locked, dirty }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const review = useReviewActivities(slug);
  const state = record.reviewState;
  const [rejecting, setRejecting] = useState(false);
  const canSubmit = mayWrite && !locked && (state === "draft" || state === "rejected");
  const canApprove = mayReview && !locked && state === "submitted";
  const canReject = mayReview && !locked && (state === "submitted" || state === "approved");

  const act = (action: "submit" | "approve" | "reject", message: string, reason?: string) =>
    review.mutate(
      { ids: [record.id], action, reason },
      {
        onSuccess: () => notifications.show({ color: "teal", message }),
        onSettled: () => setRejecting(false),
      },
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
          <Group gap="sm">
            {canSubmit && (
              <Button
                onClick={() => act("submit", t("activityForm.submitted"))}
                loading={review.isPending}
                disabled={dirty}
              >
                {t("activityForm.submitForReview")}
              </Button>
            )}
            {canApprove && (
              <Button
                onClick={() => act("approve", t("activityForm.approved"))}
                loading={review.isPending && !rejecting}
                disabled={dirty}
              >
                {t("activityForm.approve")}
              </Button>
            )}
            {canReject && (
              <Button color="red" variant="light" onClick={() => setRejecting(true)} disabled={dirty}>
                {t("activityForm.reject")}
              </Button>
            )}
          </Group>
        </Group>
        <Text size="sm">{t(`activityForm.stateHelp.${state}`)}</Text>
        {(canSubmit || canApprove || canReject) && dirty && (
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
        {rejecting && (
          <RejectDialog
            count={1}
            busy={review.isPending}
            onReject={(reason) => act("reject", t("activityForm.rejected"), reason)}
            onClose={() => setRejecting(false)}
          />
        )}
      </Stack>
    </Paper>
  );
}
