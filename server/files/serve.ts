import type { FastifyReply } from "fastify";
import { notFound } from "../errors.ts";
import { imageTypes } from "./file-types.ts";
import type { FileStore } from "./store.ts";

export interface ServedFile {
  fileKey: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
}

/** Types a browser may show inline: PDF and images (never text, which could pass for a page). */
export const previewable = (contentType: string) =>
  contentType === "application/pdf" || imageTypes.has(contentType);

/** `filename="…"` for old clients (ASCII only) and `filename*=` (RFC 5987) for the real name. */
export function contentDisposition(kind: "inline" | "attachment", fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * Sends a stored file: its detected type, a download name, no sniffing, and a policy that runs no
 * script whatever the file holds. `inline` is honoured for PDF and images only.
 */
export async function sendStoredFile(
  reply: FastifyReply,
  store: FileStore,
  file: ServedFile,
  options: { inline?: boolean; publicCache?: boolean } = {},
) {
  let stream: Awaited<ReturnType<FileStore["open"]>>;
  try {
    stream = await store.open(file.fileKey);
  } catch {
    throw notFound("The file");
  }
  const inline = !!options.inline && previewable(file.contentType);
  const type = file.contentType.startsWith("text/") ? `${file.contentType}; charset=utf-8` : file.contentType;
  return reply
    .header("content-type", type)
    .header("content-length", String(file.size))
    .header("content-disposition", contentDisposition(inline ? "inline" : "attachment", file.fileName))
    .header("x-content-type-options", "nosniff")
    .header(
      "content-security-policy",
      "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; object-src 'self'; frame-ancestors 'self'",
    )
    .header("cache-control", options.publicCache ? "public, max-age=300" : "private, no-store")
    .header("etag", `"${file.sha256}"`)
    .send(stream);
}
