import { Alert, Button, Divider, Stack, Text, TextInput } from "@mantine/core";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { email } from "../../../common/schemas/users.ts";
import { useRequestPasswordReset } from "../../api/session.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { validate } from "../../lib/form.ts";

/** Asks for a reset link; the answer is the same whether or not the account exists. */
export function ForgotPassword({ initialEmail }: { initialEmail: string }) {
  const { t } = useTranslation();
  const [value, setValue] = useState(initialEmail);
  const [error, setError] = useState<string | undefined>();
  const reset = useRequestPasswordReset();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = validate(z.object({ email }), { email: value });
    if (checked.errors) return setError(checked.errors.email);
    reset.mutate(checked.data.email);
  };

  return (
    <form onSubmit={submit} noValidate>
      <Divider my="lg" />
      <Stack>
        <Text size="sm">{t("auth.resetIntro")}</Text>
        {reset.isSuccess ? (
          <Alert color="teal" variant="light" role="status">
            {t("auth.resetSent")}
          </Alert>
        ) : (
          <>
            {reset.error && <ErrorAlert error={reset.error} />}
            <TextInput
              label={t("auth.resetEmail")}
              type="email"
              autoComplete="email"
              value={value}
              onChange={(e) => {
                setValue(e.currentTarget.value);
                setError(undefined);
              }}
              error={error}
            />
            <Button type="submit" variant="light" loading={reset.isPending}>
              {t("auth.sendResetLink")}
            </Button>
          </>
        )}
      </Stack>
    </form>
  );
}
