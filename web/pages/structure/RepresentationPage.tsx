import { Anchor, Badge, Group, Paper, Select, Stack, Table, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link, useParams, useSearchParams } from "react-router";
import { type RepresentationRow, useRepresentation } from "../../api/platforms.ts";
import { DownloadMenu } from "../../components/DownloadMenu.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { PageLoader } from "../../components/PageLoader.tsx";
import { orgLabel } from "./labels.ts";
import { useOrganisationOptions } from "./useOrganisationOptions.ts";

type Seat = RepresentationRow["seats"][string];

function SeatCell({ seat }: { seat: Seat | undefined }) {
  const { t } = useTranslation();
  if (!seat) return null;
  return (
    <>
      {seat.representativeRole ?? t("structure.notSet")}
      {seat.chair && (
        <Badge size="xs" variant="light" ml={4}>
          {seat.chair === "chair" ? t("structure.chair") : t("structure.coChair")}
        </Badge>
      )}
    </>
  );
}

// The organisation column stays in view while the platforms scroll sideways.
const sticky = {
  position: "sticky",
  insetInlineStart: 0,
  background: "var(--mantine-color-body)",
  zIndex: 1,
  minWidth: 180,
} as const;

/** `/r/:slug/structure/representation`: organisations × platforms, or one organisation's seats. */
export default function RepresentationPage() {
  const { slug = "" } = useParams();
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const organisation = params.get("organisation");
  const matrix = useRepresentation(slug, organisation);
  const organisations = useOrganisationOptions(slug);
  const path = `/responses/${slug}/representation`;
  const chosen = organisations.find((o) => o.value === organisation)?.label;
  const platforms = matrix.data?.platforms ?? [];
  const rows = matrix.data?.items ?? [];

  return (
    <Stack gap="lg" maw={1400}>
      <Anchor component={Link} to={`/r/${slug}/structure`} size="sm">
        ← {t("structure.back")}
      </Anchor>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1}>{t("structure.matrixTitle")}</Title>
          <Text c="dimmed" maw={720}>
            {t("structure.matrixIntro")}
          </Text>
        </div>
        <DownloadMenu
          path={path}
          query={{ organisation: organisation ?? undefined }}
          formats={["xlsx", "csv", "hxl"]}
        />
      </Group>
      <Select
        label={t("structure.matrixFilter")}
        placeholder={t("structure.matrixFilterPlaceholder")}
        data={organisations}
        searchable
        clearable
        value={organisation}
        onChange={(value) => setParams(value ? { organisation: value } : {}, { replace: true })}
        w={{ base: "100%", xs: 420 }}
      />
      {matrix.error ? (
        <ErrorAlert error={matrix.error} onRetry={() => void matrix.refetch()} />
      ) : !matrix.data ? (
        <PageLoader />
      ) : organisation ? (
        <section aria-labelledby="where-heading">
          <Title order={2} size="h3" id="where-heading" mb="sm">
            {t("structure.whereTitle", { name: chosen ?? "" })}
          </Title>
          {rows[0] ? (
            <Stack gap="xs">
              {platforms
                .filter((p) => rows[0]!.seats[p.id])
                .map((p) => (
                  <Paper key={p.id} withBorder p="sm">
                    <Group justify="space-between" gap="xs">
                      <Anchor component={Link} to={`/r/${slug}/structure/${p.id}`} fw={600}>
                        {p.name}
                      </Anchor>
                      <Text size="sm">
                        <SeatCell seat={rows[0]!.seats[p.id]} />
                      </Text>
                    </Group>
                  </Paper>
                ))}
            </Stack>
          ) : (
            <Text>{t("structure.whereEmpty", { name: chosen ?? "" })}</Text>
          )}
        </section>
      ) : rows.length === 0 ? (
        <Text>{t("structure.matrixEmpty")}</Text>
      ) : (
        <Table.ScrollContainer minWidth={Math.max(600, 180 + platforms.length * 150)}>
          <Table striped withTableBorder withColumnBorders fz="sm" verticalSpacing={6}>
            <caption
              style={{ position: "absolute", width: 1, height: 1, overflow: "hidden", clip: "rect(0 0 0 0)" }}
            >
              {t("structure.matrixCaption")}
            </caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col" style={sticky}>
                  {t("structure.organisation")}
                </Table.Th>
                {platforms.map((p) => (
                  <Table.Th key={p.id} scope="col" style={{ minWidth: 150, verticalAlign: "bottom" }}>
                    <Anchor component={Link} to={`/r/${slug}/structure/${p.id}`} size="sm" title={p.name}>
                      {p.code}
                    </Anchor>
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Th scope="row" style={sticky} fw={600}>
                    <Anchor
                      component="button"
                      type="button"
                      size="sm"
                      ta="start"
                      onClick={() => setParams({ organisation: r.id }, { replace: true })}
                    >
                      {orgLabel(r)}
                    </Anchor>
                  </Table.Th>
                  {platforms.map((p) => (
                    <Table.Td key={p.id}>
                      <SeatCell seat={r.seats[p.id]} />
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
