import { Marked } from "marked";
import sanitizeHtml from "sanitize-html";

/**
 * Story bodies: Markdown rendered to HTML, then sanitised with a strict allow-list, every time
 * it is shown (never stored as HTML, so a better sanitiser applies to old stories too). Raw HTML
 * in the Markdown is dropped tag by tag; no script, event handler, style or javascript: URL
 * survives; links get rel="noopener noreferrer nofollow".
 */

const marked = new Marked({ gfm: true, async: false });

const options: sanitizeHtml.IOptions = {
  allowedTags: [
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "br",
    "hr",
    "strong",
    "em",
    "del",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "code",
    "pre",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "img",
  ],
  allowedAttributes: {
    a: ["href", "title", "rel"],
    img: ["src", "alt", "title"],
    ol: ["start"],
  },
  allowedSchemes: ["http", "https", "mailto"],
  // Images load without a click: only over HTTPS or from the portal itself (relative URLs).
  allowedSchemesByTag: { img: ["https"] },
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  transformTags: {
    // The page has the story title as its one h1.
    h1: "h2",
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: "noopener noreferrer nofollow" } }),
  },
};

export function renderMarkdown(markdown: string): string {
  const html = marked.parse(markdown) as string;
  return sanitizeHtml(html, options);
}
