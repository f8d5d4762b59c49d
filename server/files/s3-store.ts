import fs from "node:fs";
import { Readable } from "node:stream";
import type { FileStore } from "./store.ts";

/** The one method of the AWS SDK's S3Client the store uses; tests pass a fake. */
export interface S3Sender {
  send(command: { input: object }): Promise<unknown>;
}

export interface S3Config {
  bucket: string;
  endpoint?: string;
  region?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle?: boolean;
  /** A ready client (tests); otherwise one is built from the settings above. */
  client?: S3Sender;
}

type Sdk = typeof import("@aws-sdk/client-s3");

/**
 * Files in an S3-compatible bucket (AWS S3, MinIO, Ceph, …). The SDK is imported on first use,
 * so a portal that keeps files on disk never loads it.
 */
export function s3FileStore(config: S3Config): FileStore {
  let ready: Promise<{ sdk: Sdk; client: S3Sender }> | undefined;
  const connect = () => {
    ready ??= import("@aws-sdk/client-s3").then((sdk) => ({
      sdk,
      client:
        config.client ??
        new sdk.S3Client({
          endpoint: config.endpoint,
          region: config.region ?? "us-east-1",
          forcePathStyle: config.forcePathStyle,
          credentials:
            config.accessKeyId && config.secretAccessKey
              ? { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey }
              : undefined,
        }),
    }));
    return ready;
  };
  return {
    kind: "s3",
    async save(key, tempPath, contentType, size) {
      const { sdk, client } = await connect();
      try {
        await client.send(
          new sdk.PutObjectCommand({
            Bucket: config.bucket,
            Key: key,
            Body: fs.createReadStream(tempPath),
            ContentType: contentType,
            ContentLength: size,
          }),
        );
      } finally {
        await fs.promises.rm(tempPath, { force: true });
      }
    },
    async open(key) {
      const { sdk, client } = await connect();
      const out = (await client.send(new sdk.GetObjectCommand({ Bucket: config.bucket, Key: key }))) as {
        Body?: unknown;
      };
      const body = out.Body;
      if (body instanceof Readable) return body;
      if (body && typeof body === "object" && Symbol.asyncIterator in body)
        return Readable.from(body as AsyncIterable<Uint8Array>);
      if (body instanceof Uint8Array) return Readable.from([body]);
      throw new Error(`S3 object ${key} has no readable body`);
    },
    async remove(key) {
      const { sdk, client } = await connect();
      await client.send(new sdk.DeleteObjectCommand({ Bucket: config.bucket, Key: key }));
    },
  };
}
