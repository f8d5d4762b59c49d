import { Fragment, type ReactNode } from "react";
import { highlightStart, highlightStop } from "../../../common/schemas/search.ts";

/**
 * Text from the server with matched words between two private-use characters, shown as text
 * nodes and <mark> elements: nothing in it is ever read as HTML.
 */
export function Highlighted({ text }: { text: string }) {
  const parts: ReactNode[] = [];
  let rest = text;
  let key = 0;
  while (rest.length) {
    const start = rest.indexOf(highlightStart);
    if (start < 0) break;
    const stop = rest.indexOf(highlightStop, start + 1);
    if (stop < 0) break;
    if (start > 0) parts.push(<Fragment key={key++}>{rest.slice(0, start)}</Fragment>);
    parts.push(<mark key={key++}>{rest.slice(start + 1, stop)}</mark>);
    rest = rest.slice(stop + 1);
  }
  if (rest) parts.push(<Fragment key={key++}>{plain(rest)}</Fragment>);
  return <>{parts}</>;
}

/** The text without marks (for labels and links). */
export const plain = (text: string) => text.replaceAll(highlightStart, "").replaceAll(highlightStop, "");
