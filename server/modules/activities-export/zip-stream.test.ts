import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import yazl from "yazl";
import { zipStream } from "./zip-stream.ts";

/** The streamed ZIP writer of the XLSX export writes the bytes yazl writes for the same entries. */

async function collect(stream: AsyncIterable<Buffer | string>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

async function* pieces(data: Buffer, size: number) {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

describe("zipStream", () => {
  it("writes what yazl writes: small parts whole, a large part streamed", async () => {
    const mtime = new Date(2024, 4, 17, 13, 45, 31);
    const parts: [string, Buffer][] = [
      ["[Content_Types].xml", Buffer.from("<?xml?><Types>…</Types>")],
      ["xl/workbook.xml", Buffer.from("<workbook>বাংলা</workbook>")],
      ["empty.xml", Buffer.alloc(0)],
    ];
    // Text that compresses, and noise that does not, across many chunks.
    const rows = Buffer.from(
      Array.from(
        { length: 40_000 },
        (_, i) => `<row r="${i}"><c t="str"><v>text ${i % 97}</v></c></row>`,
      ).join(""),
    );
    const sheet = Buffer.concat([rows, randomBytes(300_000), rows]);
    for (const level of [1, 6, 0]) {
      const zip = new yazl.ZipFile();
      for (const [name, data] of parts) zip.addBuffer(data, name, { mtime });
      zip.addReadStream(Readable.from(pieces(sheet, 65_536)), "xl/worksheets/sheet1.xml", {
        mtime,
        compressionLevel: level,
      });
      zip.end();
      const expected = await collect(zip.outputStream as Readable);
      const actual = await collect(
        zipStream(
          [
            ...parts.map(([name, data]) => ({ name, data, level: 6 })),
            { name: "xl/worksheets/sheet1.xml", data: pieces(sheet, 65_536), level },
          ],
          mtime,
        ),
      );
      expect(actual.equals(expected), `level ${level}`).toBe(true);
    }
  });

  it("stops reading a streamed part when the reader stops, and fails when the part fails", async () => {
    let closed = false;
    async function* endless() {
      try {
        for (;;) yield randomBytes(100_000);
      } finally {
        closed = true;
      }
    }
    let read = 0;
    for await (const chunk of zipStream([{ name: "a", data: endless(), level: 1 }])) {
      read += chunk.length;
      if (read > 2_000_000) break;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closed).toBe(true);
    async function* failing() {
      yield Buffer.from("some");
      throw new Error("query failed");
    }
    await expect(collect(zipStream([{ name: "a", data: failing(), level: 1 }]))).rejects.toThrow(
      "query failed",
    );
  });
});
