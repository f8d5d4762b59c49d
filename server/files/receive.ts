import { spawn } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { type Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { FastifyRequest } from "fastify";
import type { Env } from "../env.ts";
import { AppError, invalid } from "../errors.ts";
import { detectFileType, type FileKind } from "./file-types.ts";
import { type FileStore, fileStoreFor, uploadTempDir } from "./store.ts";

/** A file checked and kept in the store. */
export interface StoredFile {
  key: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
}

/** How many bytes of the head the type detection reads. */
const headBytes = 64 * 1024;

export interface ReceiveOptions {
  kind: FileKind;
  maxBytes: number;
  /** A shell command the file is piped into; a non-zero exit refuses the file. */
  scanCommand?: string;
}

const tooLarge = (maxBytes: number) =>
  new AppError(
    "PAYLOAD_TOO_LARGE",
    `The file is larger than the upload limit (${Math.round(maxBytes / 1048576)} MB).`,
    [{ path: "file", message: "too large" }],
  );

/** Counts and hashes the bytes going through, keeps the head, and fails past `maxBytes`. */
function meter(maxBytes: number) {
  const hash = createHash("sha256");
  const head: Buffer[] = [];
  let headLength = 0;
  let size = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > maxBytes) return done(tooLarge(maxBytes));
      hash.update(chunk);
      if (headLength < headBytes) {
        head.push(chunk.subarray(0, headBytes - headLength));
        headLength += Math.min(chunk.length, headBytes - headLength);
      }
      done(null, chunk);
    },
  });
  return { stream, result: () => ({ size, sha256: hash.digest("hex"), head: Buffer.concat(head) }) };
}

/** Pipes the file into the virus-scanning command; resolves when it exits 0. */
export function scanFile(command: string, file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, { shell: true, stdio: ["pipe", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => {
      if (stderr.length < 2000) stderr += d.toString("utf8");
    });
    child.on("error", reject);
    child.stdin.on("error", () => {}); // the scanner may exit before reading everything
    fs.createReadStream(file).pipe(child.stdin);
    child.on("close", (code) => {
      if (code === 0) resolve();
      else
        reject(
          new AppError("VALIDATION_FAILED", "The file was refused by the virus scan.", [
            { path: "file", message: `virus scan exit ${code}` },
          ]),
        );
    });
  });
}

/**
 * Streams an upload to a temporary file (refusing it past `maxBytes` before it is all read),
 * checks its type from the content, scans it, and moves it into the store. Whatever fails, no
 * file is left behind.
 */
export async function receiveFile(
  source: Readable & { truncated?: boolean },
  fileName: string,
  responseId: string,
  env: Env,
  options: ReceiveOptions,
  store: FileStore = fileStoreFor(env),
): Promise<StoredFile> {
  const tempDir = uploadTempDir(env);
  await fs.promises.mkdir(tempDir, { recursive: true });
  const temp = path.join(tempDir, randomUUID());
  const file = fs.createWriteStream(temp);
  // A refused upload destroys the write stream while it may still be opening the file: wait for
  // it to close, or the file would appear after it was removed.
  const closed = new Promise<void>((resolve) => file.once("close", () => resolve()));
  const discard = async () => {
    if (!file.closed) await closed;
    await fs.promises.rm(temp, { force: true });
  };
  try {
    const metered = meter(options.maxBytes);
    await pipeline(source, metered.stream, file);
    // The multipart parser's own ceiling cuts a file silently: that is too large as well.
    if (source.truncated) throw tooLarge(options.maxBytes);
    const { size, sha256, head } = metered.result();
    if (size === 0) throw invalid("The uploaded file is empty.", [{ path: "file", message: "empty" }]);
    const type = await detectFileType(head, size <= head.length, fileName, options.kind);
    if (options.scanCommand) await scanFile(options.scanCommand, temp);
    const key = `${responseId}/${randomUUID()}`;
    await store.save(key, temp, type.contentType, size);
    return {
      key,
      fileName: cleanFileName(fileName, type.extension),
      contentType: type.contentType,
      size,
      sha256,
    };
  } catch (error) {
    // Drain what is left of the upload so the answer reaches the client.
    source.resume();
    throw error;
  } finally {
    await discard();
  }
}

/** A safe download name: no path, no control characters, the extension of the detected type. */
export function cleanFileName(name: string, extension: string): string {
  const base = (name.split(/[\\/]/).pop() ?? "")
    .split("")
    .filter((c) => c.charCodeAt(0) >= 32 && c.charCodeAt(0) !== 127 && !'"<>:|?*'.includes(c))
    .join("")
    .trim()
    .slice(0, 180);
  const stem = base.replace(/\.[^.]*$/, "") || "file";
  return `${stem}.${extension}`;
}

/** Upload settings from the configuration. */
export const receiveOptions = (env: Env, kind: FileKind): ReceiveOptions => ({
  kind,
  maxBytes: env.UPLOAD_MAX_MB * 1024 * 1024,
  scanCommand: env.VIRUS_SCAN_COMMAND,
});

/**
 * Reads a multipart request: text fields first (as browsers send them in form order), then the
 * file in field `file`. `prepare` sees the fields before a byte of the file is read, so a
 * refused request (bad fields, no right) stores nothing.
 */
export async function receiveMultipart<T>(
  request: FastifyRequest,
  env: Env,
  responseId: string,
  kind: FileKind,
  prepare: (fields: Record<string, string>) => Promise<T>,
): Promise<{ prepared: T; file: StoredFile }> {
  if (!request.isMultipart())
    throw invalid("Send the file as multipart/form-data, field `file`.", [
      { path: "file", message: "missing" },
    ]);
  const fields: Record<string, string> = {};
  let result: { prepared: T; file: StoredFile } | undefined;
  for await (const part of request.parts()) {
    if (part.type === "field") {
      if (!result) fields[part.fieldname] = String(part.value);
      continue;
    }
    if (part.fieldname !== "file" || result) {
      part.file.resume();
      continue;
    }
    let prepared: T;
    try {
      prepared = await prepare(fields);
    } catch (error) {
      part.file.resume();
      throw error;
    }
    const file = await receiveFile(part.file, part.filename, responseId, env, receiveOptions(env, kind));
    result = { prepared, file };
  }
  if (!result) throw invalid("No file was uploaded.", [{ path: "file", message: "missing" }]);
  return result;
}
