import { coreHashtag } from "./hxl-core-tags.ts";

/**
 * HXL hashtags as libhxl-python reads them: a tag is `#` and a token (a letter, then letters, digits
 * or `_`), followed by `+attribute` tokens; spaces may come before a `+` but not after it. Tags and
 * attributes are case-insensitive. We normalise to lower case with attributes deduplicated and
 * sorted, so `#Reached +F +children` and `#reached+children+f` are the same column spec.
 */
export interface HxlTag {
  /** Normalised spec: `#reached+children+f`. */
  hashtag: string;
  /** `#reached` */
  tag: string;
  /** Sorted, lower-case, without duplicates: `["children", "f"]`. */
  attributes: string[];
}

const token = "[A-Za-z][_0-9A-Za-z]*";
const columnSpec = new RegExp(`^\\s*#(${token})((?:\\s*\\+${token})*)\\s*$`);
const patternSpec = new RegExp(`^\\s*#?(${token}|\\*)((?:\\s*[+-]${token})*)\\s*(!)?\\s*$`);

const sortedUnique = (values: string[]) => [...new Set(values.map((v) => v.toLowerCase()))].sort();

/** Parses a hashtag cell such as `#adm2 +name` or `#Adm2+Name`; null when it is not a valid spec. */
export function parseHashtag(raw: string): HxlTag | null {
  const match = columnSpec.exec(raw);
  if (!match) return null;
  const tag = `#${match[1]!.toLowerCase()}`;
  const attributes = sortedUnique(
    match[2]!
      .split("+")
      .map((a) => a.trim())
      .filter(Boolean),
  );
  return { hashtag: [tag, ...attributes].join("+"), tag, attributes };
}

/** The normalised form of a hashtag cell (`#adm2 +Name` → `#adm2+name`), or null when it is not one. */
export function normaliseHashtag(raw: string): string | null {
  return parseHashtag(raw)?.hashtag ?? null;
}

/** A libhxl tag pattern: `#reached+f-children`, `#*+f`, or absolute `#org+name!`. */
export interface TagPattern {
  /** Lower-case tag, or `#*` for any tagged column. */
  tag: string;
  include: string[];
  exclude: string[];
  /** With `!`: the column may have no attribute beyond `include`. */
  absolute: boolean;
}

/** Parses a tag pattern leniently (`reached +f -children` works too); throws on a malformed one. */
export function parseTagPattern(pattern: string): TagPattern {
  const match = patternSpec.exec(pattern);
  if (!match) throw new Error(`"${pattern}" is not a hashtag pattern such as #reached+f-children.`);
  const include: string[] = [];
  const exclude: string[] = [];
  for (const part of match[2]!.match(/[+-][^\s+-]+/g) ?? []) {
    (part.startsWith("+") ? include : exclude).push(part.slice(1));
  }
  const absolute = match[3] === "!";
  if (absolute && exclude.length)
    throw new Error(`"${pattern}": an absolute pattern (!) cannot exclude attributes.`);
  return {
    tag: `#${match[1]!.toLowerCase()}`,
    include: sortedUnique(include),
    exclude: sortedUnique(exclude),
    absolute,
  };
}

/**
 * True when a column's hashtag matches the pattern, as in libhxl: the same tag (or `#*`), every
 * `+attribute` of the pattern present, no `-attribute` present, and with `!` nothing else.
 * `matches("#reached+f", "#reached+children+f")` is true. Untagged columns never match.
 */
export function matches(pattern: string | TagPattern, column: string | HxlTag | null): boolean {
  const p = typeof pattern === "string" ? parseTagPattern(pattern) : pattern;
  const c = typeof column === "string" ? parseHashtag(column) : column;
  if (!c) return false;
  if (p.tag !== "#*" && p.tag !== c.tag) return false;
  const has = new Set(c.attributes);
  if (!p.include.every((a) => has.has(a))) return false;
  if (p.exclude.some((a) => has.has(a))) return false;
  return !p.absolute || c.attributes.every((a) => p.include.includes(a));
}

export type HashtagWarningCode = "UNKNOWN_HASHTAG" | "REJECTED_HASHTAG" | "MALFORMED_HASHTAG";

/** A remark about one column's hashtag; the column is always kept. */
export interface HashtagWarning {
  code: HashtagWarningCode;
  /** 0-based column index. */
  column: number;
  /** The cell as written in the hashtag row. */
  value: string;
  message: string;
}

/** Checks a parsed tag against the HXL 1.1 core hashtags: unknown or rejected ones get a warning. */
export function checkHashtag(tag: HxlTag): { code: HashtagWarningCode; message: string } | null {
  const core = coreHashtag(tag.tag);
  if (core?.status === "Rejected") {
    return {
      code: "REJECTED_HASHTAG",
      message: `${tag.tag} was rejected from the HXL standard (HXL 1.1 has #modality and #channel for how aid is delivered). The column is kept.`,
    };
  }
  if (core) return null;
  const why = tag.tag.startsWith("#x_")
    ? "is a custom (#x_) hashtag, as used by the 2014 beta of HXL"
    : "may be a 2014 beta hashtag, a custom one or a typo";
  return {
    code: "UNKNOWN_HASHTAG",
    message: `${tag.tag} is not an HXL 1.1 core hashtag (it ${why}). The column is kept.`,
  };
}

/** Explains why a non-empty cell of the hashtag row is not a hashtag, with a suggestion when there is one. */
export function explainMalformed(raw: string): string {
  const value = raw.trim();
  const fixed = value.startsWith("#") ? null : parseHashtag(`#${value}`);
  if (fixed)
    return `"${value}" in the hashtag row has no "#": did you mean ${fixed.hashtag}? The column is kept without a hashtag.`;
  return `"${value}" in the hashtag row is not a valid hashtag (# and a name of letters, digits or _, then +attributes with no space after the +). The column is kept without a hashtag.`;
}
