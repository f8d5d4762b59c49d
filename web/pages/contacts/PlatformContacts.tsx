import { Anchor, Badge, Group, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useUser } from "../../api/session.ts";
import { type Column, DataTable } from "../../components/DataTable.tsx";
import { orgLabel } from "../structure/labels.ts";
import { type ContactOutput, useContacts } from "./api.ts";
import { ContactsDownload } from "./ContactsDownload.tsx";

interface Props {
  slug: string;
  platform: { id: string; name: string };
}

/**
 * The people on a platform, for the platform page: shown to signed-in users only (visitors see
 * nothing, and the API would answer them 401), with the list as CSV or vCard.
 */
export function PlatformContacts({ slug, platform }: Props) {
  const user = useUser();
  if (!user) return null;
  return <PlatformContactsList slug={slug} platform={platform} />;
}

function PlatformContactsList({ slug, platform }: Props) {
  const { t } = useTranslation();
  const list = useContacts(slug, { platform: platform.id, limit: 200 });
  const columns: Column<ContactOutput>[] = [
    {
      key: "name",
      header: t("contacts.name"),
      render: (c) => (
        <Group gap={6}>
          <Text size="sm" fw={600}>
            {c.name}
          </Text>
          {c.stale && (
            <Badge size="xs" color="orange" variant="light">
              {t("contacts.stale")}
            </Badge>
          )}
        </Group>
      ),
    },
    {
      key: "role",
      header: t("contacts.seatRole"),
      render: (c) => {
        const seat = c.platforms.find((p) => p.id === platform.id);
        return seat ? t(`contacts.role.${seat.role}`) : t("common.none");
      },
    },
    { key: "organisation", header: t("contacts.organisation"), render: (c) => orgLabel(c.organisation) },
    {
      key: "email",
      header: t("contacts.email"),
      render: (c) => (
        <Anchor href={`mailto:${c.email}`} size="sm">
          {c.email}
        </Anchor>
      ),
    },
    { key: "phone", header: t("contacts.phones"), render: (c) => c.phones.join(", ") || t("common.none") },
  ];
  return (
    <section aria-labelledby="platform-contacts-heading">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-end">
          <div>
            <Title order={2} size="h3" id="platform-contacts-heading">
              {t("contacts.platformSection")}
            </Title>
            <Text size="sm" c="dimmed">
              {t("contacts.platformSectionHint")}{" "}
              <Anchor component={Link} to={`/r/${slug}/contacts?platform=${platform.id}`}>
                {t("contacts.openDirectory")}
              </Anchor>
            </Text>
          </div>
          <ContactsDownload
            slug={slug}
            filter={{ platform: platform.id }}
            label={t("contacts.downloadPlatform")}
          />
        </Group>
        <DataTable
          caption={t("contacts.platformCaption", { name: platform.name })}
          captionHidden
          columns={columns}
          rows={list.data?.items}
          rowKey={(c) => c.id}
          loading={list.isFetching}
          error={list.error}
          onRetry={() => void list.refetch()}
          empty={t("contacts.platformEmpty")}
        />
      </Stack>
    </section>
  );
}
