import { createHash } from "node:crypto";
import { test as base, type Page } from "@playwright/test";

export * from "@playwright/test";

/**
 * Pages whose first load waits until the network is idle, i.e. the page has hydrated: Chromium
 * drops a click made while Remix hydrates (its history update cancels the pending navigation).
 */
export function waitForHydrationOnGoto(page: Page) {
  const goto = page.goto.bind(page);
  page.goto = (url, options) => goto(url, { waitUntil: "networkidle", ...options });
  return page;
}

/**
 * A client network of its own for each test (an address of 198.18.0.0/15, set aside for tests), told
 * to the server as a trusted proxy would (TRUST_PROXY=loopback in playwright.config.ts): per-network
 * rate limits, such as sign-in's, then count each test apart, as they count people in different places.
 */
export function testNetwork(seed: string) {
  const h = createHash("sha256").update(seed).digest();
  return `198.${18 + (h[0] & 1)}.${h[1]}.${h[2]}`;
}

export const test = base.extend({
  extraHTTPHeaders: async ({}, use, testInfo) => {
    await use({ "X-Forwarded-For": testNetwork(`${testInfo.testId}:${testInfo.repeatEachIndex}:${testInfo.retry}`) });
  },
  page: async ({ page }, use) => {
    await use(waitForHydrationOnGoto(page));
  },
});
