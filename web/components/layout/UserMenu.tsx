import { Avatar, Button } from "@mantine/core";
import { lazy, Suspense } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "react-router";
import { useSession } from "../../api/session.ts";

// Visitors never download the menu code (it brings the popover positioning library).
const AccountMenu = lazy(() => import("./AccountMenu.tsx"));

/** "Sign in" for visitors; the account menu with "Sign out" for signed-in users. */
export function UserMenu() {
  const { t } = useTranslation();
  const session = useSession();
  const location = useLocation();
  const user = session.data?.user;

  if (session.isPending) return null;
  if (!user) {
    if (location.pathname === "/sign-in") return null;
    const next = location.pathname + location.search;
    return (
      <Button component={Link} to={`/sign-in?next=${encodeURIComponent(next)}`} size="sm" variant="filled">
        {t("auth.signIn")}
      </Button>
    );
  }
  return (
    <Suspense fallback={<Avatar radius="xl" size={34} aria-hidden />}>
      <AccountMenu user={user} />
    </Suspense>
  );
}
