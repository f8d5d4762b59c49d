import { ActionIcon, Anchor, Badge, Box, Group, Text } from "@mantine/core";
import { type KeyboardEvent, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { PlatformSummary } from "../../api/platforms.ts";
import { chairNames } from "./labels.ts";

const listStyle = { listStyle: "none", margin: 0, padding: 0 } as const;
// Each level indents under its parent's toggle, with a guide line down the side.
const nestedStyle = {
  ...listStyle,
  marginInlineStart: 13,
  paddingInlineStart: 12,
  borderInlineStart: "2px solid var(--mantine-color-gray-3)",
} as const;
const chevronStyle = {
  display: "inline-block",
  fontSize: 22,
  lineHeight: 1,
  transition: "transform 120ms",
} as const;

/** "Inter Sector Coordination Group" says what "Inter-sector coordination group" would: say it once. */
const words = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
const sameWords = (name: string, type: string) => words(name).includes(words(type));

interface Props {
  slug: string;
  platforms: PlatformSummary[];
  expanded: Set<string>;
  onToggle: (id: string, open: boolean) => void;
}

/**
 * The structure as nested lists with disclosure buttons (not an ARIA tree: every row holds a link,
 * and native buttons and links keep screen readers and keyboards on familiar ground). The arrow
 * keys still work on a toggle: right opens, left closes.
 */
export function PlatformTree({ slug, platforms, expanded, onToggle }: Props) {
  const { t } = useTranslation();
  const children = useMemo(() => {
    const map = new Map<string | null, PlatformSummary[]>();
    for (const p of platforms) map.set(p.parentId, [...(map.get(p.parentId) ?? []), p]);
    return map;
  }, [platforms]);

  const onKey = (event: KeyboardEvent, id: string) => {
    if (event.key === "ArrowRight") onToggle(id, true);
    else if (event.key === "ArrowLeft") onToggle(id, false);
    else return;
    event.preventDefault();
  };

  const renderList = (parentId: string | null, depth: number) => {
    const items = children.get(parentId) ?? [];
    return (
      <ul style={depth === 0 ? listStyle : nestedStyle}>
        {items.map((p) => {
          const kids = children.get(p.id) ?? [];
          const open = expanded.has(p.id);
          const chair = chairNames(p.chairs, "chair");
          return (
            <li key={p.id}>
              <Group gap="xs" wrap="nowrap" align="flex-start" py={6}>
                {kids.length > 0 ? (
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    aria-expanded={open}
                    aria-controls={`children-${p.id}`}
                    aria-label={t("structure.toggle", { name: p.name })}
                    onClick={() => onToggle(p.id, !open)}
                    onKeyDown={(e) => onKey(e, p.id)}
                    mt={2}
                    style={{ flexShrink: 0 }}
                  >
                    <span
                      aria-hidden
                      style={{ ...chevronStyle, transform: open ? "rotate(90deg)" : undefined }}
                    >
                      ›
                    </span>
                  </ActionIcon>
                ) : (
                  <Box w={28} style={{ flexShrink: 0 }} aria-hidden />
                )}
                <Box miw={0}>
                  <Group gap={6} wrap="wrap">
                    <Anchor component={Link} to={`/r/${slug}/structure/${p.id}`} fw={600}>
                      {p.name}
                    </Anchor>
                    <Badge variant="light" size="sm">
                      {p.code}
                    </Badge>
                    {p.level === "sub_national" && (
                      <Badge variant="outline" color="gray" size="sm">
                        {t("structure.level.sub_national")}
                      </Badge>
                    )}
                  </Group>
                  <Text size="sm" c="dimmed">
                    {[
                      !sameWords(p.name, t(`structure.type.${p.type}`)) && t(`structure.type.${p.type}`),
                      chair && t("structure.chairedBy", { who: chair }),
                      p.memberCount > 0 && t("structure.members", { count: p.memberCount }),
                      kids.length > 0 && !open && t("structure.children", { count: kids.length }),
                    ]
                      .filter(Boolean)
                      .join(" · ")}
                  </Text>
                </Box>
              </Group>
              {kids.length > 0 && (
                <div id={`children-${p.id}`} hidden={!open}>
                  {open && renderList(p.id, depth + 1)}
                </div>
              )}
            </li>
          );
        })}
      </ul>
    );
  };

  return <nav aria-label={t("structure.treeLabel")}>{renderList(null, 0)}</nav>;
}
