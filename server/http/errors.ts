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
