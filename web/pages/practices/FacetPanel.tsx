import { Button, Checkbox, Group, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { facetNames } from "../../../common/schemas/practices.ts";
import type { FacetName, PracticeSearchOutput } from "../../api/practices.ts";
import { useFormat } from "../../i18n/format.ts";
import { facetValueLabel } from "./labels.ts";

interface Props {
  facets: PracticeSearchOutput["facets"] | undefined;
  selected: (facet: FacetName) => string[];
  onToggle: (facet: FacetName, value: string, on: boolean) => void;
}

const SHORT = 6;

/** One group of checkboxes per facet, each value with the number of practices it would show. */
export function FacetPanel({ facets, selected, onToggle }: Props) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const [expanded, setExpanded] = useState<Set<FacetName>>(new Set());
  return (
    <Stack gap="lg" component="section" aria-label={t("practices.filters")}>
      {facetNames.map((facet) => {
        const values = facets?.[facet] ?? [];
        const ticked = selected(facet);
        // Long facets show their first values (and every ticked one) until opened.
        const open = expanded.has(facet) || values.length <= SHORT;
        const shown = open ? values : values.filter((v, i) => i < SHORT || ticked.includes(v.value));
        return (
          <fieldset key={facet} style={{ border: 0, padding: 0, margin: 0 }}>
            <Text component="legend" fw={700} size="sm" mb={6}>
              {t(`practices.facet.${facet}`)}
            </Text>
            {values.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t("practices.noValues")}
              </Text>
            ) : (
              <Stack gap={6}>
                {shown.map((v) => {
                  const label = facetValueLabel(t, i18n.language, facet, v.value);
                  return (
                    <Checkbox
                      key={v.value}
                      size="sm"
                      checked={ticked.includes(v.value)}
                      onChange={(e) => onToggle(facet, v.value, e.currentTarget.checked)}
                      aria-label={t("practices.facetValue", { label, count: v.count })}
                      label={
                        // The count stays in view when a long title is clamped to two lines.
                        <Group component="span" gap={6} wrap="nowrap" align="flex-start">
                          <Text size="sm" component="span" lineClamp={2} title={label}>
                            {label}
                          </Text>
                          <Text span c="dimmed" size="sm">
                            ({format.number(v.count)})
                          </Text>
                        </Group>
                      }
                    />
                  );
                })}
                {!open && (
                  <Button
                    variant="subtle"
                    size="compact-sm"
                    style={{ alignSelf: "flex-start" }}
                    onClick={() => setExpanded((e) => new Set(e).add(facet))}
                  >
                    {t("practices.showAll", { count: values.length })}
                  </Button>
                )}
              </Stack>
            )}
          </fieldset>
        );
      })}
    </Stack>
  );
}
