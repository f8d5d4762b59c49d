import { NavLink, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "react-router";
import { useResponses } from "../../api/responses.ts";
import { useUser } from "../../api/session.ts";
import { hasGrantIn, organisationsOf } from "../../lib/roles.ts";
import { useCurrentSlug } from "../../lib/useCurrentSlug.ts";
import { usePermission } from "../Can.tsx";

interface Item {
  to: string;
  label: string;
  exact?: boolean;
}

/** The main navigation: the current response's pages, then administration when allowed. */
export function NavLinks() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const slug = useCurrentSlug();
  const responses = useResponses();
  const allowed = usePermission();
  const user = useUser();
  const response = responses.data?.find((r) => r.slug === slug);

  const main: Item[] = slug
    ? [
        { to: `/r/${slug}`, label: t("nav.home"), exact: true },
        { to: `/r/${slug}/locations`, label: t("nav.locations") },
        { to: `/r/${slug}/organisations`, label: t("nav.organisations") },
        { to: `/r/${slug}/sectors`, label: t("nav.sectors") },
        { to: `/r/${slug}/structure`, label: t("structure.nav") },
        { to: `/r/${slug}/events`, label: t("events.nav") },
        { to: `/r/${slug}/news`, label: t("news.nav") },
        { to: `/r/${slug}/documents`, label: t("documents.nav") },
        { to: `/r/${slug}/activities`, label: t("nav.activities") },
        { to: `/r/${slug}/dashboard`, label: t("analysis.nav.dashboard") },
        { to: `/r/${slug}/map`, label: t("analysis.nav.map") },
        { to: `/r/${slug}/gaps`, label: t("analysis.nav.gaps") },
        { to: `/r/${slug}/practices`, label: t("practices.nav") },
      ]
    : [{ to: "/", label: t("nav.home"), exact: true }];
  // 4W work pages, for the roles that use them (the server decides what each may do).
  if (slug && response) {
    // The contact list is for signed-in users only.
    if (user) main.push({ to: `/r/${slug}/contacts`, label: t("contacts.nav") });
    if (allowed("response:read-restricted", { responseId: response.id }))
      main.push({ to: `/r/${slug}/duplication`, label: t("analysis.nav.duplication") });
    if (hasGrantIn(user, response.id, "activity:review"))
      main.push({ to: `/r/${slug}/review`, label: t("review.nav") });
    if (
      organisationsOf(user, response.id).length > 0 ||
      allowed("activity:write", { responseId: response.id })
    )
      main.push({ to: `/r/${slug}/my-organisation`, label: t("myOrganisation.nav") });
  }
  const admin: Item[] = [];
  if (allowed("user:manage")) admin.push({ to: "/admin/users", label: t("nav.users") });
  if (slug && response && allowed("audit:read", { responseId: response.id }))
    admin.push({ to: `/r/${slug}/audit`, label: t("nav.audit") });
  if (allowed("user:manage")) admin.push({ to: "/admin/audit", label: t("nav.platformAudit") });

  const render = (item: Item) => {
    const active = item.exact ? pathname === item.to : pathname.startsWith(item.to);
    return (
      <NavLink
        key={item.to}
        component={Link}
        to={item.to}
        label={item.label}
        active={active}
        aria-current={active ? "page" : undefined}
        variant="light"
        fw={active ? 600 : 500}
      />
    );
  };

  return (
    <Stack gap={2}>
      {main.map(render)}
      {admin.length > 0 && (
        <>
          <Text size="xs" fw={700} tt="uppercase" c="dimmed" mt="md" mb={4} px="sm">
            {t("nav.admin")}
          </Text>
          {admin.map(render)}
        </>
      )}
    </Stack>
  );
}
