import {
  Button,
  Group,
  Modal,
  NativeSelect,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import type { FormEvent } from "react";
import { useTranslation } from "react-i18next";
import {
  meetingFrequencies,
  platformInput,
  platformLevels,
  platformTypes,
  platformUpdate,
} from "../../../common/schemas/platforms.ts";
import { useDocuments } from "../../api/documents.ts";
import { type PlatformOutput, usePlatforms, useSavePlatform } from "../../api/platforms.ts";
import { useResponse } from "../../api/responses.ts";
import { useSectors } from "../../api/sectors.ts";
import { usePermission } from "../../components/Can.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { orNull, useFormState, validate } from "../../lib/form.ts";
import { type ChairDraft, ChairsField } from "./ChairsField.tsx";
import { useOrganisationOptions } from "./useOrganisationOptions.ts";

interface Props {
  slug: string;
  /** null to add a platform. */
  platform: PlatformOutput | null;
  /** Pre-selected parent when adding under a platform. */
  parentId?: string;
  onClose: () => void;
}

/** Add or edit a platform: checked with the shared schema, then by the server. */
export function PlatformForm({ slug, platform, parentId, onClose }: Props) {
  const { t } = useTranslation();
  const save = useSavePlatform(slug, platform?.id ?? null);
  const platforms = usePlatforms(slug);
  const sectors = useSectors(slug);
  const response = useResponse(slug);
  const organisations = useOrganisationOptions(slug);
  const terms = useDocuments(slug, { type: "terms_of_reference", limit: 200 });
  const allowed = usePermission();
  // Moving a platform or changing its type or sector is for those who may create platforms.
  const structural = !!response.data && allowed("platform:create", { responseId: response.data.id });
  const form = useFormState({
    code: platform?.code ?? "",
    name: platform?.name ?? "",
    type: platform?.type ?? "working_group",
    level: platform?.level ?? "national",
    parentId: platform?.parentId ?? parentId ?? "",
    sectorId: platform?.sectorId ?? "",
    purpose: platform?.purpose ?? "",
    meetingFrequency: platform?.meetingFrequency ?? "",
    torDocumentId: platform?.torDocument?.id ?? "",
    torUrl: platform?.torUrl ?? "",
    chairs: (platform?.chairs ?? []).map(
      (c): ChairDraft => ({ organisationId: c.id, role: c.role, roleTitle: c.roleTitle }),
    ),
  });
  const v = form.values;

  // A platform cannot sit under itself or anything below it.
  const below = new Set<string>(platform ? [platform.id] : []);
  for (const p of platforms.data ?? []) if (p.parentId && below.has(p.parentId)) below.add(p.id);
  const parentOptions = (platforms.data ?? []).filter((p) => !below.has(p.id));
  // Terms of reference are chosen among the library's; the current one stays listed whatever its type.
  const termsOptions = [
    ...(terms.data?.items ?? []).map((d) => ({ id: d.id, title: d.title })),
    ...(platform?.torDocument && !terms.data?.items.some((d) => d.id === platform.torDocument?.id)
      ? [platform.torDocument]
      : []),
  ];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const fields = {
      name: v.name,
      level: v.level,
      purpose: orNull(v.purpose),
      meetingFrequency: v.meetingFrequency || null,
      torDocumentId: v.torDocumentId || null,
      torUrl: orNull(v.torUrl),
      chairs: v.chairs,
    };
    const moves = {
      type: v.type,
      parentId: v.parentId || null,
      sectorId: v.sectorId || null,
    };
    // An edit sends the structural fields only when they change, so a coordinator can save.
    const changedMoves = Object.fromEntries(
      Object.entries(moves).filter(([k, value]) => !platform || platform[k as keyof typeof moves] !== value),
    );
    const checked = platform
      ? validate(platformUpdate, { ...fields, ...changedMoves })
      : validate(platformInput, { ...fields, ...moves, code: v.code });
    if (checked.errors) return form.setErrors(checked.errors);
    save.mutate(checked.data, {
      onSuccess: (saved) => {
        notifications.show({
          color: "teal",
          message: t(platform ? "structure.updated" : "structure.created", { name: saved.name }),
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
      title={platform ? t("structure.formEditTitle", { name: platform.name }) : t("structure.formAddTitle")}
      size="xl"
    >
      <form onSubmit={submit} noValidate ref={form.ref}>
        <Stack>
          {save.error && <ErrorAlert error={save.error} />}
          <SimpleGrid cols={{ base: 1, sm: platform ? 1 : 2 }}>
            <TextInput
              label={t("structure.name")}
              required
              data-autofocus
              value={v.name}
              onChange={(e) => form.set("name", e.currentTarget.value)}
              error={form.errors.name}
            />
            {!platform && (
              <TextInput
                label={t("structure.code")}
                description={t("structure.codeHint")}
                required
                value={v.code}
                onChange={(e) => form.set("code", e.currentTarget.value)}
                error={form.errors.code}
              />
            )}
          </SimpleGrid>
          {!structural && (
            <Text size="sm" c="dimmed">
              {t("structure.structuralHint")}
            </Text>
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <NativeSelect
              label={t("structure.typeLabel")}
              value={v.type}
              disabled={!structural}
              onChange={(e) => form.set("type", e.currentTarget.value as typeof v.type)}
              data={platformTypes.map((k) => ({ value: k, label: t(`structure.type.${k}`) }))}
              error={form.errors.type}
            />
            <NativeSelect
              label={t("structure.levelLabel")}
              value={v.level}
              onChange={(e) => form.set("level", e.currentTarget.value as typeof v.level)}
              data={platformLevels.map((k) => ({ value: k, label: t(`structure.level.${k}`) }))}
            />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 2 }} style={{ alignItems: "end" }}>
            <NativeSelect
              label={t("structure.parent")}
              value={v.parentId}
              disabled={!structural}
              onChange={(e) => form.set("parentId", e.currentTarget.value)}
              data={[
                { value: "", label: t("structure.noParent") },
                ...parentOptions.map((p) => ({ value: p.id, label: `${p.name} (${p.code})` })),
              ]}
              error={form.errors.parentId}
            />
            <NativeSelect
              label={t("structure.sector")}
              description={t("structure.sectorHint")}
              value={v.sectorId}
              disabled={!structural}
              onChange={(e) => form.set("sectorId", e.currentTarget.value)}
              data={[
                { value: "", label: t("structure.noSector") },
                ...(sectors.data ?? []).map((s) => ({ value: s.id, label: `${s.name} (${s.code})` })),
              ]}
              error={form.errors.sectorId}
            />
          </SimpleGrid>
          <Textarea
            label={t("structure.purpose")}
            autosize
            minRows={2}
            value={v.purpose}
            onChange={(e) => form.set("purpose", e.currentTarget.value)}
            error={form.errors.purpose}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }} style={{ alignItems: "end" }}>
            <NativeSelect
              label={t("structure.frequency")}
              value={v.meetingFrequency}
              onChange={(e) =>
                form.set("meetingFrequency", e.currentTarget.value as typeof v.meetingFrequency)
              }
              data={[
                { value: "", label: t("structure.noFrequency") },
                ...meetingFrequencies.map((k) => ({ value: k, label: t(`structure.frequencyValue.${k}`) })),
              ]}
            />
            <NativeSelect
              label={t("structure.torDocument")}
              description={t("structure.torDocumentHint")}
              value={v.torDocumentId}
              onChange={(e) => form.set("torDocumentId", e.currentTarget.value)}
              data={[
                { value: "", label: t("structure.noTorDocument") },
                ...termsOptions.map((d) => ({ value: d.id, label: d.title })),
              ]}
              error={form.errors.torDocumentId}
            />
          </SimpleGrid>
          <TextInput
            label={t("structure.torUrl")}
            description={t("structure.torUrlHint")}
            type="url"
            placeholder="https://"
            value={v.torUrl}
            onChange={(e) => form.set("torUrl", e.currentTarget.value)}
            error={form.errors.torUrl}
          />
          <ChairsField
            value={v.chairs}
            onChange={(next) => form.set("chairs", next)}
            options={organisations}
            errors={form.errors}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {platform ? t("common.save") : t("structure.add")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
