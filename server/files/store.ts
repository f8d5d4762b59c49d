import fs from "node:fs";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Env } from "../env.ts";
import { s3FileStore } from "./s3-store.ts";

/**
 * Where uploaded files live: a folder (DATA_DIR/files) by default, an S3-compatible bucket when
 * S3_BUCKET is set. Keys are `<responseId>/<uuid>`; the database keeps names and types.
 */
export interface FileStore {
  readonly kind: "local" | "s3";
  /** Moves a checked file (a temporary path) into the store. */
  save(key: string, tempPath: string, contentType: string, size: number): Promise<void>;
  open(key: string): Promise<Readable>;
  remove(key: string): Promise<void>;
}

const safeKey = (key: string) => {
  if (!/^[0-9a-f-]{36}\/[0-9a-f-]{36}$/.test(key)) throw new Error(`Bad file key: ${key}`);
  return key;
};

export function localFileStore(root: string): FileStore {
  const at = (key: string) => path.join(root, safeKey(key));
  return {
    kind: "local",
    async save(key, tempPath) {
      const dest = at(key);
      await fs.promises.mkdir(path.dirname(dest), { recursive: true });
      try {
        await fs.promises.rename(tempPath, dest);
      } catch (error) {
        // Another filesystem (a mounted volume): copy, then remove the temporary file.
        if ((error as NodeJS.ErrnoException).code !== "EXDEV") throw error;
        await pipeline(fs.createReadStream(tempPath), fs.createWriteStream(dest));
        await fs.promises.rm(tempPath, { force: true });
      }
    },
    async open(key) {
      const file = at(key);
      await fs.promises.access(file);
      return fs.createReadStream(file);
    },
    async remove(key) {
      await fs.promises.rm(at(key), { force: true });
    },
  };
}

const stores = new Map<string, FileStore>();

/** The configured store (one per configuration, kept for the process). */
export function fileStoreFor(env: Env): FileStore {
  const id = env.S3_BUCKET ? `s3:${env.S3_ENDPOINT ?? ""}:${env.S3_BUCKET}` : `local:${env.DATA_DIR}`;
  let store = stores.get(id);
  if (!store) {
    store = env.S3_BUCKET
      ? s3FileStore({
          bucket: env.S3_BUCKET,
          endpoint: env.S3_ENDPOINT,
          region: env.S3_REGION,
          accessKeyId: env.S3_ACCESS_KEY_ID,
          secretAccessKey: env.S3_SECRET_ACCESS_KEY,
          forcePathStyle: env.S3_FORCE_PATH_STYLE === "true",
        })
      : localFileStore(path.join(env.DATA_DIR, "files"));
    stores.set(id, store);
  }
  return store;
}

/** Where uploads are written while they are checked, beside the store's folder. */
export const uploadTempDir = (env: Env) => path.join(env.DATA_DIR, "tmp", "uploads");
