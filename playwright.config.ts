import fs from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import { chromium } from "playwright-core";

/** Playwright's own Chromium where it exists, else Debian's; a clear message when neither does. */
function chromiumPath(): string | undefined {
  try {
    if (fs.existsSync(chromium.executablePath())) return undefined;
  } catch {
    /* no bundled browser */
  }
  for (const candidate of ["/usr/bin/chromium", "/usr/bin/chromium-browser"]) {
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error("No Chromium found: install Debian's chromium (apt-get install -y chromium) or run `npx playwright install chromium`.");
}

const executablePath = chromiumPath();
// E2E_PORT lets two runs share a machine (each gets its own port and data directory).
export const PORT = Number(process.env.E2E_PORT ?? 3100);

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: process.env.CI ? [["list"]] : [["list"]],
  timeout: 60_000,
  use: {
    baseURL: `http://localhost:${PORT}`,
    locale: "fr-FR",
    launchOptions: {
      executablePath,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    { name: "desktop", use: { ...devices["Desktop Chrome"], viewport: { width: 1280, height: 800 } } },
  ],
  webServer: {
    command: `rm -rf .data-e2e-${PORT} && node server.js`,
    url: `http://localhost:${PORT}/`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: {
      PORT: String(PORT),
      DATA_DIR: `.data-e2e-${PORT}`,
      ADMIN_EMAILS: "admin-e2e@cafe-ia.test",
      SESSION_SECRET: "e2e-secret-that-is-long-enough-0123456789",
      // The tests act as a proxy on loopback would: each test tells its own client network in
      // X-Forwarded-For (tests/e2e/fixtures.ts), as people signing in from different places do.
      TRUST_PROXY: "loopback",
    },
  },
});
