import { AppShell, Burger, Group, Progress, Text, UnstyledButton } from "@mantine/core";
import { useDisclosure, useMediaQuery } from "@mantine/hooks";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { Link, Outlet, useLocation, useNavigation } from "react-router";
import { HeaderSearch } from "./HeaderSearch.tsx";
import { LanguageSwitcher } from "./LanguageSwitcher.tsx";
import { NavLinks } from "./NavLinks.tsx";
import { ResponseSwitcher } from "./ResponseSwitcher.tsx";
import { UserMenu } from "./UserMenu.tsx";

/** Header, navigation (a burger menu on phones) and the page; landmarks and a skip link. */
export function AppLayout() {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure(false);
  const location = useLocation();
  const navigation = useNavigation();
  // Off-canvas on phones: while closed, the menu must not be reachable by keyboard or screen reader.
  const isPhone = useMediaQuery("(max-width: 47.99em)");

  // Close the phone menu after following a link, and move focus to the new page.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on every page change
  useEffect(() => {
    close();
    const main = document.getElementById("main");
    if (main && document.activeElement !== document.body) main.focus({ preventScroll: true });
  }, [location.pathname, close]);

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 240, breakpoint: "sm", collapsed: { mobile: !opened } }}
      padding={{ base: "sm", sm: "lg" }}
    >
      <a className="skip-link" href="#main">
        {t("nav.skipToContent")}
      </a>
      <AppShell.Header>
        {navigation.state === "loading" && (
          <Progress value={100} animated size="xs" pos="absolute" top={0} left={0} right={0} aria-hidden />
        )}
        <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="sm">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={opened ? t("nav.closeMenu") : t("nav.openMenu")}
              aria-expanded={opened}
              aria-controls="main-navigation"
            />
            <UnstyledButton component={Link} to="/" aria-label={t("app.homeLink")}>
              <Text fw={750} size="lg" c="blue.9">
                {t("app.name")}
              </Text>
            </UnstyledButton>
            <ResponseSwitcher visibleFrom="sm" />
          </Group>
          <Group gap="xs" wrap="nowrap">
            <HeaderSearch visibleFrom="md" />
            <LanguageSwitcher />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar
        p="sm"
        id="main-navigation"
        aria-label={t("nav.label")}
        style={{ visibility: isPhone && !opened ? "hidden" : undefined }}
      >
        <ResponseSwitcher hiddenFrom="sm" mb="sm" />
        <HeaderSearch hiddenFrom="md" />
        <NavLinks />
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
