import { expect, test } from "./fixtures";

// Pages whose strings live in a namespace loaded before hydration (handle.i18n). When the first client
// render missed those strings, React threw the server's HTML away (errors #418/#423/#425 in production)
// and re-rendered everything, losing clicks made meanwhile.
const PAGES = ["/charte", "/territoires/toulouse-metropole/charte", "/e/NANT26/participer", "/e/NANT26/voter", "/carte"];

for (const lng of ["fr", "en"]) {
  test(`namespaced pages hydrate the server's HTML without a mismatch (${lng})`, async ({ page }) => {
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error" && /React|hydrat/i.test(message.text())) errors.push(message.text());
    });
    for (const path of PAGES) {
      await page.goto(`${path}?lng=${lng}`);
      await expect(page.locator("h1")).toBeVisible();
    }
    expect(errors).toEqual([]);
  });
}
