import { Alert, List, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { ReviewAction } from "../../../common/schemas/activities.ts";
import { ApiError } from "../../api/client.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";

export type Outcome =
  | { ok: true; action: ReviewAction; count: number }
  | { ok: false; action: ReviewAction; error: unknown; ids: string[]; labels: Record<string, string> };

/**
 * How a bulk action went. The server refuses the whole selection when one record is refused and
 * names each by its position in `ids` (`body.ids.3`); those are shown by the record's name.
 */
export function BulkResult({ outcome }: { outcome: Outcome }) {
  const { t } = useTranslation();
  if (outcome.ok)
    return (
      <Alert color="teal" variant="light" role="status" data-testid="bulk-result">
        {t(`review.done.${outcome.action}`, { count: outcome.count })}
      </Alert>
    );
  const details = outcome.error instanceof ApiError ? outcome.error.details : [];
  const perRecord = details.flatMap((d) => {
    const index = /^body\.ids\.(\d+)$/.exec(d.path)?.[1];
    const id = index === undefined ? undefined : outcome.ids[Number(index)];
    return id ? [{ id, label: outcome.labels[id] ?? id, message: d.message }] : [];
  });
  return (
    <div data-testid="bulk-result">
      <ErrorAlert error={outcome.error} title={t("review.failedTitle")} />
      {perRecord.length > 0 && (
        <>
          <Text size="sm" fw={600} mt="sm">
            {t("review.failedRecords")}
          </Text>
          <List size="sm" mt={4}>
            {perRecord.map((r) => (
              <List.Item key={r.id}>
                {r.label}: {r.message}
              </List.Item>
            ))}
          </List>
        </>
      )}
    </div>
  );
}
