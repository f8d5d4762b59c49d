import { Button, Group, Modal, Stack, Text, Textarea } from "@mantine/core";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { activityBulkInput } from "../../../common/schemas/activities.ts";
import { validate } from "../../lib/form.ts";

interface Props {
  count: number;
  busy: boolean;
  onReject: (reason: string) => void;
  onClose: () => void;
}

/** Asks for the reason the partner will read; the shared schema says what a reason needs. */
export function RejectDialog({ count, busy, onReject, onClose }: Props) {
  const { t } = useTranslation();
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | undefined>();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // Any uuid stands in for the selection: only the reason is checked here.
    const checked = validate(activityBulkInput, {
      ids: ["00000000-0000-4000-8000-000000000000"],
      action: "reject",
      reason: reason.trim() || undefined,
    });
    if (checked.errors) {
      setError(checked.errors.reason ?? Object.values(checked.errors)[0]);
      return;
    }
    onReject(checked.data.reason ?? reason.trim());
  };

  return (
    <Modal opened onClose={onClose} title={t("review.rejectTitle", { count })} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">{t("review.rejectHelp")}</Text>
          <Textarea
            label={t("review.reason")}
            description={t("review.reasonHint")}
            required
            data-autofocus
            autosize
            minRows={3}
            value={reason}
            onChange={(e) => {
              setReason(e.currentTarget.value);
              setError(undefined);
            }}
            error={error}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" color="red" loading={busy}>
              {t("review.rejectConfirm", { count })}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
