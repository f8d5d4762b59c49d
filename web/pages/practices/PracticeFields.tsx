import {
  Checkbox,
  Fieldset,
  MultiSelect,
  NativeSelect,
  SimpleGrid,
  Stack,
  TagsInput,
  Textarea,
  TextInput,
} from "@mantine/core";
import { useTranslation } from "react-i18next";
import { gcmObjectives, gcmPrinciples, sdgGoals, sdgTargets } from "../../../common/reference/index.ts";
import { practiceTypes } from "../../../common/schemas/practices.ts";
import { useOrganisations } from "../../api/organisations.ts";
import type { FieldErrors } from "../../lib/form.ts";
import { ActivityPicker, DocumentPicker, type LinkRef } from "./LinkPickers.tsx";
import { targetLabel } from "./labels.ts";

/** What the form edits: the practice's fields as the inputs hold them. */
export interface PracticeDraft {
  title: string;
  summary: string;
  type: string;
  startDate: string;
  endDate: string;
  countries: string[];
  regions: string[];
  subRegions: string[];
  implementingIds: string[];
  implementingNames: string[];
  partnerIds: string[];
  partnerNames: string[];
  description: string;
  benefitImpact: string;
  keyLessons: string;
  gcmObjectives: string[];
  gcmPrinciples: string[];
  sdgGoals: string[];
  sdgTargets: string[];
  links: string[];
  /** Library documents and 4W records that apply the practice, with how they read. */
  documents: LinkRef[];
  activities: LinkRef[];
  [key: string]: unknown;
}

interface Props {
  slug: string;
  values: PracticeDraft;
  set: <K extends keyof PracticeDraft>(key: K, value: PracticeDraft[K]) => void;
  errors: FieldErrors;
}

/** The first error of a field or of any item in it (`gcmObjectives.0`). */
const errorOf = (errors: FieldErrors, field: string) =>
  errors[field] ?? Object.entries(errors).find(([k]) => k.startsWith(`${field}.`))?.[1];

/** The fields of a practice, grouped as the submission guidance reads. */
export function PracticeFields({ slug, values: v, set, errors }: Props) {
  const { t } = useTranslation();
  const organisations = useOrganisations(slug, { limit: 500 });
  const orgOptions = (organisations.data?.items ?? []).map((o) => ({
    value: o.id,
    label: o.acronym && o.acronym !== o.name ? `${o.name} (${o.acronym})` : o.name,
  }));
  const err = (field: string) => errorOf(errors, field);
  return (
    <Stack gap="lg">
      <Fieldset legend={t("practices.form.about")}>
        <Stack gap="sm">
          <TextInput
            label={t("practices.field.title")}
            required
            value={v.title}
            onChange={(e) => set("title", e.currentTarget.value)}
            error={err("title")}
            maxLength={300}
          />
          <Textarea
            label={t("practices.field.summary")}
            description={t("practices.form.summaryHelp")}
            required
            autosize
            minRows={2}
            value={v.summary}
            onChange={(e) => set("summary", e.currentTarget.value)}
            error={err("summary")}
            maxLength={2000}
          />
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <NativeSelect
              label={t("practices.field.type")}
              value={v.type}
              onChange={(e) => set("type", e.currentTarget.value)}
              data={practiceTypes.map((value) => ({ value, label: t(`practices.type.${value}`) }))}
              error={err("type")}
            />
            <TextInput
              type="date"
              label={t("practices.field.startDate")}
              value={v.startDate}
              onChange={(e) => set("startDate", e.currentTarget.value)}
              error={err("startDate")}
            />
            <TextInput
              type="date"
              label={t("practices.field.endDate")}
              value={v.endDate}
              onChange={(e) => set("endDate", e.currentTarget.value)}
              error={err("endDate")}
            />
          </SimpleGrid>
        </Stack>
      </Fieldset>

      <Fieldset legend={t("practices.form.whereWho")}>
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TagsInput
              label={t("practices.field.countries")}
              description={t("practices.form.countriesHelp")}
              value={v.countries}
              onChange={(x) =>
                set(
                  "countries",
                  x.map((c) => c.toUpperCase()),
                )
              }
              error={err("countries")}
            />
            <TagsInput
              label={t("practices.field.regions")}
              value={v.regions}
              onChange={(x) => set("regions", x)}
              error={err("regions")}
            />
            <TagsInput
              label={t("practices.field.subRegions")}
              value={v.subRegions}
              onChange={(x) => set("subRegions", x)}
              error={err("subRegions")}
            />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <MultiSelect
              label={t("practices.field.implementingOrganisations")}
              data={orgOptions}
              searchable
              value={v.implementingIds}
              onChange={(x) => set("implementingIds", x)}
              error={err("implementingOrganisations")}
            />
            <TagsInput
              label={t("practices.form.otherImplementing")}
              description={t("practices.form.otherHelp")}
              value={v.implementingNames}
              onChange={(x) => set("implementingNames", x)}
            />
            <MultiSelect
              label={t("practices.field.partnerOrganisations")}
              data={orgOptions}
              searchable
              value={v.partnerIds}
              onChange={(x) => set("partnerIds", x)}
              error={err("partnerOrganisations")}
            />
            <TagsInput
              label={t("practices.form.otherPartners")}
              description={t("practices.form.otherHelp")}
              value={v.partnerNames}
              onChange={(x) => set("partnerNames", x)}
            />
          </SimpleGrid>
        </Stack>
      </Fieldset>

      <Fieldset legend={t("practices.form.content")}>
        <Stack gap="sm">
          <Textarea
            label={t("practices.field.description")}
            autosize
            minRows={4}
            value={v.description}
            onChange={(e) => set("description", e.currentTarget.value)}
            error={err("description")}
          />
          <Textarea
            label={t("practices.field.benefitImpact")}
            autosize
            minRows={3}
            value={v.benefitImpact}
            onChange={(e) => set("benefitImpact", e.currentTarget.value)}
            error={err("benefitImpact")}
          />
          <Textarea
            label={t("practices.field.keyLessons")}
            autosize
            minRows={3}
            value={v.keyLessons}
            onChange={(e) => set("keyLessons", e.currentTarget.value)}
            error={err("keyLessons")}
          />
          <TagsInput
            label={t("practices.field.links")}
            description={t("practices.form.linksHelp")}
            value={v.links}
            onChange={(x) => set("links", x)}
            error={err("links")}
          />
        </Stack>
      </Fieldset>

      <Fieldset legend={t("practices.form.applied")}>
        <Stack gap="sm">
          <DocumentPicker
            slug={slug}
            value={v.documents}
            onChange={(x) => set("documents", x)}
            error={err("documentIds")}
          />
          <ActivityPicker
            slug={slug}
            value={v.activities}
            onChange={(x) => set("activities", x)}
            error={err("activityIds")}
          />
        </Stack>
      </Fieldset>

      <Fieldset legend={t("practices.form.frameworks")}>
        <Stack gap="md">
          <Checkbox.Group
            label={t("practices.facet.objective")}
            value={v.gcmObjectives}
            onChange={(x) => set("gcmObjectives", x)}
            error={err("gcmObjectives")}
          >
            <SimpleGrid cols={{ base: 1, md: 2 }} spacing={6} mt={6}>
              {gcmObjectives.map((o) => (
                <Checkbox
                  key={o.id}
                  value={String(o.id)}
                  label={`${t("practices.objectiveN", { n: o.id })}: ${o.title}`}
                  size="sm"
                />
              ))}
            </SimpleGrid>
          </Checkbox.Group>
          <Checkbox.Group
            label={t("practices.facet.principle")}
            value={v.gcmPrinciples}
            onChange={(x) => set("gcmPrinciples", x)}
            error={err("gcmPrinciples")}
          >
            <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing={6} mt={6}>
              {gcmPrinciples.map((p) => (
                <Checkbox
                  key={p.id}
                  value={String(p.id)}
                  label={t(`practices.principle.${p.id}`, { defaultValue: p.title })}
                  size="sm"
                />
              ))}
            </SimpleGrid>
          </Checkbox.Group>
          <MultiSelect
            label={t("practices.field.sdgGoals")}
            data={sdgGoals.map((g) => ({
              value: String(g.id),
              label: `${t("practices.goalN", { n: g.id })}: ${g.title}`,
            }))}
            searchable
            value={v.sdgGoals}
            onChange={(x) => set("sdgGoals", x)}
            error={err("sdgGoals")}
          />
          <MultiSelect
            label={t("practices.field.sdgTargets")}
            description={t("practices.form.targetsHelp")}
            data={sdgTargets.map((x) => ({ value: x.id, label: targetLabel(x.id) }))}
            searchable
            limit={40}
            value={v.sdgTargets}
            onChange={(x) => set("sdgTargets", x)}
            error={err("sdgTargets")}
          />
        </Stack>
      </Fieldset>
    </Stack>
  );
}
