import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import type { ContactOutput } from "../../../common/schemas/contacts.ts";
import { contactVcard, escapeText, foldLine } from "./vcard.ts";

const contact = (overrides: Partial<ContactOutput> = {}): ContactOutput => ({
  id: "0b6f1c1e-8f0e-4c59-9a55-1b2f7a8e1c01",
  name: "Test Person",
  title: null,
  email: "test@example.org",
  phones: [],
  organisation: { id: "0b6f1c1e-8f0e-4c59-9a55-1b2f7a8e1c02", name: "Org", acronym: null },
  platforms: [],
  sectors: [],
  userId: null,
  confirmedAt: null,
  confirmationRequestedAt: null,
  stale: false,
  canEdit: false,
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-02T03:04:05.678Z",
  ...overrides,
});

describe("vCard writer", () => {
  it("escapes backslash, comma and newline, and semicolons only in compound fields", () => {
    expect(escapeText("a\\b, c; d\r\ne")).toBe("a\\\\b\\, c; d\\ne");
    expect(escapeText("a; b", true)).toBe("a\\; b");
    expect(escapeText("Coordinator: WASH")).toBe("Coordinator: WASH");
  });

  it("folds at 75 octets between characters, never inside an emoji or a Bengali letter", () => {
    const line = `FN:${"রহিম 😀 ".repeat(20)}`;
    const folded = foldLine(line);
    const lines = folded.split("\r\n");
    expect(lines.length).toBeGreaterThan(3);
    for (const l of lines) {
      expect(Buffer.byteLength(l)).toBeLessThanOrEqual(75);
      expect(l).not.toMatch(/\uFFFD/);
      expect(Buffer.from(l, "utf8").toString("utf8")).toBe(l);
    }
    expect(lines.slice(1).every((l) => l.startsWith(" "))).toBe(true);
    expect(lines.map((l, i) => (i ? l.slice(1) : l)).join("")).toBe(line);
  });

  it("round-trips awkward values through a real parser", () => {
    const name = "নুসরাত জাহান 😀 ".repeat(6).trim();
    const text = contactVcard(
      contact({
        name,
        title: "Lead, Protection; GBV\\Child protection\nCox's Bazar",
        organisation: { id: "0b6f1c1e-8f0e-4c59-9a55-1b2f7a8e1c02", name: "Org; Ltd", acronym: null },
        sectors: [{ id: "0b6f1c1e-8f0e-4c59-9a55-1b2f7a8e1c03", code: "PROT", name: "Protection, GBV" }],
      }),
    );
    const card = new ICAL.Component(ICAL.parse(text));
    expect(card.getFirstPropertyValue("fn")).toBe(name);
    expect(card.getFirstPropertyValue("title")).toBe("Lead, Protection; GBV\\Child protection\nCox's Bazar");
    expect(card.getFirstProperty("org")!.getValues().flat()).toEqual(["Org; Ltd"]);
    expect(card.getFirstProperty("categories")!.getValues()).toEqual(["Protection, GBV"]);
    expect(card.getFirstPropertyValue("uid")).toBe("urn:uuid:0b6f1c1e-8f0e-4c59-9a55-1b2f7a8e1c01");
    expect(text.endsWith("END:VCARD\r\n")).toBe(true);
  });
});
