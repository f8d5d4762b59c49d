import {
  Button,
  Checkbox,
  Group,
  Modal,
  NativeSelect,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import type { FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { userInput } from "../../../../common/schemas/users.ts";
import { useResponses } from "../../../api/responses.ts";
import { useCreateUser } from "../../../api/users.ts";
import { ErrorAlert } from "../../../components/ErrorAlert.tsx";
import { languages } from "../../../i18n/index.ts";
import { useFormState, validate } from "../../../lib/form.ts";
import { type RoleDraft, RoleRow } from "./RoleRow.tsx";

/** Creates an account with its roles; without a password the person sets one by "forgot password". */
export function CreateUserDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const responses = useResponses();
  const create = useCreateUser();
  const form = useFormState({
    email: "",
    name: "",
    password: "",
    isAdmin: false,
    locale: "en",
    roles: [] as RoleDraft[],
  });
  const v = form.values;
  const firstSlug = responses.data?.[0]?.slug ?? "";

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = validate(userInput, {
      ...v,
      password: v.password === "" ? undefined : v.password,
      roles: v.roles.map((r) => ({
        responseSlug: r.responseSlug,
        role: r.role,
        sectorId: r.role === "sector_coordinator" ? r.sectorId || null : null,
        organisationId: r.role === "organisation_editor" ? r.organisationId || null : null,
      })),
    });
    // A coordinator or editor without their sector / organisation could do nothing: ask for it.
    const scopeErrors: Record<string, string> = {};
    v.roles.forEach((r, i) => {
      if (r.role === "sector_coordinator" && !r.sectorId)
        scopeErrors[`roles.${i}.sectorId`] = t("users.sectorRequired");
      if (r.role === "organisation_editor" && !r.organisationId)
        scopeErrors[`roles.${i}.organisationId`] = t("users.organisationRequired");
    });
    if (checked.errors || Object.keys(scopeErrors).length > 0)
      return form.setErrors({ ...checked.errors, ...scopeErrors });
    if (!checked.data) return;
    create.mutate(checked.data, {
      onSuccess: (user) => {
        notifications.show({ color: "teal", message: t("users.created", { name: user.name }) });
        onClose();
      },
      onError: form.fromServer,
    });
  };

  const setRole = (index: number, role: RoleDraft | null) =>
    form.set(
      "roles",
      role ? v.roles.map((r, i) => (i === index ? role : r)) : v.roles.filter((_, i) => i !== index),
    );

  return (
    <Modal opened onClose={onClose} title={t("users.createTitle")} size="xl">
      <form onSubmit={submit} noValidate ref={form.ref}>
        <Stack>
          {create.error && <ErrorAlert error={create.error} />}
          <TextInput
            label={t("auth.email")}
            type="email"
            required
            value={v.email}
            onChange={(e) => form.set("email", e.currentTarget.value)}
            error={form.errors.email}
          />
          <TextInput
            label={t("users.name")}
            required
            value={v.name}
            onChange={(e) => form.set("name", e.currentTarget.value)}
            error={form.errors.name}
          />
          <PasswordInput
            label={t("auth.password")}
            description={t("users.passwordHint")}
            autoComplete="new-password"
            value={v.password}
            onChange={(e) => form.set("password", e.currentTarget.value)}
            error={form.errors.password}
          />
          <NativeSelect
            label={t("users.language")}
            value={v.locale}
            onChange={(e) => form.set("locale", e.currentTarget.value)}
            data={languages.map((l) => ({ value: l.code, label: l.label }))}
          />
          <Checkbox
            label={t("users.isAdmin")}
            description={t("users.isAdminHint")}
            checked={v.isAdmin}
            onChange={(e) => form.set("isAdmin", e.currentTarget.checked)}
          />
          <div>
            <Group justify="space-between" mb="xs">
              <Title order={3} size="h5">
                {t("users.roles")}
              </Title>
              <Button
                size="compact-sm"
                variant="light"
                disabled={!firstSlug}
                onClick={() =>
                  form.set("roles", [
                    ...v.roles,
                    { responseSlug: firstSlug, role: "viewer", sectorId: "", organisationId: "" },
                  ])
                }
              >
                {t("users.addRole")}
              </Button>
            </Group>
            {v.roles.length === 0 && (
              <Text size="sm" c="dimmed">
                {t("users.noRolesYet")}
              </Text>
            )}
            <Stack gap="sm">
              {v.roles.map((role, index) => (
                <RoleRow
                  // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity before they are saved
                  key={index}
                  index={index}
                  value={role}
                  errors={form.errors}
                  onChange={(next) => setRole(index, next)}
                  onRemove={() => setRole(index, null)}
                />
              ))}
            </Stack>
          </div>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {t("users.createSubmit")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
