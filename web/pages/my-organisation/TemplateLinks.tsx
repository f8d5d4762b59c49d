import { Anchor, List, Paper, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { apiUrl } from "../../api/client.ts";
import { useSectors } from "../../api/sectors.ts";

/** The sectors' 5W spreadsheet templates, with their drop-down lists, to fill and upload. */
export function TemplateLinks({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const sectors = useSectors(slug);
  const top = (sectors.data ?? []).filter((s) => !s.parentId).sort((a, b) => a.name.localeCompare(b.name));
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="templates-heading">
      <Stack gap="xs">
        <Title order={2} size="h3" id="templates-heading">
          {t("myOrganisation.templatesTitle")}
        </Title>
        <Text size="sm" c="dimmed">
          {t("myOrganisation.templatesHelp")}
        </Text>
        <List size="sm" spacing={4} style={{ columns: "16rem" }}>
          {top.map((s) => (
            <List.Item key={s.id}>
              <Anchor
                href={apiUrl(
                  `/responses/${encodeURIComponent(slug)}/sectors/${encodeURIComponent(s.code)}/template.xlsx`,
                )}
                download
              >
                {t("myOrganisation.template", { sector: s.name })}
              </Anchor>
            </List.Item>
          ))}
        </List>
      </Stack>
    </Paper>
  );
}
