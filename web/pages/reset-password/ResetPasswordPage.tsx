import { Alert, Anchor, Button, Container, Paper, PasswordInput, Stack, Text, Title } from "@mantine/core";
import type { FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { z } from "zod";
import { password } from "../../../common/schemas/users.ts";
import { useConfirmPasswordReset } from "../../api/session.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { useFormState, validate } from "../../lib/form.ts";

export default function ResetPasswordPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const confirm = useConfirmPasswordReset();
  const form = useFormState({ password: "", repeat: "" });
  const schema = z
    .object({ password, repeat: z.string() })
    .refine((v) => v.password === v.repeat, { path: ["repeat"], message: t("auth.passwordsDiffer") });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = validate(schema, form.values);
    if (checked.errors) return form.setErrors(checked.errors);
    confirm.mutate({ token, password: checked.data.password }, { onError: form.fromServer });
  };

  return (
    <Container size={440} py="xl">
      <Title order={1} mb="lg">
        {t("auth.resetTitle")}
      </Title>
      <Paper withBorder shadow="xs" p="lg">
        {!token ? (
          <Alert color="orange" variant="light" role="alert">
            {t("auth.resetMissingToken")}
          </Alert>
        ) : confirm.isSuccess ? (
          <Stack>
            <Alert color="teal" variant="light" role="status">
              {t("auth.resetDone")}
            </Alert>
            <Anchor component={Link} to="/sign-in">
              {t("auth.signIn")}
            </Anchor>
          </Stack>
        ) : (
          <form onSubmit={submit} noValidate ref={form.ref}>
            <Stack>
              <Text size="sm">{t("auth.resetPasswordRule")}</Text>
              {confirm.error && <ErrorAlert error={confirm.error} />}
              <PasswordInput
                label={t("auth.newPassword")}
                autoComplete="new-password"
                value={form.values.password}
                onChange={(e) => form.set("password", e.currentTarget.value)}
                error={form.errors.password}
              />
              <PasswordInput
                label={t("auth.repeatPassword")}
                autoComplete="new-password"
                value={form.values.repeat}
                onChange={(e) => form.set("repeat", e.currentTarget.value)}
                error={form.errors.repeat}
              />
              <Button type="submit" loading={confirm.isPending}>
                {t("auth.setPassword")}
              </Button>
            </Stack>
          </form>
        )}
      </Paper>
    </Container>
  );
}
