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
  components: {
    // Codes (CwC, CXB-201) are case-sensitive: badges keep the case they are written in.
    // Plain objects, not `Badge.extend(…)`: importing the components here would put them in the first download.
    Badge: { styles: { root: { textTransform: "none" } } },
    Modal: { styles: { title: { fontWeight: 650, fontSize: "var(--mantine-font-size-lg)" } } },
  },
});

/** Darker than shade 9 where Mantine's palette stays too bright for small text on a tint. */
const strongText: Record<string, string> = { orange: "#a63600", yellow: "#7a5200", teal: "#07695a" };

/**
 * Mantine's dimmed grey and its light / subtle variants (text in shade 6 on a tint) fall under
 * 4.5:1 for small text; use darker shades so that badges and subtle buttons pass WCAG AA.
 */
export const cssVariablesResolver: CSSVariablesResolver = (t) => {
  const light: Record<string, string> = { "--mantine-color-dimmed": "#555d66" };
  for (const color of Object.keys(t.colors)) {
    light[`--mantine-color-${color}-light-color`] = strongText[color] ?? `var(--mantine-color-${color}-9)`;
  }
  return { variables: {}, light, dark: {} };
};
