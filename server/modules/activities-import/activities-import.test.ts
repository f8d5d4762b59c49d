import { and, eq, sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { activities } from "../../db/schema/activities.ts";
import { auditLog } from "../../db/schema/audit.ts";
import { locations } from "../../db/schema/reference.ts";
import { buildLocation, buildTestApp } from "../../testing/factories.ts";
import { multipart } from "../../testing/multipart.ts";
import { type ActivityWorld, activityWorld } from "../activities/activities.world.ts";
import type { ActivityImportReport } from "./import-types.ts";

/** Importing 4W records: mapping, references, dates, numbers, rights, idempotent commit, round trip. */

let app: App;
let db: Db;

beforeAll(async () => {
  ({ app, db } = await buildTestApp());
});

const world = () => activityWorld(app, db);

async function importFile(
  w: ActivityWorld,
  content: string | Buffer,
  query = "",
  options: { headers?: object; fields?: Record<string, string> } = {},
) {
  const body = multipart(content, options.fields);
  return app.inject({
    method: "POST",
    url: `${w.base}/import${query ? `?${query}` : ""}`,
    headers: { ...(options.headers ?? w.headers), "content-type": body.contentType } as Record<
      string,
      string
    >,
    payload: body.payload,
  });
}

async function report(w: ActivityWorld, content: string | Buffer, query = "", options = {}) {
  const res = await importFile(w, content, query, options);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as ActivityImportReport;
}

const countRecords = async (responseId: string) =>
  (await db.select().from(activities).where(eq(activities.responseId, responseId))).length;

const csv = (rows: (string | number | null)[][]) =>
  rows.map((r) => r.map((c) => (c === null ? "" : String(c))).join(",")).join("\n");

const headerRow = [
  "Partner",
  "Sector",
  "Activity type",
  "P-code",
  "Location",
  "Status",
  "Start date",
  "End date",
  "Month",
  "Girls",
  "Boys",
  "External ID",
];

/** A row of the header layout above, valid for the world. */
const row = (
  w: ActivityWorld,
  overrides: Partial<Record<(typeof headerRow)[number], string | number>> = {},
) => {
  const values: Record<string, string | number> = {
    Partner: w.org.name,
    Sector: w.sector.code,
    "Activity type": w.type.code,
    "P-code": w.camp.code,
    Location: w.camp.name,
    Status: "ongoing",
    "Start date": "2024-03-01",
    "End date": "2024-05-31",
    Month: "2024-03",
    Girls: 10,
    Boys: 12,
    "External ID": "",
    ...overrides,
  };
  return headerRow.map((h) => values[h] ?? "");
};

const codes = (r: ActivityImportReport) => r.issues.map((i) => i.code);

describe("column mapping", () => {
  it("maps by HXL hashtags below junk rows, reports unknown columns, numbers rows as the sheet does", async () => {
    const w = await world();
    const file = csv([
      ["4W report, March 2024"],
      [],
      ["Who", "Sector", "What", "Where", "State", "From", "To", "Month", "Girls", "Boys", "Comment"],
      [
        "#org +name",
        "#sector+code",
        "#activity+code",
        "#loc+code",
        "#status",
        "#date+start",
        "#date+end",
        "#date+reported",
        "#reached+f+children",
        "#reached+m+children",
        "#x_comment",
      ],
      [
        w.org.name,
        w.sector.code,
        w.type.code,
        w.camp.code,
        "ongoing",
        "2024-03-01",
        "2024-05-31",
        "2024-03",
        4,
        5,
        "hi",
      ],
    ]);
    const r = await report(w, file);
    expect(r.hashtagRow).toBe(4);
    expect(r.rows).toBe(1);
    expect(r.created).toBe(1);
    expect(r.columns.find((c) => c.hashtag === "#reached+children+f")?.field).toBe("girls");
    expect(r.issues.find((i) => i.code === "UNKNOWN_COLUMN")).toMatchObject({
      severity: "warning",
      column: "Comment",
    });
    const [stored] = await db.select().from(activities).where(eq(activities.responseId, w.responseId));
    expect(stored).toMatchObject({ girls: 4, boys: 5, reachedTotal: 9, reviewState: "draft", version: 1 });
  });

  it("maps by header synonyms (case and spacing ignored) and by an explicit mapping", async () => {
    const w = await world();
    const r = await report(w, csv([headerRow.map((h) => `  ${h.toUpperCase()} `), row(w)]), "dryRun=true");
    expect(r.hashtagRow).toBeNull();
    expect(r.columns.map((c) => c.field)).toEqual([
      "reportingOrg",
      "sector",
      "activityType",
      "locationCode",
      "locationName",
      "status",
      "startDate",
      "endDate",
      "reportingMonth",
      "girls",
      "boys",
      "externalId",
    ]);
    expect(r).toMatchObject({ rows: 1, valid: 1, created: 1 });
    expect(await countRecords(w.responseId)).toBe(0);

    const renamed = csv([["Who", ...headerRow.slice(1, 11), "Ignored"], row(w)]);
    const mapped = await report(w, renamed, "", {
      fields: { mapping: JSON.stringify({ Who: "reportingOrg", 11: "ignore" }) },
    });
    expect(mapped.columns[0]).toMatchObject({ header: "Who", field: "reportingOrg" });
    expect(mapped.columns[11]!.field).toBeNull();
    expect(mapped.created).toBe(1);
    const bad = await importFile(w, renamed, "", {
      fields: { mapping: JSON.stringify({ Who: "nonsense" }) },
    });
    expect(bad.statusCode).toBe(400);
  });
});

describe("references, dates and numbers", () => {
  it("reports each unresolved reference as a row error, with a suggestion for a near organisation name", async () => {
    const w = await world();
    const other = await buildLocation(db, w.responseId, {
      name: "Camp Nine",
      level: 2,
      parentId: w.district.id,
    });
    const r = await report(
      w,
      csv([
        headerRow,
        row(w, { Partner: w.org.name.slice(0, -2) }),
        row(w, { Sector: "NOPE" }),
        row(w, { "Activity type": w.otherType.code }),
        row(w, { "P-code": "XX999" }),
        row(w, { "P-code": "", Location: "Camp Nine" }),
        row(w, {
          Partner: "ptr",
          "Activity type": "latrine  CONSTRUCTION",
          "P-code": other.code,
          Location: "Elsewhere",
        }),
      ]),
    );
    const at = (n: number) => r.issues.filter((i) => i.row === n).map((i) => i.code);
    expect(at(2)).toEqual(["UNKNOWN_ORGANISATION"]);
    expect(r.issues.find((i) => i.row === 2)!.message).toContain(`did you mean ${w.org.name} (PTR)?`);
    expect(at(3)).toEqual(["UNKNOWN_SECTOR"]);
    expect(at(4)).toEqual(["ACTIVITY_TYPE_NOT_IN_SECTOR"]);
    expect(at(5)).toEqual(["UNKNOWN_LOCATION"]);
    expect(at(6)).toEqual(["AMBIGUOUS_LOCATION"]);
    expect(r.issues.find((i) => i.row === 6)!.message).toContain(w.camp.code);
    // Acronym, name with other case and spacing: resolved; a code whose name differs is a warning.
    expect(at(7)).toEqual(["CODE_NAME_MISMATCH"]);
    expect(r).toMatchObject({ rows: 6, valid: 1, invalid: 5, created: 0 });
    expect(await countRecords(w.responseId)).toBe(0);
  });

  it("refuses slash dates without a declared format, reads them with one, and refuses thousands separators", async () => {
    const w = await world();
    const file = csv([headerRow, row(w, { "Start date": "01/03/2024", "End date": "31/05/2024" })]);
    const r = await report(w, file, "dryRun=true");
    expect(r.issues[0]).toMatchObject({
      row: 2,
      column: "Start date",
      code: "AMBIGUOUS_DATE",
      value: "01/03/2024",
    });
    expect(codes(r)).toEqual(["AMBIGUOUS_DATE", "AMBIGUOUS_DATE"]);
    const dmy = await report(w, file, "dryRun=true&dateFormat=DMY");
    expect(dmy.issues).toEqual([]);
    const mdy = await report(w, file, "dryRun=true&dateFormat=MDY");
    expect(codes(mdy)).toContain("INVALID_DATE");
    const numbers = await report(
      w,
      `${headerRow.join(",")}\n${row(w, { Girls: '"1,200"' }).join(",")}`,
      "dryRun=true",
    );
    expect(numbers.issues[0]).toMatchObject({ code: "THOUSANDS_SEPARATOR", column: "Girls", value: "1,200" });
  });
});

describe("committing", () => {
  it("writes nothing when one row is bad (mode all), the valid rows with valid-only", async () => {
    const w = await world();
    const file = csv([
      headerRow,
      row(w),
      row(w, { "P-code": w.district.code, Location: w.district.name }),
      row(w, { Sector: "NOPE" }),
    ]);
    const all = await report(w, file);
    expect(all).toMatchObject({ rows: 3, valid: 2, invalid: 1, created: 0 });
    expect(await countRecords(w.responseId)).toBe(0);
    const some = await report(w, file, "mode=valid-only");
    expect(some).toMatchObject({ rows: 3, valid: 2, invalid: 1, created: 2 });
    expect(await countRecords(w.responseId)).toBe(2);
  });

  it("is idempotent: the same file again is unchanged; a changed figure updates (version 2, audited)", async () => {
    const w = await world();
    const file = csv([headerRow, row(w), row(w, { "P-code": w.district.code, Location: w.district.name })]);
    expect(await report(w, file)).toMatchObject({ created: 2, updated: 0, unchanged: 0 });
    const auditCount = async () =>
      (await db.select().from(auditLog).where(eq(auditLog.responseId, w.responseId))).length;
    const audits = await auditCount();
    expect(await report(w, file)).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    expect(await auditCount()).toBe(audits);
    const changed = csv([
      headerRow,
      row(w, { Girls: 11 }),
      row(w, { "P-code": w.district.code, Location: w.district.name }),
    ]);
    expect(await report(w, changed)).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    expect(await auditCount()).toBe(audits + 1);
    const stored = await db
      .select()
      .from(activities)
      .where(and(eq(activities.responseId, w.responseId), eq(activities.locationId, w.camp.id)));
    expect(stored[0]).toMatchObject({ girls: 11, version: 2 });
  });

  it("matches by external id before the natural key", async () => {
    const w = await world();
    await report(w, csv([headerRow, row(w, { "External ID": "X-1" })]));
    // Same external id, another location: the record moves instead of a new one being created.
    const moved = await report(
      w,
      csv([
        headerRow,
        row(w, { "External ID": "X-1", "P-code": w.district.code, Location: w.district.name }),
      ]),
    );
    expect(moved).toMatchObject({ created: 0, updated: 1 });
    const stored = await db.select().from(activities).where(eq(activities.responseId, w.responseId));
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ externalId: "X-1", locationId: w.district.id });
    // Another record holds the key X-1 would move to: a row error, nothing written.
    await report(w, csv([headerRow, row(w, { "External ID": "X-2" })]));
    const clash = await report(
      w,
      csv([headerRow, row(w, { "External ID": "X-1" }), row(w, { "External ID": "X-3", Month: "2024-04" })]),
    );
    expect(codes(clash)).toEqual(["DUPLICATE_RECORD"]);
    expect(clash).toMatchObject({ created: 0, updated: 0 });
    // A stored record without an external id is matched by its natural key and takes the row's.
    const plain = await w.created({ locationId: w.otherDistrict.id });
    const adopted = await report(
      w,
      csv([
        headerRow,
        row(w, {
          "P-code": w.otherDistrict.code,
          Location: w.otherDistrict.name,
          "External ID": "X-9",
          Girls: "",
          Boys: "",
        }),
      ]),
    );
    expect(adopted).toMatchObject({ created: 0, updated: 1 });
    const [after] = await db.select().from(activities).where(eq(activities.id, plain.id));
    expect(after!.externalId).toBe("X-9");
  });

  it("checks rights per row: an editor's rows of another organisation, locked months, records under review", async () => {
    const w = await world();
    const editor = await w.login("organisation_editor");
    const submitted = await w.created({ locationId: w.district.id });
    expect((await w.bulk([submitted.id], "submit")).statusCode).toBe(200);
    expect((await w.lock("2024-04")).statusCode).toBe(201);
    const r = await report(
      w,
      csv([
        headerRow,
        row(w),
        row(w, { Partner: w.otherOrg.name }),
        row(w, { Month: "2024-04" }),
        row(w, { "P-code": w.district.code, Location: w.district.name, Girls: 99 }),
      ]),
      "mode=valid-only",
      { headers: editor },
    );
    const at = (n: number) => r.issues.filter((i) => i.row === n).map((i) => i.code);
    expect(at(3)).toEqual(["FORBIDDEN_ORGANISATION"]);
    expect(at(4)).toEqual(["MONTH_LOCKED"]);
    expect(at(5)).toEqual(["RECORD_UNDER_REVIEW"]);
    expect(r).toMatchObject({ valid: 1, invalid: 3, created: 1 });
    const coordinator = await w.login("sector_coordinator", { sectorId: w.otherSector.id });
    const other = await report(w, csv([headerRow, row(w, { Month: "2024-05" })]), "", {
      headers: coordinator,
    });
    expect(codes(other)).toEqual(["FORBIDDEN_SECTOR"]);
    const viewer = await w.login("viewer");
    expect((await importFile(w, csv([headerRow, row(w)]), "", { headers: viewer })).statusCode).toBe(403);
  });

  /** Two records that use every column of the export, one with text the exports quote ("+ …"). */
  async function roundTripWorld() {
    const w = await world();
    await w.created({
      implementingOrgId: w.otherOrg.id,
      donorIds: [w.donor.id],
      subSectorId: w.subSector.id,
      activityTypeId: w.subType.id,
      indicatorId: w.indicator.id,
      populationGroupId: w.population.id,
      women: 3,
      men: 2,
      quantity: 12.5,
      unit: "kits",
      modality: "in_kind",
      notes: "hello, world",
      externalId: "E-1",
    });
    await w.created({
      locationId: w.district.id,
      reachedTotal: 40,
      girls: 10,
      elderly: 2,
      notes: "+ follow-up in April",
    });
    return w;
  }

  it("round trip: an HXL export of records re-imports into the same response as unchanged", async () => {
    const w = await roundTripWorld();
    const exported = await w.list("format=hxl", w.headers);
    expect(exported.statusCode).toBe(200);
    const r = await report(w, exported.body);
    expect(r.issues.filter((i) => i.severity === "error")).toEqual([]);
    expect(r.issues.filter((i) => i.code === "UNKNOWN_COLUMN")).toEqual([]);
    expect(r).toMatchObject({ rows: 2, valid: 2, created: 0, updated: 0, unchanged: 2 });
  });

  it("round trip: an XLSX export of records re-imports with no mapping as unchanged", async () => {
    const w = await roundTripWorld();
    const exported = await w.list("format=xlsx", w.headers);
    expect(exported.statusCode).toBe(200);
    expect(exported.headers["content-type"]).toContain("spreadsheetml");
    const r = await report(w, exported.rawPayload);
    expect(r.hashtagRow).toBe(2);
    expect(r.issues.filter((i) => i.severity === "error")).toEqual([]);
    expect(r.issues.filter((i) => i.code === "UNKNOWN_COLUMN")).toEqual([]);
    expect(r).toMatchObject({ rows: 2, valid: 2, created: 0, updated: 0, unchanged: 2 });
  });

  it("imports an XLSX built with exceljs", async () => {
    const w = await world();
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("4W");
    sheet.addRow(headerRow);
    const values = row(w);
    values[6] = new Date(Date.UTC(2024, 2, 1)) as unknown as string;
    sheet.addRow(values);
    const file = Buffer.from(await workbook.xlsx.writeBuffer());
    const r = await report(w, file, "sheet=4W");
    expect(r).toMatchObject({ rows: 1, created: 1 });
  });

  it("refuses unreadable files with 400 and a clear message, writing nothing", async () => {
    const w = await world();
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("4W").addRow(headerRow);
    for (let i = 0; i < 200; i++) workbook.getWorksheet("4W")!.addRow(row(w, { Girls: i }));
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    for (const [content, pattern] of [
      [" \n ", /no data|empty/i],
      [Buffer.from([0x25, 0x50, 0x44, 0x46, 0, 1, 2, 3]), /PDF/],
      [xlsx.subarray(0, Math.floor(xlsx.length / 2)), /ends early|damaged|cannot be read/],
      [
        csv([
          ["nothing", "useful"],
          ["a", "b"],
        ]),
        /no column/,
      ],
    ] as const) {
      const res = await importFile(w, content);
      expect(res.statusCode, res.body).toBe(400);
      expect((res.json() as { error: { message: string } }).error.message).toMatch(pattern);
    }
    expect(await countRecords(w.responseId)).toBe(0);
  });
});

describe("speed", () => {
  // IMPORT_BENCH_ROWS=10000 gives the figures of the report; the default keeps the suite quick.
  const count = Number(process.env.IMPORT_BENCH_ROWS ?? 1200);
  it(`validates and commits ${count} generated rows`, async () => {
    const w = await world();
    const siteCount = Math.ceil(count / 12);
    const sites = await db
      .insert(locations)
      .values(
        Array.from({ length: siteCount }, (_, i) => ({
          responseId: w.responseId,
          code: `GEN${i}`,
          name: `Generated site ${i}`,
          kind: "admin" as const,
          level: 2,
          parentId: w.district.id,
        })),
      )
      .returning();
    const lines = [headerRow.join(",")];
    for (let i = 0; i < count; i++) {
      const values = row(w, {
        "P-code": sites[Math.floor(i / 12)]!.code,
        Location: "",
        "Start date": "2024-01-01",
        "End date": "2024-12-31",
        Month: `2024-${String((i % 12) + 1).padStart(2, "0")}`,
        "External ID": `G-${i}`,
      });
      lines.push(values.join(","));
    }
    const file = lines.join("\n");
    const started = performance.now();
    const dry = await report(w, file, "dryRun=true");
    const dryMs = performance.now() - started;
    expect(dry).toMatchObject({ rows: count, valid: count, created: count });
    const committed = await report(w, file);
    const commitMs = performance.now() - started - dryMs;
    expect(committed).toMatchObject({ created: count });
    console.log(
      `${count} rows: dry run ${Math.round(dryMs)} ms (${Math.round((count / dryMs) * 1000)} rows/s), commit ${Math.round(commitMs)} ms (${Math.round((count / commitMs) * 1000)} rows/s)`,
    );
    const n = await db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM activities WHERE response_id = ${w.responseId}`,
    );
    expect(Number(n.rows[0]!.n)).toBe(count);
  }, 300_000);
});
