import type { FastifyRequest } from "fastify";
import { invalid } from "../errors.ts";

export interface Upload {
  filename: string;
  mimetype: string;
  bytes: Buffer;
}

/** The uploaded file of a request: multipart field `file`, or the raw body of a file content type. */
export async function readUpload(request: FastifyRequest): Promise<Upload> {
  if (request.isMultipart()) {
    const file = await request.file();
    if (!file) throw invalid("No file was uploaded.", [{ path: "file", message: "missing" }]);
    const bytes = await file.toBuffer();
    if (bytes.length === 0)
      throw invalid("The uploaded file is empty.", [{ path: "file", message: "empty" }]);
    return { filename: file.filename, mimetype: file.mimetype, bytes };
  }
  const body = request.body;
  if (!Buffer.isBuffer(body) || body.length === 0) {
    throw invalid("Send the file as multipart/form-data or as a raw text/csv or application/geo+json body.", [
      { path: "body", message: "no file" },
    ]);
  }
  return { filename: "", mimetype: request.headers["content-type"] ?? "", bytes: body };
}
