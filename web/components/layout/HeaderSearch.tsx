import { Box, TextInput } from "@mantine/core";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { useCurrentSlug } from "../../lib/useCurrentSlug.ts";

/** The search box of the header, inside a response: opens `/r/:slug/search?q=`. */
export function HeaderSearch({ visibleFrom, hiddenFrom }: { visibleFrom?: string; hiddenFrom?: string }) {
  const slug = useCurrentSlug();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [q, setQ] = useState("");
  if (!slug) return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const query = q.trim();
    if (query) void navigate(`/r/${slug}/search?q=${encodeURIComponent(query)}`);
  };
  return (
    <Box component="search" aria-label={t("search.title")} visibleFrom={visibleFrom} hiddenFrom={hiddenFrom}>
      <form onSubmit={submit}>
        <TextInput
          size="sm"
          w={hiddenFrom ? "100%" : 220}
          mb={hiddenFrom ? "sm" : undefined}
          maxLength={200}
          placeholder={t("search.placeholder")}
          aria-label={t("search.label")}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          type="search"
        />
      </form>
    </Box>
  );
}
