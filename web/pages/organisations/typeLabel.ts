import { useTranslation } from "react-i18next";
import { organisationTypeLabels } from "../../../common/schemas/organisations.ts";

type TypeCode = keyof typeof organisationTypeLabels;

/** The IATI organisation type's name in the reader's language (English from the codelist as fallback). */
export function useTypeLabel() {
  const { t } = useTranslation();
  return (code: string) =>
    t(`orgType.${code}`, { defaultValue: organisationTypeLabels[code as TypeCode] ?? code });
}
