import {
  ActionIcon,
  Button,
  Group,
  Modal,
  MultiSelect,
  NativeSelect,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  TextInput,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import type { FormEvent } from "react";
import { useTranslation } from "react-i18next";
import {
  type ContactPlatformRole,
  contactInput,
  contactPlatformRoles,
  contactUpdate,
} from "../../../common/schemas/contacts.ts";
import { usePlatforms } from "../../api/platforms.ts";
import { useResponse } from "../../api/responses.ts";
import { useSectors } from "../../api/sectors.ts";
import { usePermission } from "../../components/Can.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { orNull, useFormState, validate } from "../../lib/form.ts";
import { useOrganisationOptions } from "../structure/useOrganisationOptions.ts";
import { type ContactOutput, useMembers, useSaveContact } from "./api.ts";

interface Props {
  slug: string;
  /** null to add a person. */
  contact: ContactOutput | null;
  onClose: () => void;
}

interface Seat {
  platformId: string;
  role: ContactPlatformRole;
}

/** Add or edit a person: checked with the shared schema, then by the server (which also checks rights). */
export function ContactForm({ slug, contact, onClose }: Props) {
  const { t } = useTranslation();
  const save = useSaveContact(slug, contact?.id ?? null);
  const organisations = useOrganisationOptions(slug);
  const platforms = usePlatforms(slug);
  const sectors = useSectors(slug);
  const response = useResponse(slug);
  const allowed = usePermission();
  // Linking the person's account needs the list of members, which response managers see.
  const canLink = !!response.data && allowed("role:assign", { responseId: response.data.id });
  const members = useMembers(slug, canLink);
  const form = useFormState({
    name: contact?.name ?? "",
    organisationId: contact?.organisation.id ?? "",
    title: contact?.title ?? "",
    email: contact?.email ?? "",
    phones: contact?.phones ?? ([] as string[]),
    platforms: (contact?.platforms ?? []).map((p): Seat => ({ platformId: p.id, role: p.role })),
    sectorIds: contact?.sectors.map((s) => s.id) ?? ([] as string[]),
    userId: contact?.userId ?? "",
  });
  const v = form.values;
  const errorsUnder = (prefix: string) =>
    Object.entries(form.errors).find(([k]) => k === prefix || k.startsWith(`${prefix}.`))?.[1];
  const platformOptions = (platforms.data ?? []).map((p) => ({ value: p.id, label: p.name }));
  const setSeat = (i: number, seat: Partial<Seat>) =>
    form.set(
      "platforms",
      v.platforms.map((s, j) => (j === i ? { ...s, ...seat } : s)),
    );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const { userId, ...rest } = v;
    const input = {
      ...rest,
      // Only those who see the members set the link; the others leave it as it is.
      ...(canLink ? { userId: userId || null } : {}),
      title: orNull(v.title),
      platforms: v.platforms.filter((s) => s.platformId),
    };
    const checked = contact ? validate(contactUpdate, input) : validate(contactInput, input);
    if (checked.errors) return form.setErrors(checked.errors);
    save.mutate(checked.data, {
      onSuccess: (saved) => {
        notifications.show({
          color: "teal",
          message: t(contact ? "contacts.updated" : "contacts.created", { name: saved.name }),
        });
        onClose();
      },
      onError: form.fromServer,
    });
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={contact ? t("contacts.formEditTitle", { name: contact.name }) : t("contacts.formAddTitle")}
      size="xl"
    >
      <form onSubmit={submit} noValidate ref={form.ref}>
        <Stack>
          {save.error && <ErrorAlert error={save.error} />}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label={t("contacts.name")}
              required
              value={v.name}
              onChange={(e) => form.set("name", e.currentTarget.value)}
              error={form.errors.name}
              data-autofocus
            />
            <Select
              label={t("contacts.organisation")}
              required
              data={organisations}
              value={v.organisationId || null}
              onChange={(value) => form.set("organisationId", value ?? "")}
              error={form.errors.organisationId}
              searchable
              comboboxProps={{ withinPortal: true }}
            />
            <TextInput
              label={t("contacts.jobTitle")}
              description={t("contacts.jobTitleHint")}
              value={v.title}
              onChange={(e) => form.set("title", e.currentTarget.value)}
              error={form.errors.title}
            />
            <TextInput
              label={t("contacts.email")}
              type="email"
              required
              value={v.email}
              onChange={(e) => form.set("email", e.currentTarget.value)}
              error={form.errors.email}
            />
          </SimpleGrid>
          <TagsInput
            label={t("contacts.phones")}
            description={t("contacts.phonesHint")}
            value={v.phones}
            onChange={(value) => form.set("phones", value)}
            error={errorsUnder("phones")}
            splitChars={[","]}
            acceptValueOnBlur
          />
          <MultiSelect
            label={t("contacts.sectors")}
            data={(sectors.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
            value={v.sectorIds}
            onChange={(value) => form.set("sectorIds", value)}
            error={errorsUnder("sectorIds")}
            searchable
            comboboxProps={{ withinPortal: true }}
          />
          {canLink && (
            <Select
              label={t("contacts.account")}
              description={t("contacts.accountHint")}
              data={(members.data ?? []).map((m) => ({ value: m.id, label: `${m.name} <${m.email}>` }))}
              value={v.userId || null}
              onChange={(value) => form.set("userId", value ?? "")}
              error={form.errors.userId}
              searchable
              clearable
              comboboxProps={{ withinPortal: true }}
            />
          )}
          <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
            <Text component="legend" size="sm" fw={500} mb={4}>
              {t("contacts.seats")}
            </Text>
            <Stack gap="xs">
              {v.platforms.map((seat, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows have no id until a platform is picked
                <Group key={i} align="flex-end" gap="xs">
                  <Select
                    label={t("contacts.platform")}
                    data={platformOptions}
                    value={seat.platformId || null}
                    onChange={(value) => setSeat(i, { platformId: value ?? "" })}
                    error={form.errors[`platforms.${i}.platformId`]}
                    searchable
                    comboboxProps={{ withinPortal: true }}
                    style={{ flex: "2 1 220px" }}
                  />
                  <NativeSelect
                    label={t("contacts.seatRole")}
                    value={seat.role}
                    onChange={(e) => setSeat(i, { role: e.currentTarget.value as ContactPlatformRole })}
                    data={contactPlatformRoles.map((r) => ({ value: r, label: t(`contacts.role.${r}`) }))}
                    style={{ flex: "1 1 160px" }}
                  />
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    size="lg"
                    mb={2}
                    aria-label={t("contacts.removeSeat")}
                    onClick={() =>
                      form.set(
                        "platforms",
                        v.platforms.filter((_, j) => j !== i),
                      )
                    }
                  >
                    ×
                  </ActionIcon>
                </Group>
              ))}
              {errorsUnder("platforms") && (
                <Text size="xs" c="red">
                  {errorsUnder("platforms")}
                </Text>
              )}
              <Button
                variant="default"
                size="xs"
                w="fit-content"
                onClick={() =>
                  form.set("platforms", [...v.platforms, { platformId: "", role: "member_representative" }])
                }
              >
                {t("contacts.addSeat")}
              </Button>
            </Stack>
          </fieldset>
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
