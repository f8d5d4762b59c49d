import type { ErrorCode, ErrorDetail } from "../../common/errors.ts";

/** An error answer of the API (`{ error: { code, message, details } }`), or a network failure. */
export class ApiError extends Error {
  readonly code: ErrorCode | "NETWORK";
  readonly status: number;
  readonly details: ErrorDetail[];
  /** The whole error answer, for the extras some routes add (a stale 4W version sends `current`). */
  readonly body: unknown;

  constructor(
    status: number,
    code: ErrorCode | "NETWORK",
    message: string,
    details: ErrorDetail[] = [],
    body: unknown = null,
  ) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = details;
    this.body = body;
  }
}

let csrfToken: string | null = null;

/** Remembers the CSRF token of the session; every write sends it back in `X-CSRF-Token`. */
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

export const API = "/api/v1";

type Query = Record<string, string | number | boolean | null | undefined>;

/** `/api/v1/<path>?<query>`, leaving out empty parameters. */
export function apiUrl(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  const qs = params.toString();
  return `${API}${path}${qs ? `?${qs}` : ""}`;
}

interface RequestOptions {
  method?: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
}

function isErrorBody(
  value: unknown,
): value is { error: { code: ErrorCode; message: string; details?: ErrorDetail[] } } {
  if (!value || typeof value !== "object" || !("error" in value)) return false;
  const error = (value as { error: unknown }).error;
  return !!error && typeof error === "object" && "code" in error && "message" in error;
}

/** Calls the API; resolves with the parsed JSON body (or undefined for 204) and rejects with ApiError. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  try {
    return await request<T>(path, options);
  } catch (error) {
    // The session may have been renewed in another tab: fetch its token and try the write once more.
    if (!(error instanceof ApiError) || error.code !== "CSRF_FAILED") throw error;
    const session = await request<{ csrfToken: string | null }>("/auth/session", {});
    setCsrfToken(session.csrfToken);
    return request<T>(path, options);
  }
}

async function request<T>(path: string, options: RequestOptions): Promise<T> {
  const method = options.method ?? "GET";
  const headers: Record<string, string> = { accept: "application/json" };
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) body = options.body;
  else if (options.body !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(options.body);
  }
  if (method !== "GET" && csrfToken) headers["x-csrf-token"] = csrfToken;

  let response: Response;
  try {
    response = await fetch(apiUrl(path, options.query), {
      method,
      headers,
      body,
      credentials: "same-origin",
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === "AbortError") throw cause;
    throw new ApiError(0, "NETWORK", "The server could not be reached. Check your connection.");
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (!response.ok) {
    if (isErrorBody(parsed)) {
      const { code, message, details } = parsed.error;
      throw new ApiError(response.status, code, message, details ?? [], parsed);
    }
    throw new ApiError(response.status, "INTERNAL", `The server answered ${response.status}.`);
  }
  return parsed as T;
}

/** Field errors of a VALIDATION_FAILED or CONFLICT answer, keyed by field name (`body.` stripped). */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const detail of error.details) {
    const key = detail.path.replace(/^body\.?/, "");
    if (key && !out[key]) out[key] = detail.message;
  }
  return out;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
