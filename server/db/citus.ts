/**
 * How the schema distributes with Citus. Response-owned tables are distributed by `response_id`
 * and co-located, so every query of one response runs on one node; the tables below are small,
 * shared by all responses, and replicated to every node as reference tables.
 * `server/db/citus.test.ts` checks the schema obeys the rules this relies on.
 */
export const referenceTables = [
  "responses",
  "users",
  "sessions",
  "api_tokens",
  "password_resets",
  "platform_audit_log",
] as const;

/** The SQL an operator runs once on a Citus coordinator after `intersector migrate`. */
export function distributionSql(distributedTables: string[]): string {
  const lines = [
    "-- Reference tables: replicated to every worker.",
    ...referenceTables.map((t) => `SELECT create_reference_table('${t}');`),
    "-- Response-owned tables: sharded by response_id and co-located with each other.",
    ...distributedTables.map((t, i) =>
      i === 0
        ? `SELECT create_distributed_table('${t}', 'response_id');`
        : `SELECT create_distributed_table('${t}', 'response_id', colocate_with => '${distributedTables[0]}');`,
    ),
  ];
  return `${lines.join("\n")}\n`;
}
