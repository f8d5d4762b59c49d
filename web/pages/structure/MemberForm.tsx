import { Button, Group, Modal, Select, Stack, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import type { FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { memberInput } from "../../../common/schemas/platforms.ts";
import { type PlatformOutput, useSaveMember } from "../../api/platforms.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { orNull, useFormState, validate } from "../../lib/form.ts";
import { useOrganisationOptions } from "./useOrganisationOptions.ts";

interface Props {
  slug: string;
  platform: PlatformOutput;
  /** The member whose representing role changes; null to add one. */
  member: PlatformOutput["members"][number] | null;
  onClose: () => void;
}

/** Add a member organisation with the role that represents it, or change that role. */
export function MemberForm({ slug, platform, member, onClose }: Props) {
  const { t } = useTranslation();
  const save = useSaveMember(slug, platform.id);
  const seated = new Set(platform.members.map((m) => m.id));
  const options = useOrganisationOptions(slug).filter((o) => !seated.has(o.value));
  const form = useFormState({
    organisationId: member?.id ?? "",
    representativeRole: member?.representativeRole ?? "",
  });
  const v = form.values;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!v.organisationId) return form.setErrors({ organisationId: t("validation.required") });
    const checked = validate(memberInput, { representativeRole: orNull(v.representativeRole) });
    if (checked.errors) return form.setErrors(checked.errors);
    save.mutate(
      { organisationId: v.organisationId, representativeRole: checked.data.representativeRole },
      {
        onSuccess: (saved) => {
          const name = saved.members.find((m) => m.id === v.organisationId)?.name ?? "";
          notifications.show({ color: "teal", message: t("structure.memberSaved", { name }) });
          onClose();
        },
        onError: form.fromServer,
      },
    );
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={member ? t("structure.editMember", { name: member.name }) : t("structure.memberTitle")}
      size="lg"
    >
      <form onSubmit={submit} noValidate ref={form.ref}>
        <Stack>
          {save.error && <ErrorAlert error={save.error} />}
          {!member && (
            <Select
              label={t("structure.memberOrganisation")}
              placeholder={t("structure.memberOrganisationPlaceholder")}
              required
              searchable
              data-autofocus
              data={options}
              value={v.organisationId || null}
              onChange={(value) => form.set("organisationId", value ?? "")}
              error={form.errors.organisationId}
              nothingFoundMessage={t("common.none")}
            />
          )}
          <TextInput
            label={t("structure.memberRole")}
            description={t("structure.memberRoleHint")}
            data-autofocus={member ? true : undefined}
            value={v.representativeRole}
            onChange={(e) => form.set("representativeRole", e.currentTarget.value)}
            error={form.errors.representativeRole}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {member ? t("common.save") : t("structure.addMember")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
