import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { testDatabase } from "../testing/test-db.ts";
import { distributionSql, referenceTables } from "./citus.ts";
import type { Db } from "./client.ts";

/**
 * Citus is not packaged for this machine, so these tests check, on the migrated schema itself,
 * the rules that let it distribute by response_id: every table is classified; a distributed
 * table carries response_id NOT NULL in its primary key and in every unique constraint; a
 * foreign key between distributed tables includes response_id; reference tables never point at
 * distributed ones.
 */

let db: Db;
let tables: string[];
const reference = new Set<string>(referenceTables);

beforeAll(async () => {
  db = (await testDatabase()).db;
  const result = await db.execute<{ table_name: string }>(sql`
    SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`);
  tables = result.rows.map((r) => r.table_name);
});

const distributed = () => tables.filter((t) => !reference.has(t));

async function indexColumns(table: string, where: string) {
  const result = await db.execute<{ name: string; columns: string[] }>(sql`
    SELECT i.relname AS name, array_agg(a.attname::text ORDER BY a.attname) AS columns
    FROM pg_index x
    JOIN pg_class t ON t.oid = x.indrelid
    JOIN pg_class i ON i.oid = x.indexrelid
    LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ANY(x.indkey) AND a.attnum > 0
    WHERE t.relname = ${table} AND ${sql.raw(where)}
    GROUP BY i.relname`);
  return result.rows;
}

describe("Citus distribution rules", () => {
  it("knows every table", () => {
    expect(tables.length).toBeGreaterThan(10);
    for (const t of referenceTables) expect(tables).toContain(t);
  });

  it("gives every distributed table a NOT NULL response_id", async () => {
    for (const table of distributed()) {
      const result = await db.execute<{ is_nullable: string }>(sql`
        SELECT is_nullable FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ${table} AND column_name = 'response_id'`);
      expect(result.rows[0]?.is_nullable, `${table}.response_id`).toBe("NO");
    }
  });

  it("includes response_id in every primary key and unique index of distributed tables", async () => {
    for (const table of distributed()) {
      const primary = await indexColumns(table, "x.indisprimary");
      expect(primary, `${table} has a primary key`).toHaveLength(1);
      for (const index of await indexColumns(table, "x.indisunique")) {
        // Expression indexes (lower(name)) list their plain columns; response_id must be among them.
        expect(index.columns, `${table}: ${index.name}`).toContain("response_id");
      }
    }
  });

  it("includes response_id in foreign keys between distributed tables", async () => {
    const result = await db.execute<{
      name: string;
      source: string;
      target: string;
      columns: string[];
      target_columns: string[];
    }>(sql`
      SELECT c.conname AS name, s.relname AS source, t.relname AS target,
        (SELECT array_agg(attname::text) FROM pg_attribute WHERE attrelid = c.conrelid AND attnum = ANY(c.conkey)) AS columns,
        (SELECT array_agg(attname::text) FROM pg_attribute WHERE attrelid = c.confrelid AND attnum = ANY(c.confkey)) AS target_columns
      FROM pg_constraint c JOIN pg_class s ON s.oid = c.conrelid JOIN pg_class t ON t.oid = c.confrelid
      WHERE c.contype = 'f' AND s.relnamespace = 'public'::regnamespace`);
    expect(result.rows.length).toBeGreaterThan(5);
    for (const fk of result.rows) {
      if (reference.has(fk.source)) {
        expect(
          reference.has(fk.target),
          `${fk.name}: reference table ${fk.source} must not point at distributed ${fk.target}`,
        ).toBe(true);
      } else if (!reference.has(fk.target)) {
        expect(fk.columns, fk.name).toContain("response_id");
        expect(fk.target_columns, fk.name).toContain("response_id");
      }
    }
  });

  it("prints the distribution SQL with every distributed table co-located", () => {
    const script = distributionSql(distributed());
    expect(script).toContain("SELECT create_reference_table('users');");
    expect(script).toMatch(
      /create_distributed_table\('locations', 'response_id', colocate_with => '\w+'\)|create_distributed_table\('locations', 'response_id'\)/,
    );
    expect(script.match(/create_distributed_table/g)).toHaveLength(distributed().length);
  });
});
