import { type ErrorCode, type ErrorDetail, errorStatus } from "../common/errors.ts";

/** The one error type the domain throws; `server/http/errors.ts` turns it into an HTTP answer. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[];

  constructor(code: ErrorCode, message: string, details: ErrorDetail[] = []) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return errorStatus[this.code];
  }
}

export const notFound = (what: string) => new AppError("NOT_FOUND", `${what} was not found.`);
export const forbidden = (message = "You do not have permission to do this.") =>
  new AppError("FORBIDDEN", message);
export const invalid = (message: string, details: ErrorDetail[] = []) =>
  new AppError("VALIDATION_FAILED", message, details);
export const conflict = (message: string, details: ErrorDetail[] = []) =>
  new AppError("CONFLICT", message, details);
