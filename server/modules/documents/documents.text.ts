import type { Readable } from "node:stream";
import { yieldToEventLoop } from "../../db/client.ts";

/**
 * The words of an uploaded file, so the search finds a document by what it says and not only by
 * its title: plain text and CSV as they are, PDFs through pdf.js (the `unpdf` build, which needs
 * no canvas or worker). Other types (Office files, images) give no text. The text is capped, and
 * reading it never fails an upload: a file pdf.js cannot read is logged and stored without text.
 */

/** At most this much text (UTF-8) is kept per version: enough for a long report's search. */
export const maxTextBytes = 200 * 1024;
/** Bigger PDFs are not read: pdf.js holds the whole file and parses it in this process. */
const maxPdfBytes = 20 * 1024 * 1024;
/** pdf.js reads page by page; a scanned book without text stops here rather than at page 5,000. */
const maxPdfPages = 1000;

type Log = { warn(details: object, message: string): void };

/** The text of `file`, or null when its type has none we read, or reading it failed. */
export async function extractText(
  open: () => Promise<Readable>,
  file: { contentType: string; size: number; fileName: string },
  log: Log = console,
): Promise<string | null> {
  try {
    if (file.contentType === "text/plain" || file.contentType === "text/csv")
      return clean(await readBytes(await open(), maxTextBytes));
    if (file.contentType === "application/pdf" && file.size <= maxPdfBytes)
      return clean(await pdfText(await readBytes(await open(), maxPdfBytes)));
    return null;
  } catch (error) {
    log.warn({ err: error, file: file.fileName }, "document text extraction failed; stored without text");
    return null;
  }
}

/** The first `limit` bytes of a stream (the rest is not read). */
async function readBytes(stream: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      length += chunk.length;
      if (length >= limit) break;
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks).subarray(0, limit);
}

async function pdfText(bytes: Buffer): Promise<string> {
  // Loaded on the first PDF only: pdf.js is large, and most requests never need it.
  const { getDocumentProxy } = await import("unpdf");
  // Verbosity 0: pdf.js reports errors only (its warnings about damaged files went to stdout).
  const pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
  try {
    const pages: string[] = [];
    let length = 0;
    for (let n = 1; n <= Math.min(pdf.numPages, maxPdfPages) && length < maxTextBytes; n++) {
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      const text = content.items
        .map((item) => ("str" in item ? item.str + (item.hasEOL ? "\n" : "") : ""))
        .join("");
      pages.push(text);
      length += Buffer.byteLength(text);
      page.cleanup();
      // Parsing runs in this process: let other requests (and PGlite) through between pages.
      await yieldToEventLoop();
    }
    return pages.join("\n");
  } finally {
    await pdf.destroy();
  }
}

/** Capped UTF-8 text without NUL characters (PostgreSQL text cannot hold them); null when empty. */
export function clean(text: string | Buffer): string | null {
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text, "utf8");
  const decoded = new TextDecoder("utf-8")
    .decode(bytes.subarray(0, maxTextBytes))
    // A multi-byte character cut at the cap decodes as a replacement character: drop it.
    .replace(/\uFFFD$/, "")
    .replaceAll("\u0000", "")
    .trim();
  return decoded || null;
}
