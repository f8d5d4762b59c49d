import { Badge, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../i18n/format.ts";
import type { ContactOutput } from "./api.ts";

/** Stale or confirmed (and when), and whether a confirmation was asked for. */
export function ContactStatus({ contact }: { contact: ContactOutput }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Stack gap={2} align="flex-start">
      {contact.stale ? (
        <Badge color="orange" variant="light">
          {t("contacts.stale")}
        </Badge>
      ) : (
        <Badge color="teal" variant="light">
          {t("contacts.current")}
        </Badge>
      )}
      <Text size="xs" c="dimmed">
        {contact.confirmedAt
          ? t("contacts.confirmedOn", { date: format.date(contact.confirmedAt) })
          : t("contacts.neverConfirmed")}
      </Text>
      {contact.confirmationRequestedAt && (
        <Text size="xs" c="dimmed">
          {t("contacts.askedOn", { date: format.date(contact.confirmationRequestedAt) })}
        </Text>
      )}
    </Stack>
  );
}
