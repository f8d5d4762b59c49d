import { SimpleGrid, Text, TextInput } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../i18n/format.ts";
import type { FieldErrors } from "../../lib/form.ts";
import { type FormValues, figureFields } from "./formValues.ts";

interface Props {
  values: FormValues;
  set: <K extends keyof FormValues>(key: K, value: FormValues[K]) => void;
  errors: FieldErrors;
}

/** People reached: the total, by sex and age, elderly and persons with disabilities. */
export function PeopleFields({ values, set, errors }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const parts = (["women", "men", "girls", "boys"] as const).map((k) => Number(values[k] || 0));
  const sum = parts.every(Number.isFinite) ? parts.reduce((a, b) => a + b, 0) : null;
  return (
    <>
      <Text size="sm" c="dimmed" mb="sm" id="people-hint">
        {t("activityForm.peopleHint")}
      </Text>
      <SimpleGrid cols={{ base: 2, sm: 3, md: 4 }} spacing="md" verticalSpacing="sm">
        {figureFields.map((field) => (
          <TextInput
            key={field}
            label={t(`activityForm.${field}`)}
            inputMode="numeric"
            value={values[field]}
            onChange={(e) => set(field, e.currentTarget.value)}
            error={errors[field]}
            styles={{ input: { fontVariantNumeric: "tabular-nums" } }}
          />
        ))}
      </SimpleGrid>
      {sum !== null && sum > 0 && (
        <Text size="sm" c="dimmed" mt="xs" aria-live="polite">
          {t("activityForm.disaggregatedSum", { sum: format.number(sum) })}
        </Text>
      )}
    </>
  );
}
