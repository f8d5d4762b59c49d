import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { buildActivity, buildLocation, buildTestApp } from "../../testing/factories.ts";
import { type ActivityWorld, activityWorld } from "./activities.world.ts";

/** Reading records: who sees what, the filters, cursor pages and the CSV / HXL downloads. */

let app: App;
let db: Db;

beforeAll(async () => {
  ({ app, db } = await buildTestApp());
});

const ids = async (w: ActivityWorld, query = "", headers?: object) => {
  const res = await w.list(query, headers);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().items as { id: string }[]).map((a) => a.id).sort();
};
const sorted = (...values: string[]) => [...values].sort();

describe("who reads which records", () => {
  it("shows approved records to everyone and the others to those who could write or review them", async () => {
    const w = await world();
    const approved = await buildActivity(db, w.responseId, { ...refs(w), reviewState: "approved" });
    const ownDraft = await buildActivity(db, w.responseId, {
      ...refs(w),
      reportingMonth: "2024-04-01",
      endDate: "2024-04-30",
    });
    const otherOrgDraft = await buildActivity(db, w.responseId, {
      ...refs(w),
      reportingOrgId: w.otherOrg.id,
      reviewState: "submitted",
    });
    const otherSector = await buildActivity(db, w.responseId, {
      reportingOrgId: w.otherOrg.id,
      sectorId: w.otherSector.id,
      activityTypeId: w.otherType.id,
      locationId: w.camp.id,
      reviewState: "rejected",
    });
    const everything = sorted(approved.id, ownDraft.id, otherOrgDraft.id, otherSector.id);
    expect(await ids(w)).toEqual([approved.id]);
    expect(await ids(w, "", await w.login("viewer"))).toEqual([approved.id]);
    expect(await ids(w, "", await w.login("organisation_editor"))).toEqual(sorted(approved.id, ownDraft.id));
    expect(await ids(w, "", await w.login("sector_coordinator"))).toEqual(
      sorted(approved.id, ownDraft.id, otherOrgDraft.id),
    );
    expect(await ids(w, "", await w.login("sector_coordinator", { sectorId: w.subSector.id }))).toEqual([
      approved.id,
    ]);
    expect(await ids(w, "", w.headers)).toEqual(everything);
    expect(await ids(w, "", await w.login("administrator"))).toEqual(everything);
    // One record follows the same rule: 404 when the caller may not read it.
    expect((await w.get(ownDraft.id)).statusCode).toBe(404);
    expect((await w.get(ownDraft.id, await w.login("viewer"))).statusCode).toBe(404);
    expect((await w.get(ownDraft.id, await w.login("organisation_editor"))).statusCode).toBe(200);
    expect((await w.get(approved.id)).statusCode).toBe(200);
  });

  it("hides records at sensitive locations from the public", async () => {
    const w = await world();
    const hidden = await buildLocation(db, w.responseId, {
      parentId: w.district.id,
      level: 2,
      sensitive: true,
    });
    const a = await buildActivity(db, w.responseId, {
      ...refs(w),
      locationId: hidden.id,
      reviewState: "approved",
    });
    expect(await ids(w)).toEqual([]);
    expect((await w.get(a.id)).statusCode).toBe(404);
    expect(await ids(w, `location=${hidden.code}`)).toEqual([]);
    expect(await ids(w, "", await w.login("viewer"))).toEqual([a.id]);
  });
});

describe("filters", () => {
  it("filter by sector, organisation, location subtree, months, status, review state and text", async () => {
    const w = await world();
    const camp2 = await buildLocation(db, w.responseId, {
      parentId: w.otherDistrict.id,
      level: 2,
      name: "Kutupalong",
    });
    const a = await buildActivity(db, w.responseId, {
      ...refs(w),
      notes: "Water trucking",
      externalId: "EXT-77",
    });
    const b = await buildActivity(db, w.responseId, {
      ...refs(w),
      reportingOrgId: w.otherOrg.id,
      implementingOrgId: w.org.id,
      locationId: camp2.id,
      status: "completed",
      reportingMonth: "2024-01-01",
      startDate: "2024-01-01",
      reviewState: "submitted",
    });
    const c = await buildActivity(db, w.responseId, {
      reportingOrgId: w.otherOrg.id,
      sectorId: w.sector.id,
      subSectorId: w.subSector.id,
      activityTypeId: w.subType.id,
      locationId: w.district.id,
      reportingMonth: "2024-06-01",
      endDate: "2024-06-30",
    });
    const d = await buildActivity(db, w.responseId, {
      reportingOrgId: w.otherOrg.id,
      sectorId: w.otherSector.id,
      activityTypeId: w.otherType.id,
      locationId: w.otherDistrict.id,
    });
    const h = w.headers;
    expect(await ids(w, `sector=${w.sector.code}`, h)).toEqual(sorted(a.id, b.id, c.id));
    expect(await ids(w, `sector=${w.subSector.code}`, h)).toEqual([c.id]);
    expect(await ids(w, `organisation=${w.org.id}`, h)).toEqual(sorted(a.id, b.id));
    // Its part: b is reported by another organisation for it; a (no implementer) it implements itself.
    expect(await ids(w, `organisation=${w.org.id}&organisationRole=reporting`, h)).toEqual([a.id]);
    expect(await ids(w, `organisation=${w.org.id}&organisationRole=implementing`, h)).toEqual(
      sorted(a.id, b.id),
    );
    expect(await ids(w, `organisation=${w.otherOrg.id}&organisationRole=implementing`, h)).toEqual(
      sorted(c.id, d.id),
    );
    expect(await ids(w, `organisation=${w.otherOrg.id}&organisationRole=reporting`, h)).toEqual(
      sorted(b.id, c.id, d.id),
    );
    // A location covers itself and everything below it.
    expect(await ids(w, `location=${w.country.code}`, h)).toEqual(sorted(a.id, b.id, c.id, d.id));
    expect(await ids(w, `location=${w.district.code}`, h)).toEqual(sorted(a.id, c.id));
    expect(await ids(w, `location=${w.otherDistrict.code}`, h)).toEqual(sorted(b.id, d.id));
    expect(await ids(w, `location=${camp2.code}`, h)).toEqual([b.id]);
    expect(await ids(w, "location=NOWHERE", h)).toEqual([]);
    expect(await ids(w, "from=2024-02&to=2024-05", h)).toEqual(sorted(a.id, d.id));
    expect(await ids(w, "from=2024-03", h)).toEqual(sorted(a.id, c.id, d.id));
    expect(await ids(w, "to=2024-01", h)).toEqual([b.id]);
    expect(await ids(w, "status=completed", h)).toEqual([b.id]);
    expect(await ids(w, "reviewState=submitted", h)).toEqual([b.id]);
    expect(await ids(w, "q=trucking", h)).toEqual([a.id]);
    expect(await ids(w, "q=ext-77", h)).toEqual([a.id]);
    expect(await ids(w, "q=kutupalong", h)).toEqual([b.id]);
    expect(await ids(w, "q=latrine", h)).toEqual(sorted(a.id, b.id));
    expect(await ids(w, `q=${encodeURIComponent(w.org.name)}`, h)).toEqual(sorted(a.id, b.id));
    expect(await ids(w, `sector=${w.sector.code}&from=2024-03&q=latrine`, h)).toEqual([a.id]);
  });

  it("refuse a bad month range or cursor with the parameter's path", async () => {
    const w = await world();
    const range = await w.list("from=2024-05&to=2024-02");
    expect(range.statusCode).toBe(400);
    expect(range.json().error.details[0].path).toBe("querystring.to");
    const month = await w.list("from=2024-5");
    expect(month.statusCode).toBe(400);
    expect(month.json().error.details[0].path).toBe("querystring.from");
    const role = await w.list("organisationRole=donor");
    expect(role.statusCode).toBe(400);
    expect(role.json().error.details[0].path).toBe("querystring.organisationRole");
    const forged = Buffer.from(
      JSON.stringify({ after: ["Zebra", "00000000-0000-4000-8000-000000000001"] }),
    ).toString("base64url");
    const cursor = await w.list(`cursor=${forged}`);
    expect(cursor.statusCode).toBe(400);
    expect(cursor.json().error.details[0].path).toBe("querystring.cursor");
  });
});

describe("pages and downloads", () => {
  it("walks every record once, newest month first, with the cursor", async () => {
    const w = await world();
    const all: { id: string; month: string }[] = [];
    for (let i = 0; i < 23; i++) {
      const month = `2024-${String((i % 6) + 1).padStart(2, "0")}-01`;
      const location = await buildLocation(db, w.responseId, { parentId: w.district.id, level: 2 });
      const a = await buildActivity(db, w.responseId, {
        ...refs(w),
        locationId: location.id,
        reportingMonth: month,
        startDate: month,
        endDate: month,
        reviewState: "approved",
      });
      all.push({ id: a.id, month });
    }
    const seen: { id: string; reportingMonth: string }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await w.list(`limit=5${cursor ? `&cursor=${cursor}` : ""}`);
      expect(res.statusCode, res.body).toBe(200);
      seen.push(...res.json().items);
      cursor = res.json().nextCursor;
      pages++;
      // A record added while paging lands in an earlier month and does not shift later pages.
      if (pages === 2)
        await buildActivity(db, w.responseId, {
          ...refs(w),
          reportingMonth: "2024-12-01",
          endDate: "2024-12-31",
          reviewState: "approved",
        });
    } while (cursor);
    expect(pages).toBe(5);
    expect(seen.map((a) => a.id).sort()).toEqual(all.map((a) => a.id).sort());
    const months = seen.map((a) => a.reportingMonth);
    expect(months).toEqual([...months].sort().reverse());
  });

  it("downloads the filtered list as CSV and as HXL-tagged CSV", async () => {
    const w = await world();
    await buildActivity(db, w.responseId, {
      ...refs(w),
      reviewState: "approved",
      women: 1,
      reachedTotal: 1,
      notes: '=HYPERLINK("http://evil")',
      externalId: "E-1",
      donorIds: [w.donor.id],
    });
    await buildActivity(db, w.responseId, {
      ...refs(w),
      reportingMonth: "2024-04-01",
      endDate: "2024-04-30",
    });
    const csv = await w.list("format=csv");
    expect(csv.statusCode).toBe(200);
    expect(csv.headers["content-type"]).toContain("text/csv");
    expect(csv.headers["content-disposition"]).toContain(`${w.slug}-activities.csv`);
    const rows = parse(csv.body.replace(/^\uFEFF/, "")) as string[][];
    expect(rows[0]).toEqual([
      "reporting_org",
      "implementing_org",
      "donors",
      "sector_code",
      "sub_sector_code",
      "activity_code",
      "activity",
      "indicator_code",
      "location_code",
      "location",
      "population_group",
      "status",
      "start_date",
      "end_date",
      "reporting_month",
      "quantity",
      "unit",
      "reached_total",
      "women",
      "men",
      "girls",
      "boys",
      "elderly",
      "persons_with_disabilities",
      "modality",
      "notes",
      "external_id",
      "review_state",
    ]);
    // The public download holds the approved record only; a formula is neutralised.
    expect(rows).toHaveLength(2);
    const row = Object.fromEntries(rows[0]!.map((h, i) => [h, rows[1]![i]]));
    expect(row).toMatchObject({
      reporting_org: w.org.name,
      donors: w.donor.name,
      sector_code: w.sector.code,
      location_code: w.camp.code,
      reporting_month: "2024-03",
      women: "1",
      notes: '\'=HYPERLINK("http://evil")',
      external_id: "E-1",
    });
    const hxl = await w.list("format=hxl", w.headers);
    expect(hxl.headers["content-disposition"]).toContain(".hxl.csv");
    const hxlRows = parse(hxl.body) as string[][];
    expect(hxlRows[1]).toEqual([
      "#org+name",
      "#org+impl",
      "#org+funder",
      "#sector+code",
      "#subsector+code",
      "#activity+code",
      "#activity+name",
      "#indicator+code",
      "#loc+code",
      "#loc+name",
      "#population+type",
      "#status",
      "#date+start",
      "#date+end",
      "#date+reported",
      "#output+value",
      "#output+unit",
      "#reached+total",
      "#reached+f+adults",
      "#reached+m+adults",
      "#reached+f+children",
      "#reached+m+children",
      "#reached+elderly",
      "#reached+disabled",
      "#modality",
      "#description+notes",
      "#meta+id",
      "#status+review",
    ]);
    expect(hxlRows).toHaveLength(4);
  });
});

async function world() {
  return activityWorld(app, db);
}

function refs(w: ActivityWorld) {
  return {
    reportingOrgId: w.org.id,
    sectorId: w.sector.id,
    activityTypeId: w.type.id,
    locationId: w.camp.id,
  };
}
