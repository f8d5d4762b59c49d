import { Badge, Button, Card, Group, SimpleGrid, Skeleton, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useResponses } from "../../api/responses.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { useFormat } from "../../i18n/format.ts";

/** `/`: every response hosted here, as cards with their key counts. */
export default function LandingPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const responses = useResponses();

  return (
    <Stack gap="lg" maw={1200}>
      <div>
        <Title order={1}>{t("landing.title")}</Title>
        <Text c="dimmed" mt={4} maw={720}>
          {t("landing.intro")}
        </Text>
      </div>
      {responses.error && <ErrorAlert error={responses.error} onRetry={() => void responses.refetch()} />}
      {responses.data?.length === 0 && <Text c="dimmed">{t("landing.empty")}</Text>}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        {responses.isPending && [0, 1].map((i) => <Skeleton key={i} height={210} radius="md" aria-hidden />)}
        {responses.data?.map((r) => (
          <Card
            key={r.id}
            withBorder
            shadow="xs"
            padding="lg"
            component="article"
            aria-labelledby={`resp-${r.id}`}
          >
            <Group justify="space-between" align="flex-start" wrap="nowrap">
              <Title order={2} size="h3" id={`resp-${r.id}`}>
                {r.name}
              </Title>
              <Badge variant="light" color="gray" style={{ flexShrink: 0 }}>
                {r.countryIso3}
              </Badge>
            </Group>
            <Text size="sm" c="dimmed" mt={4}>
              {r.endsOn
                ? t("response.periodRange", { from: format.date(r.startsOn), to: format.date(r.endsOn) })
                : t("response.periodSince", { from: format.date(r.startsOn) })}
            </Text>
            <SimpleGrid cols={{ base: 2, xs: 4 }} mt="md" spacing="xs">
              {(["locations", "sites", "organisations", "sectors"] as const).map((key) => (
                <div key={key}>
                  <Text fw={700} size="xl" lh={1.2}>
                    {format.number(r.counts[key])}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {t(`counts.${key}`)}
                  </Text>
                </div>
              ))}
            </SimpleGrid>
            <Button
              component={Link}
              to={`/r/${r.slug}`}
              mt="lg"
              w="fit-content"
              aria-describedby={`resp-${r.id}`}
            >
              {t("landing.open")}
            </Button>
          </Card>
        ))}
      </SimpleGrid>
    </Stack>
  );
}
