import { useCallback, useRef, useState } from "react";
import type { z } from "zod";
import { fieldErrorsOf } from "../api/client.ts";
import i18n from "../i18n/index.ts";

export type FieldErrors = Record<string, string>;

/** Validates with a shared zod schema; on failure returns the first message per field path. */
export function validate<S extends z.ZodType>(
  schema: S,
  value: unknown,
): { data: z.output<S>; errors: null } | { data: null; errors: FieldErrors } {
  const result = schema.safeParse(value);
  if (result.success) return { data: result.data, errors: null };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = issue.path.map(String).join(".") || "_form";
    if (!errors[key]) errors[key] = friendly(issue);
  }
  return { data: null, errors };
}

/** zod's generic length messages, said plainly in the reader's language; the schemas' own messages stay. */
function friendly(issue: z.core.$ZodIssue): string {
  const t = i18n.t.bind(i18n);
  if (issue.code === "too_small" && issue.origin === "string")
    return Number(issue.minimum) <= 1
      ? t("validation.required")
      : t("validation.tooShort", { count: Number(issue.minimum) });
  if (issue.code === "too_big" && issue.origin === "string")
    return t("validation.tooLong", { count: Number(issue.maximum) });
  if (issue.code === "invalid_type" && issue.input === undefined) return t("validation.required");
  return issue.message;
}

/** Form values and per-field errors, from the client check or from the server's `details`. */
export function useFormState<T extends Record<string, unknown>>(initial: T) {
  const [values, setValues] = useState<T>(initial);
  const [errors, setErrorState] = useState<FieldErrors>({});
  /** Attach to the <form>: after a failed submit, focus moves to the first field in error. */
  const ref = useRef<HTMLFormElement>(null);
  const set = useCallback(<K extends keyof T>(key: K, value: T[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    setErrorState((e) => {
      if (!e[key as string]) return e;
      const { [key as string]: _removed, ...rest } = e;
      return rest;
    });
  }, []);
  const setErrors = useCallback((next: FieldErrors) => {
    setErrorState(next);
    requestAnimationFrame(() => ref.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  }, []);
  const fromServer = useCallback((error: unknown) => setErrors(fieldErrorsOf(error)), [setErrors]);
  const reset = useCallback((next: T) => {
    setValues(next);
    setErrorState({});
  }, []);
  return { values, set, errors, setErrors, fromServer, reset, ref };
}

/** "" → null, so optional text fields clear on the server instead of failing validation. */
export const orNull = (value: string): string | null => (value.trim() === "" ? null : value.trim());

/** Parses a decimal typed by the user, or null when blank. */
export function numberOrNull(value: string): number | null {
  if (value.trim() === "") return null;
  const n = Number(value.replace(",", "."));
  return Number.isFinite(n) ? n : Number.NaN;
}
