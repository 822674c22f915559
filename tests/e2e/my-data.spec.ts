import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "./fixtures";

// JEUN26: the demo's youth Café IA in Nantes, whose consultation is open. Each test acts as a new
// device (its own browser context), so it sees only its own participation.
async function postHope(page: Page, text: string) {
  await page.goto("/e/JEUN26/participer");
  await page.getByRole("radio", { name: "Un espoir" }).check();
  await page.getByLabel("Votre texte").fill(text);
  await page.getByRole("checkbox", { name: "Fracture numérique et inclusion" }).check();
  await page.getByRole("button", { name: "Envoyer" }).click();
  await expect(page.getByRole("listitem").filter({ hasText: text })).toContainText("votre contribution");
}

async function axe(page: Page, where: string) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(results.violations.map((v) => `${where} ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`a participant's own data, ${javaScriptEnabled ? "with" : "without"} JavaScript`, () => {
    test.use({ javaScriptEnabled, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

    test("sees what is held, downloads it, and deletes it: it leaves the public list and the device forgets them", async ({ page }) => {
      const text = `Des démarches enfin lisibles pour tout le monde (${javaScriptEnabled ? "js" : "sans js"} ${Date.now()})`;
      await postHope(page, text);

      await page.goto("/mes-donnees");
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Mes données sur Café IA");
      const figure = (label: string) => page.locator(".my-data-figures div").filter({ hasText: label }).locator("dd");
      await expect(figure("Contributions")).toHaveText("1");
      await expect(figure("Votes")).toHaveText("0");
      await expect(page.getByRole("listitem").filter({ hasText: text })).toContainText("Café IA jeunesse");
      // axe runs in the page's JavaScript: the run with JavaScript scans the same markup.
      if (javaScriptEnabled) await axe(page, "/mes-donnees");

      // The download is this participant's file: their contribution, and nobody else's.
      const file = await page.request.get("/mes-donnees.json");
      expect(file.status()).toBe(200);
      expect(file.headers()["content-disposition"]).toMatch(/^attachment; filename="cafe-ia-mes-donnees-\d{4}-\d{2}-\d{2}\.json"$/);
      const json = await file.json();
      expect(json.contributions.map((c: { body: string }) => c.body)).toEqual([text]);
      expect(json.participant.id).toMatch(/^[0-9a-f-]{36}$/);

      // Without ticking the box: a message next to it, and nothing is deleted.
      await page.getByRole("button", { name: "Supprimer mes données" }).click();
      await expect(page.locator("#confirm-error")).toHaveText("Cochez la case pour confirmer la suppression.");
      await expect(page.getByRole("checkbox", { name: /Je comprends/ })).toHaveAttribute("aria-invalid", "true");
      if (javaScriptEnabled) await axe(page, "/mes-donnees with an error");
      await page.goto("/mes-donnees");
      await expect(figure("Contributions")).toHaveText("1");

      await page.getByRole("checkbox", { name: /Je comprends/ }).check();
      await page.getByRole("button", { name: "Supprimer mes données" }).click();
      await expect(page.getByRole("status")).toContainText("Vos données ont été supprimées");
      await expect(page).toHaveURL(/\/mes-donnees\?supprime=1$/);

      // The device forgot them, the file is gone, and the contribution left the public list.
      await page.goto("/mes-donnees");
      await expect(page.locator(".notice")).toHaveText(/Cet appareil n'a pas de participation enregistrée/);
      expect((await page.request.get("/mes-donnees.json")).status()).toBe(404);
      const visitor = await page.context().browser()!.newContext();
      const fresh = await visitor.newPage();
      await fresh.goto("/e/JEUN26/participer");
      await expect(fresh.locator("li.contribution").first()).toBeVisible();
      await expect(fresh.getByText(text)).toHaveCount(0);
      await visitor.close();
    });
  });
}

test("the page is in English too, and a device that never took part is told so", async ({ page }) => {
  await page.goto("/mes-donnees?lng=en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("My data on Café IA");
  await expect(page.locator(".notice")).toHaveText(/This device has no recorded participation/);
  await axe(page, "/mes-donnees (en, nothing held)");
});

test("another site cannot delete a participant's data", async ({ page }) => {
  await postHope(page, `Une contribution qui doit rester (${Date.now()})`);
  // A post from another site is refused by the origin check, even carrying the participant's cookie.
  const forged = await page.request.post("/mes-donnees", { form: { confirm: "on" }, headers: { Origin: "https://evil.example" } });
  expect(forged.status()).toBe(403);
  await page.goto("/mes-donnees");
  await expect(page.locator(".my-data-figures div").filter({ hasText: "Contributions" }).locator("dd")).toHaveText("1");
});

for (const [lng, privacy, notice, demo] of [
  ["fr", "Politique de confidentialité", "Mentions légales", "Démonstration"],
  ["en", "Privacy policy", "Legal notice", "Demonstration"],
] as const) {
  test(`the privacy policy and the legal notice (${lng}) say who is responsible, or that this is a demonstration`, async ({ page }) => {
    await page.goto(`/confidentialite?lng=${lng}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(privacy);
    // The e2e server sets no LEGAL_* settings: the page says so rather than inventing an operator.
    await expect(page.locator(".notice-error")).toContainText(demo);
    // The retention it states is the one the app applies (REGISTRATION_EMAIL_RETENTION_DAYS, 30 by default).
    await expect(page.getByRole("listitem").filter({ hasText: /30 (jours|days)/ })).toHaveCount(1);
    await axe(page, `/confidentialite (${lng})`);
    await page.getByRole("main").getByRole("link", { name: lng === "fr" ? /Mes données/ : /My data/ }).click();
    await expect(page).toHaveURL(/\/mes-donnees/);
    await page.goto(`/mentions-legales?lng=${lng}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(notice);
    await expect(page.locator(".notice-error")).toContainText(demo);
    await axe(page, `/mentions-legales (${lng})`);
  });
}

test("every page's footer leads to my data, the privacy policy and the legal notice", async ({ page }) => {
  await page.goto("/e/NANT26");
  const footer = page.getByRole("navigation", { name: "Informations légales et vos données" });
  for (const [name, path, heading] of [
    ["Mes données", "/mes-donnees", /Mes données/],
    ["Confidentialité", "/confidentialite", "Politique de confidentialité"],
    ["Mentions légales", "/mentions-legales", "Mentions légales"],
  ] as const) {
    await footer.getByRole("link", { name, exact: true }).click();
    await expect(page).toHaveURL(path);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
  }
});
