import { createHash, randomBytes } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";

/** argon2id with the OWASP-recommended minimum cost (19 MiB, 2 passes). */
const argonOptions = {
  algorithm: 2 /* Algorithm.Argon2id, a const enum */,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
};

export const hashPassword = (password: string) => hash(password, argonOptions);

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A URL-safe random secret (256 bits by default). */
export const randomToken = (bytes = 32) => randomBytes(bytes).toString("base64url");

/** Secrets are stored only as their SHA-256, so a database leak does not leak sessions or tokens. */
export const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

/** A readable random password for demo accounts: 4 groups of 4 characters without look-alikes. */
export function randomPassword(): string {
  const alphabet = "abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY23456789";
  const bytes = randomBytes(16);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join("")).join("-");
}
