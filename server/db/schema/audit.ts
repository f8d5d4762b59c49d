import { bigserial, index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./accounts.ts";
import { responseIdColumn } from "./columns.ts";

const auditColumns = () => ({
  id: bigserial("id", { mode: "number" }).notNull(),
  at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  /** Null for the system (seed, migrations) or when the actor was deleted. */
  actorId: uuid("actor_id").references(() => users.id, { onDelete: "set null" }),
  actorLabel: text("actor_label").notNull(),
  /** `organisation.create`, `location.import`, `user.role.grant`, … */
  action: text("action").notNull(),
  entityType: text("entity_type").notNull(),
  entityId: text("entity_id"),
  before: jsonb("before"),
  after: jsonb("after"),
  reason: text("reason"),
});

/** Every change to a response's data: who, when, what, before and after. Distributed by response. */
export const auditLog = pgTable(
  "audit_log",
  {
    responseId: responseIdColumn(),
    ...auditColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.responseId, t.id] }),
    index("audit_log_at_idx").on(t.responseId, t.at.desc()),
    index("audit_log_entity_idx").on(t.responseId, t.entityType, t.entityId),
  ],
);

/** Changes outside any response (accounts, responses themselves). A Citus reference table. */
export const platformAuditLog = pgTable(
  "platform_audit_log",
  {
    ...auditColumns(),
    responseId: uuid("response_id"),
  },
  (t) => [primaryKey({ columns: [t.id] }), index("platform_audit_log_at_idx").on(t.at.desc())],
);
