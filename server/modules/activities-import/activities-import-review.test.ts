import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { activities } from "../../db/schema/activities.ts";
import { buildActivityType, buildSector, buildTestApp } from "../../testing/factories.ts";
import { multipart } from "../../testing/multipart.ts";
import { activityWorld } from "../activities/activities.world.ts";

/** Review of the import's rights on stored records. */

let app: App;
let db: Db;

beforeAll(async () => {
  ({ app, db } = await buildTestApp());
});

describe("import rights on stored records (review)", () => {
  it("judges a stored record by its own sector's parent, not the parent of the sector the row moves it to", async () => {
    const w = await activityWorld(app, db);
    // The coordinator of the other sector covers its child sector, not the record's sector.
    const child = await buildSector(db, w.responseId, { parentId: w.otherSector.id });
    const childType = await buildActivityType(db, w.responseId, child.id);
    const stored = await w.created({ externalId: "R-9" });
    const coordinator = await w.login("sector_coordinator", { sectorId: w.otherSector.id });
    const file = [
      "Partner,Sector,Activity type,P-code,Status,Start date,End date,Month,External ID",
      `${w.org.name},${child.code},${childType.code},${w.camp.code},ongoing,2024-03-01,2024-05-31,2024-03,R-9`,
    ].join("\n");
    const body = multipart(file);
    const res = await app.inject({
      method: "POST",
      url: `/api/v1/responses/${w.slug}/activities/import?mode=valid-only`,
      headers: { ...coordinator, "content-type": body.contentType } as Record<string, string>,
      payload: body.payload,
    });
    expect(res.statusCode, res.body).toBe(200);
    const [after] = await db.select().from(activities).where(eq(activities.id, stored.id));
    expect(after!.sectorId).toBe(w.sector.id);
    expect(res.json()).toMatchObject({ updated: 0, invalid: 1 });
    expect(res.json().issues.map((i: { code: string }) => i.code)).toEqual(["FORBIDDEN_ORGANISATION"]);
  });
});
