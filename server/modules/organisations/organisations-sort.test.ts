import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { buildOrganisation, buildResponse, buildTestApp } from "../../testing/factories.ts";

let app: App;
let db: Db;

beforeAll(async () => {
  ({ app, db } = await buildTestApp());
});

async function walk(url: string): Promise<string[]> {
  const names: string[] = [];
  let cursor: string | null = null;
  do {
    const res = await app.inject({
      method: "GET",
      url: `${url}&limit=2${cursor ? `&cursor=${cursor}` : ""}`,
    });
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json() as { items: { name: string }[]; nextCursor: string | null };
    names.push(...page.items.map((o) => o.name));
    cursor = page.nextCursor;
  } while (cursor);
  return names;
}

describe("organisation list order", () => {
  it("walks by name, or last updated first, without gaps or repeats", async () => {
    const response = await buildResponse(db);
    // Five rows a millisecond apart, in an order unlike their names.
    const base = Date.parse("2025-03-01T10:00:00.000Z");
    const plan = [
      ["Delta Aid", 4],
      ["Alpha Relief", 2],
      ["Echo Care", 0],
      ["Bravo Health", 3],
      ["Charlie Water", 1],
    ] as const;
    for (const [name, order] of plan) {
      await buildOrganisation(db, response.id, { name, updatedAt: new Date(base + order) });
    }
    const url = `/api/v1/responses/${response.slug}/organisations?`;
    expect(await walk(`${url}sort=name`)).toEqual([
      "Alpha Relief",
      "Bravo Health",
      "Charlie Water",
      "Delta Aid",
      "Echo Care",
    ]);
    expect(await walk(`${url}sort=recent`)).toEqual([
      "Delta Aid",
      "Bravo Health",
      "Alpha Relief",
      "Charlie Water",
      "Echo Care",
    ]);
  });
});
