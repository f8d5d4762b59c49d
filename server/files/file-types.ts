import { fileTypeFromBuffer } from "file-type";
import { AppError } from "../errors.ts";

/**
 * What a file is, judged from its bytes (never its name or the browser's word), and whether the
 * portal accepts it. Text has no magic number, so plain text and CSV pass a text check instead.
 */

export type FileKind = "document" | "image";

export const imageTypes = new Set(["image/png", "image/jpeg", "image/gif", "image/webp"]);

const officeTypes = new Set([
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  "application/vnd.oasis.opendocument.text",
  "application/vnd.oasis.opendocument.spreadsheet",
  "application/vnd.oasis.opendocument.presentation",
  "application/msword",
  "application/vnd.ms-excel",
  "application/vnd.ms-powerpoint",
]);

const documentTypes = new Set([
  "application/pdf",
  "text/plain",
  "text/csv",
  ...officeTypes,
  ...imageTypes,
  "image/tiff",
]);

/** Legacy Office files are one compound-file container; their extension says which. */
const compoundByExtension: Record<string, string> = {
  doc: "application/msword",
  xls: "application/vnd.ms-excel",
  ppt: "application/vnd.ms-powerpoint",
};

/** Names no library file should carry, whatever its content: opened, they would run. */
const executableExtensions = new Set(
  "exe dll com scr msi msp bat cmd ps1 psm1 vbs vbe js jse wsf wsh hta cpl jar apk app sh bash run bin elf so dylib lnk reg iso dmg".split(
    " ",
  ),
);

export interface DetectedType {
  contentType: string;
  /** The usual extension of the type, to give a downloaded file a name that matches it. */
  extension: string;
}

const extensionOf = (fileName: string) => {
  const dot = fileName.lastIndexOf(".");
  return dot > 0 ? fileName.slice(dot + 1).toLowerCase() : "";
};

/** True when the bytes read as UTF-8 text without NUL bytes and with few control characters. */
export function looksLikeText(head: Buffer, complete: boolean): boolean {
  if (head.length === 0) return false;
  let text: string;
  try {
    // `stream: true` lets a multi-byte character cut at the end of the head pass.
    text = new TextDecoder("utf-8", { fatal: true }).decode(head, { stream: !complete });
  } catch {
    return false;
  }
  let control = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code === 0) return false;
    if (code < 32 && code !== 9 && code !== 10 && code !== 13 && code !== 12) control++;
  }
  return control / text.length < 0.01;
}

const refuse = (message: string, why: string) =>
  new AppError("UNSUPPORTED_MEDIA_TYPE", message, [{ path: "file", message: why }]);

/**
 * The type of an uploaded file from its first bytes, or a 415 naming why it is refused: an
 * executable (whatever its name), a type not on the allow-list, markup posing as text.
 */
export async function detectFileType(
  head: Buffer,
  complete: boolean,
  fileName: string,
  kind: FileKind,
): Promise<DetectedType> {
  const extension = extensionOf(fileName);
  if (executableExtensions.has(extension))
    throw refuse(`Files named .${extension} are not accepted.`, "executable name");
  const found = await fileTypeFromBuffer(head);
  let contentType: string;
  let ext: string;
  if (found) {
    contentType = found.mime;
    ext = found.ext;
    if (contentType === "application/x-cfb") {
      const legacy = compoundByExtension[extension];
      if (!legacy) throw refuse("This file type is not accepted.", "compound file without an Office name");
      contentType = legacy;
      ext = extension;
    }
  } else if (looksLikeText(head, complete)) {
    // HTML, SVG and XML are text that a browser would run: refused rather than served as text.
    if (/^\s*</.test(head.subarray(0, 512).toString("utf8")))
      throw refuse("HTML, SVG and XML files are not accepted.", "markup");
    const csv = extension === "csv" || extension === "tsv";
    contentType = csv ? "text/csv" : "text/plain";
    ext = csv ? "csv" : extension === "md" ? "md" : "txt";
  } else {
    throw refuse("The type of this file could not be recognised; it is not accepted.", "unknown type");
  }
  const allowed = kind === "image" ? imageTypes : documentTypes;
  if (!allowed.has(contentType))
    throw refuse(
      kind === "image"
        ? `Only PNG, JPEG, GIF and WebP images are accepted (this file is ${contentType}).`
        : `Files of type ${contentType} are not accepted.`,
      `type ${contentType} not allowed`,
    );
  return { contentType, extension: ext };
}

/** Short labels of what each kind accepts, for error messages and forms. */
export const acceptedLabel: Record<FileKind, string> = {
  document: "PDF, Word, Excel, PowerPoint, OpenDocument, CSV, text, PNG, JPEG, GIF, WebP, TIFF",
  image: "PNG, JPEG, GIF, WebP",
};
