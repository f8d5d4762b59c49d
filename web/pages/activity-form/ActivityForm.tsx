import {
  Button,
  Fieldset,
  Group,
  NativeSelect,
  Select,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { type FormEvent, useCallback, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { can } from "../../../common/permissions.ts";
import { type ActivityOutput, activityStatuses } from "../../../common/schemas/activities.ts";
import { staleCurrentOf, useSaveActivity } from "../../api/activityRecords.ts";
import { type Sector, usePopulationGroups, useSectors } from "../../api/sectors.ts";
import { useUser } from "../../api/session.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { useFormState } from "../../lib/form.ts";
import { changesOf, checkValues, type FormValues } from "./formValues.ts";
import { LocationSelect } from "./LocationSelect.tsx";
import { OrganisationFields } from "./OrganisationFields.tsx";
import { PeopleFields } from "./PeopleFields.tsx";
import { SectorFields } from "./SectorFields.tsx";
import { StaleVersionAlert } from "./StaleVersionAlert.tsx";
import "./activityForm.css";

interface Props {
  slug: string;
  responseId: string;
  /** The record to change, or null for a new one. */
  record: ActivityOutput | null;
  initial: FormValues;
  /** False shows the record without letting it change (submitted, approved, locked month). */
  editable: boolean;
  onSaved: (saved: ActivityOutput, created: boolean) => void;
  /** Replaces the record shown by the current one (after a stale-version refusal). */
  onReload: (current: ActivityOutput) => void;
  /** Tells the page whether there are unsaved changes (submitting waits for a save). */
  onDirty?: (dirty: boolean) => void;
}

/** The 4W record form: checked with the shared schema as typed, then by the server. */
export function ActivityForm({
  slug,
  responseId,
  record,
  initial,
  editable,
  onSaved,
  onReload,
  onDirty,
}: Props) {
  const { t } = useTranslation();
  const user = useUser();
  const form = useFormState<FormValues>(initial);
  const v = form.values;
  const save = useSaveActivity(slug, record?.id ?? null);
  const sectors = useSectors(slug);
  const groups = usePopulationGroups(slug);
  const [locationLabel, setLocationLabel] = useState(
    record ? `${record.location.code} · ${record.location.name}` : "",
  );
  const set = useCallback(
    <K extends keyof FormValues>(key: K, value: FormValues[K]) => {
      form.set(key, value);
      onDirty?.(true);
    },
    [form.set, onDirty],
  );

  const allSectorIds = useMemo(() => (sectors.data ?? []).map((s) => s.id), [sectors.data]);
  const mayReportFor = useCallback(
    (organisationId: string) =>
      can(user, "activity:write", { responseId, organisationId, sectorIds: allSectorIds }),
    [user, responseId, allSectorIds],
  );
  const mayReportIn = useCallback(
    (s: Sector) =>
      can(user, "activity:write", {
        responseId,
        organisationId: v.reportingOrgId || null,
        sectorIds: [s.id, ...(sectors.data ?? []).filter((c) => c.parentId === s.id).map((c) => c.id)],
      }),
    [user, responseId, v.reportingOrgId, sectors.data],
  );

  const stale = staleCurrentOf(save.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = checkValues(v);
    if (checked.errors) return form.setErrors(checked.errors);
    const body = record ? { ...changesOf(checked.data, record), version: record.version } : checked.data;
    if (record && Object.keys(body).length === 1) {
      notifications.show({ message: t("activityForm.noChanges") });
      return;
    }
    save.mutate(body, {
      onSuccess: (saved) => {
        onDirty?.(false);
        notifications.show({
          color: "teal",
          message: record ? t("activityForm.saved") : t("activityForm.created"),
        });
        onSaved(saved, !record);
      },
      onError: form.fromServer,
    });
  };

  return (
    <form
      onSubmit={submit}
      noValidate
      ref={form.ref}
      aria-label={t("activityForm.formLabel")}
      className="activity-form"
    >
      <Stack gap="lg">
        <Fieldset legend={t("activityForm.who")} disabled={!editable}>
          <OrganisationFields
            slug={slug}
            values={v}
            set={set}
            errors={form.errors}
            mayReportFor={mayReportFor}
          />
        </Fieldset>
        <Fieldset legend={t("activityForm.what")} disabled={!editable}>
          <SectorFields
            sectors={sectors.data ?? []}
            values={v}
            set={set}
            errors={form.errors}
            mayReportIn={mayReportIn}
          />
        </Fieldset>
        <Fieldset legend={t("activityForm.whereWhen")} disabled={!editable}>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="sm">
            <LocationSelect
              slug={slug}
              value={v.locationId}
              label={locationLabel}
              onChange={(id, label) => {
                set("locationId", id);
                setLocationLabel(label);
              }}
              error={form.errors.locationId}
              disabled={!editable}
            />
            <Select
              label={t("activityForm.populationGroup")}
              placeholder={t("activityForm.optional")}
              data={(groups.data ?? []).map((g) => ({ value: g.id, label: g.name }))}
              value={v.populationGroupId || null}
              onChange={(id) => set("populationGroupId", id ?? "")}
              error={form.errors.populationGroupId}
              clearable
              comboboxProps={{ withinPortal: true }}
              openOnFocus={false}
            />
            <NativeSelect
              label={t("activityForm.status")}
              required
              value={v.status}
              onChange={(e) => set("status", e.currentTarget.value)}
              error={form.errors.status}
              data={activityStatuses.map((s) => ({ value: s, label: t(`activities.statuses.${s}`) }))}
            />
            <TextInput
              type="month"
              label={t("activityForm.reportingMonth")}
              placeholder="YYYY-MM"
              required
              value={v.reportingMonth}
              onChange={(e) => set("reportingMonth", e.currentTarget.value)}
              error={form.errors.reportingMonth}
            />
            <TextInput
              type="date"
              label={t("activityForm.startDate")}
              required
              value={v.startDate}
              onChange={(e) => set("startDate", e.currentTarget.value)}
              error={form.errors.startDate}
            />
            <TextInput
              type="date"
              label={t("activityForm.endDate")}
              required
              value={v.endDate}
              onChange={(e) => set("endDate", e.currentTarget.value)}
              error={form.errors.endDate}
            />
          </SimpleGrid>
        </Fieldset>
        <Fieldset legend={t("activityForm.people")} disabled={!editable}>
          <PeopleFields values={v} set={set} errors={form.errors} />
        </Fieldset>
        <Fieldset legend={t("activityForm.more")} disabled={!editable}>
          <Stack gap="sm">
            <Textarea
              label={t("activityForm.notes")}
              autosize
              minRows={2}
              maxRows={8}
              value={v.notes}
              onChange={(e) => set("notes", e.currentTarget.value)}
              error={form.errors.notes}
            />
            <TextInput
              label={t("activityForm.externalId")}
              description={t("activityForm.externalIdHint")}
              value={v.externalId}
              onChange={(e) => set("externalId", e.currentTarget.value)}
              error={form.errors.externalId}
              maw={480}
            />
          </Stack>
        </Fieldset>
        {/* Beside the button that was pressed, so the answer is seen where the user is. */}
        {stale && record ? (
          <StaleVersionAlert mine={record} current={stale} onReload={() => onReload(stale)} />
        ) : (
          save.error && <ErrorAlert error={save.error} />
        )}
        {editable && (
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending}>
              {record ? t("activityForm.save") : t("activityForm.create")}
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}
