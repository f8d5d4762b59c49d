import { getTableName, sql } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Db } from "./client.ts";

/**
 * A many-to-many table of a response that links an owner (a document, a story) to targets
 * (sectors, locations, organisations): `(response_id, owner, target)`.
 */
export interface LinkTable {
  table: PgTable;
  owner: PgColumn;
  target: PgColumn;
}

const name = (column: PgColumn) => sql.identifier(column.name);

/** The target ids of one owner, per link table, in one query. */
export async function readLinks<K extends string>(
  db: Db,
  tables: Record<K, LinkTable>,
  responseId: string,
  ownerId: string,
): Promise<Record<K, string[]>> {
  const keys = Object.keys(tables) as K[];
  const parts = keys.map((key) => {
    const { table, owner, target } = tables[key];
    return sql`SELECT ${key}::text AS field, ${name(target)} AS id FROM ${sql.identifier(getTableName(table))}
      WHERE response_id = ${responseId} AND ${name(owner)} = ${ownerId}`;
  });
  const result = await db.execute<{ field: K; id: string }>(sql.join(parts, sql` UNION ALL `));
  const out = Object.fromEntries(keys.map((key) => [key, [] as string[]])) as Record<K, string[]>;
  for (const row of result.rows) out[row.field].push(row.id);
  return out;
}

/** Replaces the targets of one owner in each link table given (a table left out is kept as it is). */
export async function writeLinks<K extends string>(
  db: Db,
  tables: Record<K, LinkTable>,
  responseId: string,
  ownerId: string,
  links: Partial<Record<K, string[]>>,
): Promise<void> {
  for (const key of Object.keys(tables) as K[]) {
    const ids = links[key];
    if (!ids) continue;
    const { table, owner, target } = tables[key];
    const identifier = sql.identifier(getTableName(table));
    await db.execute(
      sql`DELETE FROM ${identifier} WHERE response_id = ${responseId} AND ${name(owner)} = ${ownerId}`,
    );
    if (ids.length)
      await db.execute(sql`INSERT INTO ${identifier} (response_id, ${name(owner)}, ${name(target)})
        SELECT ${responseId}, ${ownerId}, t FROM unnest(${sql.param([...new Set(ids)])}::uuid[]) AS t`);
  }
}
