import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { buildManagedResponse, buildSector, buildTestApp, buildUser } from "../../testing/factories.ts";

let app: App;
let db: Db;

beforeAll(async () => {
  ({ app, db } = await buildTestApp());
});

describe("deleting a sector", () => {
  it("is refused while an account coordinates it, then allowed, and the audit keeps its catalogue", async () => {
    const { response, slug, headers, manager } = await buildManagedResponse(app, db);
    const sector = await buildSector(db, response.id);
    const coordinator = await buildUser(db, {
      role: "sector_coordinator",
      responseId: response.id,
      sectorId: sector.id,
    });
    await app.inject({
      method: "PUT",
      url: `/api/v1/responses/${slug}/sectors/${sector.code}/indicators/IND-9`,
      headers,
      payload: { code: "IND-9", name: "People reached", unit: "people" },
    });
    const refused = await app.inject({
      method: "DELETE",
      url: `/api/v1/responses/${slug}/sectors/${sector.code}`,
      headers,
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toContain("1 account");
    await app.inject({
      method: "PUT",
      url: `/api/v1/responses/${slug}/members/${coordinator.id}`,
      headers,
      payload: { roles: [{ role: "viewer" }] },
    });
    const deleted = await app.inject({
      method: "DELETE",
      url: `/api/v1/responses/${slug}/sectors/${sector.code}`,
      headers,
    });
    expect(deleted.statusCode).toBe(204);
    const audit = await app.inject({
      method: "GET",
      url: `/api/v1/responses/${slug}/audit?action=sector.delete`,
      headers,
    });
    const [entry] = audit.json().items;
    expect(entry.actorLabel).toBe(manager.email);
    expect(entry.before.catalogue).toEqual([expect.objectContaining({ kind: "indicator", code: "IND-9" })]);
  });

  it("refuses a population-group body whose code differs from the URL", async () => {
    const { slug, headers } = await buildManagedResponse(app, db);
    const res = await app.inject({
      method: "PUT",
      url: `/api/v1/responses/${slug}/population-groups/AAA`,
      headers,
      payload: { code: "BBB", name: "Mismatch" },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].path).toBe("body.code");
  });
});

describe("population groups list", () => {
  it("searches, pages and downloads as HXL", async () => {
    const { slug, headers } = await buildManagedResponse(app, db);
    for (const [code, name] of [
      ["IDP", "Internally displaced people"],
      ["HOST", "Host communities"],
      ["REF", "Refugees in camps"],
    ]) {
      await app.inject({
        method: "PUT",
        url: `/api/v1/responses/${slug}/population-groups/${code}`,
        headers,
        payload: { code, name },
      });
    }
    const page = await app.inject({
      method: "GET",
      url: `/api/v1/responses/${slug}/population-groups?limit=2`,
    });
    expect(page.json().items.map((g: { code: string }) => g.code)).toEqual(["HOST", "IDP"]);
    expect(page.json().nextCursor).toEqual(expect.any(String));
    const search = await app.inject({
      method: "GET",
      url: `/api/v1/responses/${slug}/population-groups?q=camp`,
    });
    expect(search.json().items.map((g: { code: string }) => g.code)).toEqual(["REF"]);
    const hxl = await app.inject({
      method: "GET",
      url: `/api/v1/responses/${slug}/population-groups?format=hxl`,
    });
    expect(hxl.body.split("\n").slice(0, 2)).toEqual([
      "code,name",
      "#population+type+code,#population+type+name",
    ]);
    expect(hxl.body).toContain("REF,Refugees in camps");
  });
});
