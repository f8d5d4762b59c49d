import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type Action, can, type Principal, permissionMatrix, roleNames } from "./permissions.ts";

const principal = (overrides: Partial<Principal> = {}): Principal => ({
  userId: "u",
  email: "u@example.org",
  name: "U",
  isAdmin: false,
  roles: [],
  scope: "write",
  ...overrides,
});

describe("can", () => {
  it("refuses everything to nobody", () => {
    for (const action of Object.keys(permissionMatrix) as Action[])
      expect(can(null, action, { responseId: "r" })).toBe(false);
  });

  it("lets administrators do everything, but not through a read-only token", () => {
    expect(can(principal({ isAdmin: true }), "user:manage")).toBe(true);
    expect(can(principal({ isAdmin: true, scope: "read" }), "organisation:create", { responseId: "r" })).toBe(
      false,
    );
    expect(can(principal({ isAdmin: true, scope: "read" }), "audit:read", { responseId: "r" })).toBe(true);
  });

  it("scopes roles to their response", () => {
    const manager = principal({
      roles: [{ responseId: "r1", role: "response_manager", sectorId: null, organisationId: null }],
    });
    expect(can(manager, "location:write", { responseId: "r1" })).toBe(true);
    expect(can(manager, "location:write", { responseId: "r2" })).toBe(false);
    expect(can(manager, "location:write")).toBe(false);
  });

  it("limits coordinators to their sector (and its sub-sectors) and editors to their organisation", () => {
    const coordinator = principal({
      roles: [{ responseId: "r", role: "sector_coordinator", sectorId: "wash", organisationId: null }],
    });
    expect(can(coordinator, "sector:update", { responseId: "r", sectorIds: ["wash"] })).toBe(true);
    expect(can(coordinator, "sector:update", { responseId: "r", sectorIds: ["hygiene", "wash"] })).toBe(true);
    expect(can(coordinator, "sector:update", { responseId: "r", sectorIds: ["health"] })).toBe(false);
    const editor = principal({
      roles: [{ responseId: "r", role: "organisation_editor", sectorId: null, organisationId: "brac" }],
    });
    expect(can(editor, "organisation:update", { responseId: "r", organisationId: "brac" })).toBe(true);
    expect(can(editor, "organisation:update", { responseId: "r", organisationId: "acf" })).toBe(false);
    expect(can(editor, "organisation:create", { responseId: "r" })).toBe(false);
  });
});

describe("docs/permissions.md", () => {
  it("states exactly the matrix the server enforces", () => {
    const doc = fs.readFileSync(path.join(import.meta.dirname, "../docs/permissions.md"), "utf8");
    // The matrix rows: an action and seven cells (the endpoint table below it has two).
    const rows = doc
      .split("\n")
      .filter((line) => /^\|\s*`[a-z-]+:[a-z-]+`\s*\|/.test(line) && line.split("|").length === 9);
    const parsed = Object.fromEntries(
      rows.map((line) => {
        const cells = line
          .split("|")
          .slice(1, -1)
          .map((c) => c.trim());
        const action = cells[0]!.replaceAll("`", "");
        // Columns: action | administrator | the four roles in `roleNames` order | public
        const grants = cells.slice(2, 6).map((c) => (c === "yes" ? true : c === "no" ? false : c));
        // Administrators may do everything and the public no write: the two outer columns say so.
        expect(cells[1], `${action}: administrator`).toBe("yes");
        expect(cells[6], `${action}: public`).toBe("no");
        return [action, Object.fromEntries(roleNames.map((role, i) => [role, grants[i]]))];
      }),
    );
    expect(parsed).toEqual(permissionMatrix);
  });
});
