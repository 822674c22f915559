import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "./fixtures";
import { ADMIN_EMAIL, nantesStaffPages, signIn } from "./utils";

const publicPages = [
  "/",
  "/territoires",
  "/connexion",
  "/connexion/lien?token=abc",
  "/boite-mail",
  "/page-inexistante",
  "/e/NANT26",
  "/e/PAST25",
  "/e/ZZZ999",
  "/cafes/NANT26/cafe-ia-a-la-mediatheque",
  "/e/NANT26/participer",
  "/e/NANT26/voter",
];
const staffPages = ["/espace", "/admin", "/espace/territoires/nantes-metropole"];

/** Staff pages whose address holds an id. */
async function discoverStaffPages(page: Page) {
  const { consultation, event } = await nantesStaffPages(page);
  return [consultation, `${consultation}/nouveau-cafe`, event];
}
const viewports = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 800 } };

async function scan(page: Page, path: string, lng: string) {
  await page.goto(`${path}${path.includes("?") ? "&" : "?"}lng=${lng}`);
  await expect(page.locator("html")).toHaveAttribute("lang", lng);
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const summary = results.violations.map((v) => `${path} [${lng}] ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(summary).toEqual([]);
}

for (const [name, viewport] of Object.entries(viewports)) {
  for (const lng of ["fr", "en"]) {
    test(`no axe violations on any page (${lng}, ${name})`, async ({ page }) => {
      test.setTimeout(180_000);
      await page.setViewportSize(viewport);
      for (const path of publicPages) await scan(page, path, lng);
      // Once a person has acted, the contributions page also asks the optional profile questions.
      await page.goto(`/e/NANT26/participer?lng=${lng}`);
      await page.locator("li.contribution").first().getByRole("button").first().click();
      await expect(page.locator("li.contribution").first().locator(".meta").last()).toContainText(/\d/);
      await page.reload();
      await expect(page.locator("#profile-title")).toBeVisible();
      await scan(page, "/e/NANT26/participer", lng);
      // Results: every use of the closed demo consultation, then a ballot with a refused entry.
      await page.goto(`/territoires/nantes-metropole?lng=${lng}`);
      await page.locator('a[href$="/resultats"]').filter({ hasText: "Café IA 2025" }).click();
      await scan(page, new URL(page.url()).pathname, lng);
      await page.goto(`/e/NANT26/voter?lng=${lng}`);
      await page.locator("section.use-card").first().locator('input[value="conditional"]').check();
      await page.locator(".submit-bar button").click();
      await expect(page.locator("section.use-card").first().locator(".error")).toBeVisible();
      const errors = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
      expect(errors.violations.map((v) => `ballot errors [${lng}] ${v.id}`)).toEqual([]);
      await signIn(page, ADMIN_EMAIL);
      for (const path of [...staffPages, ...(await discoverStaffPages(page))]) await scan(page, path, lng);
    });
  }
}

test("a keyboard user reaches the content with the skip link and sees where focus is", async ({ page }) => {
  await page.goto("/");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Aller au contenu" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  const outline = await skip.evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).not.toBe("none");
  await page.keyboard.press("Enter");
  await expect(page.locator("main")).toBeFocused();
});
