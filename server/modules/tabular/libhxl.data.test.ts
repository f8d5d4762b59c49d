import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openTable } from "./read-table.ts";
import { dataRows, errorCode, oracleFile, read } from "./testing/data.ts";
import { readZip } from "./testing/zip.ts";

/**
 * The reader on libhxl-python's test fixtures in shared/data, asserting what
 * hxl/libhxl-python/EXPECTATIONS.md says libhxl's own tests expect of each file.
 */

const dataDir = path.resolve(import.meta.dirname, "../../../../shared/data");
const hasData = fs.existsSync(path.join(dataDir, "hxl"));
const libhxl = (file: string) => path.join(dataDir, "hxl/libhxl-python/tests/files", file);

const suite = hasData ? describe : describe.skip;

suite(
  hasData ? "tabular: libhxl-python fixtures (shared/data)" : `tabular: skipped, no data at ${dataDir}`,
  () => {
    describe("libhxl-python fixtures (EXPECTATIONS.md)", () => {
      const headers = [
        "Registro",
        "Sector/Cluster",
        "Subsector",
        "Organización",
        "Hombres",
        "Mujeres",
        "País",
        "Departamento/Provincia/Estado",
        null,
      ];
      const tags = [
        "",
        "#sector",
        "#subsector",
        "#org",
        "#targeted",
        "#targeted",
        "#country",
        "#adm1",
        "#date",
      ];
      const attributes = [[], ["es"], ["es"], ["es"], ["f"], ["m"], [], [], ["reported"]];
      const values = [
        ["001", "WASH", "Higiene", "ACNUR", "100", "100", "Panamá", "Los Santos", "1 March 2015"],
        ["002", "Salud", "Vacunación", "OMS", "", "", "Colombia", "Cauca", ""],
        ["003", "Educación", "Formación de enseñadores", "UNICEF", "250", "300", "Colombia", "Chocó", ""],
        ["004", "WASH", "Urbano", "OMS", "80", "95", "Venezuela", "Amazonas", ""],
      ];
      const pad = (cells: string[]) => Array.from({ length: 9 }, (_, i) => cells[i] ?? "");

      it.each([
        "input-valid.csv",
        "input-valid.hxl",
        "input-valid.tsv",
        "input-valid.ssv",
        "input-valid-latin1.csv",
        "input-valid.xlsx",
        "input-valid-xlsx.NOEXT",
      ])("%s: headers, tags, attributes and the 4 data rows", async (file) => {
        const table = await read(libhxl(`test_io/${file}`));
        expect(table.header).toMatchObject({ hashtagRow: 3, headerRow: 2, junkRows: [1] });
        expect(table.header.columns.map((c) => c.header)).toEqual(headers);
        expect(table.header.columns.map((c) => c.tag ?? "")).toEqual(tags);
        expect(table.header.columns.map((c) => c.attributes)).toEqual(attributes);
        expect(table.header.columns.map((c) => c.hashtag ?? "")).toEqual(
          oracleFile(libhxl("test_io/input-valid.csv"))[2]!,
        );
        // CSV keeps the trailing empty cells (9 values per row); XLSX rows end at their last value.
        expect(dataRows(table).map((r) => pad(r.cells))).toEqual(values);
      });

      it("input-valid.csv: 7 rows of 9 columns, as libhxl's file info says", async () => {
        const table = await read(libhxl("test_io/input-valid.csv"));
        expect(table.rows).toHaveLength(7);
        expect(Math.max(...table.rows.map((r) => r.cells.length))).toBe(9);
        expect(dataRows(table).every((r) => r.cells.length === 9)).toBe(true);
        expect((await openTable(libhxl("test_io/input-valid-latin1.csv"))).info).toMatchObject({
          encoding: "latin1",
        });
      });

      it("input-multiline.csv: one #description value spanning three lines", async () => {
        const table = await read(libhxl("test_io/input-multiline.csv"));
        expect(table.header).toMatchObject({ hashtagRow: 1, headerRow: null });
        expect(dataRows(table).map((r) => r.cells)).toEqual([["Line 1\nLine 2\nLine 3"]]);
      });

      it("input-fuzzy.csv: the imperfect hashtag row is still found; country and adm1 stay untagged", async () => {
        const table = await read(libhxl("test_io/input-fuzzy.csv"));
        expect(table.header.hashtagRow).toBe(3);
        expect(table.header.columns.map((c) => c.hashtag)).toEqual([
          null,
          "#sector+es",
          "#subsector+es",
          "#org+es",
          "#targeted+f",
          "#targeted+f",
          null,
          null,
        ]);
        expect(table.header.warnings.map((w) => [w.code, w.value])).toEqual([
          ["MALFORMED_HASHTAG", "country"],
          ["MALFORMED_HASHTAG", "adm1"],
        ]);
        expect(dataRows(table)).toHaveLength(4);
      });

      it("input-invalid.csv: no hashtag row is found (libhxl raises; here hashtagRow is null)", async () => {
        const table = await read(libhxl("test_io/input-invalid.csv"));
        expect(table.header).toMatchObject({ hashtagRow: null, headerRow: 1 });
      });

      it("input-multiple-headers.csv: junk, header, hashtags; data rows are logical row + 3", async () => {
        const table = await read(libhxl("test_io/input-multiple-headers.csv"));
        expect(table.header).toMatchObject({ hashtagRow: 3, headerRow: 2, junkRows: [1] });
        expect(table.header.columns.map((c) => c.hashtag)).toEqual(["#org", null, "#adm1", "#affected"]);
        expect(dataRows(table).map((r, logical) => r.row - (logical + 1))).toEqual([3, 3]);
        expect(dataRows(table)[0]!.cells).toEqual(["Org X", "xxx", "Coast", " 100"]);
      });

      it("input-untagged.csv: raw rows with both header rows, 9 columns, first cell empty", async () => {
        const table = await read(libhxl("test_io/input-untagged.csv"));
        expect(table.rows).toHaveLength(6);
        expect(table.rows[0]!.cells).toHaveLength(9);
        expect(table.rows[0]!.cells[0]).toBe("");
        expect(table.header).toMatchObject({ hashtagRow: null, headerRow: 1 });
      });

      it("input-quality.xlsx: sheet 1 is 6x9 and not hxlated, sheet 2 (by name) is 7x9 and hxlated", async () => {
        const first = await read(libhxl("test_io/input-quality.xlsx"));
        expect(first.rows).toHaveLength(6);
        expect(Math.max(...first.rows.map((r) => r.cells.length))).toBe(9);
        expect(first.header.hashtagRow).toBeNull();
        const second = await read(libhxl("test_io/input-quality.xlsx"), { sheet: "input-quality-hxl" });
        expect(second.rows).toHaveLength(7);
        expect(Math.max(...second.rows.map((r) => r.cells.length))).toBe(9);
        expect(second.header.columns.map((c) => c.hashtag ?? "")).toEqual([
          "",
          "#sector+es",
          "#subsector+es",
          "#org+es",
          "#targeted+f",
          "#targeted+m",
          "#country",
          "#adm1",
          "#date+reported",
        ]);
      });

      it("input-merged.xlsx: each merged range keeps its value in the top-left cell only", async () => {
        const zip = readZip(fs.readFileSync(libhxl("test_io/input-merged.xlsx")));
        const sheet = zip.get("xl/worksheets/sheet1.xml")!.toString("utf8");
        const strings = [
          ...zip
            .get("xl/sharedStrings.xml")!
            .toString("utf8")
            .matchAll(/<si>(.*?)<\/si>/gs),
        ].map((m) => [...m[1]!.matchAll(/<t[^>]*>([^<]*)<\/t>/g)].map((t) => t[1]).join(""));
        const ranges = [...sheet.matchAll(/<mergeCell ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"\/>/g)];
        expect(ranges.map((m) => m[0].slice(16, -3))).toEqual([
          "A1:C1",
          "E1:F1",
          "H1:I1",
          "I4:I7",
          "D5:D6",
          "G5:G6",
        ]);

        const table = await read(libhxl("test_io/input-merged.xlsx"));
        const byRow = new Map(table.rows.map((r) => [r.row, r.cells]));
        const col = (letters: string) => letters.charCodeAt(0) - 65;
        for (const [, c1, r1, c2, r2] of ranges) {
          const xmlCell = new RegExp(`<c r="${c1}${r1}"([^>]*)><v>([^<]*)</v>`).exec(sheet)!;
          const topLeft = xmlCell[1]!.includes('t="s"') ? strings[Number(xmlCell[2])] : xmlCell[2];
          expect(byRow.get(Number(r1))?.[col(c1!)], `${c1}${r1}`).toBe(topLeft);
          for (let r = Number(r1); r <= Number(r2); r++) {
            for (let c = col(c1!); c <= col(c2!); c++) {
              if (r === Number(r1) && c === col(c1!)) continue;
              expect(byRow.get(r)?.[c] ?? "", `${String.fromCharCode(65 + c)}${r}`).toBe("");
            }
          }
        }
        expect(byRow.get(5)![3]).toBe("UNICEF");
      });

      it("input-broken.xlsx opens and its columns are readable", async () => {
        const table = await read(libhxl("test_io/input-broken.xlsx"));
        const rowsInXml = readZip(fs.readFileSync(libhxl("test_io/input-broken.xlsx")))
          .get("xl/worksheets/sheet1.xml")!
          .toString("utf8")
          .match(/<row /g)!.length;
        expect(table.rows).toHaveLength(rowsInXml);
        expect(table.header).toMatchObject({ hashtagRow: 2, headerRow: 1 });
        expect(table.header.columns.map((c) => c.tag)).toEqual([
          "#country",
          "#country",
          "#date",
          "#date",
          "#description",
          "#crisis",
          "#crisis",
          "#affected",
        ]);
      });

      it("refuses the 'not data' inputs with a clear error", async () => {
        expect(await errorCode(libhxl("test_io/input-notag1.html"))).toBe("HTML_NOT_TABLE");
        expect(await errorCode(libhxl("test_io/input-notag2.html"))).toBe("HTML_NOT_TABLE");
        expect(await errorCode(libhxl("test_io/input-zip-invalid.zip"))).toBe("UNREADABLE_XLSX");
        // Formats libhxl reads that this reader does not (yet): old .xls, zipped CSV.
        expect(await errorCode(libhxl("test_io/input-valid.xls"))).toBe("BINARY_NOT_TABLE");
        expect(await errorCode(libhxl("test_io/input-valid-csv.zip"))).toBe("UNREADABLE_XLSX");
      });
    });
  },
);
