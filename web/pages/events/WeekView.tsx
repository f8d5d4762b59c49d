import { Box, Paper, Stack, Text, Title } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { useTranslation } from "react-i18next";
import type { EventOccurrence } from "../../../common/schemas/events.ts";
import { byDay } from "./MonthView.tsx";
import { OccurrenceChip, OccurrenceRow } from "./OccurrenceItem.tsx";
import { addDays, localDay, minutesOfDay, type useZonedFormat } from "./time.ts";

type Format = ReturnType<typeof useZonedFormat>;
const hourHeight = 44;

/** Side-by-side lanes for overlapping events of one day. */
function lanes(items: EventOccurrence[]) {
  const ends: number[] = [];
  return items.map((o) => {
    const start = Date.parse(o.startsAt);
    let lane = ends.findIndex((end) => end <= start);
    if (lane === -1) lane = ends.length;
    ends[lane] = Date.parse(o.endsAt);
    return { o, lane, of: () => ends.length };
  });
}

/** Monday to Sunday: a time grid on wide screens, the days one under another on phones. */
export function WeekView({
  slug,
  monday,
  today,
  occurrences,
  zone,
  format,
}: {
  slug: string;
  monday: string;
  today: string;
  occurrences: EventOccurrence[];
  zone: string;
  format: Format;
}) {
  const { t } = useTranslation();
  const wide = useMediaQuery("(min-width: 48em)", true);
  const week = Array.from({ length: 7 }, (_, i) => addDays(monday, i));
  const days = byDay(occurrences, zone);

  if (!wide)
    return (
      <Stack gap="sm">
        {week.map((d) => (
          <Paper key={d} withBorder p="sm" aria-label={format.dayLong(d)}>
            <Title order={2} size="h5" c={d === today ? "blue.8" : undefined}>
              {format.dayLong(d)}
            </Title>
            {(days.get(d) ?? []).length === 0 ? (
              <Text size="sm" c="dimmed">
                {t("events.noneThatDay")}
              </Text>
            ) : (
              (days.get(d) ?? []).map((o) => (
                <OccurrenceRow
                  key={`${o.eventId}-${o.startsAt}`}
                  slug={slug}
                  occurrence={o}
                  format={format}
                />
              ))
            )}
          </Paper>
        ))}
      </Stack>
    );

  // Hours shown: 08:00–18:00, widened to fit the week's events.
  let first = 8;
  let last = 18;
  for (const o of occurrences) {
    if (localDay(o.startsAt, zone) === localDay(o.endsAt, zone)) {
      first = Math.min(first, Math.floor(minutesOfDay(o.startsAt, zone) / 60));
      last = Math.max(last, Math.ceil(minutesOfDay(o.endsAt, zone) / 60));
    }
  }
  const hours = Array.from({ length: last - first }, (_, i) => first + i);
  const top = (minutes: number) => ((minutes - first * 60) / 60) * hourHeight;

  return (
    <Box
      style={{
        display: "grid",
        gridTemplateColumns: "3.5rem repeat(7, minmax(0, 1fr))",
        border: "1px solid var(--mantine-color-gray-3)",
      }}
    >
      <div />
      {week.map((d) => (
        <Text
          key={`h-${d}`}
          size="sm"
          fw={d === today ? 700 : 600}
          ta="center"
          py={6}
          c={d === today ? "blue.8" : undefined}
          style={{
            borderInlineStart: "1px solid var(--mantine-color-gray-3)",
            borderBottom: "1px solid var(--mantine-color-gray-3)",
          }}
        >
          {format.weekdayShort(d)} {format.dayNumber(d)}
        </Text>
      ))}
      <Box style={{ position: "relative", height: hours.length * hourHeight }}>
        {hours.map((h) => (
          <Text
            key={h}
            size="xs"
            c="dimmed"
            ta="end"
            pe={6}
            style={{ position: "absolute", top: top(h * 60) - 7, insetInlineEnd: 0 }}
          >
            {format.hour(h)}
          </Text>
        ))}
      </Box>
      {week.map((d) => {
        const all = days.get(d) ?? [];
        const allDay = all.filter((o) => localDay(o.startsAt, zone) !== localDay(o.endsAt, zone));
        const timed = lanes(all.filter((o) => !allDay.includes(o)));
        return (
          <Box
            key={d}
            aria-label={format.dayLong(d)}
            style={{
              position: "relative",
              height: hours.length * hourHeight,
              borderInlineStart: "1px solid var(--mantine-color-gray-3)",
              background: d === today ? "var(--mantine-color-blue-0)" : undefined,
              backgroundImage: `repeating-linear-gradient(to bottom, transparent 0, transparent ${hourHeight - 1}px, var(--mantine-color-gray-2) ${hourHeight - 1}px, var(--mantine-color-gray-2) ${hourHeight}px)`,
            }}
          >
            <Stack gap={2} p={2} style={{ position: "absolute", insetInline: 0, top: 0, zIndex: 1 }}>
              {allDay.map((o) => (
                <OccurrenceChip
                  key={`${o.eventId}-${o.startsAt}`}
                  slug={slug}
                  occurrence={o}
                  format={format}
                />
              ))}
            </Stack>
            {timed.map(({ o, lane, of }) => {
              const start = minutesOfDay(o.startsAt, zone);
              const end = Math.max(minutesOfDay(o.endsAt, zone), start + 30);
              const width = 100 / of();
              return (
                <Box
                  key={`${o.eventId}-${o.startsAt}`}
                  style={{
                    position: "absolute",
                    top: top(start) + 1,
                    height: top(end) - top(start) - 2,
                    insetInlineStart: `calc(${lane * width}% + 2px)`,
                    width: `calc(${width}% - 4px)`,
                    overflow: "hidden",
                  }}
                >
                  <OccurrenceChip slug={slug} occurrence={o} format={format} fill />
                </Box>
              );
            })}
          </Box>
        );
      })}
    </Box>
  );
}
