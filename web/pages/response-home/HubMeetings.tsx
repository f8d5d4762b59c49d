import { Anchor, Group, Paper, Skeleton, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { defaultTimeZoneFor } from "../../../common/schemas/events.ts";
import { useResponse } from "../../api/responses.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { useOccurrences } from "../events/api.ts";
import { OccurrenceRow } from "../events/OccurrenceItem.tsx";
import { SubscribeButton } from "../events/SubscribeButton.tsx";
import { useZonedFormat } from "../events/time.ts";

/** The hub looks one week ahead: what a coordinator needs to plan for now. */
const days = 7;

/** The response's meetings and events of the next seven days (the first five). */
export function HubMeetings({ slug, limit = 5 }: { slug: string; limit?: number }) {
  const { t } = useTranslation();
  const response = useResponse(slug);
  const format = useZonedFormat(defaultTimeZoneFor(response.data?.countryIso3));
  const [window] = useState(() => {
    const from = new Date();
    return { from, to: new Date(from.getTime() + days * 86_400_000) };
  });
  const upcoming = useOccurrences(slug, window, {}, limit);
  const items = upcoming.data?.items ?? [];
  return (
    <section aria-labelledby="hub-meetings-heading">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h3" id="hub-meetings-heading">
          {t("events.upcoming.title")}
        </Title>
        <Group gap="sm">
          <Anchor component={Link} to={`/r/${slug}/events?view=list`} size="sm">
            {t("events.upcoming.all")}
          </Anchor>
          <SubscribeButton slug={slug} variant="light" filters={{}} scopeLabel={null} />
        </Group>
      </Group>
      {upcoming.error ? (
        <ErrorAlert error={upcoming.error} onRetry={() => void upcoming.refetch()} />
      ) : (
        <Paper withBorder p="md">
          {upcoming.isPending ? (
            <Stack gap="xs" aria-hidden>
              {[0, 1, 2].map((i) => (
                <Skeleton key={i} height={36} />
              ))}
            </Stack>
          ) : items.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t("events.upcoming.none", { count: days })}
            </Text>
          ) : (
            <Stack gap={0}>
              {items.map((o) => (
                <div key={`${o.eventId}-${o.startsAt}`}>
                  <Text size="xs" c="dimmed" mt={4}>
                    {format.longDay(o.startsAt)}
                  </Text>
                  <OccurrenceRow slug={slug} occurrence={o} format={format} />
                </div>
              ))}
            </Stack>
          )}
        </Paper>
      )}
    </section>
  );
}
