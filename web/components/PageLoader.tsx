import { Center, Loader } from "@mantine/core";
import { useTranslation } from "react-i18next";

/** A centred spinner with an accessible name, for pages and panels that are loading. */
export function PageLoader({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Loader size="md" aria-label={label ?? t("common.loading")} />
    </Center>
  );
}
