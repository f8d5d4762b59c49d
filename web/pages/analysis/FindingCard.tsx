import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from "@mantine/core";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Finding } from "../../../common/schemas/analysis.ts";
import { useReviewFinding } from "../../api/analysis.ts";
import { usePermission } from "../../components/Can.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { useFormat } from "../../i18n/format.ts";

const kindColors = { same_activity: "orange", over_reach: "red", shared_partner: "grape" } as const;

/** One possible duplication: what was found, in words; the records; and its review. */
export function FindingCard({
  slug,
  responseId,
  finding,
}: {
  slug: string;
  responseId: string;
  finding: Finding;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const allowed = usePermission();
  const headingId = useId();
  const { review, reopen } = useReviewFinding(slug);
  const [reviewing, setReviewing] = useState(false);
  const [reason, setReason] = useState("");
  const [tooShort, setTooShort] = useState(false);
  const mayReview = allowed("duplication:review", { responseId, sectorIds: [finding.sector.id] });
  const place = finding.location.name;
  const month = format.month(finding.month);
  const organisations = format.list(finding.organisations);
  const reporters = format.list([...new Set(finding.records.map((r) => r.reportingOrg))]);
  const explanation = t(`analysis.kindExplained.${finding.kind}`, {
    organisations,
    reporters,
    activity: finding.activityType?.name ?? t("common.none"),
    place,
    month,
    reached: finding.reached === null ? t("common.none") : format.number(finding.reached),
    limit: finding.limit === null ? t("common.none") : format.number(finding.limit),
    limitKind: t(`analysis.limitKind.${finding.limitKind ?? "population"}`),
  });

  const submit = () => {
    if (reason.trim().length < 5) {
      setTooShort(true);
      return;
    }
    review.mutate(
      { key: finding.key, reason: reason.trim() },
      {
        onSuccess: () => {
          setReviewing(false);
          setReason("");
        },
      },
    );
  };

  return (
    <Paper withBorder p={{ base: "sm", sm: "md" }} component="article" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" gap="xs">
          <div>
            <Group gap="xs" mb={4}>
              <Badge color={kindColors[finding.kind]} variant="light">
                {t(`analysis.kind.${finding.kind}`)}
              </Badge>
              <Badge color="gray" variant="outline">
                {finding.sector.name}
              </Badge>
            </Group>
            <Title order={2} size="h4" id={headingId}>
              {t("analysis.findingTitle", { place, month })}
            </Title>
          </div>
          <Anchor component={Link} to={`/r/${slug}/places/${finding.location.id}`} size="sm">
            {t("analysis.openProfile", { place })}
          </Anchor>
        </Group>
        <Text size="sm">{explanation}</Text>
        <Table.ScrollContainer minWidth={640} type="native">
          <Table fz="sm" verticalSpacing={4} striped>
            <caption className="visually-hidden">{t("analysis.recordsCaption", { place, month })}</caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t("analysis.reportingOrg")}</Table.Th>
                <Table.Th scope="col">{t("analysis.implementingOrg")}</Table.Th>
                <Table.Th scope="col">{t("analysis.activityType")}</Table.Th>
                <Table.Th scope="col">{t("analysis.dates")}</Table.Th>
                <Table.Th scope="col">{t("analysis.reached")}</Table.Th>
                <Table.Th scope="col">{t("analysis.record")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {finding.records.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>{r.reportingOrg}</Table.Td>
                  <Table.Td>{r.implementingOrg ?? t("common.none")}</Table.Td>
                  <Table.Td>{r.activityType}</Table.Td>
                  <Table.Td style={{ whiteSpace: "nowrap" }}>
                    {format.date(r.startDate)} – {format.date(r.endDate)}
                  </Table.Td>
                  <Table.Td>{r.reached === null ? t("common.none") : format.number(r.reached)}</Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/r/${slug}/activities/${r.id}/edit`}>
                      {t("analysis.openRecord")}
                      <span className="visually-hidden">
                        {" "}
                        {r.reportingOrg} · {r.activityType}
                      </span>
                    </Anchor>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>

        {finding.review ? (
          <Alert color="teal" variant="light" title={t("analysis.reviewedTitle")}>
            <Text size="sm">
              {t("analysis.reviewedBy", {
                who: finding.review.reviewedBy ?? t("analysis.someone"),
                date: format.dateTime(finding.review.reviewedAt),
              })}
            </Text>
            <Text size="sm" fs="italic" mt={4}>
              {finding.review.reason}
            </Text>
            {mayReview && (
              <Button
                mt="sm"
                size="compact-sm"
                variant="default"
                loading={reopen.isPending}
                onClick={() => reopen.mutate(finding.key)}
              >
                {t("analysis.reopen")}
              </Button>
            )}
            {reopen.error && <ErrorAlert error={reopen.error} />}
          </Alert>
        ) : mayReview && !reviewing ? (
          <Button variant="light" w="fit-content" onClick={() => setReviewing(true)}>
            {t("analysis.markReviewed")}
          </Button>
        ) : mayReview ? (
          <Stack gap="xs">
            <Textarea
              label={t("analysis.reason")}
              description={t("analysis.reasonHelp")}
              required
              autosize
              minRows={2}
              maxLength={1000}
              value={reason}
              error={tooShort && reason.trim().length < 5 ? t("analysis.reasonTooShort") : undefined}
              onChange={(event) => setReason(event.currentTarget.value)}
              data-autofocus
            />
            {review.error && <ErrorAlert error={review.error} />}
            <Group gap="xs">
              <Button onClick={submit} loading={review.isPending}>
                {t("analysis.saveReview")}
              </Button>
              <Button variant="default" onClick={() => setReviewing(false)}>
                {t("common.cancel")}
              </Button>
            </Group>
          </Stack>
        ) : null}
      </Stack>
    </Paper>
  );
}
