import { Anchor, Button, CopyButton, Group, Modal, Stack, Text, TextInput } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { type CalendarFilters, feedUrls } from "./api.ts";

/**
 * "Subscribe": the feed address for the filters shown (webcal:// opens the calendar app; the
 * https address is what Outlook's "From internet" and Google's "From URL" ask for).
 */
export function SubscribeButton({
  slug,
  filters,
  scopeLabel,
  variant = "filled",
}: {
  slug: string;
  filters: CalendarFilters;
  /** What the feed covers, e.g. "WASH Sector" (the whole response when absent). */
  scopeLabel?: string | null;
  variant?: "filled" | "light";
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const urls = feedUrls(slug, filters);
  const google = `https://calendar.google.com/calendar/r?cid=${encodeURIComponent(urls.webcal)}`;
  const field = (label: string, value: string, description?: string) => (
    <TextInput
      label={label}
      description={description}
      value={value}
      readOnly
      onFocus={(e) => e.currentTarget.select()}
      rightSectionWidth={88}
      rightSection={
        <CopyButton value={value}>
          {({ copied, copy }) => (
            <Button
              size="compact-xs"
              variant={copied ? "filled" : "light"}
              color={copied ? "teal" : "blue"}
              onClick={copy}
              aria-label={t("events.subscribe.copyLabel", { what: label })}
            >
              {copied ? t("events.subscribe.copied") : t("events.subscribe.copy")}
            </Button>
          )}
        </CopyButton>
      }
    />
  );
  return (
    <>
      <Button variant={variant} onClick={() => setOpen(true)}>
        {t("events.subscribe.button")}
      </Button>
      <Modal
        opened={open}
        onClose={() => setOpen(false)}
        title={
          scopeLabel ? t("events.subscribe.titleScoped", { scope: scopeLabel }) : t("events.subscribe.title")
        }
        size="lg"
      >
        <Stack gap="md">
          <Text size="sm">{t("events.subscribe.intro")}</Text>
          {field(t("events.subscribe.webcal"), urls.webcal, t("events.subscribe.webcalHint"))}
          {field(t("events.subscribe.https"), urls.https, t("events.subscribe.httpsHint"))}
          <Group gap="md">
            <Anchor href={urls.webcal}>{t("events.subscribe.openApp")}</Anchor>
            <Anchor href={google} target="_blank" rel="noopener noreferrer">
              {t("events.subscribe.google")}
            </Anchor>
          </Group>
          <Text size="xs" c="dimmed">
            {t("events.subscribe.publicOnly")}
          </Text>
        </Stack>
      </Modal>
    </>
  );
}
