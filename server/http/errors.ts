import type { FastifyError, FastifyInstance } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import type { ErrorBody, ErrorCode, ErrorDetail } from "../../common/errors.ts";
import { errorStatus } from "../../common/errors.ts";
import { AppError } from "../errors.ts";

function body(code: ErrorCode, message: string, details: ErrorDetail[] = []): ErrorBody {
  return { error: { code, message, details } };
}

/** Fastify's own client errors (bad JSON, too large, wrong content type) and what we call them. */
const fastifyCodes: Record<string, { code: ErrorCode; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: "INVALID_JSON", message: "The request body is not valid JSON." },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    code: "INVALID_JSON",
    message: "The request body is empty but JSON was declared.",
  },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: "PAYLOAD_TOO_LARGE", message: "The request body is too large." },
  FST_REQ_FILE_TOO_LARGE: { code: "PAYLOAD_TOO_LARGE", message: "The uploaded file is too large." },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: "UNSUPPORTED_MEDIA_TYPE",
    message: "This content type is not accepted here.",
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: "VALIDATION_FAILED", message: "Content-Length is wrong." },
  FST_INVALID_MULTIPART_CONTENT_TYPE: {
    code: "UNSUPPORTED_MEDIA_TYPE",
    message: "Expected a multipart upload.",
  },
};

/** Maps every error to `{ error: { code, message, details } }`: the one place errors become HTTP. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      return reply.status(error.status).send(body(error.code, error.message, error.details));
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = error.validationContext ?? "body";
      const details = error.validation.map((v) => ({
        path: [where, ...v.instancePath.split("/").filter(Boolean)].join("."),
        message: v.message ?? "is invalid",
      }));
      return reply.status(400).send(body("VALIDATION_FAILED", "The request is not valid.", details));
    }
    const database = databaseError(error);
    if (database) return reply.status(errorStatus[database.code]).send(body(database.code, database.message));
    const known = error.code ? fastifyCodes[error.code] : undefined;
    if (known) return reply.status(errorStatus[known.code]).send(body(known.code, known.message));
    if (error.statusCode === 429) {
      return reply.status(429).send(body("RATE_LIMITED", "Too many attempts. Wait a minute and try again."));
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return reply
        .status(error.statusCode)
        .send(body(error.statusCode === 413 ? "PAYLOAD_TOO_LARGE" : "VALIDATION_FAILED", error.message));
    }
    request.log.error({ err: error }, "unhandled error");
    return reply
      .status(500)
      .send(body("INTERNAL", "Something went wrong on the server. It has been logged."));
  });
}

/** 404 in the common error shape. */
export const notFoundBody = (method: string, url: string) =>
  body("NOT_FOUND", `No route ${method} ${url.split("?")[0]}.`);

/**
 * A constraint or data error raised by PostgreSQL (through drizzle, which wraps it in `cause`).
 * Services check first and answer precisely; this catches what a race lets through, such as two
 * requests creating the same name at once on PostgreSQL.
 */
function databaseError(error: unknown): { code: ErrorCode; message: string } | null {
  const cause = (error as { cause?: { code?: unknown; constraint?: unknown } }).cause ?? error;
  const code =
    typeof (cause as { code?: unknown }).code === "string" ? (cause as { code: string }).code : null;
  if (!code || !/^[0-9A-Z]{5}$/.test(code)) return null;
  if (code === "23505")
    return {
      code: "CONFLICT",
      message: "A record with the same key already exists (it may have just been created).",
    };
  if (code === "23503")
    return {
      code: "CONFLICT",
      message: "This refers to a record that does not exist, or that other records still refer to.",
    };
  if (code === "23514" || code === "23502")
    return { code: "VALIDATION_FAILED", message: "A value breaks a rule of the data." };
  if (["22007", "22008", "22P02", "22003", "22001"].includes(code))
    return { code: "VALIDATION_FAILED", message: "A value is out of range or badly formed." };
  return null;
}
