import { Badge, Box, Paper, SimpleGrid, Stack, Text, Title, UnstyledButton } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { EventOccurrence } from "../../../common/schemas/events.ts";
import { OccurrenceChip, OccurrenceRow } from "./OccurrenceItem.tsx";
import { localDay, monthGrid, type useZonedFormat } from "./time.ts";

type Format = ReturnType<typeof useZonedFormat>;
const perCell = 3;

/** Occurrences by each local day they touch (a two-day training shows on both days). */
export function byDay(occurrences: EventOccurrence[], zone: string) {
  const days = new Map<string, EventOccurrence[]>();
  for (const o of occurrences) {
    const first = localDay(o.startsAt, zone);
    // The end is exclusive: a meeting ending at midnight does not touch the next day.
    const last = localDay(new Date(new Date(o.endsAt).getTime() - 1), zone);
    for (let day = first, i = 0; day <= last && i < 31; i++) {
      days.set(day, [...(days.get(day) ?? []), o]);
      day = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    }
  }
  return days;
}

/**
 * Six weeks from the Monday before the 1st. On wide screens each day lists its first events; on
 * phones a day shows its count, and choosing it lists that day's events under the grid.
 */
export function MonthView({
  slug,
  day,
  today,
  occurrences,
  zone,
  format,
  onShowDay,
}: {
  slug: string;
  day: string;
  today: string;
  occurrences: EventOccurrence[];
  zone: string;
  format: Format;
  onShowDay: (day: string) => void;
}) {
  const { t } = useTranslation();
  const wide = useMediaQuery("(min-width: 48em)", true);
  const grid = monthGrid(day);
  const month = day.slice(0, 7);
  const days = byDay(occurrences, zone);
  const [picked, setPicked] = useState<string | null>(null);
  const selected =
    picked && picked.slice(0, 7) === month ? picked : today.slice(0, 7) === month ? today : `${month}-01`;

  return (
    <Stack gap="md">
      <SimpleGrid
        cols={7}
        spacing={0}
        role="grid"
        aria-label={format.month(day)}
        style={{
          borderTop: "1px solid var(--mantine-color-gray-3)",
          borderInlineStart: "1px solid var(--mantine-color-gray-3)",
        }}
      >
        {grid.slice(0, 7).map((d) => (
          <Text
            key={`h-${d}`}
            role="columnheader"
            size="xs"
            fw={700}
            ta="center"
            py={4}
            c="dimmed"
            style={{
              borderInlineEnd: "1px solid var(--mantine-color-gray-3)",
              borderBottom: "1px solid var(--mantine-color-gray-3)",
            }}
          >
            {format.weekdayShort(d)}
          </Text>
        ))}
        {grid.map((d) => {
          const items = days.get(d) ?? [];
          const inMonth = d.slice(0, 7) === month;
          const cellStyle = {
            borderInlineEnd: "1px solid var(--mantine-color-gray-3)",
            borderBottom: "1px solid var(--mantine-color-gray-3)",
            background: inMonth ? undefined : "var(--mantine-color-gray-0)",
            minHeight: wide ? 112 : 52,
          };
          const number = (
            <Text
              size="sm"
              fw={d === today ? 700 : 500}
              c={inMonth ? undefined : "dimmed"}
              component="span"
              style={
                d === today
                  ? {
                      background: "var(--mantine-color-blue-7)",
                      color: "white",
                      borderRadius: 12,
                      padding: "0 6px",
                    }
                  : undefined
              }
            >
              {format.dayNumber(d)}
            </Text>
          );
          if (!wide)
            return (
              <UnstyledButton
                key={d}
                role="gridcell"
                onClick={() => setPicked(d)}
                aria-pressed={d === selected}
                aria-label={`${format.dayLong(d)}: ${t("events.count", { count: items.length })}`}
                p={4}
                style={{
                  ...cellStyle,
                  outline: d === selected ? "2px solid var(--mantine-color-blue-6)" : undefined,
                  outlineOffset: -2,
                }}
              >
                <Stack gap={2} align="center">
                  {number}
                  {items.length > 0 && (
                    <Badge size="xs" variant="filled" circle>
                      {items.length}
                    </Badge>
                  )}
                </Stack>
              </UnstyledButton>
            );
          return (
            <Box key={d} role="gridcell" p={4} style={cellStyle} aria-label={format.dayLong(d)}>
              {number}
              <Stack gap={3} mt={4}>
                {items.slice(0, perCell).map((o) => (
                  <OccurrenceChip
                    key={`${o.eventId}-${o.startsAt}`}
                    slug={slug}
                    occurrence={o}
                    format={format}
                  />
                ))}
                {items.length > perCell && (
                  <UnstyledButton onClick={() => onShowDay(d)}>
                    <Text size="xs" c="blue.8" fw={600}>
                      {t("events.more", { count: items.length - perCell })}
                    </Text>
                  </UnstyledButton>
                )}
              </Stack>
            </Box>
          );
        })}
      </SimpleGrid>
      {!wide && (
        <Paper withBorder p="sm">
          <Title order={2} size="h5" mb={4}>
            {format.dayLong(selected)}
          </Title>
          {(days.get(selected) ?? []).length === 0 ? (
            <Text size="sm" c="dimmed">
              {t("events.noneThatDay")}
            </Text>
          ) : (
            (days.get(selected) ?? []).map((o) => (
              <OccurrenceRow key={`${o.eventId}-${o.startsAt}`} slug={slug} occurrence={o} format={format} />
            ))
          )}
        </Paper>
      )}
    </Stack>
  );
}
