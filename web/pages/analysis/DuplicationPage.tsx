import { Badge, Group, Paper, Skeleton, Stack, Tabs, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useParams, useSearchParams } from "react-router";
import { type FindingState, useDuplication } from "../../api/analysis.ts";
import { useResponses } from "../../api/responses.ts";
import { AccessGate } from "../../components/AccessGate.tsx";
import { usePermission } from "../../components/Can.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { useFormat } from "../../i18n/format.ts";
import { FindingCard } from "./FindingCard.tsx";
import { SectorSelect, withParam } from "./shared.tsx";

/** `/r/:slug/duplication`: possible duplication and double counting, to review (members only). */
export default function DuplicationPage() {
  const { slug = "" } = useParams();
  const responses = useResponses();
  const allowed = usePermission();
  const response = responses.data?.find((r) => r.slug === slug);
  return (
    <AccessGate allowed={!!response && allowed("response:read-restricted", { responseId: response.id })}>
      {response && <Findings slug={slug} responseId={response.id} />}
      {!response && <Skeleton height={200} />}
    </AccessGate>
  );
}

function Findings({ slug, responseId }: { slug: string; responseId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [params, setParams] = useSearchParams();
  const state: FindingState = params.get("state") === "reviewed" ? "reviewed" : "open";
  const sector = params.get("sector") || undefined;
  const findings = useDuplication(slug, { state, sector });
  const data = findings.data;
  const list = data?.findings;
  const tabLabel = (key: FindingState, count: number | undefined) => (
    <Group gap={6} wrap="nowrap">
      {t(`analysis.findingState.${key}`)}
      {count !== undefined && (
        <Badge size="sm" variant="light" color={key === "open" && count ? "orange" : "gray"}>
          {format.number(count)}
        </Badge>
      )}
    </Group>
  );
  return (
    <Stack gap="lg" maw={1100}>
      <div>
        <Title order={1}>{t("analysis.duplicationTitle")}</Title>
        <Text c="dimmed" maw={760}>
          {t("analysis.duplicationIntro")}
        </Text>
      </div>
      <SectorSelect
        slug={slug}
        value={sector}
        onChange={(id) => setParams(withParam(params, "sector", id), { replace: true })}
      />
      <Tabs
        value={state}
        onChange={(next) =>
          setParams(withParam(params, "state", next === "reviewed" ? "reviewed" : undefined))
        }
      >
        <Tabs.List>
          <Tabs.Tab value="open">{tabLabel("open", data?.open)}</Tabs.Tab>
          <Tabs.Tab value="reviewed">{tabLabel("reviewed", data?.reviewed)}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value={state} pt="md">
          {findings.error ? (
            <ErrorAlert error={findings.error} onRetry={() => void findings.refetch()} />
          ) : !list ? (
            <Stack>
              <Skeleton height={160} />
              <Skeleton height={160} />
            </Stack>
          ) : list.length === 0 ? (
            <Paper withBorder p="lg">
              <Text c="dimmed">
                {state === "open" ? t("analysis.noOpenFindings") : t("analysis.noReviewedFindings")}
              </Text>
            </Paper>
          ) : (
            <Stack gap="md" aria-busy={findings.isFetching || undefined}>
              {data.from && (
                <Text size="sm" c="dimmed">
                  {!data.to || data.to === data.from
                    ? format.month(data.from)
                    : t("analysis.period", { from: format.month(data.from), to: format.month(data.to) })}
                </Text>
              )}
              {list.map((finding) => (
                <FindingCard key={finding.key} slug={slug} responseId={responseId} finding={finding} />
              ))}
            </Stack>
          )}
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
