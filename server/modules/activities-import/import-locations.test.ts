import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { activities } from "../../db/schema/activities.ts";
import { buildLocation, buildTestApp } from "../../testing/factories.ts";
import { type ActivityWorld, activityWorld } from "../activities/activities.world.ts";
import { importActivities } from "./activities-import.service.ts";
import { systemPrincipal } from "./import-types.ts";

/**
 * Locations named by admin columns (`#adm2 +name`, "Upazila", "Union") instead of, or beside, a
 * location column: codes checked against the names around them, names found within their areas.
 */

let app: App;
let db: Db;

beforeAll(async () => {
  ({ app, db } = await buildTestApp());
});

/**
 * A small gazetteer under the world's country: a district with two upazilas, a union in each,
 * and a "Camp 1" in each union (one name, two places). Teknaf is an upazila and a union in it.
 */
async function gazetteer(w: ActivityWorld) {
  const add = (name: string, level: number, parentId: string, kind: "admin" | "site" = "admin") =>
    buildLocation(db, w.responseId, { name, level, parentId, kind });
  const division = await add("Chattogram", 1, w.country.id);
  const district = await add("Cox's Bazar", 2, division.id);
  const ukhia = await add("Ukhia", 3, district.id);
  const teknaf = await add("Teknaf", 3, district.id);
  const palongKhali = await add("Palong Khali", 4, ukhia.id);
  const teknafUnion = await add("Teknaf", 4, teknaf.id);
  const campUkhia = await add("Camp 1", 5, palongKhali.id, "site");
  const campTeknaf = await add("Camp 1", 5, teknafUnion.id, "site");
  return { division, district, ukhia, teknaf, palongKhali, teknafUnion, campUkhia, campTeknaf };
}

const line = (cells: string[]) =>
  cells.map((c) => (/[",]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(",");

/** The columns every row needs besides its location, valid for the world. */
const common = (w: ActivityWorld) => [
  w.org.name,
  w.sector.code,
  w.type.code,
  "ongoing",
  "2024-03-01",
  "2024-05-31",
];
const commonHeaders = ["Partner", "Sector", "Activity type", "Status", "Start date", "End date"];
const commonTags = ["#org+name", "#sector+code", "#activity+code", "#status", "#date+start", "#date+end"];

function run(w: ActivityWorld, lines: string[], dryRun = false) {
  return importActivities(db, w.responseId, Buffer.from(lines.join("\n")), {
    principal: systemPrincipal,
    actor: { id: null, label: "test" },
    dryRun,
  });
}

const storedLocations = async (w: ActivityWorld) =>
  (await db.select().from(activities).where(eq(activities.responseId, w.responseId)))
    .map((a) => `${a.reportingMonth.slice(0, 7)} ${a.locationId}`)
    .sort();

describe("admin columns", () => {
  it("reads #adm2 +name and #adm3 +code (spaces, attributes in any order): the upazila code is the location, the district name is checked", async () => {
    const w = await activityWorld(app, db);
    const g = await gazetteer(w);
    const report = await run(w, [
      line([...commonHeaders, "Girls", "Month", "District", "Upazila P-code"]),
      line([...commonTags, "#reached +children +f", "#date +reported", "#adm2 +name", "#adm3 +code"]),
      line([...common(w), "3", "2024-03", "Cox's Bazar", g.ukhia.code]),
      // The code is used; the district named beside it is not the one it lies in.
      line([...common(w), "4", "2024-04", "Bandarban", g.teknaf.code]),
    ]);
    expect(report.columns.slice(-4)).toEqual([
      { header: "Girls", hashtag: "#reached+children+f", field: "girls" },
      { header: "Month", hashtag: "#date+reported", field: "reportingMonth" },
      { header: "District", hashtag: "#adm2+name", field: "adm2Name" },
      { header: "Upazila P-code", hashtag: "#adm3+code", field: "adm3Code" },
    ]);
    expect(report.issues).toEqual([
      {
        row: 4,
        column: "District",
        severity: "warning",
        code: "CODE_NAME_MISMATCH",
        value: "Bandarban",
        message: `The location code ${g.teknaf.code} (Teknaf) lies in Country › Chattogram › Cox's Bazar, not in "Bandarban"; the code is used.`,
      },
    ]);
    expect(report).toMatchObject({ rows: 2, valid: 2, created: 2 });
    expect(await storedLocations(w)).toEqual([`2024-03 ${g.ukhia.id}`, `2024-04 ${g.teknaf.id}`].sort());
  });

  it("checks a location code against the admin codes and names beside it", async () => {
    const w = await activityWorld(app, db);
    const g = await gazetteer(w);
    const report = await run(
      w,
      [
        line([...commonHeaders, "Month", "ADM3_PCODE", "Union", "Camp code"]),
        line([...common(w), "2024-03", g.ukhia.code, "Palong Khali", g.campUkhia.code]),
        line([...common(w), "2024-04", g.teknaf.code, "Palong Khali", g.campUkhia.code]),
      ],
      true,
    );
    expect(report.columns.slice(-3).map((c) => c.field)).toEqual(["adm3Code", "adm4Name", "locationCode"]);
    expect(report.issues.map((i) => [i.row, i.column, i.code])).toEqual([
      [3, "ADM3_PCODE", "CODE_NAME_MISMATCH"],
    ]);
    expect(report).toMatchObject({ valid: 2, invalid: 0 });
  });
});

describe("names within their areas", () => {
  it("finds a camp by name within its upazila and union; without them, a name of two camps is an error naming both", async () => {
    const w = await activityWorld(app, db);
    const g = await gazetteer(w);
    const report = await importActivities(
      db,
      w.responseId,
      Buffer.from(
        [
          line([...commonHeaders, "Month", "Upazila", "Union", "Camp"]),
          line([...common(w), "2024-03", "Ukhia", "Palong Khali", "Camp 1"]),
          // Teknaf is an upazila and a union in it: each column finds its own.
          line([...common(w), "2024-03", "Teknaf", "Teknaf", "camp  1"]),
          line([...common(w), "2024-04", "", "", "Camp 1"]),
          line([...common(w), "2024-04", "Ukhia", "", "Camp 1"]),
          line([...common(w), "2024-05", "Ukhia", "Teknaf", "Camp 1"]),
        ].join("\n"),
      ),
      { principal: systemPrincipal, actor: { id: null, label: "test" }, mode: "valid-only" },
    );
    expect(report.columns.slice(-3).map((c) => c.field)).toEqual(["adm3Name", "adm4Name", "locationName"]);
    expect(report.issues.map((i) => [i.row, i.column, i.code])).toEqual([
      [4, "Camp", "AMBIGUOUS_LOCATION"],
      [6, "Union", "UNKNOWN_LOCATION"],
    ]);
    const ambiguous = report.issues[0]!.message;
    expect(ambiguous).toMatch(/^Several locations are named "Camp 1": /);
    expect(ambiguous).toContain(
      `${g.campUkhia.code} in Country › Chattogram › Cox's Bazar › Ukhia › Palong Khali`,
    );
    expect(ambiguous).toContain(
      `${g.campTeknaf.code} in Country › Chattogram › Cox's Bazar › Teknaf › Teknaf`,
    );
    expect(report.issues[1]!.message).toBe(`No location is named "Teknaf" in Ukhia (${g.ukhia.code}).`);
    expect(report).toMatchObject({ rows: 5, valid: 3, invalid: 2, created: 3 });
    expect(await storedLocations(w)).toEqual(
      [`2024-03 ${g.campUkhia.id}`, `2024-03 ${g.campTeknaf.id}`, `2024-04 ${g.campUkhia.id}`].sort(),
    );
  });

  it("reads a Parent column (name or code) as the area a #loc name lies in", async () => {
    const w = await activityWorld(app, db);
    const g = await gazetteer(w);
    const report = await run(
      w,
      [
        line([...commonHeaders, "Month", "Parent", "Location"]),
        line([...common(w), "2024-03", "Whykong", "Camp 1"]),
        line([...common(w), "2024-03", "Palong Khali", "Camp 1"]),
      ],
      true,
    );
    expect(report.columns.slice(-2).map((c) => c.field)).toEqual(["parentName", "locationName"]);
    expect(report.issues.map((i) => [i.row, i.column, i.code, i.value])).toEqual([
      [2, "Parent", "UNKNOWN_LOCATION", "Whykong"],
    ]);
    const byCode = await run(
      w,
      [
        line([...commonHeaders, "Month", "Parent P-code", "Camp"]),
        line([...common(w), "2024-03", g.teknafUnion.code, "Camp 1"]),
      ],
      true,
    );
    expect(byCode).toMatchObject({ valid: 1, issues: [] });
  });
});
