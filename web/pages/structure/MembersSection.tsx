import { Button, Group, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { type PlatformOutput, useRemoveMember } from "../../api/platforms.ts";
import { type Column, DataTable } from "../../components/DataTable.tsx";
import { ConfirmDialog } from "./ConfirmDialog.tsx";
import { orgLabel } from "./labels.ts";
import { MemberForm } from "./MemberForm.tsx";

type Member = PlatformOutput["members"][number];

/** Member organisations and the role that represents each; editors add, change and remove them. */
export function MembersSection({
  slug,
  platform,
  canEdit,
}: {
  slug: string;
  platform: PlatformOutput;
  canEdit: boolean;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<Member | "new" | null>(null);
  const [removing, setRemoving] = useState<Member | null>(null);
  const remove = useRemoveMember(slug, platform.id);

  const columns: Column<Member>[] = [
    { key: "organisation", header: t("structure.organisation"), render: (m) => orgLabel(m) },
    {
      key: "representative",
      header: t("structure.representative"),
      render: (m) =>
        m.representativeRole ?? (
          <Text span c="dimmed" size="sm">
            {t("structure.notSet")}
          </Text>
        ),
    },
  ];
  if (canEdit)
    columns.push({
      key: "actions",
      header: t("structure.actions"),
      nowrap: true,
      render: (m) => (
        <Group gap={4} wrap="nowrap">
          <Button
            variant="subtle"
            size="compact-sm"
            aria-label={t("structure.editMember", { name: m.name })}
            onClick={() => setEditing(m)}
          >
            {t("structure.edit")}
          </Button>
          <Button
            variant="subtle"
            color="red"
            size="compact-sm"
            aria-label={t("structure.removeMember", { name: m.name })}
            onClick={() => {
              remove.reset();
              setRemoving(m);
            }}
          >
            {t("structure.remove")}
          </Button>
        </Group>
      ),
    });

  return (
    <section aria-labelledby="members-heading">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h3" id="members-heading">
          {t("structure.membersTitle")}
        </Title>
        {canEdit && (
          <Button variant="light" onClick={() => setEditing("new")}>
            {t("structure.addMember")}
          </Button>
        )}
      </Group>
      <DataTable
        caption={t("structure.membersCaption", { name: platform.name })}
        captionHidden
        columns={columns}
        rows={platform.members}
        rowKey={(m) => m.id}
        empty={t("structure.noMembers")}
      />
      {editing && (
        <MemberForm
          slug={slug}
          platform={platform}
          member={editing === "new" ? null : editing}
          onClose={() => setEditing(null)}
        />
      )}
      {removing && (
        <ConfirmDialog
          title={t("structure.removeMember", { name: removing.name })}
          message={t("structure.removeMemberConfirm", { name: removing.name, platform: platform.name })}
          confirmLabel={t("structure.remove")}
          pending={remove.isPending}
          error={remove.error}
          onClose={() => setRemoving(null)}
          onConfirm={() =>
            remove.mutate(removing.id, {
              onSuccess: () => {
                notifications.show({
                  color: "teal",
                  message: t("structure.memberRemoved", { name: removing.name }),
                });
                setRemoving(null);
              },
            })
          }
        />
      )}
    </section>
  );
}
