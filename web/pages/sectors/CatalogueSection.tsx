import { Button, Group, Title } from "@mantine/core";
import { lazy, Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import type { CatalogueInput, CatalogueKind, Sector } from "../../api/sectors.ts";
import { type Column, DataTable } from "../../components/DataTable.tsx";

const CatalogueItemForm = lazy(() =>
  import("./CatalogueItemForm.tsx").then((m) => ({ default: m.CatalogueItemForm })),
);

interface Props {
  slug: string;
  sector: Sector;
  kind: CatalogueKind;
  canEdit: boolean;
}

/** The sector's activity types or indicators as a table, with add / edit when allowed. */
export function CatalogueSection({ slug, sector, kind, canEdit }: Props) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<CatalogueInput | "new" | null>(null);
  const isIndicator = kind === "indicators";
  const rows: CatalogueInput[] = isIndicator ? sector.indicators : sector.activityTypes;
  const title = isIndicator ? t("sectors.indicators") : t("sectors.activityTypes");
  const headingId = `${kind}-heading`;

  const columns: Column<CatalogueInput>[] = [
    { key: "code", header: t("sectors.code"), render: (i) => <code>{i.code}</code>, nowrap: true },
    { key: "name", header: t("sectors.name"), render: (i) => i.name },
  ];
  if (isIndicator) {
    columns.push(
      { key: "unit", header: t("sectors.unit"), render: (i) => i.unit ?? "", nowrap: true },
      {
        key: "disaggregation",
        header: t("sectors.disaggregation"),
        render: (i) => t(`sectors.disaggregationValue.${i.disaggregation ?? "none"}`),
      },
    );
  }
  if (canEdit)
    columns.push({
      key: "actions",
      header: <span className="visually-hidden">{t("common.actions")}</span>,
      render: (i) => (
        <Button
          size="compact-sm"
          variant="subtle"
          onClick={() => setEditing(i)}
          aria-label={t("sectors.editItem", { code: i.code })}
        >
          {t("common.edit")}
        </Button>
      ),
    });

  return (
    <section aria-labelledby={headingId}>
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h3" id={headingId}>
          {title}
        </Title>
        {canEdit && (
          <Button variant="light" size="sm" onClick={() => setEditing("new")}>
            {isIndicator ? t("sectors.addIndicator") : t("sectors.addActivityType")}
          </Button>
        )}
      </Group>
      <DataTable
        caption={title}
        captionHidden
        columns={columns}
        rows={rows}
        rowKey={(i) => i.code}
        empty={isIndicator ? t("sectors.noIndicators") : t("sectors.noActivityTypes")}
        minWidth={isIndicator ? 720 : 480}
      />
      {editing && (
        <Suspense fallback={null}>
          <CatalogueItemForm
            slug={slug}
            sectorCode={sector.code}
            kind={kind}
            item={editing === "new" ? null : editing}
            onClose={() => setEditing(null)}
          />
        </Suspense>
      )}
    </section>
  );
}
