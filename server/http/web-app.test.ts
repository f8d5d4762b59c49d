import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../app.ts";
import type { App } from "../context.ts";
import { loadEnv } from "../env.ts";
import { memoryMailer } from "../mail.ts";
import { testDatabase } from "../testing/test-db.ts";

/** Serving the built web app: caching per kind of file, the app's own routes, and missing bundles. */

let app: App;
const webRoot = fs.mkdtempSync(path.join(os.tmpdir(), "isx-web-"));

beforeAll(async () => {
  fs.mkdirSync(path.join(webRoot, "assets"));
  fs.writeFileSync(
    path.join(webRoot, "index.html"),
    '<!doctype html><script src="/assets/main-1.js"></script>',
  );
  fs.writeFileSync(path.join(webRoot, "assets", "main-1.js"), "console.log(1)");
  const env = loadEnv({ LOG_LEVEL: "silent", DATA_DIR: path.join(webRoot, "data") });
  app = await buildApp(
    { database: await testDatabase(), env, mailer: memoryMailer() },
    { logger: false, webRoot },
  );
  await app.ready();
});

afterAll(async () => {
  await app.close();
  fs.rmSync(webRoot, { recursive: true, force: true });
});

describe("the web app", () => {
  it("serves hashed bundles as immutable, and the page for any app route, revalidated", async () => {
    const bundle = await app.inject({ method: "GET", url: "/assets/main-1.js" });
    expect(bundle.statusCode).toBe(200);
    expect(bundle.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    for (const url of ["/", "/r/rohingya/activities/import", "/sign-in?next=%2F"]) {
      const page = await app.inject({ method: "GET", url });
      expect(page.statusCode, url).toBe(200);
      expect(page.headers["cache-control"], url).toBe("no-cache");
      expect(page.body, url).toContain("/assets/main-1.js");
    }
  });

  it("serves a bundle built after the server started", async () => {
    fs.writeFileSync(path.join(webRoot, "assets", "main-2.js"), "console.log(2)");
    const bundle = await app.inject({ method: "GET", url: "/assets/main-2.js" });
    expect(bundle.statusCode).toBe(200);
    expect(bundle.body).toBe("console.log(2)");
  });

  it("answers 404 for a missing bundle or API path, never the page", async () => {
    for (const url of ["/assets/gone-9.js", "/api/v1/no-such-thing"]) {
      const res = await app.inject({ method: "GET", url });
      expect(res.statusCode, url).toBe(404);
      expect(res.headers["content-type"], url).toContain("application/json");
    }
    // A path climbing out of the web folder is an app route like any other: the page, not the file.
    const climb = await app.inject({ method: "GET", url: "/assets/../../package.json" });
    expect(climb.body).toContain("/assets/main-1.js");
    expect(climb.body).not.toContain('"name"');
  });
});
