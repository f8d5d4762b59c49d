import {
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import type { UseQueryResult } from "@tanstack/react-query";
import { lazy, type ReactNode, Suspense } from "react";
import { useTranslation } from "react-i18next";
import type { LocationDetail } from "../../api/locations.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { PageLoader } from "../../components/PageLoader.tsx";
import { useFormat } from "../../i18n/format.ts";

// Only editors need the form (and the validation library it brings): fetch it on first use.
const LocationEditForm = lazy(() =>
  import("./LocationEditForm.tsx").then((m) => ({ default: m.LocationEditForm })),
);

interface Props {
  slug: string;
  detail: UseQueryResult<LocationDetail>;
  canWrite: boolean;
  onSelect: (code: string) => void;
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      <Text size="sm">{children}</Text>
    </div>
  );
}

/** The selected location's record: code, names in every language, place in the hierarchy, validity. */
export function LocationDetailPanel({ slug, detail, canWrite, onSelect }: Props) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  // 1900-01-01 is the gazetteer's "no recorded start" (see the locations schema).
  const validityText = (from: string, to: string | null) => {
    const open = from <= "1900-01-01";
    if (to)
      return open
        ? t("locations.validUntil", { to: format.date(to) })
        : t("locations.validRange", { from: format.date(from), to: format.date(to) });
    return open ? t("locations.validAlways") : t("locations.validSince", { from: format.date(from) });
  };
  const [editing, edit] = useDisclosure(false);
  const panel = (children: ReactNode) => (
    <Paper withBorder p="md" component="section" aria-labelledby="location-detail-heading">
      {children}
    </Paper>
  );

  if (detail.fetchStatus === "idle" && !detail.data)
    return panel(
      <>
        <Title order={2} size="h4" id="location-detail-heading">
          {t("locations.detail")}
        </Title>
        <Text c="dimmed" size="sm" mt="xs">
          {t("locations.selectHint")}
        </Text>
      </>,
    );
  if (detail.error) return panel(<ErrorAlert error={detail.error} onRetry={() => void detail.refetch()} />);
  if (!detail.data) return panel(<PageLoader />);

  const l = detail.data;
  const languageName = new Intl.DisplayNames([i18n.language], { type: "language" });
  const names = Object.entries(l.names);
  const parent = l.ancestors[l.ancestors.length - 1];
  return panel(
    <Stack gap="md">
      {l.ancestors.length > 0 && (
        <nav aria-label={t("locations.breadcrumbs")}>
          <Breadcrumbs separator="›" style={{ flexWrap: "wrap" }}>
            {l.ancestors.map((a) => (
              <Anchor key={a.id} component="button" size="sm" onClick={() => onSelect(a.code)}>
                {a.name}
              </Anchor>
            ))}
          </Breadcrumbs>
        </nav>
      )}
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={2} size="h3" id="location-detail-heading">
            {l.name}
          </Title>
          <Group gap="xs" mt={4}>
            <Badge variant="light" color={l.kind === "site" ? "orange" : "blue"}>
              {l.kind === "site"
                ? t(`locations.siteType.${l.siteType ?? "camp"}`)
                : t("locations.levelN", { level: l.level })}
            </Badge>
            {l.sensitive && <Badge color="red">{t("locations.sensitive")}</Badge>}
            {l.validTo && <Badge color="gray">{t("locations.retired")}</Badge>}
          </Group>
        </div>
        {canWrite && (
          <Button variant="light" onClick={edit.open}>
            {t("locations.edit")}
          </Button>
        )}
      </Group>
      <SimpleGrid cols={{ base: 1, xs: 2, lg: 3 }} spacing="sm">
        <Field label={t("locations.code")}>
          <span data-testid="location-code">{l.code}</span>
        </Field>
        <Field label={t("locations.level")}>{t("locations.levelPlain", { level: l.level })}</Field>
        <Field label={t("locations.parent")}>
          {parent ? `${parent.name} (${parent.code})` : t("common.none")}
        </Field>
        <Field label={t("locations.coordinates")}>
          {l.lat !== null && l.lon !== null ? (
            <bdi dir="ltr">{`${format.decimal(l.lat)}, ${format.decimal(l.lon)}`}</bdi>
          ) : (
            t("common.none")
          )}
        </Field>
        <Field label={t("locations.validity")}>{validityText(l.validFrom, l.validTo)}</Field>
        <Field label={t("locations.children")}>{format.number(l.childCount)}</Field>
      </SimpleGrid>
      <Table withTableBorder captionSide="top" fz="sm">
        <caption style={{ textAlign: "start", fontWeight: 600 }}>{t("locations.names")}</caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t("locations.language")}</Table.Th>
            <Table.Th scope="col">{t("locations.name")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          <Table.Tr>
            <Table.Td>{t("locations.defaultName")}</Table.Td>
            <Table.Td>{l.name}</Table.Td>
          </Table.Tr>
          {names.map(([lang, name]) => (
            <Table.Tr key={lang}>
              <Table.Td>{languageName.of(lang) ?? lang}</Table.Td>
              <Table.Td lang={lang}>{name}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {canWrite && editing && (
        <Suspense fallback={null}>
          <LocationEditForm slug={slug} location={l} onClose={edit.close} />
        </Suspense>
      )}
    </Stack>,
  );
}
