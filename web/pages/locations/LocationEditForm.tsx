import { Button, Checkbox, Group, Modal, NativeSelect, SimpleGrid, Stack, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import type { FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { locationInput, siteTypes } from "../../../common/schemas/locations.ts";
import { type LocationDetail, useUpdateLocation } from "../../api/locations.ts";
import { useResponse } from "../../api/responses.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { numberOrNull, orNull, useFormState, validate } from "../../lib/form.ts";

const shape = locationInput.shape;
const patchSchema = z
  .object({
    name: shape.name,
    names: z.record(z.string(), z.string().trim().min(1).max(200)),
    siteType: shape.siteType,
    parentCode: shape.parentCode,
    lat: shape.lat,
    lon: shape.lon,
    validTo: shape.validTo,
    sensitive: z.boolean(),
  })
  .refine((v) => (v.lat == null) === (v.lon == null), {
    path: ["lat"],
    message: "give both lat and lon, or neither",
  });

interface Props {
  slug: string;
  location: LocationDetail;
  onClose: () => void;
}

/** Edits a location's names, parent, coordinates, validity and sensitivity (location:write). */
export function LocationEditForm({ slug, location, onClose }: Props) {
  const { t } = useTranslation();
  const response = useResponse(slug);
  const update = useUpdateLocation(slug, location.code);
  const languages = [
    ...new Set(
      [...(response.data?.languages ?? []), ...Object.keys(location.names)].filter((l) => l !== "en"),
    ),
  ];
  const form = useFormState({
    name: location.name,
    names: location.names,
    siteType: location.siteType ?? "camp",
    parentCode: location.parentCode ?? "",
    lat: location.lat?.toString() ?? "",
    lon: location.lon?.toString() ?? "",
    validTo: location.validTo ?? "",
    sensitive: location.sensitive,
  });
  const v = form.values;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const names = Object.fromEntries(Object.entries(v.names).filter(([, n]) => n.trim() !== ""));
    const checked = validate(patchSchema, {
      name: v.name,
      names,
      siteType: location.kind === "site" ? v.siteType : undefined,
      parentCode: orNull(v.parentCode),
      lat: numberOrNull(v.lat),
      lon: numberOrNull(v.lon),
      validTo: orNull(v.validTo),
      sensitive: v.sensitive,
    });
    if (checked.errors) return form.setErrors(checked.errors);
    const { siteType, ...rest } = checked.data;
    update.mutate(
      { ...rest, ...(siteType ? { siteType } : {}) },
      {
        onSuccess: () => {
          notifications.show({ color: "teal", message: t("locations.saved", { name: checked.data.name }) });
          onClose();
        },
        onError: form.fromServer,
      },
    );
  };

  return (
    <Modal opened onClose={onClose} title={t("locations.editTitle", { code: location.code })} size="lg">
      <form onSubmit={submit} noValidate ref={form.ref}>
        <Stack>
          {update.error && <ErrorAlert error={update.error} />}
          <TextInput
            label={t("locations.name")}
            required
            value={v.name}
            onChange={(e) => form.set("name", e.currentTarget.value)}
            error={form.errors.name}
          />
          {languages.map((lang) => (
            <TextInput
              key={lang}
              lang={lang}
              label={t("locations.nameIn", {
                language: new Intl.DisplayNames([lang], { type: "language" }).of(lang) ?? lang,
              })}
              value={v.names[lang] ?? ""}
              onChange={(e) => form.set("names", { ...v.names, [lang]: e.currentTarget.value })}
              error={form.errors[`names.${lang}`]}
            />
          ))}
          {location.kind === "site" && (
            <NativeSelect
              label={t("locations.siteTypeLabel")}
              value={v.siteType}
              onChange={(e) => form.set("siteType", e.currentTarget.value as (typeof siteTypes)[number])}
              data={siteTypes.map((s) => ({ value: s, label: t(`locations.siteType.${s}`) }))}
            />
          )}
          <TextInput
            label={t("locations.parentCode")}
            value={v.parentCode}
            onChange={(e) => form.set("parentCode", e.currentTarget.value)}
            error={form.errors.parentCode}
          />
          <SimpleGrid cols={2}>
            <TextInput
              label={t("locations.lat")}
              inputMode="decimal"
              value={v.lat}
              onChange={(e) => form.set("lat", e.currentTarget.value)}
              error={form.errors.lat}
            />
            <TextInput
              label={t("locations.lon")}
              inputMode="decimal"
              value={v.lon}
              onChange={(e) => form.set("lon", e.currentTarget.value)}
              error={form.errors.lon}
            />
          </SimpleGrid>
          <TextInput
            type="date"
            label={t("locations.validTo")}
            description={t("locations.validToHint")}
            value={v.validTo}
            onChange={(e) => form.set("validTo", e.currentTarget.value)}
            error={form.errors.validTo}
          />
          <Checkbox
            label={t("locations.sensitiveLabel")}
            description={t("locations.sensitiveHint")}
            checked={v.sensitive}
            onChange={(e) => form.set("sensitive", e.currentTarget.checked)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={update.isPending}>
              {t("common.save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
