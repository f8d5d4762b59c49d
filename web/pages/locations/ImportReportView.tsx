import { Alert, Badge, Group, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { ImportIssue, LocationImportReport } from "../../../common/schemas/locations.ts";
import { type Column, DataTable } from "../../components/DataTable.tsx";
import { useFormat } from "../../i18n/format.ts";

/** The dry run's verdict: counts, then every issue with its row, column, value and message. */
export function ImportReportView({ report }: { report: LocationImportReport }) {
  const { t } = useTranslation();
  const format = useFormat();
  const columns: Column<ImportIssue>[] = [
    {
      key: "row",
      header: t("locations.import.row"),
      render: (i) => (i.row === null ? "" : format.number(i.row)),
      nowrap: true,
    },
    { key: "column", header: t("locations.import.column"), render: (i) => i.column ?? "", nowrap: true },
    {
      key: "severity",
      header: t("locations.import.severity"),
      render: (i) => (
        <Badge color={i.severity === "error" ? "red" : "yellow"} variant="light">
          {t(`locations.import.${i.severity}`)}
        </Badge>
      ),
    },
    {
      key: "value",
      header: t("locations.import.value"),
      render: (i) => <code>{i.value ?? ""}</code>,
      nowrap: true,
    },
    { key: "message", header: t("locations.import.message"), render: (i) => i.message },
  ];
  const ok = report.invalid === 0;
  return (
    <>
      <Alert
        color={ok ? "teal" : "red"}
        variant="light"
        role="status"
        title={ok ? t("locations.import.readyTitle") : t("locations.import.blockedTitle")}
      >
        <Group gap="lg">
          <Text size="sm">{t("locations.import.rows", { count: report.rows })}</Text>
          <Text size="sm">{t("locations.import.valid", { count: report.valid })}</Text>
          <Text size="sm">{t("locations.import.invalid", { count: report.invalid })}</Text>
          <Text size="sm">{t("locations.import.wouldCreate", { count: report.created })}</Text>
          <Text size="sm">{t("locations.import.wouldUpdate", { count: report.updated })}</Text>
        </Group>
      </Alert>
      {report.issues.length > 0 && (
        <DataTable
          caption={t("locations.import.issues")}
          columns={columns}
          rows={report.issues}
          rowKey={(i, index) => `${index}-${i.row}-${i.code}`}
          minWidth={560}
        />
      )}
    </>
  );
}
