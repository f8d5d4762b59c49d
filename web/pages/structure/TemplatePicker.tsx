import { Button, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useTranslation } from "react-i18next";
import { useCopyTemplate, useTemplates } from "../../api/platforms.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";

/** The generic structures a manager copies into a response that has none yet. */
export function TemplatePicker({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const templates = useTemplates(true);
  const copy = useCopyTemplate(slug);

  return (
    <section aria-labelledby="templates-heading">
      <Title order={2} size="h4" id="templates-heading" mb="sm">
        {t("structure.templatesTitle")}
      </Title>
      {templates.error && <ErrorAlert error={templates.error} onRetry={() => void templates.refetch()} />}
      {copy.error && <ErrorAlert error={copy.error} />}
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
        {templates.data?.map((tpl) => (
          <Paper key={tpl.id} withBorder p="md">
            <Stack gap="xs" h="100%" justify="space-between">
              <div>
                <Text fw={600}>{tpl.name}</Text>
                <Text size="sm" c="dimmed">
                  {tpl.description}
                </Text>
                <Text size="sm" mt={4}>
                  {t("structure.templatePlatforms", { count: tpl.platforms })}
                </Text>
              </div>
              <Button
                variant="light"
                loading={copy.isPending && copy.variables === tpl.id}
                disabled={copy.isPending}
                aria-label={`${t("structure.copy")}: ${tpl.name}`}
                onClick={() =>
                  copy.mutate(tpl.id, {
                    onSuccess: (r) =>
                      notifications.show({ color: "teal", message: t("structure.copied", r) }),
                  })
                }
              >
                {t("structure.copy")}
              </Button>
            </Stack>
          </Paper>
        ))}
      </SimpleGrid>
    </section>
  );
}
