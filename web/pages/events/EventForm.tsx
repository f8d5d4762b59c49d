import {
  Button,
  Group,
  Modal,
  MultiSelect,
  NativeSelect,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import type { FormEvent } from "react";
import { useTranslation } from "react-i18next";
import {
  defaultTimeZoneFor,
  eventInput,
  eventTypes,
  eventVisibilities,
  recurrenceKinds,
} from "../../../common/schemas/events.ts";
import { useDocuments } from "../../api/documents.ts";
import { usePlatforms } from "../../api/platforms.ts";
import { useResponse } from "../../api/responses.ts";
import { useSectors } from "../../api/sectors.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { orNull, useFormState, validate } from "../../lib/form.ts";
import { useOrganisationOptions } from "../structure/useOrganisationOptions.ts";
import { type EventOutput, useSaveEvent } from "./api.ts";
import { addDays, localDay } from "./time.ts";

interface Props {
  slug: string;
  /** null to add an event. */
  event: EventOutput | null;
  /** Pre-selected platform when adding from a platform page. */
  platformId?: string;
  onClose: () => void;
}

/** Add or edit an event: local start and end in its time zone, recurrence, links and organisers. */
export function EventForm({ slug, event, platformId, onClose }: Props) {
  const { t } = useTranslation();
  const save = useSaveEvent(slug, event?.id ?? null);
  const response = useResponse(slug);
  const platforms = usePlatforms(slug);
  const sectors = useSectors(slug);
  const organisations = useOrganisationOptions(slug);
  const library = useDocuments(slug, { limit: 200 });
  const zone = event?.timeZone ?? defaultTimeZoneFor(response.data?.countryIso3);
  const tomorrow = addDays(localDay(new Date(), zone), 1);
  const form = useFormState({
    title: event?.title ?? "",
    type: event?.type ?? "coordination_meeting",
    platformId: event?.platform?.id ?? platformId ?? "",
    sectorIds: event?.sectors.map((s) => s.id) ?? [],
    start: event?.start ?? `${tomorrow}T10:00`,
    end: event?.end ?? `${tomorrow}T11:00`,
    timeZone: zone,
    recurrence: event?.recurrence ?? "none",
    rrule: event?.recurrence === "custom" ? (event.rrule?.split(/;(UNTIL|COUNT)=/)[0] ?? "") : "",
    recurrenceUntil: event?.recurrenceUntil ?? "",
    recurrenceCount: event?.recurrenceCount ?? ("" as number | ""),
    place: event?.place ?? "",
    onlineUrl: event?.onlineUrl ?? "",
    agendaDocumentId: event?.agendaDocument?.id ?? null,
    minutesDocumentId: event?.minutesDocument?.id ?? null,
    agendaUrl: event?.agendaUrl ?? "",
    minutesUrl: event?.minutesUrl ?? "",
    organiserIds: event?.organisers.map((o) => o.id) ?? [],
    visibility: event?.visibility ?? "public",
    description: event?.description ?? "",
  });
  const v = form.values;
  const recurring = v.recurrence !== "none";
  // The library's newest documents, searchable by title; the linked ones stay listed whatever their age.
  const documentOptions = [
    ...(library.data?.items ?? []).map((d) => ({ value: d.id, label: d.title })),
    ...[event?.agendaDocument, event?.minutesDocument]
      .filter((d) => !!d && !library.data?.items.some((x) => x.id === d.id))
      .map((d) => ({ value: d!.id, label: d!.title })),
  ].filter((o, i, all) => all.findIndex((x) => x.value === o.value) === i);
  const documentSelect = (key: "agendaDocumentId" | "minutesDocumentId") => (
    <Select
      label={t(`events.form.${key}`)}
      placeholder={t("events.form.documentPlaceholder")}
      data={documentOptions}
      value={v[key]}
      onChange={(value) => form.set(key, value)}
      searchable
      clearable
      nothingFoundMessage={t("events.form.noDocumentFound")}
      error={form.errors[key]}
    />
  );

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const checked = validate(eventInput, {
      ...v,
      platformId: v.platformId || null,
      rrule: v.recurrence === "custom" ? orNull(v.rrule) : null,
      recurrenceUntil: recurring ? v.recurrenceUntil || null : null,
      recurrenceCount: recurring && v.recurrenceCount !== "" ? v.recurrenceCount : null,
      exceptionDates: recurring ? (event?.exceptionDates ?? []) : [],
      place: orNull(v.place),
      onlineUrl: orNull(v.onlineUrl),
      agendaUrl: orNull(v.agendaUrl),
      minutesUrl: orNull(v.minutesUrl),
      description: orNull(v.description),
    });
    if (checked.errors) return form.setErrors(checked.errors);
    save.mutate(checked.data, {
      onSuccess: (saved) => {
        notifications.show({
          color: "teal",
          message: t(event ? "events.form.updated" : "events.form.created", { title: saved.title }),
        });
        onClose();
      },
      onError: form.fromServer,
    });
  };

  const text = (
    key: "title" | "place" | "onlineUrl" | "agendaUrl" | "minutesUrl",
    extra: { required?: boolean; type?: string } = {},
  ) => (
    <TextInput
      label={t(`events.form.${key}`)}
      value={v[key]}
      onChange={(e) => form.set(key, e.currentTarget.value)}
      error={form.errors[key]}
      {...extra}
    />
  );

  return (
    <Modal
      opened
      onClose={onClose}
      title={event ? t("events.form.editTitle", { title: event.title }) : t("events.form.addTitle")}
      size="xl"
    >
      <form onSubmit={submit} noValidate ref={form.ref}>
        <Stack>
          {save.error && <ErrorAlert error={save.error} />}
          {text("title", { required: true })}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <NativeSelect
              label={t("events.form.type")}
              value={v.type}
              onChange={(e) => form.set("type", e.currentTarget.value as typeof v.type)}
              data={eventTypes.map((k) => ({ value: k, label: t(`events.type.${k}`) }))}
            />
            <NativeSelect
              label={t("events.form.platform")}
              value={v.platformId}
              onChange={(e) => form.set("platformId", e.currentTarget.value)}
              data={[
                { value: "", label: t("events.form.noPlatform") },
                ...(platforms.data ?? []).map((p) => ({ value: p.id, label: p.name })),
              ]}
              error={form.errors.platformId}
            />
          </SimpleGrid>
          <MultiSelect
            label={t("events.form.sectors")}
            data={(sectors.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
            value={v.sectorIds}
            onChange={(value) => form.set("sectorIds", value)}
            searchable
            error={form.errors.sectorIds}
          />
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput
              type="datetime-local"
              label={t("events.form.start")}
              required
              value={v.start}
              onChange={(e) => form.set("start", e.currentTarget.value.slice(0, 16))}
              error={form.errors.start}
            />
            <TextInput
              type="datetime-local"
              label={t("events.form.end")}
              required
              value={v.end}
              onChange={(e) => form.set("end", e.currentTarget.value.slice(0, 16))}
              error={form.errors.end}
            />
            <TextInput
              label={t("events.form.timeZone")}
              description={t("events.form.timeZoneHint")}
              value={v.timeZone}
              onChange={(e) => form.set("timeZone", e.currentTarget.value)}
              error={form.errors.timeZone}
            />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <NativeSelect
              label={t("events.form.recurrence")}
              value={v.recurrence}
              onChange={(e) => form.set("recurrence", e.currentTarget.value as typeof v.recurrence)}
              data={recurrenceKinds.map((k) => ({ value: k, label: t(`events.recurrenceKind.${k}`) }))}
            />
            {recurring && (
              <TextInput
                type="date"
                label={t("events.form.until")}
                value={v.recurrenceUntil}
                onChange={(e) => form.set("recurrenceUntil", e.currentTarget.value)}
                error={form.errors.recurrenceUntil}
              />
            )}
            {recurring && (
              <NumberInput
                label={t("events.form.count")}
                min={1}
                max={500}
                value={v.recurrenceCount}
                onChange={(n) => form.set("recurrenceCount", typeof n === "number" ? n : "")}
                error={form.errors.recurrenceCount}
              />
            )}
          </SimpleGrid>
          {v.recurrence === "custom" && (
            <TextInput
              label={t("events.form.rrule")}
              description={t("events.form.rruleHint")}
              value={v.rrule}
              onChange={(e) => form.set("rrule", e.currentTarget.value)}
              error={form.errors.rrule}
            />
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {text("place")}
            {text("onlineUrl", { type: "url" })}
            {documentSelect("agendaDocumentId")}
            {documentSelect("minutesDocumentId")}
            {text("agendaUrl", { type: "url" })}
            {text("minutesUrl", { type: "url" })}
          </SimpleGrid>
          <MultiSelect
            label={t("events.form.organisers")}
            data={organisations}
            value={v.organiserIds}
            onChange={(value) => form.set("organiserIds", value)}
            searchable
            error={form.errors.organiserIds}
          />
          <NativeSelect
            label={t("events.form.visibility")}
            value={v.visibility}
            onChange={(e) => form.set("visibility", e.currentTarget.value as typeof v.visibility)}
            data={eventVisibilities.map((k) => ({ value: k, label: t(`events.visibility.${k}`) }))}
          />
          <Textarea
            label={t("events.form.description")}
            autosize
            minRows={3}
            value={v.description}
            onChange={(e) => form.set("description", e.currentTarget.value)}
            error={form.errors.description}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("events.form.cancel")}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t("events.form.save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
