import { expect, test } from "vitest";
import { newContext, signIn, startJourney, visible } from "./harness.ts";

const journey = startJourney();

interface Answer {
  status: number;
  code: string | undefined;
}

/** POSTs a new organisation from inside the page, with the session's CSRF token when there is one. */
const forceCreate = () => async (): Promise<Answer> => {
  const session = (await (await fetch("/api/v1/auth/session")).json()) as { csrfToken: string | null };
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (session.csrfToken) headers["x-csrf-token"] = session.csrfToken;
  const response = await fetch("/api/v1/responses/rohingya/organisations", {
    method: "POST",
    headers,
    body: JSON.stringify({ name: "Sneaky Organisation", type: "22" }),
  });
  const body = (await response.json()) as { error?: { code?: string } };
  return { status: response.status, code: body.error?.code };
};

test("a viewer sees no edit controls, and the server refuses a forced write", async () => {
  const context = await newContext(journey.browser, journey.server);
  const page = await context.newPage();
  await signIn(page, journey.server.accounts.viewer!, "/r/rohingya/organisations");
  const table = page.getByRole("table", { name: "Organisations of the response" });
  await visible(table.getByRole("cell", { name: "BRAC", exact: true }));

  expect(await page.getByRole("button", { name: "Add organisation" }).count()).toBe(0);
  expect(await page.getByRole("button", { name: /^Edit / }).count()).toBe(0);
  expect(await page.getByRole("button", { name: /^Merge / }).count()).toBe(0);
  const nav = page.getByRole("navigation", { name: "Main navigation" });
  expect(await nav.getByRole("link", { name: "Users" }).count()).toBe(0);
  expect(await nav.getByRole("link", { name: "Audit log" }).count()).toBe(0);

  // Hiding is a courtesy: the server decides.
  const signedIn = await page.evaluate(forceCreate());
  expect(signedIn).toEqual({ status: 403, code: "FORBIDDEN" });

  await page.getByRole("button", { name: /^Account menu/ }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await visible(page.getByRole("link", { name: "Sign in" }));
  const signedOut = await page.evaluate(forceCreate());
  expect(signedOut).toEqual({ status: 401, code: "UNAUTHENTICATED" });
  await context.close();
});
