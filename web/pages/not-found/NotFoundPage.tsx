import { Button, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

export function NotFoundContent({ message }: { message?: string }) {
  const { t } = useTranslation();
  return (
    <Stack align="flex-start" py="xl" maw={640}>
      <Text fw={800} fz={56} c="blue.8" lh={1} aria-hidden>
        404
      </Text>
      <Title order={1}>{t("notFound.title")}</Title>
      <Text c="dimmed">{message ?? t("notFound.text")}</Text>
      <Button component={Link} to="/">
        {t("notFound.home")}
      </Button>
    </Stack>
  );
}

/** Any address the app does not know. */
export default function NotFoundPage() {
  return <NotFoundContent />;
}
