import { NativeSelect } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { changeLanguage, type LanguageCode, languages } from "../../i18n/index.ts";

/** English / বাংলা / မြန်မာ; each name written in its own script. */
export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  return (
    <NativeSelect
      label={t("nav.language")}
      classNames={{ label: "visually-hidden" }}
      title={t("nav.language")}
      size="sm"
      w={{ base: 104, sm: 120 }}
      value={i18n.language}
      onChange={(event) => void changeLanguage(event.currentTarget.value as LanguageCode)}
      data={languages.map((l) => ({ value: l.code, label: l.label }))}
    />
  );
}
