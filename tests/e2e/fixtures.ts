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

export const test = base.extend({
  page: async ({ page }, use) => {
    await use(waitForHydrationOnGoto(page));
  },
});
