import { Anchor, Group, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import { can } from "../../../common/permissions.ts";
import { useActivity, useMonthLocks, useReplaceActivity } from "../../api/activityRecords.ts";
import { useResponses } from "../../api/responses.ts";
import { useSectors } from "../../api/sectors.ts";
import { useUser } from "../../api/session.ts";
import { AccessGate } from "../../components/AccessGate.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { PageLoader } from "../../components/PageLoader.tsx";
import { hasGrantIn, organisationsOf } from "../../lib/roles.ts";
import { ActivityForm } from "./ActivityForm.tsx";
import { emptyValues, valuesOf } from "./formValues.ts";
import { ReviewStatePanel } from "./ReviewStatePanel.tsx";

/**
 * `/r/:slug/activities/new` and `/r/:slug/activities/:id/edit`: one 4W record, its review state
 * and, for its writers, the submit action. Records the user may not change show read-only.
 */
export default function ActivityFormPage() {
  const { slug = "", id } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const user = useUser();
  const responses = useResponses();
  const response = responses.data?.find((r) => r.slug === slug);
  const record = useActivity(slug, id);
  const locks = useMonthLocks(slug, !!user && !!id);
  const sectors = useSectors(slug);
  const replace = useReplaceActivity(slug);
  const [dirty, setDirty] = useState(false);

  const allowed = id ? !!user : hasGrantIn(user, response?.id, "activity:write");
  const back = (
    <Anchor component={Link} to={`/r/${slug}/activities`} size="sm">
      {t("activityForm.backToExplorer")}
    </Anchor>
  );

  let body = null;
  let intro = id ? t("activityForm.editIntro") : t("activityForm.newIntro");
  if (!response || (id && record.isPending)) body = <PageLoader />;
  else if (id && record.error)
    body = <ErrorAlert error={record.error} onRetry={() => void record.refetch()} />;
  else if (id && record.data) {
    const a = record.data;
    const parent = sectors.data?.find((s) => s.id === a.sector.id)?.parentId ?? null;
    const target = {
      responseId: response.id,
      organisationId: a.reportingOrg.id,
      sectorIds: [a.sector.id, a.subSector?.id, parent].filter((s): s is string => !!s),
    };
    const mayWrite = can(user, "activity:write", target);
    const mayReview = can(user, "activity:review", target);
    const locked = (locks.data ?? []).some((l) => `${l.month}-01` === a.reportingMonth);
    const open = a.reviewState === "draft" || a.reviewState === "rejected";
    const editable = !locked && ((mayWrite && open) || mayReview);
    if (!editable) intro = t("activityForm.viewIntro");
    else if (mayReview && a.reviewState === "submitted") intro = t("activityForm.reviewIntro");
    body = (
      <Stack gap="lg">
        <ReviewStatePanel
          slug={slug}
          record={a}
          mayWrite={mayWrite}
          mayReview={mayReview}
          locked={locked}
          dirty={dirty}
        />
        {!editable && !locked && (
          <Text size="sm" c="dimmed">
            {mayWrite ? t("activityForm.readOnlyInReview") : t("activityForm.readOnly")}
          </Text>
        )}
        <ActivityForm
          key={`${a.id}:${a.version}`}
          slug={slug}
          responseId={response.id}
          record={a}
          initial={valuesOf(a)}
          editable={editable}
          onDirty={setDirty}
          onSaved={() => setDirty(false)}
          onReload={(current) => {
            setDirty(false);
            replace(current);
          }}
        />
      </Stack>
    );
  } else {
    const mine = organisationsOf(user, response.id);
    const asked = params.get("organisation");
    const reportingOrg =
      asked && can(user, "activity:write", { responseId: response.id, organisationId: asked })
        ? asked
        : mine.length === 1
          ? mine[0]!
          : "";
    body = (
      <ActivityForm
        slug={slug}
        responseId={response.id}
        record={null}
        initial={emptyValues(reportingOrg)}
        editable
        onSaved={(saved) => navigate(`/r/${slug}/activities/${saved.id}/edit`, { replace: true })}
        onReload={() => undefined}
      />
    );
  }

  return (
    <Stack gap="lg" maw={1100}>
      <div>
        {back}
        <Group justify="space-between" align="flex-end" mt={4}>
          <div>
            <Title order={1}>{id ? t("activityForm.editTitle") : t("activityForm.newTitle")}</Title>
            <Text c="dimmed">{intro}</Text>
          </div>
        </Group>
      </div>
      <AccessGate allowed={allowed}>{body}</AccessGate>
    </Stack>
  );
}
