import {
  Alert,
  Button,
  Group,
  Loader,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  Text,
  Title,
} from "@mantine/core";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams, useSearchParams } from "react-router";
import { defaultTimeZoneFor, type EventType, eventTypes } from "../../../common/schemas/events.ts";
import { usePlatforms } from "../../api/platforms.ts";
import { useResponse } from "../../api/responses.ts";
import { useSectors } from "../../api/sectors.ts";
import { usePermission } from "../../components/Can.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { type CalendarFilters, useOccurrences } from "./api.ts";
import { EventForm } from "./EventForm.tsx";
import { ListView } from "./ListView.tsx";
import { MonthView } from "./MonthView.tsx";
import { SubscribeButton } from "./SubscribeButton.tsx";
import {
  addDays,
  addMonths,
  browserZone,
  dayStart,
  localDay,
  mondayOf,
  monthGrid,
  useZonedFormat,
} from "./time.ts";
import { WeekView } from "./WeekView.tsx";

const views = ["month", "week", "list"] as const;
type View = (typeof views)[number];
const listDays = 31;

/**
 * `/r/:slug/events`: the response's meetings and events by month, week or as a list, filtered by
 * platform, sector and type (kept in the address, so a filtered calendar can be shared), in the
 * response's local time or the reader's, with the matching feed to subscribe to.
 */
export default function CalendarPage() {
  const { slug = "" } = useParams();
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const response = useResponse(slug);
  const platforms = usePlatforms(slug);
  const sectors = useSectors(slug);
  const allowed = usePermission();
  const [adding, setAdding] = useState(false);

  const responseZone = defaultTimeZoneFor(response.data?.countryIso3);
  const readerZone = browserZone();
  const zone = params.get("tz") === "mine" ? readerZone : responseZone;
  const format = useZonedFormat(zone);
  const today = localDay(new Date(), zone);
  const view: View = views.includes(params.get("view") as View) ? (params.get("view") as View) : "month";
  const day = /^\d{4}-\d{2}-\d{2}$/.test(params.get("day") ?? "") ? params.get("day")! : today;
  const filters: CalendarFilters = {
    platform: params.get("platform"),
    sector: params.get("sector"),
    type: eventTypes.includes(params.get("type") as EventType) ? (params.get("type") as EventType) : null,
  };

  const window = useMemo(() => {
    if (view === "month") {
      const grid = monthGrid(day);
      return { from: dayStart(grid[0]!, zone), to: dayStart(addDays(grid[41]!, 1), zone) };
    }
    if (view === "week")
      return { from: dayStart(mondayOf(day), zone), to: dayStart(addDays(mondayOf(day), 7), zone) };
    return { from: dayStart(day, zone), to: dayStart(addDays(day, listDays), zone) };
  }, [view, day, zone]);
  const occurrences = useOccurrences(slug, window, filters);

  const set = (changes: Record<string, string | null>) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [k, v] of Object.entries(changes))
          if (v) next.set(k, v);
          else next.delete(k);
        return next;
      },
      { replace: true },
    );
  const step = (n: number) =>
    set({ day: view === "month" ? addMonths(day, n) : addDays(day, n * (view === "week" ? 7 : listDays)) });
  const heading =
    view === "month"
      ? format.month(day)
      : view === "week"
        ? `${format.dayMedium(mondayOf(day))} – ${format.dayMedium(addDays(mondayOf(day), 6))}`
        : `${format.dayMedium(day)} – ${format.dayMedium(addDays(day, listDays - 1))}`;
  const platform = platforms.data?.find((p) => p.code === filters.platform);
  const sector = sectors.data?.find((s) => s.code === filters.sector);
  const scopeLabel = [platform?.name, sector?.name, filters.type ? t(`events.type.${filters.type}`) : null]
    .filter(Boolean)
    .join(" · ");
  const canCreate =
    !!response.data &&
    (allowed("event:create", { responseId: response.data.id }) ||
      (sectors.data ?? []).some((s) =>
        allowed("event:create", { responseId: response.data!.id, sectorIds: [s.id] }),
      ));

  return (
    <Stack gap="md" maw={1200}>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1}>{t("events.title")}</Title>
          <Text c="dimmed" maw={720}>
            {t("events.intro")}
          </Text>
        </div>
        <Group gap="sm">
          <SubscribeButton slug={slug} filters={filters} scopeLabel={scopeLabel || null} />
          {canCreate && (
            <Button variant="light" onClick={() => setAdding(true)}>
              {t("events.add")}
            </Button>
          )}
        </Group>
      </Group>

      <Group gap="sm" align="flex-end" wrap="wrap">
        <Select
          label={t("events.filter.platform")}
          placeholder={t("events.filter.all")}
          data={(platforms.data ?? []).map((p) => ({ value: p.code, label: p.name }))}
          value={filters.platform ?? null}
          onChange={(v) => set({ platform: v })}
          searchable
          clearable
          w={{ base: "100%", xs: 240 }}
        />
        <Select
          label={t("events.filter.sector")}
          placeholder={t("events.filter.all")}
          data={(sectors.data ?? []).map((s) => ({ value: s.code, label: s.name }))}
          value={filters.sector ?? null}
          onChange={(v) => set({ sector: v })}
          searchable
          clearable
          w={{ base: "100%", xs: 220 }}
        />
        <Select
          label={t("events.filter.type")}
          placeholder={t("events.filter.all")}
          data={eventTypes.map((type) => ({ value: type, label: t(`events.type.${type}`) }))}
          value={filters.type ?? null}
          onChange={(v) => set({ type: v })}
          clearable
          w={{ base: "100%", xs: 200 }}
        />
      </Group>

      <Group justify="space-between" align="center" wrap="wrap" gap="sm">
        <Group gap="xs">
          <Button variant="default" onClick={() => step(-1)} aria-label={t("events.previous")}>
            ‹
          </Button>
          <Button variant="default" onClick={() => set({ day: null })}>
            {t("events.today")}
          </Button>
          <Button variant="default" onClick={() => step(1)} aria-label={t("events.next")}>
            ›
          </Button>
          <Title order={2} size="h3" ms="xs" aria-live="polite">
            {heading}
          </Title>
          {occurrences.isFetching && <Loader size="xs" aria-label={t("events.loading")} />}
        </Group>
        <SegmentedControl
          aria-label={t("events.view.label")}
          value={view}
          onChange={(v) => set({ view: v === "month" ? null : v })}
          data={views.map((v) => ({ value: v, label: t(`events.view.${v}`) }))}
        />
      </Group>
      <Group gap="xs">
        <Text size="sm" c="dimmed">
          {t("events.timesIn", { zone, abbreviation: format.zoneAbbreviation(window.from.toISOString()) })}
        </Text>
        {readerZone !== responseZone && (
          <Switch
            size="sm"
            label={t("events.myZone", { zone: readerZone })}
            checked={zone === readerZone}
            onChange={(e) => set({ tz: e.currentTarget.checked ? "mine" : null })}
          />
        )}
      </Group>

      {occurrences.error ? (
        <ErrorAlert error={occurrences.error} onRetry={() => void occurrences.refetch()} />
      ) : !occurrences.data ? (
        <Loader aria-label={t("events.loading")} />
      ) : (
        <>
          {occurrences.data.truncated && <Alert color="yellow">{t("events.truncated")}</Alert>}
          {view === "month" && (
            <MonthView
              slug={slug}
              day={day}
              today={today}
              occurrences={occurrences.data.items}
              zone={zone}
              format={format}
              onShowDay={(d) => set({ view: "week", day: d })}
            />
          )}
          {view === "week" && (
            <WeekView
              slug={slug}
              monday={mondayOf(day)}
              today={today}
              occurrences={occurrences.data.items}
              zone={zone}
              format={format}
            />
          )}
          {view === "list" && (
            <ListView slug={slug} occurrences={occurrences.data.items} zone={zone} format={format} />
          )}
        </>
      )}
      {adding && <EventForm slug={slug} event={null} onClose={() => setAdding(false)} />}
    </Stack>
  );
}
