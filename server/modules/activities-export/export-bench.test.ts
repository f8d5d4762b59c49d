import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { benchExportActivities } from "../../../bench/export-activities.ts";
import type { App } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { buildTestApp } from "../../testing/factories.ts";
import { activityWorld } from "../activities/activities.world.ts";

/** The export benchmark on a small scale: it inserts the rows and measures every export. */

let app: App;
let db: Db;
let base: string;

beforeAll(async () => {
  ({ app, db } = await buildTestApp());
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});

afterAll(async () => {
  await app.server.close();
});

describe("benchExportActivities", () => {
  it("inserts 2,000 records and times the CSV, HXL and XLSX exports beside a bare COPY", async () => {
    const w = await activityWorld(app, db);
    const result = await benchExportActivities(base, w.slug, 2000, db);
    expect(result.insertedRows).toBe(2000);
    expect(result.exports.map((e) => e.format)).toEqual(["csv", "hxl", "xlsx", "baseline"]);
    for (const figures of result.exports) {
      expect(figures.rows).toBe(2000);
      expect(figures.bytes).toBeGreaterThan(2000 * 20);
      expect(figures.rowsPerSecond).toBeGreaterThan(0);
      expect(figures.peakRssMb).toBeGreaterThan(0);
    }
    console.log(JSON.stringify(result));
  }, 120_000);
});
