import { Alert, Button, Stack } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "react-router";
import { useSession } from "../api/session.ts";
import { PageLoader } from "./PageLoader.tsx";

interface Props {
  /** Whether the signed-in user may see the page (use `usePermission`). */
  allowed: boolean;
  children: ReactNode;
}

/** Pages for some users only: asks visitors to sign in, tells others they have no access. */
export function AccessGate({ allowed, children }: Props) {
  const { t } = useTranslation();
  const session = useSession();
  const location = useLocation();
  if (session.isPending) return <PageLoader />;
  if (!session.data?.user) {
    const next = encodeURIComponent(location.pathname + location.search);
    return (
      <Stack maw={560}>
        <Alert color="blue" variant="light" title={t("access.signInTitle")}>
          {t("access.signInText")}
        </Alert>
        <Button component={Link} to={`/sign-in?next=${next}`} w="fit-content">
          {t("auth.signIn")}
        </Button>
      </Stack>
    );
  }
  if (!allowed)
    return (
      <Alert color="orange" variant="light" title={t("access.deniedTitle")} maw={560} role="alert">
        {t("access.deniedText")}
      </Alert>
    );
  return <>{children}</>;
}
