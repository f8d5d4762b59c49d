import { describe, expect, it } from "vitest";
import { detectHeader, isHashtagRow } from "./detect.ts";
import { openTable, type RawRow, takeHead } from "./read-table.ts";

const numbered = (rows: string[][]): RawRow[] => rows.map((cells, i) => ({ row: i + 1, cells }));

describe("isHashtagRow (libhxl's fuzzy rule)", () => {
  it("needs at least half of the non-empty cells to be hashtags, and at least one", () => {
    expect(isHashtagRow(["", "#sector+es", "#org", "country", "adm1"])).toBe(true); // 2 of 4
    expect(isHashtagRow(["#sector", "country", "adm1"])).toBe(false); // 1 of 3
    expect(isHashtagRow(["", "  ", ""])).toBe(false);
    expect(isHashtagRow(["sector+es", "org+es"])).toBe(false);
    expect(isHashtagRow([" #adm1 ", "", "", ""])).toBe(true);
  });
});

describe("detectHeader", () => {
  it("finds the hashtag row at row 8 under 6 junk rows, with the header just above it", () => {
    const rows = numbered([
      ["Movement restrictions", "", "", "Feedback to someone"],
      ["Short URL: http://example.org", "", "Legend:"],
      ["LAST UPDATED: 27/10/14"],
      ["NB: partial data"],
      ["", "", "", ""],
      ["NB: aid workers are exempt"],
      ["id", "Country", "Source", "Link", "Notes", "Check"],
      ["#x_uniqueid", "#country", "#source_lnk", "#source_lnk", "#x_notes", ""],
      ["ID1001", "Sierra Leone", "The Guardian", "http://example.org", "", ""],
    ]);
    const found = detectHeader(rows);
    expect(found.hashtagRow).toBe(8);
    expect(found.headerRow).toBe(7);
    expect(found.junkRows).toEqual([1, 2, 3, 4, 5, 6]);
    expect(found.dataAfterRow).toBe(8);
    expect(found.columns.map((c) => c.hashtag)).toEqual([
      "#x_uniqueid",
      "#country",
      "#source_lnk",
      "#source_lnk",
      "#x_notes",
      null,
    ]);
    expect(found.columns[5]).toEqual({ index: 5, header: "Check", hashtag: null, tag: null, attributes: [] });
    expect(found.warnings.map((w) => [w.code, w.column])).toEqual([
      ["UNKNOWN_HASHTAG", 0],
      ["UNKNOWN_HASHTAG", 2],
      ["UNKNOWN_HASHTAG", 3],
      ["UNKNOWN_HASHTAG", 4],
    ]);
  });

  it("describes each column: header, normalised hashtag, tag and sorted attributes; a missing header is null", () => {
    const found = detectHeader([
      ["Registro", "Hombres", "Provincia"],
      ["", "#Targeted +F +Children", "#adm1+name", "#date+reported"],
      ["001", "100", "Los Santos", "1 March 2015"],
    ]);
    expect(found.columns).toEqual([
      { index: 0, header: "Registro", hashtag: null, tag: null, attributes: [] },
      {
        index: 1,
        header: "Hombres",
        hashtag: "#targeted+children+f",
        tag: "#targeted",
        attributes: ["children", "f"],
      },
      { index: 2, header: "Provincia", hashtag: "#adm1+name", tag: "#adm1", attributes: ["name"] },
      { index: 3, header: null, hashtag: "#date+reported", tag: "#date", attributes: ["reported"] },
    ]);
    expect(found.warnings).toEqual([]);
  });

  it("has no header row when the hashtag row is first, or the row above it is blank or missing", () => {
    expect(
      detectHeader([
        ["#org", "#sector"],
        ["UNICEF", "WASH"],
      ]),
    ).toMatchObject({
      hashtagRow: 1,
      headerRow: null,
      junkRows: [],
    });
    expect(detectHeader([["Title"], ["", ""], ["#org", "#sector"]])).toMatchObject({
      hashtagRow: 3,
      headerRow: null,
      junkRows: [1, 2],
    });
    // An XLSX sheet omits empty rows: row 2 is absent, so row 1 is not the header of row 3.
    const gap: RawRow[] = [
      { row: 1, cells: ["Title"] },
      { row: 3, cells: ["#org", "#sector"] },
    ];
    expect(detectHeader(gap)).toMatchObject({ hashtagRow: 3, headerRow: null, junkRows: [1] });
  });

  it("without hashtags, takes the first non-empty row as the header", () => {
    const found = detectHeader([[""], ["", " "], ["Organisation", "Cluster"], ["UNICEF", "WASH"]]);
    expect(found).toMatchObject({ hashtagRow: null, headerRow: 3, junkRows: [1, 2], dataAfterRow: 3 });
    expect(found.columns.map((c) => [c.header, c.hashtag])).toEqual([
      ["Organisation", null],
      ["Cluster", null],
    ]);
    expect(detectHeader([])).toMatchObject({
      hashtagRow: null,
      headerRow: null,
      columns: [],
      dataAfterRow: 0,
    });
  });

  it("searches only the first 25 rows for the hashtag row", () => {
    const junk = Array.from({ length: 25 }, (_, i) => [`note ${i + 1}`]);
    const late = detectHeader([...junk, ["#org", "#sector"], ["UNICEF", "WASH"]]);
    expect(late.hashtagRow).toBeNull();
    expect(late.headerRow).toBe(1);
    const inTime = detectHeader([...junk.slice(1), ["#org", "#sector"]]);
    expect(inTime.hashtagRow).toBe(25);
  });

  it("keeps a fuzzy hashtag row: cells without # are untagged columns with a MALFORMED_HASHTAG warning", () => {
    const found = detectHeader([
      ["Sector", "Men", "Women", "Country", "Province"],
      ["#sector+es", "#targeted+f", "#targeted+f", "country", "adm1"],
    ]);
    expect(found.hashtagRow).toBe(2);
    expect(found.columns.map((c) => c.hashtag)).toEqual([
      "#sector+es",
      "#targeted+f",
      "#targeted+f",
      null,
      null,
    ]);
    expect(found.warnings.map((w) => [w.code, w.column, w.value])).toEqual([
      ["MALFORMED_HASHTAG", 3, "country"],
      ["MALFORMED_HASHTAG", 4, "adm1"],
    ]);
    expect(found.warnings[0]!.message).toMatch(/did you mean #country/);
  });

  it("reports rejected and unknown hashtags but keeps every column", () => {
    const found = detectHeader([["#delivery", "#people_num", "#lat_deg", "#org"]]);
    expect(found.columns).toHaveLength(4);
    expect(found.warnings.map((w) => `${w.code} ${w.value}`)).toEqual([
      "REJECTED_HASHTAG #delivery",
      "UNKNOWN_HASHTAG #people_num",
      "UNKNOWN_HASHTAG #lat_deg",
    ]);
  });

  it("drops trailing columns that have neither header nor hashtag, keeps inner blank ones", () => {
    const found = detectHeader([
      ["Org", "", "Sector", "", ""],
      ["#org", "", "#sector", "", ""],
    ]);
    expect(found.columns.map((c) => [c.header, c.hashtag])).toEqual([
      ["Org", "#org"],
      [null, null],
      ["Sector", "#sector"],
    ]);
  });

  it("tolerates an empty first row before headers and hashtags", () => {
    const found = detectHeader([[], ["Org", "Sector"], ["#org", "#sector"], ["UNICEF", "WASH"]]);
    expect(found).toMatchObject({ hashtagRow: 3, headerRow: 2, junkRows: [1] });
  });
});

describe("detectHeader on a file, as the import pipeline uses it", () => {
  it("finds the hashtag row at row 8 of a semicolon CSV whose legend cell spans lines, then streams the data", async () => {
    const csv = [
      "4W Cox's Bazar;;",
      '"Legend:\nR = reached\nT = targeted";;',
      "Source: sector partners;;",
      ";;",
      "Updated 2024-03-31;;",
      "Do not edit the hashtag row;;",
      "Organisation;Sector;Reached (women)",
      "#org;#sector;#reached +f",
      "UNICEF;WASH;1200",
      "UNHCR;Protection;300",
    ].join("\r\n");
    const table = await openTable(Buffer.from(csv));
    expect(table.info).toEqual({ format: "csv", encoding: "utf-8", delimiter: ";" });
    const { head, rest } = await takeHead(table.rows, 25);
    const found = detectHeader(head);
    expect(found).toMatchObject({ hashtagRow: 8, headerRow: 7, junkRows: [1, 2, 3, 4, 5, 6] });
    expect(found.columns.map((c) => c.hashtag)).toEqual(["#org", "#sector", "#reached+f"]);
    const data = head.filter((r) => r.row > found.dataAfterRow);
    for await (const row of rest) data.push(row);
    expect(data.map((r) => r.cells)).toEqual([
      ["UNICEF", "WASH", "1200"],
      ["UNHCR", "Protection", "300"],
    ]);
  });

  it("close() releases a table that is opened only for its description", async () => {
    const table = await openTable(Buffer.from("#org\nUNICEF\n"));
    table.close();
    table.close();
    expect(table.info.format).toBe("csv");
  });
});
