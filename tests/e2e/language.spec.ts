import { expect, test } from "./fixtures";
import { ADMIN_EMAIL, signIn } from "./utils";

test("French by default for a French browser, English for an English one", async ({ browser }) => {
  const fr = await browser.newContext({ locale: "fr-FR" });
  const frPage = await fr.newPage();
  await frPage.goto("/");
  await expect(frPage.locator("html")).toHaveAttribute("lang", "fr");
  await expect(frPage.getByRole("heading", { level: 1 })).toHaveText("Café IA : votre avis sur l'IA dans les services publics");
  await fr.close();

  const en = await browser.newContext({ locale: "en-GB" });
  const enPage = await en.newPage();
  await enPage.goto("/");
  await expect(enPage.locator("html")).toHaveAttribute("lang", "en");
  await expect(enPage.getByRole("heading", { level: 1 })).toHaveText("Café IA: your say on AI in public services");
  await expect(enPage).toHaveTitle(/your say on AI/);
  await en.close();

  const other = await browser.newContext({ locale: "de-DE" });
  const otherPage = await other.newPage();
  await otherPage.goto("/");
  await expect(otherPage.locator("html")).toHaveAttribute("lang", "fr");
  await other.close();
});

const publicPages = ["/", "/territoires", "/connexion", "/boite-mail", "/connexion/lien?token=abc"];

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });

    test("every page switches to English and back, staying on the same page", async ({ page }) => {
      for (const path of publicPages) {
        await page.goto(path);
        await expect(page.locator("html")).toHaveAttribute("lang", "fr");
        await page.getByRole("button", { name: "English" }).click();
        await expect(page.locator("html")).toHaveAttribute("lang", "en");
        expect(new URL(page.url()).pathname).toBe(path.split("?")[0]);
        await expect(page.getByRole("link", { name: "Skip to content" })).toBeAttached();
        await page.getByRole("button", { name: "Français" }).click();
        await expect(page.locator("html")).toHaveAttribute("lang", "fr");
      }
    });
  });
}

test("signed-in pages switch language too, and the choice is remembered", async ({ page }) => {
  await signIn(page, ADMIN_EMAIL);
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("My space");
  await page.goto("/admin");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Team roles");
  await expect(page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Administer" })).toBeVisible();
  await page.getByRole("button", { name: "Français" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Rôles des équipes");
});
