import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { activities } from "../../db/schema/activities.ts";
import { organisations } from "../../db/schema/reference.ts";
import { buildLocation, buildOrganisation, buildSector, buildTestApp } from "../../testing/factories.ts";
import { multipart } from "../../testing/multipart.ts";
import { type ActivityWorld, activityWorld } from "../activities/activities.world.ts";
import { systemActor } from "../audit/audit.service.ts";
import { mergeOrganisation } from "../organisations/organisations.service.ts";
import type { ActivityImportReport } from "./import-types.ts";

/**
 * The record rules of the 4W issue, through the import: one row per rule, each with its exact
 * issue (row, column, code, value), then mode valid-only writing only the valid rows.
 */

let app: App;
let db: Db;

beforeAll(async () => {
  ({ app, db } = await buildTestApp());
});

async function importCsv(w: ActivityWorld, lines: string[][], query: string) {
  const body = multipart(lines.map((cells) => cells.join(",")).join("\n"));
  const res = await app.inject({
    method: "POST",
    url: `${w.base}/import?${query}`,
    headers: { ...w.headers, "content-type": body.contentType },
    payload: body.payload,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as ActivityImportReport;
}

const header = [
  "Partner",
  "Sector",
  "Sub-sector",
  "Activity type",
  "Indicator",
  "P-code",
  "Status",
  "Start date",
  "End date",
  "Month",
  "Total",
  "Women",
  "Men",
  "Girls",
  "Boys",
  "External ID",
] as const;
type Cells = Partial<Record<(typeof header)[number], string | number>>;

/** A valid row for the world (camp, March 2024, 22 children of 30 people), with `overrides`. */
const line = (w: ActivityWorld, overrides: Cells = {}) => {
  const values: Cells = {
    Partner: w.org.name,
    Sector: w.sector.code,
    "Activity type": w.type.code,
    "P-code": w.camp.code,
    Status: "ongoing",
    "Start date": "2024-03-01",
    "End date": "2024-05-31",
    Month: "2024-03",
    Total: 30,
    Girls: 10,
    Boys: 12,
    ...overrides,
  };
  return header.map((h) => String(values[h] ?? ""));
};

/** The issues without their messages, as the exact list to compare. */
const brief = (r: ActivityImportReport) =>
  r.issues.map(({ row, column, severity, code, value }) => ({ row, column, severity, code, value }));
const issue = (row: number, column: string | null, code: string, value: string | null) => ({
  row,
  column,
  severity: "error",
  code,
  value,
});

const stored = (w: ActivityWorld) =>
  db.select().from(activities).where(eq(activities.responseId, w.responseId)).orderBy(activities.externalId);

describe("the 4W record rules, through the import", () => {
  it("reports each broken rule on its row and column, and valid-only writes only the valid rows", async () => {
    const w = await activityWorld(app, db);
    // A camp closed at the end of March: not valid over March to May.
    const closed = await buildLocation(db, w.responseId, {
      level: 2,
      parentId: w.district.id,
      name: "Closed camp",
      validFrom: "2020-01-01",
      validTo: "2024-03-31",
    });
    const otherSub = await buildSector(db, w.responseId, { kind: "sub_sector", parentId: w.otherSector.id });
    const file = [
      [...header],
      /* 2 */ line(w, { "External ID": "R-2" }),
      /* 3 */ line(w, { "P-code": closed.code, "External ID": "R-3" }),
      /* 4 */ line(w, { "Activity type": w.otherType.code, "External ID": "R-4" }),
      /* 5 */ line(w, { Indicator: w.otherIndicator.code, "External ID": "R-5" }),
      /* 6 */ line(w, { "Sub-sector": otherSub.code, "External ID": "R-6" }),
      /* 7 */ line(w, { Total: 20, "External ID": "R-7" }),
      /* 8 */ line(w, {
        Month: "2024-04",
        Total: "",
        Women: 3,
        Men: 2,
        Girls: 1,
        Boys: 0,
        "External ID": "R-8",
      }),
      /* 9 */ line(w, { "Start date": "2024-05-01", "End date": "2024-04-30", Month: "2024-05" }),
      /* 10 */ line(w, { Month: "2024-07", "External ID": "R-10" }),
      /* 11: row 2's natural key again, other figures */ line(w, { Girls: 1, "External ID": "" }),
      /* 12: row 8's external id again, another month */ line(w, { Month: "2024-05", "External ID": "R-8" }),
      /* 13: the sub-sector's own type and indicator */ line(w, {
        "Sub-sector": w.subSector.code,
        "Activity type": w.subType.code,
        Indicator: w.indicator.code,
        "External ID": "R-13",
      }),
    ];
    const dry = await importCsv(w, file, "dryRun=true");
    expect(brief(dry)).toEqual([
      issue(3, "P-code", "LOCATION_NOT_VALID", closed.code),
      issue(4, "Activity type", "ACTIVITY_TYPE_NOT_IN_SECTOR", w.otherType.code),
      issue(5, "Indicator", "INDICATOR_NOT_IN_SECTOR", w.otherIndicator.code),
      issue(6, "Sub-sector", "SUB_SECTOR_MISMATCH", otherSub.code),
      issue(7, "Total", "INVALID_RECORD", "20"),
      issue(9, "End date", "INVALID_RECORD", "2024-04-30"),
      issue(9, "Month", "INVALID_RECORD", "2024-05"),
      issue(10, "Month", "INVALID_RECORD", "2024-07"),
      issue(11, null, "DUPLICATE_ROW", null),
      issue(12, null, "DUPLICATE_ROW", null),
    ]);
    const message = (row: number, column: string | null) =>
      dry.issues.find((i) => i.row === row && i.column === column)!.message;
    expect(message(3, "P-code")).toBe(
      `${closed.code} is not valid over the whole activity (2024-03-01 to 2024-05-31): from 2020-01-01 to 2024-03-31.`,
    );
    expect(message(7, "Total")).toBe(
      "Row 7, Total: women, men, girls and boys add up to 22, more than the 20 people reached in total.",
    );
    expect(message(9, "End date")).toBe("Row 9, End date: must not be before the start date.");
    expect(message(10, "Month")).toBe(
      "Row 10, Month: must be a month from 2024-03 to 2024-05 (the activity's dates).",
    );
    expect(message(11, null)).toBe(
      "Row 11 repeats row 2 (same organisation and activity type, location, month and population group).",
    );
    expect(message(12, null)).toBe("Row 12 repeats row 8 (same organisation and external id).");
    // Mode all with errors: nothing would be written; a dry run of valid-only would create 3.
    expect(dry).toMatchObject({ rows: 12, valid: 3, invalid: 9, created: 0, updated: 0, unchanged: 0 });
    const dryValidOnly = await importCsv(w, file, "dryRun=true&mode=valid-only");
    expect(brief(dryValidOnly)).toEqual(brief(dry));
    expect(dryValidOnly).toMatchObject({ created: 3, updated: 0, unchanged: 0 });
    expect(await stored(w)).toEqual([]);

    const written = await importCsv(w, file, "mode=valid-only");
    expect(brief(written)).toEqual(brief(dry));
    expect(written).toMatchObject({ rows: 12, valid: 3, invalid: 9, created: 3 });
    const records = await stored(w);
    expect(
      records.map((r) => ({
        externalId: r.externalId,
        month: r.reportingMonth,
        subSectorId: r.subSectorId,
        reachedTotal: r.reachedTotal,
        women: r.women,
        girls: r.girls,
      })),
    ).toEqual([
      {
        externalId: "R-13",
        month: "2024-03-01",
        subSectorId: w.subSector.id,
        reachedTotal: 30,
        women: null,
        girls: 10,
      },
      { externalId: "R-2", month: "2024-03-01", subSectorId: null, reachedTotal: 30, women: null, girls: 10 },
      // The missing total is the sum of women, men, girls and boys.
      { externalId: "R-8", month: "2024-04-01", subSectorId: null, reachedTotal: 6, women: 3, girls: 1 },
    ]);
  });
});

describe("organisations, through the import", () => {
  it("finds one by alias, refuses an ambiguous name, reads a merged one's name as its survivor", async () => {
    const w = await activityWorld(app, db);
    await db
      .update(organisations)
      .set({ aliases: ["Partner Bangladesh"] })
      .where(eq(organisations.id, w.org.id));
    await buildOrganisation(db, w.responseId, { name: "Twin Relief North", acronym: "TWIN" });
    await buildOrganisation(db, w.responseId, { name: "Twin Relief South", acronym: "TWIN" });
    // The merge makes the old name an alias of the survivor: a file spelled that way still matches.
    const old = await buildOrganisation(db, w.responseId, { name: `Old Partner ${w.slug}` });
    await mergeOrganisation(db, w.responseId, systemActor, old.id, w.org.id);
    // Merged without leaving an alias behind (an alias removed since): refused, naming the survivor.
    const gone = await buildOrganisation(db, w.responseId, { name: `Gone Partner ${w.slug}` });
    await db.update(organisations).set({ mergedIntoId: w.otherOrg.id }).where(eq(organisations.id, gone.id));
    const file = [
      [...header],
      /* 2 */ line(w, { Partner: "partner  BANGLADESH", "External ID": "A-2" }),
      /* 3 */ line(w, { Partner: "TWIN", Month: "2024-04", "External ID": "A-3" }),
      /* 4 */ line(w, { Partner: old.name, Month: "2024-04", "External ID": "A-4" }),
      /* 5 */ line(w, { Partner: gone.name, Month: "2024-05", "External ID": "A-5" }),
    ];
    const dry = await importCsv(w, file, "dryRun=true");
    expect(brief(dry)).toEqual([
      issue(3, "Partner", "AMBIGUOUS_ORGANISATION", "TWIN"),
      issue(5, "Partner", "MERGED_ORGANISATION", gone.name),
    ]);
    expect(dry.issues[0]!.message).toBe(
      '"TWIN" names several organisations: Twin Relief North, Twin Relief South; use the full name.',
    );
    expect(dry.issues[1]!.message).toBe(`${gone.name} was merged into ${w.otherOrg.name}; use that one.`);

    const written = await importCsv(w, file, "mode=valid-only");
    expect(written).toMatchObject({ rows: 4, valid: 2, invalid: 2, created: 2 });
    expect((await stored(w)).map((r) => [r.externalId, r.reportingOrgId, r.reportingMonth])).toEqual([
      ["A-2", w.org.id, "2024-03-01"],
      ["A-4", w.org.id, "2024-04-01"],
    ]);
  });
});
