import { Alert, Button, Group, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ApiError } from "../api/client.ts";

interface ErrorAlertProps {
  error: unknown;
  title?: string;
  onRetry?: () => void;
}

/** Explains an API error in the reader's language, with a way out (retry or sign in). */
export function ErrorAlert({ error, title, onRetry }: ErrorAlertProps) {
  const { t } = useTranslation();
  const code = error instanceof ApiError ? error.code : "INTERNAL";
  const message = t(`errors.${code}`, {
    defaultValue: error instanceof Error ? error.message : t("errors.INTERNAL"),
  });
  const detail = error instanceof ApiError && error.message !== message ? error.message : null;
  return (
    <Alert
      color="red"
      variant="light"
      title={
        title ??
        (code === "VALIDATION_FAILED" || code === "CONFLICT" ? t("errors.checkTitle") : t("errors.title"))
      }
      role="alert"
    >
      <Text size="sm">{message}</Text>
      {detail && (
        <Text size="sm" c="dimmed" mt={4}>
          {detail}
        </Text>
      )}
      <Group mt="sm" gap="xs">
        {onRetry && code !== "FORBIDDEN" && code !== "NOT_FOUND" && (
          <Button size="xs" variant="white" color="red" onClick={onRetry}>
            {t("common.retry")}
          </Button>
        )}
        {code === "UNAUTHENTICATED" && (
          <Button size="xs" component={Link} to="/sign-in">
            {t("auth.signIn")}
          </Button>
        )}
      </Group>
    </Alert>
  );
}
