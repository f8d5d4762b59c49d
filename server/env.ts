import path from "node:path";
import { z } from "zod";

/**
 * Configuration, read once from the environment and checked at boot. Defaults serve the
 * embedded mode: no variable is needed to run the portal on PGlite.
 */
const envSchema = z
  .object({
    PORT: z.coerce.number().int().min(1).max(65535).default(8080),
    HOST: z.string().min(1).default("0.0.0.0"),
    DATA_DIR: z.string().min(1).default("./data"),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://")
      .optional(),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    /** `auto` marks cookies Secure when the request came over HTTPS (directly or via a proxy). */
    COOKIE_SECURE: z.enum(["auto", "true", "false"]).default("auto"),
    SESSION_DAYS: z.coerce.number().int().min(1).max(90).default(14),
    /** Trust X-Forwarded-* headers from a reverse proxy. */
    TRUST_PROXY: z.enum(["true", "false"]).default("false"),
    /** `smtp` sends through SMTP_URL; `log` prints mail (reset links) to the log, for development only; `none` drops it. */
    MAIL_TRANSPORT: z.enum(["smtp", "log", "none"]).default("log"),
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, "must look like smtp://user:password@host:587 or smtps://…")
      .optional(),
    MAIL_FROM: z.string().min(3).default("Intersector <no-reply@localhost>"),
    PUBLIC_URL: z.string().url().default("http://localhost:8080"),
    LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).default(10),
    /** Days an uploaded 4W file is kept for checking again and for its annotated copy. */
    IMPORT_FILE_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
    /**
     * Largest document or image upload, in megabytes (refused while streaming, nothing kept). At
     * most 50: the multipart parser's own ceiling (server/app.ts) cuts any file there.
     */
    UPLOAD_MAX_MB: z.coerce.number().int().min(1).max(50).default(25),
    /** A command each uploaded file is piped into, e.g. `clamdscan --no-summary -`; non-zero exit refuses it. */
    VIRUS_SCAN_COMMAND: z.string().min(1).optional(),
    /** Keep uploaded files in this S3-compatible bucket instead of DATA_DIR/files. */
    S3_BUCKET: z.string().min(1).optional(),
    /** The S3 endpoint for a non-AWS store (MinIO, Ceph…), e.g. https://minio.example.org. */
    S3_ENDPOINT: z.string().url().optional(),
    S3_REGION: z.string().min(1).optional(),
    S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    /** Path-style bucket URLs, as most self-hosted stores want. */
    S3_FORCE_PATH_STYLE: z.enum(["true", "false"]).default("true"),
  })
  .superRefine((env, ctx) => {
    if (env.MAIL_TRANSPORT === "smtp" && !env.SMTP_URL) {
      ctx.addIssue({ code: "custom", path: ["SMTP_URL"], message: "is required when MAIL_TRANSPORT=smtp" });
    }
    // Reset links in a production log would let anyone who reads the log take over accounts.
    if (env.MAIL_TRANSPORT === "log" && env.PUBLIC_URL.startsWith("https://")) {
      ctx.addIssue({
        code: "custom",
        path: ["MAIL_TRANSPORT"],
        message: "log is for development; use smtp (or none) when PUBLIC_URL is https",
      });
    }
  });

export type Env = z.infer<typeof envSchema>;

/** Parses the environment; throws one readable message listing every bad variable. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ""));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return { ...result.data, DATA_DIR: path.resolve(result.data.DATA_DIR) };
}
