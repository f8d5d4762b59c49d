import { Readable } from "node:stream";
import { parse } from "csv-parse/sync";
import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { App } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { csvLines } from "../../http/list.ts";
import { buildActivity, buildLocation, buildTestApp } from "../../testing/factories.ts";
import { activityColumns } from "../activities/activities.routes.ts";
import { activityWorld } from "../activities/activities.world.ts";
import { activityPages, exportStream } from "./activities-export.ts";
import { copyRows } from "./copy-out.ts";
import { inlineParams } from "./export-sql.ts";
import { xlsxWorkersRunning } from "./xlsx-thread.ts";
import { yazlCrc32 } from "./xlsx-workbook.ts";

/**
 * The CSV and HXL written by SQL (COPY) are byte for byte what the generic list writer makes of
 * the API objects (`csvLines`, server/http/list.ts), for awkward text and for every filter; the
 * XLSX holds the same cells.
 */

let app: App;
let db: Db;

beforeAll(async () => {
  ({ app, db } = await buildTestApp());
});

const publicScope = { all: false, organisationIds: [], sectorIds: [], includeSensitive: false };

const awkward = [
  'comma, "quotes" and\na line break',
  "=SUM(A1)",
  "-2 leading minus",
  "@mention",
  "|pipe",
  "\tleading tab",
  "\rleading return",
  "carriage\r\nreturn",
  "back\\slash & <markup> \u0001control",
  "বাংলা မြန်မာ",
  "",
];

async function world() {
  const w = await activityWorld(app, db);
  const base = {
    reportingOrgId: w.org.id,
    sectorId: w.sector.id,
    activityTypeId: w.type.id,
    locationId: w.camp.id,
    reviewState: "approved" as const,
  };
  for (const [i, notes] of awkward.entries())
    await buildActivity(db, w.responseId, {
      ...base,
      notes,
      reportingMonth: `2024-${String(i + 1).padStart(2, "0")}-01`,
      externalId: i % 2 ? `=X-${i}` : `X-${i}`,
      quantity: [12.5, 0.25, 1_000_000, 3][i % 4],
      unit: i % 3 ? "kits" : "+kits",
      women: i,
      implementingOrgId: i % 2 ? w.otherOrg.id : null,
      subSectorId: i % 3 === 0 ? w.subSector.id : null,
      activityTypeId: i % 3 === 0 ? w.subType.id : w.type.id,
      indicatorId: i % 4 === 0 ? w.indicator.id : null,
      populationGroupId: i % 5 === 0 ? w.population.id : null,
      locationId: i % 2 ? w.district.id : w.camp.id,
      donorIds: i % 3 === 1 ? [w.donor.id, w.otherOrg.id] : [],
      status: i % 2 ? "completed" : "ongoing",
    });
  await buildActivity(db, w.responseId, {
    ...base,
    reviewState: "draft",
    notes: "draft",
    reportingMonth: "2023-01-01",
  });
  const hidden = await buildLocation(db, w.responseId, {
    level: 2,
    parentId: w.district.id,
    sensitive: true,
  });
  await buildActivity(db, w.responseId, { ...base, locationId: hidden.id, notes: "sensitive" });
  return w;
}

async function text(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}

async function bytes(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

describe("CSV and HXL from SQL", () => {
  it("equal the generic list writer's CSV and HXL byte for byte, for every filter", async () => {
    const w = await world();
    const filters: [string, Record<string, string>][] = [
      ["", {}],
      [`sector=${w.sector.code}`, { sector: w.sector.code }],
      [`sector=${w.subSector.code}`, { sector: w.subSector.code }],
      [`organisation=${w.otherOrg.id}`, { organisation: w.otherOrg.id }],
      [
        `organisation=${w.org.id}&organisationRole=implementing`,
        { organisation: w.org.id, organisationRole: "implementing" },
      ],
      [
        `organisation=${w.org.id}&organisationRole=reporting`,
        { organisation: w.org.id, organisationRole: "reporting" },
      ],
      [`location=${w.district.code}`, { location: w.district.code }],
      [`location=${w.camp.code}`, { location: w.camp.code }],
      ["from=2024-02&to=2024-04", { from: "2024-02", to: "2024-04" }],
      ["status=completed", { status: "completed" }],
      ["reviewState=approved", { reviewState: "approved" }],
      ["q=mention", { q: "mention" }],
      ["q=Latrine", { q: "Latrine" }],
      ["q=o'k\\%_", { q: "o'k\\%_" }],
    ];
    for (const [query, filter] of filters)
      for (const format of ["csv", "hxl"] as const) {
        const listed = await w.list(`${query}&format=${format}`);
        expect(listed.statusCode, listed.body).toBe(200);
        const fromObjects = await text(
          Readable.from(
            csvLines(format, activityColumns, activityPages(db, w.responseId, filter, publicScope)),
          ),
        );
        const written = await text(
          exportStream(format, activityColumns, activityPages(db, w.responseId, filter, publicScope)),
        );
        expect(written, `${format} ${query}`).toBe(fromObjects);
        // The API's download is the SQL one, and a visitor's filter gives the visitor's records.
        expect(listed.body, `${format} ${query}`).toBe(written);
      }
    const all = parse((await w.list("format=hxl")).body) as string[][];
    expect(all).toHaveLength(2 + awkward.length);
  });

  it("writes XLSX cells equal to the CSV's, numbers as numbers", async () => {
    const w = await world();
    const csv = parse((await w.list("format=csv")).body.replace(/^\uFEFF/, ""), {
      relax_column_count: true,
    }) as string[][];
    const workbook = new ExcelJS.Workbook();
    const file = await bytes(
      exportStream("xlsx", activityColumns, activityPages(db, w.responseId, {}, publicScope)),
    );
    await workbook.xlsx.load(file as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const rows: string[][] = [];
    sheet.eachRow((row) => {
      rows.push(activityColumns.map((_, i) => String(row.getCell(i + 1).value ?? "")));
    });
    // XML reads a carriage return as a line feed (as in exceljs's own files) and has no \u0001.
    const asXml = (cells: string[]) => cells.map((c) => c.replace(/\r\n?/g, "\n").replaceAll("\u0001", ""));
    expect(rows[0]).toEqual(csv[0]);
    expect(rows.slice(2).map(asXml)).toEqual(csv.slice(1).map(asXml));
    const quantity = activityColumns.findIndex((c) => c.header === "quantity") + 1;
    expect(sheet.getRow(3).getCell(quantity).type).toBe(ExcelJS.ValueType.Number);
  });
});

describe("COPY in pages (PGlite)", () => {
  it("gives the same rows whatever the page size, for filters too", async () => {
    const w = await world();
    const filters = [{}, { sector: w.sector.code }, { location: w.district.code }, { q: "mention" }];
    for (const filter of filters)
      for (const format of ["csv", "text"] as const) {
        const whole = await bytes(Readable.from(copyRows(db, w.responseId, filter, publicScope, format)));
        for (const size of [1, 2, 3, awkward.length])
          expect(
            (
              await bytes(Readable.from(copyRows(db, w.responseId, filter, publicScope, format, size)))
            ).toString("utf8"),
            `${format} ${JSON.stringify(filter)} pages of ${size}`,
          ).toBe(whole.toString("utf8"));
      }
  });
});

describe("COPY pages of downloads at once (PGlite)", () => {
  it("never mix: two downloads read in turns give their own rows", async () => {
    const w = await world();
    const csv = copyRows(db, w.responseId, {}, publicScope, "csv", 1);
    const text = copyRows(db, w.responseId, { sector: w.sector.code }, publicScope, "text", 2);
    const parts: Record<string, Buffer[]> = { csv: [], text: [] };
    for (let done = { csv: false, text: false }; !done.csv || !done.text; ) {
      for (const [name, pages] of [
        ["csv", csv],
        ["text", text],
      ] as const) {
        if (done[name]) continue;
        const next = await pages.next();
        if (next.done) done[name] = true;
        else parts[name]!.push(next.value);
      }
    }
    const whole = async (format: "csv" | "text", filter: object) =>
      (await bytes(Readable.from(copyRows(db, w.responseId, filter, publicScope, format)))).toString();
    expect(Buffer.concat(parts.csv!).toString()).toBe(await whole("csv", {}));
    expect(Buffer.concat(parts.text!).toString()).toBe(await whole("text", { sector: w.sector.code }));
  });
});

describe("XLSX checksums", () => {
  it("are the CRC-32 that buffer-crc32 computes, whole or in pieces", () => {
    expect(yazlCrc32.unsigned(Buffer.from("123456789"))).toBe(0xcbf43926);
    const text = Buffer.from("বাংলা မြန်မာ & <markup>");
    const whole = yazlCrc32.unsigned(text);
    expect(yazlCrc32.unsigned(text.subarray(7), yazlCrc32.unsigned(text.subarray(0, 7)))).toBe(whole);
    expect(yazlCrc32.unsigned(Buffer.alloc(0))).toBe(0);
  });
});

describe("a download abandoned part-way", () => {
  it("gives its connection back, however many are abandoned", async () => {
    const w = await world();
    // Enough records (one a month since 1700) that the export is still streaming when dropped.
    await db.execute(sql`
      INSERT INTO activities (response_id, reporting_org_id, sector_id, activity_type_id, location_id, status,
        start_date, end_date, reporting_month, reached_total, notes, review_state)
      SELECT a.response_id, a.reporting_org_id, a.sector_id, a.activity_type_id, a.location_id, a.status, m, m, m,
        g, repeat('long notes ', 300), 'approved'
      FROM (SELECT * FROM activities WHERE response_id = ${w.responseId} LIMIT 1) a,
        generate_series(0, 3599) g, LATERAL (SELECT (date '1700-01-01' + make_interval(months => g))::date AS m) month`);
    // More downloads than the PostgreSQL pool has connections (10): one kept would stall the rest.
    for (let i = 0; i < 12; i++)
      for (const format of ["csv", "xlsx"] as const) {
        const stream = exportStream(
          format,
          activityColumns,
          activityPages(db, w.responseId, {}, publicScope),
        );
        let read = 0;
        // The reader stops part-way through the records (past the header, before the end).
        for await (const chunk of stream) {
          read += (chunk as Buffer).length;
          if (read > 500_000) break;
        }
        expect(stream.destroyed).toBe(true);
      }
    const whole = await text(
      exportStream("csv", activityColumns, activityPages(db, w.responseId, {}, publicScope)),
    );
    expect(parse(whole.replace(/^\uFEFF/, ""))).toHaveLength(awkward.length + 3600 + 1);
    // No XLSX worker thread is left running.
    await vi.waitFor(() => expect(xlsxWorkersRunning()).toBe(0), { timeout: 5000 });
  }, 90_000); // 24 downloads, and each XLSX one starts its worker thread
});

describe("a filter the database cannot hold", () => {
  it("is refused with the query's errors before any download starts, in every format", async () => {
    const w = await activityWorld(app, db);
    for (const format of ["csv", "hxl", "xlsx", "json"])
      for (const [filter, path] of [
        ["q=a%00b", "querystring.q"],
        ["location=CXB%00", "querystring.location"],
      ]) {
        const res = await w.list(`${filter}&format=${format}`);
        expect(res.statusCode, `${format} ${filter}`).toBe(400);
        expect(res.json().error.details).toContainEqual(expect.objectContaining({ path }));
      }
  });
});

describe("inlineParams", () => {
  it("writes strings and arrays as literals PostgreSQL reads back unchanged", async () => {
    const values = ["it's", "back\\slash", 'quote"s', "E'x'", "$1 $2"];
    for (const value of values) {
      const query = inlineParams(sql`SELECT ${value}::text AS v, ${sql.param([value, "b"])}::text[] AS a`);
      const result = await db.execute<{ v: string; a: string[] }>(sql.raw(query));
      expect(result.rows[0]).toEqual({ v: value, a: [value, "b"] });
    }
  });

  it("refuses text with a NUL character, which no literal can hold", () => {
    expect(() => inlineParams(sql`SELECT ${"a\0b"}::text`)).toThrow(/NUL/);
  });
});
