import { Button, Group, Modal, NativeSelect, Stack, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import type { FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { activityTypeInput, disaggregations, indicatorInput } from "../../../common/schemas/sectors.ts";
import { type CatalogueInput, type CatalogueKind, useSaveCatalogueItem } from "../../api/sectors.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { useFormState, validate } from "../../lib/form.ts";

interface Props {
  slug: string;
  sectorCode: string;
  kind: CatalogueKind;
  item: CatalogueInput | null;
  onClose: () => void;
}

/** Adds or edits an activity type or an indicator of the sector's catalogue. */
export function CatalogueItemForm({ slug, sectorCode, kind, item, onClose }: Props) {
  const { t } = useTranslation();
  const isIndicator = kind === "indicators";
  const save = useSaveCatalogueItem(slug, sectorCode, kind);
  const form = useFormState({
    code: item?.code ?? "",
    name: item?.name ?? "",
    unit: item?.unit ?? "",
    disaggregation: item?.disaggregation ?? "none",
  });
  const v = form.values;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = isIndicator
      ? validate(indicatorInput, v)
      : validate(activityTypeInput, { code: v.code, name: v.name });
    if (checked.errors) return form.setErrors(checked.errors);
    save.mutate(checked.data, {
      onSuccess: () => {
        notifications.show({ color: "teal", message: t("sectors.itemSaved", { code: checked.data.code }) });
        onClose();
      },
      onError: form.fromServer,
    });
  };

  const title = isIndicator
    ? item
      ? t("sectors.editIndicator")
      : t("sectors.addIndicator")
    : item
      ? t("sectors.editActivityType")
      : t("sectors.addActivityType");
  return (
    <Modal opened onClose={onClose} title={title}>
      <form onSubmit={submit} noValidate ref={form.ref}>
        <Stack>
          {save.error && <ErrorAlert error={save.error} />}
          <TextInput
            label={t("sectors.code")}
            required
            disabled={!!item}
            value={v.code}
            onChange={(e) => form.set("code", e.currentTarget.value)}
            error={form.errors.code}
          />
          <TextInput
            label={t("sectors.name")}
            required
            value={v.name}
            onChange={(e) => form.set("name", e.currentTarget.value)}
            error={form.errors.name}
          />
          {isIndicator && (
            <>
              <TextInput
                label={t("sectors.unit")}
                required
                description={t("sectors.unitHint")}
                value={v.unit}
                onChange={(e) => form.set("unit", e.currentTarget.value)}
                error={form.errors.unit}
              />
              <NativeSelect
                label={t("sectors.disaggregation")}
                value={v.disaggregation}
                onChange={(e) =>
                  form.set("disaggregation", e.currentTarget.value as (typeof disaggregations)[number])
                }
                data={disaggregations.map((d) => ({
                  value: d,
                  label: t(`sectors.disaggregationValue.${d}`),
                }))}
              />
            </>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t("common.save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
