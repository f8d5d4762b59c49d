import { Anchor, Button, Group, Paper, Skeleton, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { usePlatforms } from "../../api/platforms.ts";

/** On the response home: the top bodies and the bodies right under them, with a link to the chart. */
export function StructureSummary({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const platforms = usePlatforms(slug);
  const list = platforms.data;
  const tops = list?.filter((p) => !p.parentId) ?? [];
  const second = list?.filter((p) => tops.some((top) => top.id === p.parentId)) ?? [];

  return (
    <section aria-labelledby="structure-heading">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h3" id="structure-heading">
          {t("structure.homeTitle")}
        </Title>
        <Button component={Link} to={`/r/${slug}/structure`} variant="subtle" size="compact-sm">
          {t("structure.homeLink")}
        </Button>
      </Group>
      <Paper withBorder p="md">
        {!list ? (
          <Skeleton height={40} aria-hidden />
        ) : list.length === 0 ? (
          <Text>{t("structure.empty")}</Text>
        ) : (
          <>
            <Text size="sm" c="dimmed" mb={6}>
              {t("structure.homeSummary", { count: list.length })}
            </Text>
            <Group gap="md" wrap="wrap">
              {[...tops, ...second].map((p) => (
                <Anchor
                  key={p.id}
                  component={Link}
                  to={`/r/${slug}/structure/${p.id}`}
                  fw={p.parentId ? 500 : 700}
                >
                  {p.name}
                </Anchor>
              ))}
            </Group>
          </>
        )}
      </Paper>
    </section>
  );
}
