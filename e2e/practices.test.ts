import { expect, test } from "vitest";
import { newContext, phone, signIn, startJourney, visible } from "./harness.ts";

/**
 * The repository of practices: a partner's focal point submits a practice tagged with GCM
 * objective 5; the response manager finds it in the review queue, comments and publishes it; a
 * visitor then sees it counted under the "Objective 5" facet and lists it by ticking that facet.
 */

const journey = startJourney();
const title = "Labour mobility pathways for host-community youth";

/** The count the "Objective 5" facet shows to a visitor (0 when the facet lists no such value). */
async function objectiveFiveCount(): Promise<number> {
  const context = await newContext(journey.browser, journey.server);
  const page = await context.newPage();
  await page.goto("/r/rohingya/practices");
  // The count shows once the search has answered (generous: CI machines can be slow).
  await visible(page.getByText(/^\d+ practices?$/), 60_000);
  const box = page.getByRole("checkbox", { name: /^Objective 5:/ });
  const name = (await box.count()) ? await box.getAttribute("aria-label") : null;
  await context.close();
  return name ? Number(/, (\d+) practices?$/.exec(name)?.[1]) : 0;
}

test("a submitted practice is reviewed, published and found under its GCM objective", async () => {
  const before = await objectiveFiveCount();

  // The organisation editor submits a practice tagged with objective 5.
  const editorContext = await newContext(journey.browser, journey.server);
  const editor = await editorContext.newPage();
  await signIn(editor, journey.server.accounts.organisation_editor!, "/r/rohingya/practices");
  await editor.getByRole("link", { name: "Submit a practice" }).click();
  await visible(editor.getByRole("heading", { name: "Submit a practice", level: 1 }));
  await editor.getByRole("textbox", { name: "Title" }).fill(title);
  await editor
    .getByRole("textbox", { name: "Summary" })
    .fill("Young people of host communities in Cox's Bazar are prepared for regular labour migration.");
  await editor.getByRole("checkbox", { name: /^Objective 5:/ }).check();
  await editor.getByRole("checkbox", { name: "Whole-of-society approach" }).check();
  // The library's situation report applies it: picked by typing words of its title.
  await editor.getByRole("textbox", { name: "Documents from the library" }).fill("Monsoon preparedness");
  await editor.getByRole("option", { name: "Monsoon preparedness: joint situation report" }).click();
  const sent = editor.waitForResponse(
    (r) => r.url().endsWith("/practices") && r.request().method() === "POST",
  );
  await editor.getByRole("button", { name: "Submit for review" }).click();
  expect((await sent).status()).toBe(201);
  await visible(editor.getByRole("heading", { name: title, level: 1 }));
  await visible(editor.getByText("Submitted: waiting for a reviewer."));
  const linked = editor.getByRole("link", { name: "Monsoon preparedness: joint situation report" });
  await visible(linked);
  expect(await linked.getAttribute("href")).toMatch(/^\/r\/rohingya\/documents\/[0-9a-f-]{36}$/);
  await editorContext.close();
  // Not published yet: the visitor's count has not moved.
  expect(await objectiveFiveCount()).toBe(before);

  // The response manager reviews it from the queue.
  const managerContext = await newContext(journey.browser, journey.server);
  const manager = await managerContext.newPage();
  await signIn(manager, journey.server.accounts.response_manager!, "/r/rohingya/practices");
  await manager.getByRole("link", { name: "Practices to review" }).click();
  await visible(manager.getByRole("heading", { name: "Practices to review", level: 1 }));
  await manager.getByRole("link", { name: title }).click();
  await visible(manager.getByRole("heading", { name: title, level: 1 }));
  await manager.getByRole("textbox", { name: "Your comment" }).fill("Clear and useful; publishing.");
  await manager.getByRole("button", { name: "Add comment" }).click();
  await visible(manager.getByText("Clear and useful; publishing."));
  const published = manager.waitForResponse((r) => r.url().endsWith("/transitions"));
  await manager.getByRole("button", { name: "Publish", exact: true }).click();
  expect((await published).status()).toBe(200);
  await visible(manager.getByText("Published: everyone can read it."));
  await managerContext.close();

  // A visitor on a phone finds it under objective 5.
  expect(await objectiveFiveCount()).toBe(before + 1);
  const visitorContext = await newContext(journey.browser, journey.server, phone);
  const visitor = await visitorContext.newPage();
  await visitor.goto("/r/rohingya/practices");
  // On a phone the filters are folded away behind one button.
  await visitor.getByRole("button", { name: "Filters", exact: true }).click();
  const facet = visitor.getByRole("checkbox", { name: /^Objective 5:/ });
  // The ticked facet lives in the address (shareable); the box follows it.
  await facet.click();
  await visitor.waitForURL(/objective=5/);
  await expect.poll(() => facet.isChecked()).toBe(true);
  const results = visitor.getByRole("region", { name: "Practices found" });
  await visible(
    visitor.getByText(before + 1 === 1 ? "1 practice" : `${before + 1} practices`, { exact: true }),
  );
  await visible(results.getByRole("link", { name: title }));
  expect(await results.getByRole("article").count()).toBe(before + 1);
  await results.getByRole("link", { name: title }).click();
  await visible(visitor.getByRole("heading", { name: title, level: 1 }));
  // The public reads the practice, not its review.
  expect(await visitor.getByText("Clear and useful; publishing.").count()).toBe(0);
  await visitorContext.close();
});

test("a visitor submits a practice through the public form, and it waits in the review queue", async () => {
  const publicTitle = "Radio listening groups for camp residents";
  const visitorContext = await newContext(journey.browser, journey.server);
  const visitor = await visitorContext.newPage();
  await visitor.goto("/r/rohingya/practices");
  await visitor.getByRole("link", { name: "Submit a practice" }).click();
  await visible(visitor.getByText("Submitting without an account"));
  const opened = Date.now();
  await visitor.getByRole("textbox", { name: "Your name" }).fill("Nur Begum");
  await visitor.getByRole("textbox", { name: "Your e-mail" }).fill("nur@example.org");
  await visitor.getByRole("textbox", { name: "Title" }).fill(publicTitle);
  await visitor
    .getByRole("textbox", { name: "Summary" })
    .fill("Residents meet weekly to listen to and discuss programmes on services and safety.");
  await visitor.getByRole("checkbox", { name: /^Objective 3:/ }).check();
  // The honeypot is out of sight and out of the keyboard order.
  const honeypot = visitor.locator('input[name="website"]');
  expect(await honeypot.getAttribute("tabindex")).toBe("-1");
  const box = await honeypot.boundingBox();
  expect(box && box.x + box.width).toBeLessThan(0);
  // A person takes more than the minimum fill time (5 s); wait out the rest of it.
  await visitor.waitForTimeout(Math.max(0, 5_500 - (Date.now() - opened)));
  const sent = visitor.waitForResponse((r) => r.url().endsWith("/practices/public"));
  await visitor.getByRole("button", { name: "Submit for review" }).click();
  expect((await sent).status()).toBe(202);
  await visible(visitor.getByRole("heading", { name: "Thank you", level: 1 }));
  await visitorContext.close();

  const managerContext = await newContext(journey.browser, journey.server);
  const manager = await managerContext.newPage();
  await signIn(manager, journey.server.accounts.response_manager!, "/r/rohingya/practices/review");
  await manager.getByRole("link", { name: publicTitle }).click();
  await visible(manager.getByText("By Nur Begum", { exact: false }));
  await managerContext.close();
});
