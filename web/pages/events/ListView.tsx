import { Divider, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { EventOccurrence } from "../../../common/schemas/events.ts";
import { OccurrenceRow } from "./OccurrenceItem.tsx";
import { localDay, type useZonedFormat } from "./time.ts";

/** Occurrences grouped by local day, in time order. */
export function ListView({
  slug,
  occurrences,
  zone,
  format,
}: {
  slug: string;
  occurrences: EventOccurrence[];
  zone: string;
  format: ReturnType<typeof useZonedFormat>;
}) {
  const { t } = useTranslation();
  if (occurrences.length === 0) return <Text c="dimmed">{t("events.none")}</Text>;
  const days = new Map<string, EventOccurrence[]>();
  for (const o of occurrences) {
    const day = localDay(o.startsAt, zone);
    days.set(day, [...(days.get(day) ?? []), o]);
  }
  return (
    <Stack gap="lg">
      {[...days].map(([day, items]) => (
        <section key={day} aria-label={format.dayLong(day)}>
          <Title order={2} size="h5">
            {format.dayLong(day)}
          </Title>
          <Divider my={4} />
          {items.map((o) => (
            <OccurrenceRow key={`${o.eventId}-${o.startsAt}`} slug={slug} occurrence={o} format={format} />
          ))}
        </section>
      ))}
    </Stack>
  );
}
