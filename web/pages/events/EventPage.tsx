import { Anchor, Badge, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { defaultTimeZoneFor } from "../../../common/schemas/events.ts";
import { ApiError } from "../../api/client.ts";
import { useResponse } from "../../api/responses.ts";
import { useSectors } from "../../api/sectors.ts";
import { usePermission } from "../../components/Can.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { PageLoader } from "../../components/PageLoader.tsx";
import { NotFoundContent } from "../not-found/NotFoundPage.tsx";
import { ConfirmDialog } from "../structure/ConfirmDialog.tsx";
import { icsUrl, useDeleteEvent, useEvent, useOccurrences } from "./api.ts";
import { EventForm } from "./EventForm.tsx";
import { typeColour } from "./labels.ts";
import { SubscribeButton } from "./SubscribeButton.tsx";
import { useZonedFormat } from "./time.ts";

const day = 86_400_000;

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <Text component="dt" size="sm" c="dimmed">
        {label}
      </Text>
      <Text component="dd" size="sm" ms={0} mb={8}>
        {children}
      </Text>
    </>
  );
}

/** The agenda or minutes: the library's document (its page), else the external link, else a note. */
function MeetingDocument({
  slug,
  label,
  document,
  url,
  none,
}: {
  slug: string;
  label: string;
  document: { id: string; title: string } | null;
  url: string | null;
  none: string;
}) {
  if (document)
    return (
      <Text size="sm">
        {label}:{" "}
        <Anchor component={Link} to={`/r/${slug}/documents/${document.id}`}>
          {document.title}
        </Anchor>
      </Text>
    );
  if (url)
    return (
      <Anchor href={url} target="_blank" rel="noopener noreferrer">
        {label}
      </Anchor>
    );
  return (
    <Text size="sm" c="dimmed">
      {none}
    </Text>
  );
}

/** `/r/:slug/events/:eventId`: when and where, the next dates, links, and the .ics download. */
export default function EventPage() {
  const { slug = "", eventId = "" } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const event = useEvent(slug, eventId);
  const response = useResponse(slug);
  const sectors = useSectors(slug);
  const allowed = usePermission();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const remove = useDeleteEvent(slug, eventId);
  const [now] = useState(() => new Date());
  const upcoming = useOccurrences(
    slug,
    { from: now, to: new Date(now.getTime() + 120 * day) },
    { platform: event.data?.platform?.id ?? null },
    200,
  );
  const responseZone = defaultTimeZoneFor(response.data?.countryIso3);
  const format = useZonedFormat(event.data?.timeZone ?? responseZone);

  if (event.error instanceof ApiError && ["NOT_FOUND", "VALIDATION_FAILED"].includes(event.error.code))
    return <NotFoundContent message={t("events.notFound")} />;
  if (event.error) return <ErrorAlert error={event.error} onRetry={() => void event.refetch()} />;
  if (!event.data) return <PageLoader />;
  const e = event.data;
  const responseId = response.data?.id;
  // As on the server: the platform's sector and the event's sectors, each with its parent.
  const withParent = (id: string) => [
    id,
    ...[sectors.data?.find((s) => s.id === id)?.parentId].filter((x): x is string => !!x),
  ];
  const sectorScope = e.sectors.flatMap((s) => withParent(s.id));
  const may = (action: "event:update" | "event:delete") =>
    !!responseId &&
    (allowed(action, { responseId }) ||
      (sectorScope.length > 0 && allowed(action, { responseId, sectorIds: sectorScope })));
  const next = (upcoming.data?.items ?? []).filter((o) => o.eventId === e.id).slice(0, 5);
  const scope = e.platform ?? e.sectors[0] ?? null;

  return (
    <Stack gap="lg" maw={1000}>
      <Anchor component={Link} to={`/r/${slug}/events`} size="sm">
        ← {t("events.back")}
      </Anchor>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1}>{e.title}</Title>
          <Group gap={6} mt={6}>
            <Badge variant="light" color={typeColour[e.type]}>
              {t(`events.type.${e.type}`)}
            </Badge>
            {e.recurrence !== "none" && (
              <Badge variant="outline" color="gray">
                {t(`events.recurrenceKind.${e.recurrence}`)}
              </Badge>
            )}
            {e.visibility === "signed_in" && (
              <Badge variant="outline" color="gray">
                {t("events.signedInOnly")}
              </Badge>
            )}
          </Group>
        </div>
        <Group gap="sm">
          <Button component="a" href={icsUrl(slug, e.id)} download variant="light">
            {t("events.download")}
          </Button>
          {scope && (
            <SubscribeButton
              slug={slug}
              variant="light"
              filters={e.platform ? { platform: e.platform.code } : { sector: e.sectors[0]!.code }}
              scopeLabel={scope.name}
            />
          )}
          {may("event:update") && (
            <Button variant="default" onClick={() => setEditing(true)}>
              {t("events.edit")}
            </Button>
          )}
          {may("event:delete") && (
            <Button variant="subtle" color="red" onClick={() => setDeleting(true)}>
              {t("events.delete")}
            </Button>
          )}
        </Group>
      </Group>

      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <Paper withBorder p="md">
          <Title order={2} size="h5" mb={6}>
            {t("events.when")}
          </Title>
          <dl style={{ margin: 0 }}>
            <Fact label={t("events.first")}>
              {format.longDay(e.startsAt)}, {format.range(e.startsAt, e.endsAt)} ({e.timeZone})
            </Fact>
            {e.rrule && (
              <Fact label={t("events.rule")}>
                <code>{e.rrule}</code>
              </Fact>
            )}
            <Fact label={t("events.nextDates")}>
              {next.length === 0
                ? t("events.noNextDates")
                : next.map((o) => (
                    <span key={o.startsAt} style={{ display: "block" }}>
                      {format.longDay(o.startsAt)}, {format.range(o.startsAt, o.endsAt)}
                    </span>
                  ))}
            </Fact>
          </dl>
        </Paper>
        <Paper withBorder p="md">
          <Title order={2} size="h5" mb={6}>
            {t("events.where")}
          </Title>
          <dl style={{ margin: 0 }}>
            {e.place && <Fact label={t("events.form.place")}>{e.place}</Fact>}
            {e.onlineUrl && (
              <Fact label={t("events.form.onlineUrl")}>
                <Anchor href={e.onlineUrl} target="_blank" rel="noopener noreferrer">
                  {e.onlineUrl}
                </Anchor>
              </Fact>
            )}
            {e.platform && (
              <Fact label={t("events.form.platform")}>
                <Anchor component={Link} to={`/r/${slug}/structure/${e.platform.id}`}>
                  {e.platform.name}
                </Anchor>
              </Fact>
            )}
            {e.sectors.length > 0 && (
              <Fact label={t("events.form.sectors")}>
                {e.sectors.map((s, i) => (
                  <span key={s.id}>
                    {i > 0 && ", "}
                    <Anchor component={Link} to={`/r/${slug}/sectors/${encodeURIComponent(s.code)}`}>
                      {s.name}
                    </Anchor>
                  </span>
                ))}
              </Fact>
            )}
            {e.organisers.length > 0 && (
              <Fact label={t("events.form.organisers")}>{e.organisers.map((o) => o.name).join(", ")}</Fact>
            )}
          </dl>
        </Paper>
      </SimpleGrid>
      {e.description && (
        <Paper withBorder p="md">
          <Title order={2} size="h5" mb={6}>
            {t("events.form.description")}
          </Title>
          <Text style={{ whiteSpace: "pre-wrap" }}>{e.description}</Text>
        </Paper>
      )}
      <Paper withBorder p="md">
        <Title order={2} size="h5" mb={6}>
          {t("events.documents")}
        </Title>
        <Group gap="lg">
          <MeetingDocument
            slug={slug}
            label={t("events.agenda")}
            document={e.agendaDocument}
            url={e.agendaUrl}
            none={t("events.noAgenda")}
          />
          <MeetingDocument
            slug={slug}
            label={t("events.minutes")}
            document={e.minutesDocument}
            url={e.minutesUrl}
            none={t("events.noMinutes")}
          />
        </Group>
      </Paper>

      {editing && <EventForm slug={slug} event={e} onClose={() => setEditing(false)} />}
      {deleting && (
        <ConfirmDialog
          title={t("events.delete")}
          message={t("events.deleteConfirm", { title: e.title })}
          confirmLabel={t("events.delete")}
          pending={remove.isPending}
          error={remove.error}
          onClose={() => setDeleting(false)}
          onConfirm={() =>
            remove.mutate(undefined, {
              onSuccess: () => {
                notifications.show({ color: "teal", message: t("events.deleted", { title: e.title }) });
                void navigate(`/r/${slug}/events`);
              },
            })
          }
        />
      )}
    </Stack>
  );
}
