/**
 * vCard 4.0 (RFC 6350) output of a contact list: one VCARD per person, UTF-8, CRLF line ends.
 *
 * Written here rather than with a generator package: the one on the registry that targets 4.0
 * (vcard4) escapes ':' in text, which RFC 6350 §3.4 forbids ("in all other cases, escaping MUST
 * NOT be used": parsers then show "\:" in titles), and folds lines by UTF-16 unit, which can cut
 * an emoji in two; the 3.0 ones do not escape backslashes or do not fold at all.
 */
import type { ContactOutput, ContactPlatformRole } from "../../../common/schemas/contacts.ts";

const roleLabels: Record<ContactPlatformRole, string> = {
  chair: "Chair",
  co_chair: "Co-chair",
  member_representative: "Member representative",
  alternate: "Alternate",
  focal_point: "Focal point",
  secretariat: "Secretariat",
  observer: "Observer",
};

/**
 * RFC 6350 §3.4: backslash, comma and newline are escaped; a semicolon only in a field of a
 * compound property (ORG), where it would otherwise split the field. Nothing else is escaped.
 */
export function escapeText(value: string, compound = false): string {
  const special = compound ? /[\\,;\n]/g : /[\\,\n]/g;
  return value.replace(/\r\n?/g, "\n").replace(special, (c) => (c === "\n" ? "\\n" : `\\${c}`));
}

/**
 * RFC 6350 §3.2: lines longer than 75 octets are folded (CRLF and one space). Cuts fall between
 * code points, never inside a UTF-8 sequence; the continuation's space counts towards its 75.
 */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = "";
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, "utf8");
    if (octets + size > 75) {
      out.push(current);
      current = " ";
      octets = 1;
    }
    current += char;
    octets += size;
  }
  out.push(current);
  return out.join("\r\n");
}

/** One person's card. */
export function contactVcard(c: ContactOutput): string {
  const lines = [
    "BEGIN:VCARD",
    "VERSION:4.0",
    "KIND:individual",
    `UID:urn:uuid:${c.id}`,
    `FN:${escapeText(c.name)}`,
    `ORG:${escapeText(c.organisation.name, true)}`,
    ...(c.title ? [`TITLE:${escapeText(c.title)}`] : []),
    `EMAIL;TYPE=work:${escapeText(c.email)}`,
    ...c.phones.map((p) => `TEL;VALUE=uri;TYPE="work,voice":tel:${p}`),
    ...(c.platforms.length
      ? [`NOTE:${escapeText(c.platforms.map((p) => `${roleLabels[p.role]}, ${p.name}`).join("\n"))}`]
      : []),
    ...(c.sectors.length ? [`CATEGORIES:${c.sectors.map((s) => escapeText(s.name)).join(",")}`] : []),
    `REV:${c.updatedAt.replace(/[-:]/g, "").replace(/\.\d+/, "")}`,
    "END:VCARD",
  ];
  return `${lines.map(foldLine).join("\r\n")}\r\n`;
}

export const contactsVcard = (list: ContactOutput[]) => list.map(contactVcard).join("");
