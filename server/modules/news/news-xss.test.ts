import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../../../e2e/harness.ts";
import type { App } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { buildTestApp } from "../../testing/factories.ts";
import { buildNewsWorld } from "./news.world.ts";

/**
 * The XSS corpus: each payload is a story body saved through the API, read back as `bodyHtml`,
 * and put into a real Chromium page both as a whole document (scripts would run) and through
 * innerHTML (as the story page does). Every payload tries to set `window.__xss` or open a dialog;
 * the page has no Content-Security-Policy, so only the sanitiser stands in the way.
 */
const x = "window.__xss=1";
const xssCorpus: string[] = [
  `<script>${x}</script>`,
  `<SCRIPT SRC=data:text/javascript,${x}></SCRIPT>`,
  `<img src=x onerror="${x}">`,
  `<img src="x" onerror=alert(1)>`,
  `<IMG SRC="javascript:${x}">`,
  `<svg onload="${x}">`,
  `<svg><script>${x}</script></svg>`,
  `<svg><animate onbegin="${x}" attributeName=x dur=1s>`,
  `<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>`,
  `<iframe src="javascript:parent.__xss=1"></iframe>`,
  `<iframe src="data:text/html,<script>alert(1)</script>"></iframe>`,
  `<object data="data:text/html,<script>alert(1)</script>"></object>`,
  `<embed src="data:text/html,<script>alert(1)</script>">`,
  `<a href="javascript:${x}">click</a>`,
  `<a href="JaVaScRiPt:${x}">click</a>`,
  `<a href="jav&#x09;ascript:${x}">click</a>`,
  `<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">click</a>`,
  `<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">click</a>`,
  `<a href="vbscript:msgbox(1)">click</a>`,
  `[click](javascript:${x})`,
  `[click](JAVASCRIPT:alert(1))`,
  `[click](javascript&#58;alert(1))`,
  `[click](&#x6A;avascript:alert(1))`,
  `[click](data:text/html,<script>alert(1)</script>)`,
  `![img](javascript:${x})`,
  `![img](x"onerror="${x})`,
  `![img](data:image/svg+xml,<svg onload=alert(1)>)`,
  `[link]: javascript:alert(1)\n\n[ref link][link]`,
  `<div style="background:url(javascript:alert(1))">styled</div>`,
  `<div style="width: expression(alert(1))">ie</div>`,
  `<style>@import 'javascript:alert(1)';</style>`,
  `<body onload="${x}">`,
  `<details open ontoggle="${x}">`,
  `<input autofocus onfocus="${x}">`,
  `<marquee onstart="${x}">m</marquee>`,
  `<video><source onerror="${x}"></video>`,
  `<math><mtext><table><mglyph><style><img src=x onerror="${x}">`,
  `<form action="javascript:${x}"><button>go</button></form>`,
  `<meta http-equiv="refresh" content="0;url=javascript:alert(1)">`,
  `<base href="javascript:/"><a href="/x">rel</a>`,
  `<noscript><p title="</noscript><img src=x onerror=${x}>">`,
  `\`<script>${x}</script>\` and <scr<script>ipt>${x}</script>`,
  `<a href="https://example.org" onclick="${x}" onmouseover="${x}">hover</a>`,
  `<img src=x:alert(alt) onerror=eval(src) alt=0>`,
  `<<SCRIPT>${x}//<</SCRIPT>`,
];

let app: App;
let db: Db;
let browser: Browser;
beforeAll(async () => {
  ({ app, db } = await buildTestApp());
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** A URL is safe when, resolved as a browser would, it is http(s) or mailto (relative links included). */
const isSafeUrl = (url: string) =>
  ["https:", "http:", "mailto:"].includes(new URL(url, "https://portal.example/r/x/news/1").protocol);

/**
 * Puts sanitised (or, for the control, raw) HTML into the page as a whole document and through
 * innerHTML, lets its handlers fire, and reports what could run: the flag a payload sets, event
 * handler and style attributes, dangerous elements and every URL attribute.
 */
async function render(page: Page, html: string) {
  // As a whole document: a surviving script or handler runs here.
  await page.setContent(`<!doctype html><html><body>${html}</body></html>`, { waitUntil: "load" });
  await page.evaluate((body) => {
    const host = document.createElement("div");
    host.innerHTML = body;
    document.body.append(host);
  }, html);
  // Let error and load handlers, animations and focus events fire.
  await page.waitForTimeout(150);
  const found = await page.evaluate(() => {
    const w = window as unknown as { __xss?: unknown };
    const urls = [...document.querySelectorAll("[href],[src],[action],[srcdoc],[data]")].flatMap((el) =>
      ["href", "src", "action", "srcdoc", "data"].map((a) => el.getAttribute(a)).filter((v) => v !== null),
    );
    const handlers = [...document.querySelectorAll("*")].flatMap((el) =>
      [...el.attributes].filter((a) => a.name.startsWith("on") || a.name === "style").map((a) => a.name),
    );
    const tags = [
      ...document.querySelectorAll("script,iframe,object,embed,style,svg,form,input,meta,base"),
    ].map((el) => el.tagName);
    return { xss: w.__xss ?? null, urls, handlers, tags };
  });
  return found;
}

describe("story bodies against the XSS corpus", () => {
  it(`has at least 30 payloads (${xssCorpus.length})`, () => {
    expect(xssCorpus.length).toBeGreaterThanOrEqual(30);
  });

  it("the detector catches payloads when nothing sanitises them (so the check below can fail)", async () => {
    const page = await browser.newPage();
    try {
      for (const raw of [`<img src=x onerror="${x}">`, `<script>${x}</script>`, `<svg onload="${x}">`]) {
        await page.evaluate(() => {
          (window as unknown as { __xss?: unknown }).__xss = undefined;
        });
        const found = await render(page, raw);
        expect(found.xss, raw).toBe(1);
        expect(found.handlers.length + found.tags.length, raw).toBeGreaterThan(0);
      }
    } finally {
      await page.close();
    }
  });

  it("runs none of them in Chromium, as a document or through innerHTML", async () => {
    const w = await buildNewsWorld(app, db);
    const page = await browser.newPage();
    const dialogs: string[] = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    try {
      for (const payload of xssCorpus) {
        const created = await app.inject({
          method: "POST",
          url: w.url(),
          headers: w.managerHeaders,
          payload: { title: "XSS test", summary: "A payload", body: `Before\n\n${payload}\n\nAfter` },
        });
        expect(created.statusCode, created.body).toBe(201);
        const html = created.json().bodyHtml as string;
        const found = await render(page, html);
        expect(found.xss, payload).toBeNull();
        expect(found.handlers, payload).toEqual([]);
        expect(found.tags, payload).toEqual([]);
        for (const url of found.urls) expect(isSafeUrl(url), `${payload} → ${url}`).toBe(true);
        expect(dialogs, payload).toEqual([]);
        // Follow every link the sanitiser left: none may run script.
        for (const link of await page.locator("a").all()) {
          const href = await link.getAttribute("href");
          expect(isSafeUrl(href ?? ""), `${payload} → ${href}`).toBe(true);
        }
      }
    } finally {
      await page.close();
    }
  });

  it("keeps ordinary Markdown: headings, emphasis, lists, links with rel, images over HTTPS", async () => {
    const w = await buildNewsWorld(app, db);
    const res = await app.inject({
      method: "POST",
      url: w.url("/preview"),
      headers: w.managerHeaders,
      payload: {
        body: "# Camp 4\n\n- **120** latrines\n- [report](https://example.org/r.pdf)\n\n![Drain](https://example.org/d.png)",
      },
    });
    expect(res.json().html).toBe(
      '<h2>Camp 4</h2>\n<ul>\n<li><strong>120</strong> latrines</li>\n<li><a href="https://example.org/r.pdf" rel="noopener noreferrer nofollow">report</a></li>\n</ul>\n<p><img src="https://example.org/d.png" alt="Drain" /></p>\n',
    );
  });
});
