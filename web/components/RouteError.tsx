import { Button, Container, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useRouteError } from "react-router";

/** Shown when a page fails to render or its code cannot be fetched (e.g. after a deploy). */
export function RouteError() {
  const { t } = useTranslation();
  const error = useRouteError();
  return (
    <Container size="sm" py="xl">
      <Stack>
        <Title order={1}>{t("errors.pageFailed")}</Title>
        <Text>{t("errors.pageFailedHelp")}</Text>
        {error instanceof Error && (
          <Text size="sm" c="dimmed">
            {error.message}
          </Text>
        )}
        <Button onClick={() => window.location.reload()} w="fit-content">
          {t("common.reload")}
        </Button>
      </Stack>
    </Container>
  );
}
