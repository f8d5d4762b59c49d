import { Select, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useParams, useSearchParams } from "react-router";
import { can } from "../../../common/permissions.ts";
import { useOrganisations } from "../../api/organisations.ts";
import { useResponses } from "../../api/responses.ts";
import { useUser } from "../../api/session.ts";
import { AccessGate } from "../../components/AccessGate.tsx";
import { organisationsOf } from "../../lib/roles.ts";
import { OrganisationOverview } from "./OrganisationOverview.tsx";
import { TemplateLinks } from "./TemplateLinks.tsx";

/**
 * `/r/:slug/my-organisation`: for partner focal points, their organisations' reporting (from the
 * roles of the session). Response managers and administrators pick an organisation instead.
 */
export default function MyOrganisationPage() {
  const { slug = "" } = useParams();
  const { t } = useTranslation();
  const user = useUser();
  const response = useResponses().data?.find((r) => r.slug === slug);
  const mine = organisationsOf(user, response?.id);
  // Writers for every organisation (no organisation of their own) choose one.
  const picksAny = mine.length === 0 && can(user, "activity:write", { responseId: response?.id });
  const organisations = useOrganisations(slug, { limit: 500 }, picksAny);
  const [params, setParams] = useSearchParams();
  const picked = params.get("organisation");
  const shown = picksAny ? (picked ? [picked] : []) : mine;

  return (
    <Stack gap="xl" maw={1200}>
      <div>
        <Title order={1}>{t("myOrganisation.title")}</Title>
        <Text c="dimmed">{t("myOrganisation.intro")}</Text>
      </div>
      <AccessGate allowed={mine.length > 0 || picksAny}>
        <Stack gap="xl">
          {picksAny && (
            <Select
              label={t("myOrganisation.pick")}
              description={t("myOrganisation.pickHint")}
              placeholder={t("myOrganisation.pickPlaceholder")}
              data={(organisations.data?.items ?? []).map((o) => ({
                value: o.id,
                label: o.acronym ? `${o.name} (${o.acronym})` : o.name,
              }))}
              value={picked}
              onChange={(v) => setParams(v ? { organisation: v } : {})}
              searchable
              maw={480}
              comboboxProps={{ withinPortal: true }}
            />
          )}
          {shown.map((id) => (
            <OrganisationOverview key={id} slug={slug} organisationId={id} />
          ))}
          <TemplateLinks slug={slug} />
        </Stack>
      </AccessGate>
    </Stack>
  );
}
