import { Badge, Button, Group, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { UserOutput } from "../../../../common/schemas/users.ts";
import { useResponses } from "../../../api/responses.ts";
import { useUser } from "../../../api/session.ts";
import { useUpdateUser, useUsers } from "../../../api/users.ts";
import { AccessGate } from "../../../components/AccessGate.tsx";
import { usePermission } from "../../../components/Can.tsx";
import { type Column, DataTable } from "../../../components/DataTable.tsx";
import { ErrorAlert } from "../../../components/ErrorAlert.tsx";
import { CreateUserDialog } from "./CreateUserDialog.tsx";

/** `/admin/users`: accounts and their roles; create, disable and enable (administrators). */
export default function UsersPage() {
  const { t } = useTranslation();
  const allowed = usePermission()("user:manage");
  const me = useUser();
  const users = useUsers(allowed);
  const responses = useResponses();
  const update = useUpdateUser();
  const [creating, setCreating] = useState(false);
  const responseName = (slug: string) => responses.data?.find((r) => r.slug === slug)?.name ?? slug;

  const toggle = (user: UserOutput) =>
    update.mutate(
      { id: user.id, patch: { disabled: !user.disabled } },
      {
        onSuccess: (saved) =>
          notifications.show({
            color: "teal",
            message: t(saved.disabled ? "users.disabledNotice" : "users.enabledNotice", { name: saved.name }),
          }),
      },
    );

  const columns: Column<UserOutput>[] = [
    {
      key: "name",
      header: t("users.name"),
      render: (u) => (
        <div>
          <Text fw={600} size="sm">
            {u.name}
          </Text>
          <Text size="xs" c="dimmed">
            {u.email}
          </Text>
        </div>
      ),
    },
    {
      key: "roles",
      header: t("users.roles"),
      render: (u) => (
        <Group gap={4}>
          {u.isAdmin && <Badge color="grape">{t("users.admin")}</Badge>}
          {u.roles.map((r) => (
            <Badge
              key={`${r.responseId}-${r.role}-${r.sectorId}-${r.organisationId}`}
              variant="light"
              tt="none"
              fw={500}
            >
              {t(`roles.${r.role}`)} · {responseName(r.responseSlug)}
            </Badge>
          ))}
          {!u.isAdmin && u.roles.length === 0 && (
            <Text size="sm" c="dimmed">
              {t("users.noRoles")}
            </Text>
          )}
        </Group>
      ),
    },
    {
      key: "status",
      header: t("users.status"),
      nowrap: true,
      render: (u) => (
        <Badge color={u.disabled ? "gray" : "teal"} variant="dot">
          {u.disabled ? t("users.disabled") : t("users.active")}
        </Badge>
      ),
    },
    {
      key: "actions",
      header: <span className="visually-hidden">{t("common.actions")}</span>,
      nowrap: true,
      render: (u) =>
        u.id === me?.userId ? null : (
          <Button
            size="compact-sm"
            variant="subtle"
            color={u.disabled ? "teal" : "red"}
            onClick={() => toggle(u)}
            loading={update.isPending && update.variables?.id === u.id}
            aria-label={t(u.disabled ? "users.enableNamed" : "users.disableNamed", { name: u.name })}
          >
            {u.disabled ? t("users.enable") : t("users.disable")}
          </Button>
        ),
    },
  ];

  return (
    <AccessGate allowed={allowed}>
      <Stack gap="lg" maw={1200}>
        <Group justify="space-between" align="flex-end">
          <div>
            <Title order={1}>{t("users.title")}</Title>
            <Text c="dimmed">{t("users.intro")}</Text>
          </div>
          <Button onClick={() => setCreating(true)}>{t("users.create")}</Button>
        </Group>
        {update.error && <ErrorAlert error={update.error} />}
        <DataTable
          caption={t("users.tableCaption")}
          captionHidden
          columns={columns}
          rows={users.data}
          rowKey={(u) => u.id}
          loading={users.isFetching}
          error={users.error}
          onRetry={() => void users.refetch()}
          empty={t("users.empty")}
          minWidth={760}
        />
        {creating && <CreateUserDialog onClose={() => setCreating(false)} />}
      </Stack>
    </AccessGate>
  );
}
