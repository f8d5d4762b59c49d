/**
 * Who may do what: the permission matrix of docs/permissions.md, as data. The server checks
 * every write and every non-public read with `can()`; the web app uses the same call to hide
 * controls (hiding is a courtesy, the server decides).
 */

export const roleNames = ["response_manager", "sector_coordinator", "organisation_editor", "viewer"] as const;
export type RoleName = (typeof roleNames)[number];

/** `true` everywhere in the response, or only for the role's own sector / organisation. */
export type Grant = boolean | "own-sector" | "own-organisation";

/** Administrators may do everything; this table covers the roles held within one response. */
export const permissionMatrix = {
  "response:create": {
    response_manager: false,
    sector_coordinator: false,
    organisation_editor: false,
    viewer: false,
  },
  "response:update": {
    response_manager: true,
    sector_coordinator: false,
    organisation_editor: false,
    viewer: false,
  },
  "response:read-restricted": {
    response_manager: true,
    sector_coordinator: true,
    organisation_editor: true,
    viewer: true,
  },
  "location:write": {
    response_manager: true,
    sector_coordinator: false,
    organisation_editor: false,
    viewer: false,
  },
  "organisation:create": {
    response_manager: true,
    sector_coordinator: true,
    organisation_editor: false,
    viewer: false,
  },
  "organisation:update": {
    response_manager: true,
    sector_coordinator: true,
    organisation_editor: "own-organisation",
    viewer: false,
  },
  "organisation:merge": {
    response_manager: true,
    sector_coordinator: false,
    organisation_editor: false,
    viewer: false,
  },
  "organisation:delete": {
    response_manager: true,
    sector_coordinator: false,
    organisation_editor: false,
    viewer: false,
  },
  "sector:create": {
    response_manager: true,
    sector_coordinator: false,
    organisation_editor: false,
    viewer: false,
  },
  "sector:update": {
    response_manager: true,
    sector_coordinator: "own-sector",
    organisation_editor: false,
    viewer: false,
  },
  "sector:delete": {
    response_manager: true,
    sector_coordinator: false,
    organisation_editor: false,
    viewer: false,
  },
  "platform:create": {
    response_manager: true,
    sector_coordinator: false,
    organisation_editor: false,
    viewer: false,
  },
  "platform:update": {
    response_manager: true,
    sector_coordinator: "own-sector",
    organisation_editor: false,
    viewer: false,
  },
  "platform:delete": {
    response_manager: true,
    sector_coordinator: false,
    organisation_editor: false,
    viewer: false,
  },
  "population-group:write": {
    response_manager: true,
    sector_coordinator: false,
    organisation_editor: false,
    viewer: false,
  },
  "role:assign": {
    response_manager: true,
    sector_coordinator: false,
    organisation_editor: false,
    viewer: false,
  },
  "audit:read": {
    response_manager: true,
    sector_coordinator: false,
    organisation_editor: false,
    viewer: false,
  },
  "activity:write": {
    response_manager: true,
    sector_coordinator: "own-sector",
    organisation_editor: "own-organisation",
    viewer: false,
  },
  "activity:review": {
    response_manager: true,
    sector_coordinator: "own-sector",
    organisation_editor: false,
    viewer: false,
  },
  "month:lock": {
    response_manager: true,
    sector_coordinator: false,
    organisation_editor: false,
    viewer: false,
  },
  "month:unlock": {
    response_manager: true,
    sector_coordinator: false,
    organisation_editor: false,
    viewer: false,
  },
  "practice:review": {
    response_manager: true,
    sector_coordinator: true,
    organisation_editor: false,
    viewer: false,
  },
  "practice:publish": {
    response_manager: true,
    sector_coordinator: true,
    organisation_editor: false,
    viewer: false,
  },
  "contact:create": {
    response_manager: true,
    sector_coordinator: "own-sector",
    organisation_editor: "own-organisation",
    viewer: false,
  },
  "contact:update": {
    response_manager: true,
    sector_coordinator: "own-sector",
    organisation_editor: "own-organisation",
    viewer: false,
  },
  "contact:delete": {
    response_manager: true,
    sector_coordinator: "own-sector",
    organisation_editor: "own-organisation",
    viewer: false,
  },
  "document:create": {
    response_manager: true,
    sector_coordinator: "own-sector",
    organisation_editor: "own-organisation",
    viewer: false,
  },
  "document:update": {
    response_manager: true,
    sector_coordinator: "own-sector",
    organisation_editor: "own-organisation",
    viewer: false,
  },
  "document:delete": {
    response_manager: true,
    sector_coordinator: "own-sector",
    organisation_editor: "own-organisation",
    viewer: false,
  },
  "news:write": {
    response_manager: true,
    sector_coordinator: "own-sector",
    organisation_editor: "own-organisation",
    viewer: false,
  },
  "news:publish": {
    response_manager: true,
    sector_coordinator: "own-sector",
    organisation_editor: false,
    viewer: false,
  },
  "event:create": {
    response_manager: true,
    sector_coordinator: "own-sector",
    organisation_editor: false,
    viewer: false,
  },
  "event:update": {
    response_manager: true,
    sector_coordinator: "own-sector",
    organisation_editor: false,
    viewer: false,
  },
  "event:delete": {
    response_manager: true,
    sector_coordinator: "own-sector",
    organisation_editor: false,
    viewer: false,
  },
  "plan:write": {
    response_manager: true,
    sector_coordinator: "own-sector",
    organisation_editor: false,
    viewer: false,
  },
  "displacement:write": {
    response_manager: true,
    sector_coordinator: false,
    organisation_editor: false,
    viewer: false,
  },
  "duplication:review": {
    response_manager: true,
    sector_coordinator: "own-sector",
    organisation_editor: false,
    viewer: false,
  },
  "user:manage": {
    response_manager: false,
    sector_coordinator: false,
    organisation_editor: false,
    viewer: false,
  },
} as const satisfies Record<string, Record<RoleName, Grant>>;

export type Action = keyof typeof permissionMatrix;

export interface RoleAssignment {
  responseId: string;
  role: RoleName;
  sectorId: string | null;
  organisationId: string | null;
}

/** The signed-in user (or API token) a request acts for. */
export interface Principal {
  userId: string;
  email: string;
  name: string;
  isAdmin: boolean;
  roles: RoleAssignment[];
  /** API tokens may be read-only; browser sessions are `write`. */
  scope: "read" | "write";
}

/** What an action applies to. Sector ids list the sector and its parents, so a lead covers sub-sectors. */
export interface Target {
  responseId?: string;
  sectorIds?: string[];
  organisationId?: string | null;
}

const readOnlyActions: ReadonlySet<Action> = new Set(["response:read-restricted", "audit:read"]);

/** True when `principal` may perform `action` on `target`. */
export function can(principal: Principal | null, action: Action, target: Target = {}): boolean {
  if (!principal) return false;
  if (principal.scope === "read" && !readOnlyActions.has(action)) return false;
  if (principal.isAdmin) return true;
  if (!target.responseId) return false;
  return principal.roles.some((assignment) => {
    if (assignment.responseId !== target.responseId) return false;
    const grant: Grant = permissionMatrix[action][assignment.role];
    if (grant === "own-sector")
      return !!assignment.sectorId && !!target.sectorIds?.includes(assignment.sectorId);
    if (grant === "own-organisation")
      return !!assignment.organisationId && assignment.organisationId === target.organisationId;
    return grant;
  });
}
