import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { loadEnv } from "../env.ts";
import { detectFileType, looksLikeText } from "./file-types.ts";
import { cleanFileName, receiveFile } from "./receive.ts";
import { s3FileStore } from "./s3-store.ts";
import { localFileStore } from "./store.ts";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "isx-files-"));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
const env = (extra: Record<string, string> = {}) =>
  loadEnv({ DATA_DIR: dataDir, LOG_LEVEL: "silent", ...extra });
const responseId = "00000000-0000-4000-8000-000000000001";
const store = () => localFileStore(path.join(dataDir, "files"));
/** Every file under the data folder: what a refused upload must not leave behind. */
const filesOnDisk = () =>
  fs.existsSync(dataDir)
    ? fs.readdirSync(dataDir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile())
    : [];

const pdfBytes = Buffer.from(
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
);
/** An ELF header: a Linux executable, whatever its name says. */
const elfBytes = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(120, 1)]);
/** A Windows executable's MZ/PE header. */
const peBytes = (() => {
  const b = Buffer.alloc(256);
  b.write("MZ", 0);
  b.writeUInt32LE(0x80, 0x3c);
  b.write("PE\0\0", 0x80, "latin1");
  return b;
})();
const pngBytes = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);

describe("detectFileType", () => {
  it("names the type from the content, not the name", async () => {
    expect((await detectFileType(pdfBytes, true, "notes.txt", "document")).contentType).toBe(
      "application/pdf",
    );
    expect((await detectFileType(pngBytes, true, "photo.pdf", "image")).contentType).toBe("image/png");
    expect(await detectFileType(Buffer.from("a,b\n1,2\n"), true, "table.csv", "document")).toEqual({
      contentType: "text/csv",
      extension: "csv",
    });
    expect(
      (await detectFileType(Buffer.from("Minutes of the meeting\n"), true, "m", "document")).contentType,
    ).toBe("text/plain");
  });

  it("refuses renamed executables, markup, unknown binaries and non-images as images", async () => {
    await expect(detectFileType(elfBytes, true, "report.pdf", "document")).rejects.toMatchObject({
      code: "UNSUPPORTED_MEDIA_TYPE",
    });
    await expect(detectFileType(peBytes, true, "report.pdf", "document")).rejects.toMatchObject({
      code: "UNSUPPORTED_MEDIA_TYPE",
    });
    await expect(detectFileType(pdfBytes, true, "report.exe", "document")).rejects.toThrow(/\.exe/);
    await expect(
      detectFileType(Buffer.from("<svg onload=alert(1)>"), true, "a.txt", "document"),
    ).rejects.toThrow(/HTML, SVG/);
    await expect(
      detectFileType(Buffer.from([0, 1, 2, 3, 250, 251]), true, "x.bin.pdf", "document"),
    ).rejects.toThrow(/could not be recognised/);
    await expect(detectFileType(pdfBytes, true, "photo.jpg", "image")).rejects.toThrow(/Only PNG/);
  });

  it("reads UTF-8 text, even cut in the middle of a character, and refuses NUL bytes", () => {
    expect(looksLikeText(Buffer.from("কক্সবাজার"), true)).toBe(true);
    expect(looksLikeText(Buffer.from("কক্সবাজার").subarray(0, 4), false)).toBe(true);
    expect(looksLikeText(Buffer.from("a\0b"), true)).toBe(false);
    expect(looksLikeText(Buffer.from([0xff, 0xfe, 0x41]), true)).toBe(false);
  });
});

describe("receiveFile", () => {
  it("stores a checked file with its SHA-256 and a name matching its type", async () => {
    const stored = await receiveFile(
      Readable.from([pdfBytes]),
      "../../sitrep.txt",
      responseId,
      env(),
      {
        kind: "document",
        maxBytes: 1024 * 1024,
      },
      store(),
    );
    expect(stored).toMatchObject({
      contentType: "application/pdf",
      size: pdfBytes.length,
      fileName: "sitrep.pdf",
    });
    expect(stored.sha256).toMatch(/^[0-9a-f]{64}$/);
    const back = await store().open(stored.key);
    const chunks: Buffer[] = [];
    for await (const c of back) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).equals(pdfBytes)).toBe(true);
    await store().remove(stored.key);
  });

  it("refuses an oversize file while it streams and leaves nothing on disk", async () => {
    const before = filesOnDisk().length;
    let produced = 0;
    // 10 MB offered in 64 KB chunks against a 1 MB limit: the reading stops early.
    const source = Readable.from(
      (function* () {
        for (let i = 0; i < 160; i++) {
          produced++;
          yield Buffer.concat([i === 0 ? pdfBytes : Buffer.alloc(0), Buffer.alloc(64 * 1024, 65)]);
        }
      })(),
    );
    await expect(
      receiveFile(source, "big.pdf", responseId, env(), { kind: "document", maxBytes: 1024 * 1024 }, store()),
    ).rejects.toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
    expect(filesOnDisk().length).toBe(before);
    expect(produced).toBeLessThan(160);
  });

  it("refuses a renamed executable and keeps nothing", async () => {
    const before = filesOnDisk().length;
    await expect(
      receiveFile(
        Readable.from([elfBytes]),
        "report.pdf",
        responseId,
        env(),
        { kind: "document", maxBytes: 1e6 },
        store(),
      ),
    ).rejects.toMatchObject({ code: "UNSUPPORTED_MEDIA_TYPE" });
    expect(filesOnDisk().length).toBe(before);
  });

  it("runs the virus-scanning command: a non-zero exit refuses the file, zero keeps it", async () => {
    const script = path.join(dataDir, "scan.sh");
    // Reads the file from standard input and refuses it when it contains the EICAR marker.
    fs.writeFileSync(script, "#!/bin/sh\nif grep -q EICAR-STANDARD; then exit 1; fi\nexit 0\n", {
      mode: 0o755,
    });
    const options = { kind: "document" as const, maxBytes: 1e6, scanCommand: script };
    const before = filesOnDisk().length;
    await expect(
      receiveFile(
        Readable.from([Buffer.from("X5O EICAR-STANDARD-ANTIVIRUS-TEST-FILE\n")]),
        "a.txt",
        responseId,
        env(),
        options,
        store(),
      ),
    ).rejects.toThrow(/virus scan/);
    expect(filesOnDisk().length).toBe(before);
    const clean = await receiveFile(
      Readable.from([Buffer.from("clean\n")]),
      "a.txt",
      responseId,
      env(),
      options,
      store(),
    );
    expect(clean.contentType).toBe("text/plain");
    await store().remove(clean.key);
  });

  it("cleans names", () => {
    expect(cleanFileName('C:\\Users\\x\\bad"na<me>.PDF', "pdf")).toBe("badname.pdf");
    expect(cleanFileName("", "txt")).toBe("file.txt");
  });
});

describe("s3FileStore", () => {
  it("puts, gets and deletes through the S3 API with the bucket and key", async () => {
    const objects = new Map<string, Buffer>();
    const calls: string[] = [];
    const client = {
      async send(command: { input: object; constructor: { name: string } }) {
        const input = command.input as { Bucket: string; Key: string; Body?: Readable; ContentType?: string };
        calls.push(`${command.constructor.name} ${input.Bucket}/${input.Key}`);
        if (command.constructor.name === "PutObjectCommand") {
          const chunks: Buffer[] = [];
          for await (const c of input.Body!) chunks.push(c as Buffer);
          objects.set(input.Key, Buffer.concat(chunks));
          expect(input.ContentType).toBe("application/pdf");
          return {};
        }
        if (command.constructor.name === "GetObjectCommand")
          return { Body: Readable.from([objects.get(input.Key)!]) };
        objects.delete(input.Key);
        return {};
      },
    };
    const s3 = s3FileStore({ bucket: "docs", client });
    const temp = path.join(dataDir, "temp.pdf");
    fs.writeFileSync(temp, pdfBytes);
    const key = `${responseId}/00000000-0000-4000-8000-0000000000aa`;
    await s3.save(key, temp, "application/pdf", pdfBytes.length);
    expect(fs.existsSync(temp)).toBe(false);
    const chunks: Buffer[] = [];
    for await (const c of await s3.open(key)) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).equals(pdfBytes)).toBe(true);
    await s3.remove(key);
    expect(objects.size).toBe(0);
    expect(calls).toEqual([
      `PutObjectCommand docs/${key}`,
      `GetObjectCommand docs/${key}`,
      `DeleteObjectCommand docs/${key}`,
    ]);
  });

  it("is chosen when S3_BUCKET is set", async () => {
    const { fileStoreFor } = await import("./store.ts");
    expect(fileStoreFor(env()).kind).toBe("local");
    expect(fileStoreFor(env({ S3_BUCKET: "b", S3_ENDPOINT: "http://127.0.0.1:9" })).kind).toBe("s3");
  });
});
