import { Anchor, Badge, Button, Grid, Group, List, Paper, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { gcmObjectiveTitle, gcmPrincipleTitle, sdgGoalTitle } from "../../../common/reference/index.ts";
import { ApiError } from "../../api/client.ts";
import { type PracticeOutput, usePractice } from "../../api/practices.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { PageLoader } from "../../components/PageLoader.tsx";
import { useFormat } from "../../i18n/format.ts";
import { NotFoundContent } from "../not-found/NotFoundPage.tsx";
import { countryName, targetLabel } from "./labels.ts";
import { ReviewPanel } from "./ReviewPanel.tsx";

/** `/r/:slug/practices/:id`: the practice, and for reviewers and its submitter its review. */
export default function PracticePage() {
  const { slug = "", id = "" } = useParams();
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const practice = usePractice(slug, id);

  if (practice.error instanceof ApiError && ["NOT_FOUND", "VALIDATION_FAILED"].includes(practice.error.code))
    return <NotFoundContent message={t("practices.notFound")} />;
  if (practice.error) return <ErrorAlert error={practice.error} onRetry={() => void practice.refetch()} />;
  if (!practice.data) return <PageLoader />;
  const p = practice.data;
  const orgName = (o: PracticeOutput["implementingOrganisations"][number]) =>
    o.acronym && o.acronym !== o.name ? `${o.name} (${o.acronym})` : o.name;
  const when = p.startDate
    ? p.endDate
      ? t("practices.fromTo", { from: format.date(p.startDate), to: format.date(p.endDate) })
      : t("practices.since", { from: format.date(p.startDate) })
    : t("practices.noDates");
  const insider =
    p.can.edit || p.can.review || p.can.resubmit || p.comments.length > 0 || p.status !== "published";

  return (
    <Stack gap="lg" maw={1200}>
      <Anchor component={Link} to={`/r/${slug}/practices`} size="sm">
        ← {t("practices.back")}
      </Anchor>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1}>{p.title}</Title>
          <Group gap="xs" mt={6}>
            <Badge variant="light">{t(`practices.type.${p.type}`)}</Badge>
            <Badge
              variant="light"
              color={p.status === "published" ? "green" : p.status === "returned" ? "orange" : "blue"}
            >
              {t(`practices.status.${p.status}`)}
            </Badge>
            <Text size="sm" c="dimmed">
              {when}
            </Text>
          </Group>
        </div>
        {p.can.edit && (
          <Button component={Link} to={`/r/${slug}/practices/${p.id}/edit`} variant="light">
            {t("practices.edit")}
          </Button>
        )}
      </Group>
      <Grid gutter="xl">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="md">
            <Text size="lg">{p.summary}</Text>
            <Section title={t("practices.field.description")} text={p.description} />
            <Section title={t("practices.field.benefitImpact")} text={p.benefitImpact} />
            <Section title={t("practices.field.keyLessons")} text={p.keyLessons} />
            {insider && <ReviewPanel slug={slug} practice={p} />}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="md">
            <Facts title={t("practices.where")}>
              {[...p.countries.map((c) => countryName(c, i18n.language)), ...p.regions, ...p.subRegions].join(
                ", ",
              ) || t("practices.notGiven")}
            </Facts>
            <Facts title={t("practices.field.implementingOrganisations")}>
              <Names names={p.implementingOrganisations.map(orgName)} empty={t("practices.notGiven")} />
            </Facts>
            {p.partnerOrganisations.length > 0 && (
              <Facts title={t("practices.field.partnerOrganisations")}>
                <Names names={p.partnerOrganisations.map(orgName)} empty="" />
              </Facts>
            )}
            <Facts title={t("practices.facet.objective")}>
              <Names
                names={p.gcmObjectives.map(
                  (n) => `${t("practices.objectiveN", { n })}: ${gcmObjectiveTitle.get(n)}`,
                )}
                empty={t("practices.notGiven")}
              />
            </Facts>
            <Facts title={t("practices.facet.principle")}>
              <Names
                names={p.gcmPrinciples.map((n) =>
                  t(`practices.principle.${n}`, { defaultValue: gcmPrincipleTitle.get(n) }),
                )}
                empty={t("practices.notGiven")}
              />
            </Facts>
            <Facts title={t("practices.sdgs")}>
              <Names
                names={[
                  ...p.sdgGoals.map((n) => `${t("practices.goalN", { n })}: ${sdgGoalTitle.get(n)}`),
                  ...p.sdgTargets.map(targetLabel),
                ]}
                empty={t("practices.notGiven")}
              />
            </Facts>
            {p.links.length > 0 && (
              <Facts title={t("practices.field.links")}>
                <List size="sm" spacing={4}>
                  {p.links.map((l) => (
                    <List.Item key={l.url}>
                      <Anchor href={l.url} target="_blank" rel="noopener noreferrer">
                        {l.title || l.url}
                      </Anchor>
                      {l.kind === "attachment" && ` (${t("practices.attachment")})`}
                    </List.Item>
                  ))}
                </List>
              </Facts>
            )}
            {p.documents.length > 0 && (
              <Facts title={t("practices.documents")}>
                <List size="sm" spacing={4}>
                  {p.documents.map((d) => (
                    <List.Item key={d.id}>
                      <Anchor component={Link} to={`/r/${slug}/documents/${d.id}`}>
                        {d.title}
                      </Anchor>
                    </List.Item>
                  ))}
                </List>
              </Facts>
            )}
            {p.activities.length > 0 && (
              <Facts title={t("practices.activities")}>
                <List size="sm" spacing={4}>
                  {p.activities.map((a) => (
                    <List.Item key={a.id}>
                      <Anchor component={Link} to={explorerLink(slug, a)}>
                        {a.label}
                      </Anchor>
                    </List.Item>
                  ))}
                </List>
              </Facts>
            )}
            <Facts title={t("practices.submitted")}>
              {t("practices.submittedBy", { name: p.submitter.name, date: format.date(p.submittedAt) })}
              {p.publishedAt && (
                <Text size="sm">{t("practices.publishedOn", { date: format.date(p.publishedAt) })}</Text>
              )}
            </Facts>
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

/**
 * The 4W explorer narrowed to a linked record: its organisation, place and month (a 4W record has
 * no page of its own for readers).
 */
function explorerLink(slug: string, a: PracticeOutput["activities"][number]) {
  const query = new URLSearchParams({
    organisation: a.reportingOrgId,
    location: a.locationCode,
    from: a.reportingMonth,
    to: a.reportingMonth,
  });
  return `/r/${slug}/activities?${query}`;
}

function Section({ title, text }: { title: string; text: string | null }) {
  if (!text) return null;
  return (
    <section>
      <Title order={2} size="h4" mb={4}>
        {title}
      </Title>
      <Text style={{ whiteSpace: "pre-line" }}>{text}</Text>
    </section>
  );
}

function Facts({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="sm" component="section">
      <Title order={2} size="h6" mb={4}>
        {title}
      </Title>
      <Text component="div" size="sm">
        {children}
      </Text>
    </Paper>
  );
}

function Names({ names, empty }: { names: string[]; empty: string }) {
  if (names.length === 0) return <>{empty}</>;
  return (
    <List size="sm" spacing={2}>
      {names.map((n) => (
        <List.Item key={n}>{n}</List.Item>
      ))}
    </List>
  );
}
