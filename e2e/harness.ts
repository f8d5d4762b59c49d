/**
 * Shared set-up of the browser journeys: a fresh server on its own data folder and port (PGlite,
 * seeded with the demo responses), the demo accounts it prints at first start, and Chromium.
 * It builds nothing: `npm test` runs `npm run build:web` before the e2e project.
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export interface DemoAccount {
  role: string;
  email: string;
  password: string;
}

export interface TestServer {
  url: string;
  accounts: Record<string, DemoAccount>;
  /** Everything the server printed, for failure messages. */
  output: () => string;
  stop: () => Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

/** `  administrator        admin@demo.intersector.org           HPmF-9wYT-NUJH-ffaP` */
const accountLine = /^\s+([a-z_]+)\s+(\S+@\S+)\s+(\S+)\s*$/;

export function parseAccounts(output: string): Record<string, DemoAccount> {
  const accounts: Record<string, DemoAccount> = {};
  for (const line of output.split("\n")) {
    const match = accountLine.exec(line);
    if (match) accounts[match[1]!] = { role: match[1]!, email: match[2]!, password: match[3]! };
  }
  return accounts;
}

/** Starts `node bin/intersector.js serve` on a fresh data folder and waits until it answers. */
export async function startServer(): Promise<TestServer> {
  if (!fs.existsSync(path.join(repoRoot, "dist/web/index.html")))
    throw new Error("dist/web is missing: run `npm run build:web` before the e2e tests.");
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "isx-e2e-"));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: "warn" };
  delete env.DATABASE_URL;
  const child: ChildProcess = spawn(process.execPath, ["bin/intersector.js", "serve"], {
    cwd: repoRoot,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 100_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The server exited early:\n${output}`);
    try {
      const health = await fetch(`${url}/api/v1/health`);
      if (health.ok && Object.keys(parseAccounts(output)).length > 0) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The server did not become healthy in time:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, accounts: parseAccounts(output), output: () => output, stop };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--enable-unsafe-swiftshader",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
}

export const desktop = { width: 1366, height: 900 };
export const phone = { width: 390, height: 844 };

/** A new context with English preferred, so that labels match whatever the machine's locale. */
export async function newContext(
  browser: Browser,
  server: TestServer,
  viewport = desktop,
): Promise<BrowserContext> {
  return browser.newContext({ baseURL: server.url, viewport, locale: "en-GB" });
}

/** Signs in through the sign-in page and waits until the app has taken the session. */
export async function signIn(page: Page, account: DemoAccount, next = "/"): Promise<void> {
  await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
  // By role: the accessible name leaves out the required-field asterisk that the label text has.
  await page.getByRole("textbox", { name: "E-mail address", exact: true }).fill(account.email);
  await page.getByRole("textbox", { name: "Password", exact: true }).fill(account.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.getByRole("button", { name: /^Account menu/ }).waitFor();
}

/** Fails with a readable message unless the locator shows up within the time limit. */
export async function visible(locator: ReturnType<Page["locator"]>, timeout = 20_000): Promise<void> {
  await locator.first().waitFor({ state: "visible", timeout });
}

/**
 * Starts a fresh server and Chromium for the test file and stops them after it. Call at the top
 * level of a test file; read `journey.server` and `journey.browser` inside the tests.
 */
export function startJourney(): { readonly server: TestServer; readonly browser: Browser } {
  const state: { server?: TestServer; browser?: Browser } = {};
  beforeAll(async () => {
    state.server = await startServer();
    state.browser = await launchBrowser();
  });
  afterAll(async () => {
    await state.browser?.close();
    await state.server?.stop();
  });
  return {
    get server() {
      return state.server!;
    },
    get browser() {
      return state.browser!;
    },
  };
}
