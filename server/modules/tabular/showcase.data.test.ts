import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { coreHashtags } from "./hxl-core-tags.ts";
import { dataRows, oracleFile, oracleRecords, read } from "./testing/data.ts";

/**
 * The reader on the 2014 HXL showcase files and the HXL core schema in shared/data. Expected values
 * come from shared/data/README.md or are computed from the raw files by the oracle in
 * testing/data.ts, never with the reader under test.
 */

const dataDir = path.resolve(import.meta.dirname, "../../../../shared/data");
const hasData = fs.existsSync(path.join(dataDir, "hxl"));
const showcase = (file: string) => path.join(dataDir, "hxl/hxl-showcase", file);

const suite = hasData ? describe : describe.skip;

suite(
  hasData ? "tabular: HXL showcase and core schema (shared/data)" : `tabular: skipped, no data at ${dataDir}`,
  () => {
    describe("hxl-showcase", () => {
      it("unhcr-3w.csv: 2,250 data rows and the README's per-sector counts", async () => {
        const oracle = oracleFile(showcase("unhcr-3w.csv"));
        const sectorAt = oracle[1]!.indexOf("#sector");
        const oracleCounts = new Map<string, number>();
        for (const r of oracle.slice(2))
          oracleCounts.set(r[sectorAt]!, (oracleCounts.get(r[sectorAt]!) ?? 0) + 1);
        const readme = { Health: 227, Protection: 214, Education: 199, "Water & Sanitation": 183 };
        expect(oracle.length - 2).toBe(2250);
        for (const [sector, n] of Object.entries(readme)) expect(oracleCounts.get(sector), sector).toBe(n);

        const table = await read(showcase("unhcr-3w.csv"));
        expect(table.header).toMatchObject({ hashtagRow: 2, headerRow: 1, junkRows: [] });
        const data = dataRows(table);
        expect(data).toHaveLength(2250);
        const sector = table.header.columns.find((c) => c.hashtag === "#sector")!.index;
        const counts = new Map<string, number>();
        for (const r of data) counts.set(r.cells[sector]!, (counts.get(r.cells[sector]!) ?? 0) + 1);
        for (const [name, n] of Object.entries(readme)) expect(counts.get(name), name).toBe(n);
        expect(counts).toEqual(oracleCounts);
        expect(table.header.columns.filter((c) => c.hashtag === null)).toHaveLength(2);
        const unknown = table.header.warnings.filter((w) => w.code === "UNKNOWN_HASHTAG").map((w) => w.value);
        expect(unknown).toEqual(["#lat_deg", "#lon_deg"]);
      });

      it("brc-westafrica-movement.csv: hashtag row at line 8 under 6 junk rows, 188 data rows, every column kept", async () => {
        const oracle = oracleFile(showcase("brc-westafrica-movement.csv"));
        const oracleHashtagRow = oracle.findIndex((r) => r[0]!.startsWith("#")) + 1;
        expect(oracleHashtagRow).toBe(8);
        expect(oracle.length - oracleHashtagRow).toBe(188);
        expect(oracle[7]!.filter((c) => c === "#source_lnk")).toHaveLength(2);
        expect(oracle[7]!.at(-1)).toBe("");

        const table = await read(showcase("brc-westafrica-movement.csv"));
        expect(table.header).toMatchObject({ hashtagRow: 8, headerRow: 7, junkRows: [1, 2, 3, 4, 5, 6] });
        expect(dataRows(table)).toHaveLength(188);
        const columns = table.header.columns;
        expect(columns).toHaveLength(oracle[6]!.length);
        expect(columns.at(-1)).toMatchObject({ header: oracle[6]!.at(-1), hashtag: null });
        expect(columns.filter((c) => c.hashtag === "#source_lnk").map((c) => c.header)).toEqual([
          "Source",
          "Source_Hyperlink",
        ]);
        expect(
          table.header.warnings.some((w) => w.value === "#x_uniqueid" && w.code === "UNKNOWN_HASHTAG"),
        ).toBe(true);
        const country = columns.find((c) => c.hashtag === "#country")!.index;
        const liberia = dataRows(table).filter((r) => r.cells[country] === "Liberia ").length;
        expect(liberia).toBe(oracle.slice(8).filter((r) => r[country] === "Liberia ").length);
      });

      it("iati-sierraleone.csv: 515 records over 623 lines, despite multi-line cells", async () => {
        const text = fs.readFileSync(showcase("iati-sierraleone.csv"), "utf8");
        const oracle = oracleRecords(text);
        expect(text.split("\n").length - (text.endsWith("\n") ? 1 : 0)).toBe(623);
        expect(oracle.length - 2).toBe(515);
        const table = await read(showcase("iati-sierraleone.csv"));
        expect(table.header.hashtagRow).toBe(2);
        const data = dataRows(table);
        expect(data).toHaveLength(515);
        expect(data.map((r) => r.cells)).toEqual(oracle.slice(2));
      });
    });

    it("the built-in core hashtag list equals hxl-core-schema/hashtag.hxl.csv", () => {
      const [tagsRow, ...rows] = oracleFile(path.join(dataDir, "hxl/hxl-core-schema/hashtag.hxl.csv"));
      const at = (tag: string) => tagsRow!.indexOf(tag);
      const fromSheet = rows.map((r) => ({
        tag: r[at("#valid_tag")],
        status: r[at("#status")] || null,
        datatype: r[at("#valid_datatype")] || null,
        release: r[at("#meta+release")] || null,
        description: r[at("#description+short+en")],
      }));
      expect(coreHashtags).toEqual(fromSheet);
    });
  },
);
