import { ActionIcon, Box, Group, Text, UnstyledButton } from "@mantine/core";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { LocationOutput } from "../../../common/schemas/locations.ts";
import { useLocations } from "../../api/locations.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { PageLoader } from "../../components/PageLoader.tsx";

/** "Camp 2" before "Camp 10": names compared the way people count. */
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
const sorted = (items: LocationOutput[]) => [...items].sort((a, b) => collator.compare(a.name, b.name));

interface TreeProps {
  slug: string;
  selected: string | null;
  /** Codes to open (the selected location's ancestors). */
  expand: Set<string>;
  onSelect: (code: string) => void;
}

/** The gazetteer as a tree: top-level areas first, children fetched when a branch opens. */
export function LocationTree(props: TreeProps) {
  const { t } = useTranslation();
  const roots = useLocations(props.slug, { roots: true });
  if (roots.error) return <ErrorAlert error={roots.error} onRetry={() => void roots.refetch()} />;
  if (!roots.data) return <PageLoader />;
  if (roots.data.items.length === 0) return <Text c="dimmed">{t("locations.emptyGazetteer")}</Text>;
  return (
    <ul className="isx-tree" aria-label={t("locations.tree")}>
      {sorted(roots.data.items).map((l) => (
        <TreeNode key={l.id} location={l} {...props} />
      ))}
    </ul>
  );
}

function Chevron({ open }: { open: boolean }) {
  return (
    <svg
      className="isx-chevron"
      data-open={open}
      width="14"
      height="14"
      viewBox="0 0 16 16"
      aria-hidden="true"
    >
      <path d="M6 3l5 5-5 5" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
    </svg>
  );
}

function TreeNode({ location, ...props }: TreeProps & { location: LocationOutput }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(props.expand.has(location.code));
  const shouldExpand = props.expand.has(location.code);
  useEffect(() => {
    if (shouldExpand) setOpen(true);
  }, [shouldExpand]);
  const children = useLocations(props.slug, { parent: location.code }, open);
  const isSelected = props.selected === location.code;

  return (
    <li>
      <Group gap={2} wrap="nowrap" py={1}>
        {location.childCount > 0 ? (
          <ActionIcon
            variant="subtle"
            color="gray"
            size="md"
            onClick={() => setOpen((v) => !v)}
            aria-expanded={open}
            aria-label={t(open ? "locations.collapse" : "locations.expand", { name: location.name })}
          >
            <Chevron open={open} />
          </ActionIcon>
        ) : (
          <Box w={28} style={{ flexShrink: 0 }} />
        )}
        <UnstyledButton
          onClick={() => props.onSelect(location.code)}
          aria-current={isSelected ? "true" : undefined}
          px={6}
          py={3}
          ta="start"
          style={{
            borderRadius: 6,
            background: isSelected ? "var(--mantine-color-blue-light)" : undefined,
            fontWeight: isSelected ? 650 : undefined,
            minWidth: 0,
          }}
        >
          <Text span size="sm">
            {location.name}
          </Text>{" "}
          <Text span size="xs" c="dimmed" style={{ whiteSpace: "nowrap" }}>
            {location.code}
          </Text>
        </UnstyledButton>
      </Group>
      {open && (
        <ul>
          {children.isPending && (
            <li>
              <Text size="xs" c="dimmed" py={4}>
                {t("common.loading")}
              </Text>
            </li>
          )}
          {children.error && (
            <li>
              <Text size="xs" c="red.8" py={4}>
                {t("errors.INTERNAL")}
              </Text>
            </li>
          )}
          {sorted(children.data?.items ?? []).map((child) => (
            <TreeNode key={child.id} location={child} {...props} />
          ))}
          {children.data?.nextCursor && (
            <li>
              <Text size="xs" c="dimmed" py={4}>
                {t("locations.moreChildren")}
              </Text>
            </li>
          )}
        </ul>
      )}
    </li>
  );
}
