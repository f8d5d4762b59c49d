import { Anchor, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { defaultTimeZoneFor } from "../../../common/schemas/events.ts";
import { useResponse } from "../../api/responses.ts";
import { useOccurrences } from "./api.ts";
import { OccurrenceRow } from "./OccurrenceItem.tsx";
import { SubscribeButton } from "./SubscribeButton.tsx";
import { useZonedFormat } from "./time.ts";

const days = 60;

/**
 * The next meetings (two months ahead) of a platform, for its page; without a platform, of the
 * whole response (for a home page).
 */
export function UpcomingMeetings({
  slug,
  platform,
  limit = 5,
}: {
  slug: string;
  platform?: { id: string; code: string; name: string };
  limit?: number;
}) {
  const { t } = useTranslation();
  const response = useResponse(slug);
  const format = useZonedFormat(defaultTimeZoneFor(response.data?.countryIso3));
  const [window] = useState(() => {
    const from = new Date();
    return { from, to: new Date(from.getTime() + days * 86_400_000) };
  });
  const upcoming = useOccurrences(slug, window, { platform: platform?.id ?? null }, limit);
  const items = upcoming.data?.items ?? [];
  return (
    <section aria-labelledby="upcoming-heading">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h3" id="upcoming-heading">
          {t("events.upcoming.title")}
        </Title>
        <Group gap="sm">
          <Anchor
            component={Link}
            to={`/r/${slug}/events?${platform ? `platform=${encodeURIComponent(platform.code)}&` : ""}view=list`}
            size="sm"
          >
            {t("events.upcoming.all")}
          </Anchor>
          <SubscribeButton
            slug={slug}
            variant="light"
            filters={{ platform: platform?.code ?? null }}
            scopeLabel={platform?.name ?? null}
          />
        </Group>
      </Group>
      <Paper withBorder p="md">
        {upcoming.isLoading ? (
          <Text size="sm" c="dimmed">
            {t("events.loading")}
          </Text>
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
    </section>
  );
}
