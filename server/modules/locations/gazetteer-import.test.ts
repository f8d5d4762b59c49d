import { randomUUID } from "node:crypto";
import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { ImportIssue, LocationImportReport } from "../../../common/schemas/locations.ts";
import type { App } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { locations } from "../../db/schema/reference.ts";
import { buildLocation, buildManagedResponse, buildTestApp } from "../../testing/factories.ts";

/** Gazetteer CSV import through the API: hierarchy, idempotence, the validation report, encodings. */

let app: App;
let db: Db;

beforeAll(async () => {
  ({ app, db } = await buildTestApp());
});

async function world() {
  const { response, headers } = await buildManagedResponse(app, db);
  return { response, slug: response.slug, headers };
}

type World = Awaited<ReturnType<typeof world>>;

async function importCsv(w: World, body: string | Buffer, query = "") {
  const res = await app.inject({
    method: "POST",
    url: `/api/v1/responses/${w.slug}/locations/import${query}`,
    headers: { ...w.headers, "content-type": "text/csv" },
    payload: body,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as LocationImportReport;
}

function multipartFile(filename: string, content: string | Buffer, type: string) {
  const boundary = `----isx${randomUUID()}`;
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`,
    ),
    Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

async function rowCount(responseId: string) {
  const [row] = await db.select({ n: count() }).from(locations).where(eq(locations.responseId, responseId));
  return row!.n;
}

async function getLocation(w: World, code: string) {
  const res = await app.inject({ method: "GET", url: `/api/v1/responses/${w.slug}/locations/${code}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

const errorsOf = (report: LocationImportReport) => report.issues.filter((i) => i.severity === "error");
const issueFor = (report: LocationImportReport, code: string): ImportIssue => {
  const found = report.issues.find((i) => i.code === code);
  expect(found, `${code} in ${JSON.stringify(report.issues)}`).toBeDefined();
  return found!;
};

const hierarchy = [
  "code,name,parent,level,lat,lon,name_bn",
  "XA0,Atlantis,,0,,,",
  "XA1,North Province,XA0,1,,,",
  "XA2,Harbour District,XA1,2,,,",
  "XA3,Old Town,XA2,3,21.2,92.1,পুরান শহর",
  "XC1,Camp One,XA3,camp,21.21,92.15,ক্যাম্প এক",
  "",
].join("\n");

describe("importing a valid gazetteer", () => {
  it("creates admin levels 0–3 and a camp with the right parents and levels", async () => {
    const w = await world();
    const report = await importCsv(w, hierarchy);
    expect(report).toMatchObject({ rows: 5, valid: 5, invalid: 0, created: 5, updated: 0, unchanged: 0 });
    expect(errorsOf(report)).toEqual([]);
    expect(await rowCount(w.response.id)).toBe(5);
    const expected = [
      ["XA0", null, 0, "admin"],
      ["XA1", "XA0", 1, "admin"],
      ["XA2", "XA1", 2, "admin"],
      ["XA3", "XA2", 3, "admin"],
      ["XC1", "XA3", 4, "site"],
    ] as const;
    for (const [code, parentCode, level, kind] of expected) {
      const location = await getLocation(w, code);
      expect(location).toMatchObject({ code, parentCode, level, kind });
    }
    const camp = await getLocation(w, "XC1");
    expect(camp).toMatchObject({ siteType: "camp", lat: 21.21, lon: 92.15 });
    expect(camp.ancestors.map((a: { code: string }) => a.code)).toEqual(["XA0", "XA1", "XA2", "XA3"]);
  });

  it("stores name_bn in names.bn", async () => {
    const w = await world();
    await importCsv(w, hierarchy);
    expect((await getLocation(w, "XA3")).names).toEqual({ bn: "পুরান শহর" });
    expect((await getLocation(w, "XA0")).names).toEqual({});
  });

  it("reports a re-import of the same file as unchanged and creates nothing", async () => {
    const w = await world();
    await importCsv(w, hierarchy);
    const again = await importCsv(w, hierarchy);
    expect(again).toMatchObject({ rows: 5, created: 0, updated: 0, unchanged: 5 });
    expect(await rowCount(w.response.id)).toBe(5);
  });

  it("accepts the file as a multipart upload in the field `file`", async () => {
    const w = await world();
    const { body, contentType } = multipartFile("gazetteer.csv", hierarchy, "text/csv");
    const res = await app.inject({
      method: "POST",
      url: `/api/v1/responses/${w.slug}/locations/import`,
      headers: { ...w.headers, "content-type": contentType },
      payload: body,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ created: 5, dryRun: false });
    expect(await rowCount(w.response.id)).toBe(5);
  });

  it("writes nothing on a dry run but reports what it would create", async () => {
    const w = await world();
    const report = await importCsv(w, hierarchy, "?dryRun=true");
    expect(report).toMatchObject({ dryRun: true, created: 5, invalid: 0 });
    expect(await rowCount(w.response.id)).toBe(0);
  });
});

describe("encodings and delimiters", () => {
  it("reads a semicolon-delimited Latin-1 file with é in a name", async () => {
    const w = await world();
    const bytes = Buffer.from("code;name;parent;level\nML0;Médina;;0\nML1;Sidi Bel Abbès;ML0;1\n", "latin1");
    expect(bytes.includes(0xe9)).toBe(true); // a lone é byte: not valid UTF-8
    const report = await importCsv(w, bytes);
    expect(report).toMatchObject({ created: 2, invalid: 0 });
    expect((await getLocation(w, "ML0")).name).toBe("Médina");
    expect(await getLocation(w, "ML1")).toMatchObject({ name: "Sidi Bel Abbès", parentCode: "ML0" });
  });

  it("tolerates a UTF-8 byte order mark before the header", async () => {
    const w = await world();
    const report = await importCsv(w, Buffer.from("\uFEFFcode,name,parent,level\nBM0,Bom Land,,0\n", "utf8"));
    expect(errorsOf(report)).toEqual([]);
    expect(report.created).toBe(1);
    expect((await getLocation(w, "BM0")).name).toBe("Bom Land");
  });
});

describe("the validation report", () => {
  it("names row, column, value and code of each problem and writes nothing", async () => {
    const w = await world();
    await buildLocation(db, w.response.id, { code: "KEEP", name: "Already here", level: 0 });
    const file = [
      "code,name,parent,level,lat,lon", // line 1
      "R0,Root,,0,,", // 2
      "R1,Child,R0,1,,", // 3
      "R1,Child again,R0,1,,", // 4: duplicate of line 3
      "r0,Lower-case root,,0,,", // 5: case variant of R0 (warning)
      "O1,Orphan,NOPE,1,,", // 6: unknown parent
      "CY1,Loop A,CY2,1,,", // 7: cycle
      "CY2,Loop B,CY1,2,,", // 8: cycle
      "LV,Same level as parent,R1,1,,", // 9: level not below parent
      "LT,Too far north,R0,1,95,90", // 10: latitude out of range
      "LN,Not a number,R0,1,north,90", // 11: latitude not a number
    ].join("\n");
    const report = await importCsv(w, file);

    expect(issueFor(report, "DUPLICATE_CODE")).toMatchObject({
      row: 4,
      column: "code",
      value: "R1",
      severity: "error",
    });
    expect(issueFor(report, "DUPLICATE_CODE").message).toContain("row 3");
    expect(issueFor(report, "CASE_VARIANT_CODE")).toMatchObject({
      row: 5,
      column: "code",
      value: "r0",
      severity: "warning",
    });
    expect(issueFor(report, "UNKNOWN_PARENT")).toMatchObject({
      row: 6,
      column: "parent",
      value: "NOPE",
      severity: "error",
    });
    const cycles = report.issues.filter((i) => i.code === "PARENT_CYCLE");
    expect(cycles.map((i) => [i.row, i.column, i.value])).toEqual([
      [7, "parent", "CY2"],
      [8, "parent", "CY1"],
    ]);
    expect(issueFor(report, "LEVEL_NOT_BELOW_PARENT")).toMatchObject({ row: 9, column: "level", value: "1" });
    expect(issueFor(report, "OUT_OF_RANGE")).toMatchObject({ row: 10, column: "lat", value: "95" });
    expect(issueFor(report, "INVALID_NUMBER")).toMatchObject({ row: 11, column: "lat", value: "north" });

    expect(report).toMatchObject({ rows: 10, created: 0, updated: 0, unchanged: 0, dryRun: false });
    expect(report.invalid).toBe(new Set(errorsOf(report).map((i) => i.row)).size);
    expect(await rowCount(w.response.id)).toBe(1);
  });

  it("refuses a row that puts an existing ancestor under its descendant", async () => {
    const w = await world();
    const top = await buildLocation(db, w.response.id, { code: "P0", name: "Top", level: 0 });
    await buildLocation(db, w.response.id, { code: "P1", name: "Under top", level: 1, parentId: top.id });
    const report = await importCsv(w, "code,name,parent,level\nP0,Top,P1,2\n");
    expect(issueFor(report, "PARENT_CYCLE")).toMatchObject({
      row: 2,
      column: "parent",
      value: "P1",
      severity: "error",
    });
    expect(report.updated).toBe(0);
    expect((await getLocation(w, "P0")).parentCode).toBeNull();
  });

  it("reports a missing required column on the header row and imports nothing", async () => {
    const w = await world();
    const report = await importCsv(w, "code,name,parent\nMC0,No level,\n");
    expect(issueFor(report, "MISSING_COLUMN")).toMatchObject({ row: 1, column: "level", severity: "error" });
    expect(report.created).toBe(0);
    expect(await rowCount(w.response.id)).toBe(0);
  });

  it("writes nothing when one row of an otherwise valid file is bad", async () => {
    const w = await world();
    await importCsv(w, "code,name,parent,level\nG0,Ground,,0\n");
    const before = await rowCount(w.response.id);
    const file = "code,name,parent,level\nG1,First,G0,1\nG2,Second,G0,1\nG3,Third,G0,1\nG4,Lost,MISSING,1\n";
    const report = await importCsv(w, file);
    expect(report).toMatchObject({ rows: 4, valid: 3, invalid: 1, created: 0 });
    expect(issueFor(report, "UNKNOWN_PARENT").row).toBe(5);
    expect(await rowCount(w.response.id)).toBe(before);
  });

  it("refuses a camp with no parent and an unknown level word", async () => {
    const w = await world();
    const report = await importCsv(w, "code,name,parent,level\nNP1,Floating camp,,camp\nBL1,Odd,,district\n");
    expect(issueFor(report, "SITE_WITHOUT_PARENT")).toMatchObject({ row: 2, column: "parent" });
    expect(issueFor(report, "INVALID_LEVEL")).toMatchObject({ row: 3, column: "level", value: "district" });
    expect(await rowCount(w.response.id)).toBe(0);
  });

  it("records who imported each location in the audit log", async () => {
    const w = await world();
    await importCsv(w, hierarchy);
    const res = await app.inject({
      method: "GET",
      url: `/api/v1/responses/${w.slug}/audit?action=location.import&limit=50`,
      headers: w.headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as { action: string; after: { code: string } }[];
    expect(items.map((i) => i.after.code).sort()).toEqual(["XA0", "XA1", "XA2", "XA3", "XC1"]);
    expect(new Set(items.map((i) => i.action))).toEqual(new Set(["location.import.create"]));
  });

  it("reports impossible or out-of-range validity dates as INVALID_DATE instead of failing", async () => {
    const w = await world();
    const file = [
      "code,name,parent,level,valid_from,valid_to",
      "D0,Feb thirtieth,,0,2024-02-30,",
      "D1,Too old,,0,1899-12-31,",
      "D2,Ends in year 2101,,0,2024-01-01,2101-01-01",
      "D3,Leap day,,0,2024-02-29,",
    ].join("\n");
    const report = await importCsv(w, file);
    const dates = report.issues.filter((i) => i.code === "INVALID_DATE");
    expect(dates.map((i) => [i.row, i.column, i.value, i.severity])).toEqual([
      [2, "valid_from", "2024-02-30", "error"],
      [3, "valid_from", "1899-12-31", "error"],
      [4, "valid_to", "2101-01-01", "error"],
    ]);
    expect(report).toMatchObject({ rows: 4, valid: 1, invalid: 3, created: 0 });
    expect(await rowCount(w.response.id)).toBe(0);
  });
});
