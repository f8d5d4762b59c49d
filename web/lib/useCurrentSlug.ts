import { useEffect } from "react";
import { useMatch } from "react-router";
import { useResponses } from "../api/responses.ts";

const STORAGE_KEY = "isx-response";

function stored(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

/**
 * The response the navigation points at: the one in the URL, else the last one visited,
 * else the first one the server lists.
 */
export function useCurrentSlug(): string | null {
  const match = useMatch("/r/:slug/*");
  const fromUrl = match?.params.slug ?? null;
  const responses = useResponses();
  useEffect(() => {
    if (!fromUrl) return;
    try {
      localStorage.setItem(STORAGE_KEY, fromUrl);
    } catch {
      // not remembered; fine
    }
  }, [fromUrl]);
  if (fromUrl) return fromUrl;
  const items = responses.data ?? [];
  const remembered = stored();
  if (remembered && items.some((r) => r.slug === remembered)) return remembered;
  return items[0]?.slug ?? null;
}
