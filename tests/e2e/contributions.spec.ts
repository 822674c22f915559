import { expect, test, waitForHydrationOnGoto, type Page } from "./fixtures";
import { signIn } from "./utils";

async function openContributions(page: Page) {
  await page.goto("/");
  await page.getByLabel("Code de la rencontre").fill("NANT26");
  await page.getByRole("button", { name: "Rejoindre" }).click();
  await page.getByRole("link", { name: "Participer : espoirs et craintes" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Vos espoirs et vos craintes");
  await page.waitForLoadState("networkidle");
}

async function postFear(page: Page, text: string) {
  await page.getByRole("radio", { name: "Une crainte" }).check();
  await page.getByLabel("Votre texte").fill(text);
  await page.getByRole("checkbox", { name: "Surveillance et contrôle social" }).check();
  await page.getByRole("button", { name: "Envoyer" }).click();
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`a citizen on a phone ${javaScriptEnabled ? "with" : "without"} JavaScript`, () => {
    test.use({ javaScriptEnabled, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

    test("joins by code, posts a fear, reacts to three contributions and reports one", async ({ page }) => {
      await openContributions(page);
      const text = `Que la reconnaissance faciale arrive dans les transports (${javaScriptEnabled ? "js" : "sans js"} ${Date.now()})`;
      await postFear(page, text);
      await expect(page.getByRole("status").first()).toHaveText("Merci ! Votre contribution est publiée.");
      const mine = page.getByRole("listitem").filter({ hasText: text });
      await expect(mine).toContainText("votre contribution");

      const others = page.locator("li.contribution").filter({ has: page.getByRole("button", { name: "Je partage" }) });
      for (let i = 0; i < 3; i++) {
        const item = others.nth(i);
        const body = (await item.locator(".contribution-body").textContent())!;
        await item.getByRole("button", { name: i === 1 ? "Je ne partage pas" : "Je partage" }).click();
        const same = page.locator("li.contribution").filter({ hasText: body });
        await expect(same).toContainText(/partagent/);
      }
      const toReport = page.locator("li.contribution").filter({ hasText: "caméras qui analysent" });
      await toReport.getByText("Signaler").click();
      await toReport.getByRole("radio", { name: "Hors sujet" }).check();
      await toReport.getByRole("button", { name: "Envoyer le signalement" }).click();
      await expect(page.locator("li.contribution").filter({ hasText: "caméras qui analysent" })).toContainText("Signalement envoyé");
    });

    test("bad input gets a translated message and posts nothing", async ({ page }) => {
      await openContributions(page);
      const cases: [string, string][] = [
        ["", "Écrivez entre 3 et 500 caractères."],
        ["ab", "Écrivez entre 3 et 500 caractères."],
        ["     ", "Écrivez entre 3 et 500 caractères."],
        ["x".repeat(501), "Écrivez entre 3 et 500 caractères."],
        ["y".repeat(50_000), "Écrivez entre 3 et 500 caractères."],
      ];
      for (const [text, message] of cases) {
        await page.getByRole("radio", { name: "Une crainte" }).check();
        await page.getByLabel("Votre texte").fill(text);
        await page.getByRole("checkbox", { name: "Biais et discriminations" }).check();
        await page.getByRole("button", { name: "Envoyer" }).click();
        await expect(page.locator("#body-error")).toHaveText(message);
        await page.goto(page.url());
      }
      await page.getByRole("radio", { name: "Un espoir" }).check();
      await page.getByLabel("Votre texte").fill("Une idée sans thème choisi");
      await page.getByRole("button", { name: "Envoyer" }).click();
      await expect(page.locator("#post-themes-error")).toHaveText("Choisissez un ou deux thèmes.");
      await expect(page.getByText("x".repeat(501))).toHaveCount(0);
    });

    test("HTML and script are shown as text, never run", async ({ page }) => {
      await openContributions(page);
      const payload = `<script>window.__pwned=1</script>"><img src=x onerror="window.__pwned=2"> ${Date.now()}`;
      await page.getByRole("radio", { name: "Une crainte" }).check();
      await page.getByLabel("Votre texte").fill(payload);
      await page.getByRole("checkbox", { name: "Biais et discriminations" }).check();
      await page.getByRole("button", { name: "Envoyer" }).click();
      await expect(page.locator("li.contribution .contribution-body").filter({ hasText: payload })).toHaveCount(1);
      await expect(page.locator("main img")).toHaveCount(0);
      if (javaScriptEnabled) expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    });
  });
}

test("a contribution with a phone number is held and its author is told why", async ({ page }) => {
  await openContributions(page);
  await page.getByRole("radio", { name: "Une crainte" }).check();
  await page.getByLabel("Votre texte").fill(`Appelez-moi au 06 12 34 56 78 pour en parler ${Date.now()}`);
  await page.getByRole("checkbox", { name: "Données personnelles et vie privée" }).check();
  await page.getByRole("button", { name: "Envoyer" }).click();
  await expect(page.getByRole("status").first()).toContainText("contient un numéro de téléphone");
  const other = waitForHydrationOnGoto(await page.context().browser()!.newPage({ locale: "fr-FR" }));
  await other.goto("/e/NANT26/participer");
  await expect(other.getByText("06 12 34 56 78")).toHaveCount(0);
  await other.close();
});

test("a reported contribution hidden by a facilitator disappears for citizens, and stays in the log", async ({ browser }) => {
  const citizen = waitForHydrationOnGoto(await browser.newPage({ locale: "fr-FR", viewport: { width: 390, height: 844 } }));
  await openContributions(citizen);
  const text = `Une idée qui sera masquée ${Date.now()}`;
  await postFear(citizen, text);
  await expect(citizen.getByRole("status").first()).toHaveText("Merci ! Votre contribution est publiée.");

  const reader = waitForHydrationOnGoto(await browser.newPage({ locale: "fr-FR", viewport: { width: 390, height: 844 } }));
  await reader.goto("/e/NANT26/participer");
  await reader.waitForLoadState("networkidle");
  const item = reader.locator("li.contribution").filter({ hasText: text });
  await item.getByText("Signaler").click();
  await item.getByRole("radio", { name: "Hors sujet" }).check();
  await item.getByRole("button", { name: "Envoyer le signalement" }).click();
  await expect(reader.locator("li.contribution").filter({ hasText: text })).toContainText("Signalement envoyé");

  const staff = waitForHydrationOnGoto(await browser.newPage({ locale: "fr-FR" }));
  await signIn(staff, "animation.nantes@demo.cafe-ia.test");
  await staff.goto("/espace/territoires/nantes-metropole");
  await staff.getByRole("link", { name: "Concertation IA 2026" }).click();
  await staff.getByRole("link", { name: "Modérer les contributions" }).click();
  await staff.waitForLoadState("networkidle");
  const queued = staff.getByRole("listitem").filter({ hasText: text });
  await expect(queued).toContainText("Signalements : 1 (hors sujet)");
  await queued.getByLabel("Motif de la décision").fill("Hors sujet : test de modération");
  await queued.getByRole("button", { name: "Masquer" }).click();
  await expect(queued.getByRole("status").filter({ hasText: "Contribution masquée" })).toHaveText("Contribution masquée. La décision est consignée au journal.");

  await reader.goto("/e/NANT26/participer");
  await expect(reader.getByText(text)).toHaveCount(0);
  // Its author still sees it, marked as hidden; it was not deleted.
  await citizen.goto("/e/NANT26/participer");
  await expect(citizen.locator("li.contribution").filter({ hasText: text })).toContainText("Masquée par l'équipe d'animation.");
});
