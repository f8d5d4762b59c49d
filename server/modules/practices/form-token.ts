import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { invalid } from "../../errors.ts";

/**
 * The public form's time token: the moment the form was opened, signed, so a bot that posts at
 * once (or replays an old token) is told apart from a person who took a few seconds to type. The
 * key lives in the process: a token from before a restart is refused and the form asks for a new
 * one, which costs a person one reload.
 */
const key = randomBytes(32);
export const FORM_MIN_SECONDS = 5;
const FORM_MAX_SECONDS = 6 * 60 * 60;

const sign = (payload: string) => createHmac("sha256", key).update(payload).digest("base64url");

/** A token for a form opened at `now` (milliseconds) for a response. */
export function issueFormToken(responseId: string, now = Date.now()): string {
  const payload = `${responseId}.${now}`;
  return `${now}.${sign(payload)}`;
}

/** Throws a 400 naming what is wrong unless the token is ours, for this response, and of the right age. */
export function checkFormToken(token: string, responseId: string, now = Date.now()): void {
  const [issuedRaw, signature] = token.split(".");
  const issued = Number(issuedRaw);
  const expected = Buffer.from(sign(`${responseId}.${issuedRaw}`));
  const given = Buffer.from(signature ?? "");
  const path = "body.formToken";
  if (!Number.isSafeInteger(issued) || given.length !== expected.length || !timingSafeEqual(given, expected))
    throw invalid("The form has expired or was not opened here: reload it and send again.", [
      { path, message: "not a valid form token" },
    ]);
  const seconds = (now - issued) / 1000;
  if (seconds < FORM_MIN_SECONDS)
    throw invalid(`The form was sent too quickly: wait ${FORM_MIN_SECONDS} seconds after opening it.`, [
      {
        path,
        message: `sent after ${Math.max(0, Math.floor(seconds))} s; the minimum is ${FORM_MIN_SECONDS} s`,
      },
    ]);
  if (seconds > FORM_MAX_SECONDS)
    throw invalid("The form was opened too long ago: reload it and send again.", [
      { path, message: "expired" },
    ]);
}
