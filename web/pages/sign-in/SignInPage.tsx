import {
  Alert,
  Anchor,
  Button,
  Container,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, useNavigate, useSearchParams } from "react-router";
import { loginInput } from "../../../common/schemas/users.ts";
import { ApiError } from "../../api/client.ts";
import { useSession, useSignIn } from "../../api/session.ts";
import { useFormState, validate } from "../../lib/form.ts";
import { ForgotPassword } from "./ForgotPassword.tsx";

/** Only same-site paths: `?next=https://evil.example` must not become an open redirect. */
const safeNext = (next: string | null) => (next?.startsWith("/") && !next.startsWith("//") ? next : "/");

export default function SignInPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const session = useSession();
  const signIn = useSignIn();
  const form = useFormState({ email: "", password: "" });
  const [forgot, setForgot] = useState(false);
  const next = safeNext(params.get("next"));

  if (session.data?.user && !signIn.isSuccess) return <Navigate to={next} replace />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = validate(loginInput, form.values);
    if (checked.errors) return form.setErrors(checked.errors);
    signIn.mutate(checked.data, {
      onSuccess: () => navigate(next, { replace: true }),
      onError: (error) => form.fromServer(error),
    });
  };
  const failed = signIn.error instanceof ApiError ? signIn.error : null;
  const message =
    failed?.code === "INVALID_CREDENTIALS"
      ? t("auth.invalidCredentials")
      : failed
        ? t(`errors.${failed.code}`, { defaultValue: failed.message })
        : null;

  return (
    <Container size={440} py="xl">
      <Title order={1} mb="xs">
        {t("auth.signInTitle")}
      </Title>
      <Text c="dimmed" mb="lg">
        {t("auth.signInIntro")}
      </Text>
      <Paper withBorder shadow="xs" p="lg">
        <form onSubmit={submit} noValidate ref={form.ref}>
          <Stack>
            {message && (
              <Alert color="red" variant="light" role="alert">
                {message}
              </Alert>
            )}
            <TextInput
              label={t("auth.email")}
              type="email"
              autoComplete="username"
              required
              value={form.values.email}
              onChange={(e) => form.set("email", e.currentTarget.value)}
              error={form.errors.email}
            />
            <PasswordInput
              label={t("auth.password")}
              autoComplete="current-password"
              required
              value={form.values.password}
              onChange={(e) => form.set("password", e.currentTarget.value)}
              error={form.errors.password}
            />
            <Button type="submit" loading={signIn.isPending} fullWidth>
              {t("auth.signIn")}
            </Button>
            <Anchor
              component="button"
              type="button"
              size="sm"
              onClick={() => setForgot((v) => !v)}
              aria-expanded={forgot}
            >
              {t("auth.forgotPassword")}
            </Anchor>
          </Stack>
        </form>
        {forgot && <ForgotPassword initialEmail={form.values.email} />}
      </Paper>
    </Container>
  );
}
