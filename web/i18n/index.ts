import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import en from "./en.json" with { type: "json" };

export const languages = [
  { code: "en", label: "English" },
  { code: "bn", label: "বাংলা" },
  { code: "my", label: "မြန်မာ" },
] as const;
export type LanguageCode = (typeof languages)[number]["code"];

const STORAGE_KEY = "isx-language";
const isLanguage = (value: string | null | undefined): value is LanguageCode =>
  languages.some((l) => l.code === value);

/** Other languages are fetched when first chosen, so English readers download only English. */
const loaders: Record<Exclude<LanguageCode, "en">, () => Promise<{ default: Record<string, unknown> }>> = {
  bn: () => import("./bn.json", { with: { type: "json" } }),
  my: () => import("./my.json", { with: { type: "json" } }),
};

function initialLanguage(): LanguageCode {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (isLanguage(stored)) return stored;
  } catch {
    // storage may be blocked; fall through
  }
  const preferred = navigator.languages?.map((l) => l.slice(0, 2)).find(isLanguage);
  return preferred ?? "en";
}

function applyToDocument(lng: string) {
  document.documentElement.lang = lng;
  document.documentElement.dir = i18n.dir(lng);
}

/** Loads the language's strings (once), switches to it, remembers the choice. */
export async function changeLanguage(lng: LanguageCode) {
  if (lng !== "en" && !i18n.hasResourceBundle(lng, "translation")) {
    const bundle = await loaders[lng]();
    i18n.addResourceBundle(lng, "translation", bundle.default, true, true);
  }
  await i18n.changeLanguage(lng);
  try {
    localStorage.setItem(STORAGE_KEY, lng);
  } catch {
    // not persisted; the choice still holds for this visit
  }
}

i18n.on("languageChanged", applyToDocument);

export async function initI18n() {
  await i18n.use(initReactI18next).init({
    resources: { en: { translation: en } },
    lng: "en",
    fallbackLng: "en",
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  applyToDocument("en");
  const lng = initialLanguage();
  if (lng !== "en") await changeLanguage(lng).catch(() => undefined);
}

export default i18n;
