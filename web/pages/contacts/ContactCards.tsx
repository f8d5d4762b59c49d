import { Anchor, Button, Checkbox, Group, Paper, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { ContactOutput } from "./api.ts";
import { ContactStatus } from "./ContactStatus.tsx";

interface Props {
  rows: ContactOutput[] | undefined;
  selected: string[];
  onSelect: (ids: string[]) => void;
  onEdit: (c: ContactOutput) => void;
  onDelete: (c: ContactOutput) => void;
  onRequest: (c: ContactOutput) => void;
  requesting: boolean;
}

/** The contact list on a phone: one card per person instead of a table to scroll sideways. */
export function ContactCards({ rows, selected, onSelect, ...props }: Props) {
  const { t } = useTranslation();
  if (!rows) return null;
  if (!rows.length)
    return (
      <Text c="dimmed" ta="center" py="lg">
        {t("contacts.empty")}
      </Text>
    );
  return (
    <Stack
      gap="sm"
      component="ul"
      p={0}
      m={0}
      style={{ listStyle: "none" }}
      aria-label={t("contacts.tableCaption")}
    >
      {rows.map((c) => (
        <Paper component="li" withBorder p="sm" key={c.id}>
          <Stack gap={6}>
            <Group justify="space-between" align="flex-start" wrap="nowrap">
              <Group gap="xs" align="flex-start" wrap="nowrap">
                {c.canEdit && (
                  <Checkbox
                    mt={2}
                    aria-label={t("contacts.selectOne", { name: c.name })}
                    checked={selected.includes(c.id)}
                    onChange={(e) =>
                      onSelect(
                        e.currentTarget.checked ? [...selected, c.id] : selected.filter((s) => s !== c.id),
                      )
                    }
                  />
                )}
                <div>
                  <Text fw={600}>{c.name}</Text>
                  <Text size="sm" c="dimmed">
                    {[c.title, c.organisation.acronym ?? c.organisation.name].filter(Boolean).join(" · ")}
                  </Text>
                </div>
              </Group>
              <ContactStatus contact={c} />
            </Group>
            {c.platforms.map((p) => (
              <Text size="sm" key={p.id}>
                {p.name} · {t(`contacts.role.${p.role}`)}
              </Text>
            ))}
            <Group gap="md">
              <Anchor href={`mailto:${c.email}`} size="sm">
                {c.email}
              </Anchor>
              {c.phones.map((p) => (
                <Anchor key={p} href={`tel:${p}`} size="sm">
                  {p}
                </Anchor>
              ))}
            </Group>
            {c.canEdit && (
              <Group gap={4}>
                <Button size="compact-sm" variant="light" onClick={() => props.onEdit(c)}>
                  {t("common.edit")}
                </Button>
                <Button
                  size="compact-sm"
                  variant="light"
                  disabled={props.requesting}
                  onClick={() => props.onRequest(c)}
                >
                  {t("contacts.request")}
                </Button>
                <Button size="compact-sm" variant="subtle" color="red" onClick={() => props.onDelete(c)}>
                  {t("contacts.delete")}
                </Button>
              </Group>
            )}
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}
