import { Anchor, Badge, Box, Group, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { EventOccurrence } from "../../../common/schemas/events.ts";
import { typeColour } from "./labels.ts";
import type { useZonedFormat } from "./time.ts";

type Format = ReturnType<typeof useZonedFormat>;
export const eventPath = (slug: string, o: Pick<EventOccurrence, "eventId">) =>
  `/r/${slug}/events/${o.eventId}`;

/** A compact entry in a month cell or a week column: time and title, a link to the event. */
export function OccurrenceChip({
  slug,
  occurrence: o,
  format,
  fill = false,
}: {
  slug: string;
  occurrence: EventOccurrence;
  format: Format;
  /** Fill the box it sits in (a week view's time slot). */
  fill?: boolean;
}) {
  const colour = typeColour[o.type];
  return (
    <Anchor
      component={Link}
      to={eventPath(slug, o)}
      underline="never"
      display="block"
      px={6}
      py={2}
      style={{
        borderInlineStart: `3px solid var(--mantine-color-${colour}-6)`,
        background: `var(--mantine-color-${colour}-0)`,
        borderRadius: 4,
        color: "var(--mantine-color-dark-7)",
        overflow: "hidden",
        height: fill ? "100%" : undefined,
      }}
    >
      <Text size="xs" lineClamp={2}>
        <Text span size="xs" fw={700}>
          {format.time(o.startsAt)}
        </Text>{" "}
        {o.title}
      </Text>
    </Anchor>
  );
}

/** A full row for the list view and the day lists on phones. */
export function OccurrenceRow({
  slug,
  occurrence: o,
  format,
}: {
  slug: string;
  occurrence: EventOccurrence;
  format: Format;
}) {
  const { t } = useTranslation();
  return (
    <Group gap="md" wrap="nowrap" align="flex-start" py={6}>
      <Box w={{ base: 88, sm: 172 }} style={{ flexShrink: 0 }}>
        <Text size="sm" fw={600}>
          {format.range(o.startsAt, o.endsAt)}
        </Text>
      </Box>
      <Box style={{ minWidth: 0 }}>
        <Anchor component={Link} to={eventPath(slug, o)} fw={600}>
          {o.title}
        </Anchor>
        <Group gap={6} mt={2}>
          <Badge size="sm" variant="light" color={typeColour[o.type]}>
            {t(`events.type.${o.type}`)}
          </Badge>
          {o.recurring && (
            <Badge size="sm" variant="outline" color="gray">
              {t("events.recurring")}
            </Badge>
          )}
          {o.visibility === "signed_in" && (
            <Badge size="sm" variant="outline" color="gray">
              {t("events.signedInOnly")}
            </Badge>
          )}
        </Group>
        <Text size="sm" c="dimmed" mt={2}>
          {[o.platform?.name, o.place ?? (o.onlineUrl ? t("events.online") : null)]
            .filter(Boolean)
            .join(" · ")}
        </Text>
      </Box>
    </Group>
  );
}
