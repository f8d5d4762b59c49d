import { ActionIcon, Button, Fieldset, Group, NativeSelect, Select, Stack, TextInput } from "@mantine/core";
import { useTranslation } from "react-i18next";

export interface ChairDraft {
  organisationId: string;
  role: "chair" | "co_chair";
  roleTitle: string;
}

interface Props {
  value: ChairDraft[];
  onChange: (next: ChairDraft[]) => void;
  options: { value: string; label: string }[];
  /** Field errors keyed like `chairs.0.roleTitle`. */
  errors: Record<string, string>;
}

/** Chair and co-chairs: an organisation, whether it chairs or co-chairs, and the role that does it. */
export function ChairsField({ value, onChange, options, errors }: Props) {
  const { t } = useTranslation();
  const set = (i: number, patch: Partial<ChairDraft>) =>
    onChange(value.map((c, j) => (j === i ? { ...c, ...patch } : c)));
  return (
    <Fieldset legend={t("structure.chairsLegend")} variant="unstyled">
      <Stack gap="sm">
        {value.map((c, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no id until saved; order is stable while editing
          <Group key={i} align="flex-end" gap="xs" wrap="wrap">
            <Select
              label={t("structure.chairOrganisation")}
              data={options}
              searchable
              value={c.organisationId || null}
              onChange={(v) => set(i, { organisationId: v ?? "" })}
              error={errors[`chairs.${i}.organisationId`]}
              w={{ base: "100%", sm: 260 }}
            />
            <NativeSelect
              label={t("structure.chairRole")}
              value={c.role}
              onChange={(e) => set(i, { role: e.currentTarget.value as ChairDraft["role"] })}
              data={[
                { value: "chair", label: t("structure.chair") },
                { value: "co_chair", label: t("structure.coChair") },
              ]}
              w={{ base: "45%", sm: 120 }}
            />
            <TextInput
              label={t("structure.chairTitle")}
              placeholder={t("structure.chairTitleHint")}
              value={c.roleTitle}
              onChange={(e) => set(i, { roleTitle: e.currentTarget.value })}
              error={errors[`chairs.${i}.roleTitle`]}
              style={{ flex: 1, minWidth: 160 }}
            />
            <ActionIcon
              variant="subtle"
              color="red"
              size="lg"
              mb={errors[`chairs.${i}.roleTitle`] ? 20 : 4}
              aria-label={t("structure.removeChair")}
              onClick={() => onChange(value.filter((_, j) => j !== i))}
            >
              <span aria-hidden>×</span>
            </ActionIcon>
          </Group>
        ))}
        {errors.chairs && (
          <div style={{ color: "var(--mantine-color-error)", fontSize: 14 }}>{errors.chairs}</div>
        )}
        <Group>
          <Button
            variant="subtle"
            size="compact-sm"
            onClick={() =>
              onChange([
                ...value,
                {
                  organisationId: "",
                  role: value.some((c) => c.role === "chair") ? "co_chair" : "chair",
                  roleTitle: "",
                },
              ])
            }
          >
            {t("structure.addChair")}
          </Button>
        </Group>
      </Stack>
    </Fieldset>
  );
}
