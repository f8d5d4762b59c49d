import { type CSSVariablesResolver, createTheme } from "@mantine/core";

/** System fonts only: nothing to download, and the OS already has Bengali and Burmese faces. */
const systemFonts =
  'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans Bengali", "Noto Sans Myanmar", "Helvetica Neue", Arial, sans-serif';

export const theme = createTheme({
  primaryColor: "blue",
  // Shade 8 keeps white-on-primary and primary-on-white text above 4.5:1 (WCAG AA).
  primaryShade: { light: 8, dark: 5 },
  fontFamily: systemFonts,
  headings: { fontFamily: systemFonts, fontWeight: "650" },
  defaultRadius: "md",
  focusRing: "auto",
  cursorType: "pointer",
});

/** Mantine's dimmed grey is too light for small text; use a darker one (contrast above 4.5:1). */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: { "--mantine-color-dimmed": "#555d66" },
  dark: {},
});
