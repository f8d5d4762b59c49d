import { Alert, Button, Table, Text } from "@mantine/core";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import type { ActivityOutput } from "../../../common/schemas/activities.ts";
import { useFormat } from "../../i18n/format.ts";

interface Props {
  /** The record as the form loaded it. */
  mine: ActivityOutput;
  /** The record as it is now (from the 409 answer). */
  current: ActivityOutput;
  onReload: () => void;
}

type Shown = (a: ActivityOutput) => string;
const named = (n: { name: string; acronym?: string | null } | null) => (n ? (n.acronym ?? n.name) : "");
const num = (n: number | null) => (n == null ? "" : String(n));

/** What the other change altered, field by field, read from the record as it is now. */
const fields: [string, Shown][] = [
  ["reportingOrg", (a) => named(a.reportingOrg)],
  ["implementingOrg", (a) => named(a.implementingOrg)],
  ["donors", (a) => a.donors.map(named).join(", ")],
  ["sector", (a) => a.sector.name],
  ["subSector", (a) => a.subSector?.name ?? ""],
  ["activityType", (a) => a.activityType.name],
  ["indicator", (a) => a.indicator?.name ?? ""],
  ["location", (a) => `${a.location.code} · ${a.location.name}`],
  ["populationGroup", (a) => a.populationGroup?.name ?? ""],
  ["status", (a) => a.status],
  ["startDate", (a) => a.startDate],
  ["endDate", (a) => a.endDate],
  ["reportingMonth", (a) => a.reportingMonth.slice(0, 7)],
  ["quantity", (a) => num(a.quantity)],
  ["unit", (a) => a.unit ?? ""],
  ["reachedTotal", (a) => num(a.reachedTotal)],
  ["women", (a) => num(a.women)],
  ["men", (a) => num(a.men)],
  ["girls", (a) => num(a.girls)],
  ["boys", (a) => num(a.boys)],
  ["elderly", (a) => num(a.elderly)],
  ["personsWithDisabilities", (a) => num(a.personsWithDisabilities)],
  ["modality", (a) => a.modality ?? ""],
  ["notes", (a) => a.notes ?? ""],
  ["externalId", (a) => a.externalId ?? ""],
  ["reviewState", (a) => a.reviewState],
];

/** A save refused because someone changed the record meanwhile: what they changed, and a way to reload. */
export function StaleVersionAlert({ mine, current, onReload }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const changed = fields.filter(([, shown]) => shown(mine) !== shown(current));
  const none = t("common.none");
  // The save button sits below a long form: bring the whole explanation into view.
  const ref = useRef<HTMLDivElement>(null);
  // Braces: newer browsers return a promise from scrollIntoView, which React would call as a cleanup.
  useEffect(() => {
    ref.current?.scrollIntoView({ block: "nearest" });
  }, []);
  return (
    <Alert ref={ref} color="orange" variant="light" role="alert" title={t("activityForm.staleTitle")}>
      <Text size="sm">
        {t("activityForm.staleText", {
          version: current.version,
          mine: mine.version,
          when: format.dateTime(current.updatedAt),
        })}
      </Text>
      {changed.length > 0 && (
        <Table mt="sm" fz="sm" withTableBorder verticalSpacing={4} data-testid="stale-changes">
          <caption className="visually-hidden">{t("activityForm.staleCaption")}</caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t("activityForm.staleField")}</Table.Th>
              <Table.Th scope="col">{t("activityForm.staleYours")}</Table.Th>
              <Table.Th scope="col">{t("activityForm.staleNow")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {changed.map(([key, shown]) => (
              <Table.Tr key={key}>
                <Table.Th scope="row" fw={500}>
                  {t(`activityForm.${key}`)}
                </Table.Th>
                <Table.Td>{shown(mine) || none}</Table.Td>
                <Table.Td fw={600}>{shown(current) || none}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Text size="sm" mt="sm">
        {t("activityForm.staleHelp")}
      </Text>
      <Button mt="sm" size="xs" onClick={onReload}>
        {t("activityForm.staleReload")}
      </Button>
    </Alert>
  );
}
