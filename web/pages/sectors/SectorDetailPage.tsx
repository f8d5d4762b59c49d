import { Anchor, Badge, Group, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { ApiError } from "../../api/client.ts";
import { useResponse } from "../../api/responses.ts";
import { type Sector, useSector, useSectors } from "../../api/sectors.ts";
import { usePermission } from "../../components/Can.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { PageLoader } from "../../components/PageLoader.tsx";
import { LatestStories } from "../news/LatestStories.tsx";
import { NotFoundContent } from "../not-found/NotFoundPage.tsx";
import { CatalogueSection } from "./CatalogueSection.tsx";

const orgList = (list: Sector["leads"], none: string) =>
  list.length ? list.map((o) => (o.acronym ? `${o.name} (${o.acronym})` : o.name)).join(", ") : none;

/** The pages that take `?sector=CODE`: the sector's figures, records, gaps and meetings. */
const sectorLinks = [
  ["dashboard", "dashboard"],
  ["records", "activities"],
  ["gaps", "gaps"],
  ["meetings", "events"],
] as const;

/** `/r/:slug/sectors/:code`: leads, sub-sectors and the catalogue of activity types and indicators. */
export default function SectorDetailPage() {
  const { slug = "", code = "" } = useParams();
  const { t } = useTranslation();
  const sector = useSector(slug, code);
  const all = useSectors(slug);
  const response = useResponse(slug);
  const allowed = usePermission();

  if (sector.error instanceof ApiError && sector.error.code === "NOT_FOUND")
    return <NotFoundContent message={t("sectors.notFound", { code })} />;
  if (sector.error) return <ErrorAlert error={sector.error} onRetry={() => void sector.refetch()} />;
  if (!sector.data) return <PageLoader />;

  const s = sector.data;
  const parent = all.data?.find((p) => p.id === s.parentId);
  const children = all.data?.filter((c) => c.parentId === s.id) ?? [];
  const responseId = response.data?.id;
  const canEdit =
    !!responseId &&
    allowed("sector:update", { responseId, sectorIds: [s.id, ...(s.parentId ? [s.parentId] : [])] });

  return (
    <Stack gap="lg" maw={1200}>
      <Anchor component={Link} to={`/r/${slug}/sectors`} size="sm">
        {t("sectors.back")}
      </Anchor>
      <div>
        <Group gap="sm">
          <Title order={1}>{s.name}</Title>
          <Badge size="lg" variant="light">
            {s.code}
          </Badge>
        </Group>
        <Text c="dimmed" mt={4}>
          {t(`sectors.kind.${s.kind}`)}
          {parent && (
            <>
              {" · "}
              {t("sectors.partOf")}{" "}
              <Anchor component={Link} to={`/r/${slug}/sectors/${encodeURIComponent(parent.code)}`}>
                {parent.name}
              </Anchor>
            </>
          )}
        </Text>
      </div>
      <Group component="nav" aria-label={t("sectors.links.linksLabel")} gap="md">
        {sectorLinks.map(([key, path]) => (
          <Anchor key={key} component={Link} to={`/r/${slug}/${path}?sector=${encodeURIComponent(s.code)}`}>
            {t(`sectors.links.${key}`)}
          </Anchor>
        ))}
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
        <Paper withBorder p="md">
          <Title order={2} size="h5" mb={4}>
            {t("sectors.leads")}
          </Title>
          <Text size="sm">{orgList(s.leads, t("sectors.noLead"))}</Text>
        </Paper>
        <Paper withBorder p="md">
          <Title order={2} size="h5" mb={4}>
            {t("sectors.coLeads")}
          </Title>
          <Text size="sm">{orgList(s.coLeads, t("common.none"))}</Text>
        </Paper>
        <Paper withBorder p="md">
          <Title order={2} size="h5" mb={4}>
            {t("sectors.subSectors")}
          </Title>
          {children.length === 0 ? (
            <Text size="sm">{t("common.none")}</Text>
          ) : (
            <Stack gap={2}>
              {children.map((c) => (
                <Anchor
                  key={c.id}
                  component={Link}
                  to={`/r/${slug}/sectors/${encodeURIComponent(c.code)}`}
                  size="sm"
                >
                  {c.name} ({c.code})
                </Anchor>
              ))}
            </Stack>
          )}
        </Paper>
      </SimpleGrid>
      <LatestStories slug={slug} sector={s.code} />
      <CatalogueSection slug={slug} sector={s} kind="activity-types" canEdit={canEdit} />
      <CatalogueSection slug={slug} sector={s} kind="indicators" canEdit={canEdit} />
    </Stack>
  );
}
