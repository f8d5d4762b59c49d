import { type BoxProps, NativeSelect } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useLocation, useNavigate } from "react-router";
import { useResponses } from "../../api/responses.ts";
import { useCurrentSlug } from "../../lib/useCurrentSlug.ts";

/** Switches the response, staying on the same kind of page (locations stay locations). */
export function ResponseSwitcher(props: BoxProps & { visibleFrom?: "sm"; hiddenFrom?: "sm" }) {
  const { t } = useTranslation();
  const responses = useResponses();
  const slug = useCurrentSlug();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  if (!responses.data || responses.data.length === 0) return null;

  const onChange = (next: string) => {
    const section = /^\/r\/[^/]+\/(locations|organisations|sectors|audit)/.exec(pathname)?.[1];
    navigate(section ? `/r/${next}/${section}` : `/r/${next}`);
  };
  return (
    <NativeSelect
      {...props}
      label={t("nav.response")}
      classNames={{ label: props.hiddenFrom ? undefined : "visually-hidden" }}
      size="sm"
      maw={{ base: "100%", sm: 320 }}
      value={slug ?? ""}
      onChange={(event) => onChange(event.currentTarget.value)}
      data={responses.data.map((r) => ({ value: r.slug, label: r.name }))}
    />
  );
}
