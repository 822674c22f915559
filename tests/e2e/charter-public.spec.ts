import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "./fixtures";
import { signIn } from "./utils";

// The demo seed: Toulouse Métropole published version 1 of its charter, then version 2 (the register of
// uses adopted, recourse planned, facial recognition ruled out); Nantes Métropole has a draft only.
const TOULOUSE = "/territoires/toulouse-metropole/charte";
const NATIONAL_ADMIN = "coordination@demo.cafe-ia.test";
const PHONE = { width: 390, height: 844 };
const A4_WIDTH = Math.round((210 * 96) / 25.4); // 794 px at 96 dpi

const commitment = (page: Page, key: string) => page.locator(`#engagement-${key}`);

async function expectNoAxeViolations(page: Page, label: string) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(results.violations.map((v) => `${label} ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

test.describe("on a phone", () => {
  test.use({ viewport: PHONE });

  test("a citizen reads Toulouse's charter: current version, signatory, follow-up, ruled-out uses and history", async ({ page }) => {
    await page.goto("/territoires/toulouse-metropole?lng=fr");
    await page.getByRole("link", { name: "Charte d'engagements sur l'IA" }).click();
    await expect(page).toHaveURL(new RegExp(`${TOULOUSE}$`));
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Charte d'engagements de Toulouse Métropole");
    await expect(page).toHaveTitle("Charte d'engagements — Toulouse Métropole — Café IA");
    await expect(page.getByRole("heading", { level: 2, name: "Version 2, en vigueur" })).toBeVisible();
    const facts = page.locator("section[aria-labelledby=charter-version] dl");
    await expect(facts).toContainText("Prénom Nom (démonstration), Vice-présidente au numérique");
    await expect(facts).toContainText("Signée le");
    await expect(page.getByRole("heading", { level: 2, name: "19 engagements" })).toBeVisible();

    const governance = commitment(page, "governance");
    await expect(governance.getByRole("heading", { level: 3 })).toHaveText("1. Piloter l’IA politiquement, avec une instance interne et un référent nommé");
    await expect(governance).toContainText("État : Adopté");
    await expect(governance).toContainText("Vice-présidence au numérique");
    await expect(governance.getByRole("heading", { level: 4, name: "Suivi" })).toBeVisible();
    await expect(governance.getByRole("listitem").filter({ hasText: "Comité d’éthique installé" })).toContainText(/\d{1,2} \p{L}+ \d{4} — /u);

    const register = commitment(page, "transparency_register");
    await expect(register).toContainText("État : Adopté");
    const evidence = register.getByRole("link", { name: "https://www.toulouse-metropole.fr/demonstration/registre-ia" });
    await expect(evidence).toHaveAttribute("rel", "noopener nofollow");
    await expect(register.getByRole("link", { name: "En savoir plus" })).toHaveAttribute("rel", "noopener nofollow");

    // Commitment 5: the uses ruled out, and a public statement of how they differ from the votes.
    const ruledOut = commitment(page, "ruled_out_uses");
    await expect(ruledOut.getByRole("heading", { level: 4, name: "Usages de l'IA écartés par le territoire" })).toBeVisible();
    await expect(ruledOut).toContainText("Reconnaissance faciale en temps réel dans l’espace public");
    const difference = ruledOut.getByRole("note");
    await expect(difference.getByRole("heading", { name: "Cette liste diffère de ce que les votes proposaient" })).toBeVisible();
    await expect(difference).toContainText("Raison donnée par le territoire : La reconnaissance faciale dans l’espace public est exclue dès maintenant");

    // History: what changed between versions 1 and 2, in words.
    const history = page.locator("section[aria-labelledby=charter-history] > ol > li");
    await expect(history).toHaveCount(2);
    await expect(history.first().getByRole("heading", { level: 3 })).toHaveText("Version 2 (en vigueur)");
    await expect(history.first()).toContainText("Ce qui a changé depuis la version 1 :");
    await expect(history.first()).toContainText(
      "Tenir un registre public de nos usages de l’IA et signaler les contenus générés : passe de « En cours » à « Adopté » ; échéance modifiée ; preuves modifiées ; liens modifiés",
    );
    await expect(history.first()).toContainText("Offrir un recours et un moyen de signaler un problème : passe de « Non prévu » à « En cours »");
    await expect(history.first()).toContainText("Usage ajouté aux usages écartés : Reconnaissance faciale en temps réel dans l’espace public");
    await expect(history.last()).toContainText("Première version publiée.");

    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  });

  test("an older version says it is not the current one; unknown versions and territories are not found", async ({ page }) => {
    await page.goto(`${TOULOUSE}?lng=fr`);
    await page.getByRole("link", { name: "Lire la version 1" }).click();
    await expect(page).toHaveURL(new RegExp(`${TOULOUSE}\\?version=1$`));
    const notice = page.locator("main").getByRole("note").first();
    await expect(notice).toContainText("Vous consultez la version 1 : ce n'est pas la version en vigueur (version 2).");
    await expect(page.getByRole("heading", { level: 2, name: "Version 1" })).toBeVisible();
    await expect(commitment(page, "transparency_register")).toContainText("État : En cours");
    await expect(commitment(page, "recourse")).toContainText("État : Non prévu");
    // Follow-up given after version 2 was signed belongs to version 2.
    await expect(commitment(page, "transparency_register")).not.toContainText("Registre des usages de l’IA publié");
    await expect(commitment(page, "ruled_out_uses")).not.toContainText("Reconnaissance faciale");
    await notice.getByRole("link", { name: "Voir la version en vigueur (2)" }).click();
    await expect(page.getByRole("heading", { level: 2, name: "Version 2, en vigueur" })).toBeVisible();

    expect((await page.goto(`${TOULOUSE}?version=9`))?.status()).toBe(404);
    expect((await page.goto(`${TOULOUSE}?version=abc`))?.status()).toBe(404);
    expect((await page.goto("/territoires/territoire-inconnu/charte"))?.status()).toBe(404);
    const nantes = await page.goto("/territoires/nantes-metropole/charte?lng=fr");
    expect(nantes?.status()).toBe(200);
    await expect(page.getByText("Nantes Métropole n'a pas encore publié de charte d'engagements.")).toBeVisible();
  });
});

test("in English, commitments are in English and the territory's own text is marked as French", async ({ page }) => {
  await page.goto(`${TOULOUSE}?lng=en`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Charter of commitments of Toulouse Métropole");
  const governance = commitment(page, "governance");
  await expect(governance.getByRole("heading", { level: 3 })).toHaveText("1. Steer AI politically, with an internal body and a named referent");
  await expect(governance.getByRole("heading", { level: 3 })).toHaveAttribute("lang", "en");
  await expect(governance.locator("dd[lang=fr]").first()).toHaveText("Vice-présidence au numérique");
  await expect(governance).toContainText("Status: Adopted");
  await expect(page.locator("section[aria-labelledby=charter-history]")).toContainText("What changed since version 1:");
});

test("the print view fits the width of an A4 page, without the site's navigation", async ({ page }) => {
  await page.goto(`${TOULOUSE}?lng=fr`);
  await page.getByRole("link", { name: "Version imprimable" }).click();
  await expect(page).toHaveURL(new RegExp(`${TOULOUSE}/imprimer$`));
  await expect(page).toHaveTitle("Charte d'engagements à imprimer — Toulouse Métropole — Café IA");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Charte d'engagements de Toulouse Métropole");
  await expect(page.getByRole("button", { name: "Imprimer" })).toBeVisible();
  await expect(page.locator("section[aria-labelledby=charter-history]")).toContainText("Ce qui a changé depuis la version 1 :");

  await page.setViewportSize({ width: A4_WIDTH, height: 1123 });
  await page.emulateMedia({ media: "print" });
  await page.screenshot({ path: "test-results/charter-print.png", fullPage: true });
  for (const selector of [".site-header", ".site-footer", ".skip-link", ".charter-print-tools"]) {
    await expect(page.locator(selector), selector).toBeHidden();
  }
  await expect(commitment(page, "governance")).toBeVisible();
  const width = await page.evaluate(() => ({
    document: document.documentElement.scrollWidth,
    sheet: document.querySelector(".charter-sheet")!.getBoundingClientRect().right,
  }));
  expect(width.document).toBeLessThanOrEqual(A4_WIDTH);
  expect(width.sheet).toBeLessThanOrEqual(A4_WIDTH);

  // An older version prints too, with its notice.
  await page.emulateMedia({ media: "screen" });
  await page.goto(`${TOULOUSE}/imprimer?version=1&lng=fr`);
  await expect(page.locator("main").getByRole("note").first()).toContainText("Vous consultez la version 1");
});

test("the national page lists the territories that published a charter and each commitment's adoption", async ({ page }) => {
  await page.goto("/territoires?lng=fr");
  await page.getByRole("link", { name: "Les chartes d'engagements publiées par les territoires" }).click();
  await expect(page).toHaveURL(/\/charte$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Les chartes d'engagements des territoires");
  const territories = page.getByRole("table", { name: "Territoires ayant publié une charte" });
  const toulouse = territories.getByRole("row").filter({ hasText: "Toulouse Métropole" });
  await expect(toulouse.getByRole("cell")).toHaveText(["Intercommunalité", "2", /\d{4}$/, "6"]);
  await expect(territories.getByRole("row").filter({ hasText: "Nantes Métropole" })).toHaveCount(0);
  const adoption = page.getByRole("table", { name: /Adoption de chaque engagement/ });
  await expect(adoption.getByRole("row")).toHaveCount(20);
  const governance = adoption.getByRole("row").filter({ hasText: "Piloter l’IA politiquement" });
  await expect(governance.getByRole("cell").first()).toHaveText(/^\d+ \(\d+ %\)$/);
  await toulouse.getByRole("link", { name: "Toulouse Métropole" }).click();
  await expect(page).toHaveURL(new RegExp(`${TOULOUSE}$`));
});

test("a national admin rewords a commitment: bad input creates nothing, a new template version leaves published charters unchanged", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, NATIONAL_ADMIN);
  await page.goto("/admin?lng=fr");
  await page.getByRole("link", { name: "Modèle national de charte d'engagements" }).click();
  await expect(page).toHaveURL(/\/admin\/charte$/);
  await page.waitForLoadState("networkidle");
  await expect(page.getByText("Les chartes déjà publiées gardent la formulation avec laquelle elles ont été signées.")).toBeVisible();
  const heading = await page.getByRole("heading", { level: 2, name: /^Version \d+ du modèle \(19 engagements\)$/ }).textContent();
  const version = Number(/Version (\d+)/.exec(heading ?? "")?.[1]);
  const history = page.getByRole("table", { name: "Historique des versions du modèle" }).locator("tbody tr");
  const versionsBefore = await history.count();
  expect(versionsBefore).toBeGreaterThanOrEqual(1);

  const ORIGINAL = "Respecter le règlement européen sur l’IA";
  const reworded = `Appliquer le règlement européen sur l’IA (${Date.now().toString(36)})`;
  const item = page.locator("details").filter({ has: page.locator("#ai_act-fr-title") });
  const title = item.locator("#ai_act-fr-title");

  // Bad input: an empty title gets a message next to it, and no version is created.
  await expect(item.locator("summary")).toHaveText(`19. ${ORIGINAL}`);
  await item.locator("summary").click();
  await expect(title).toHaveValue(ORIGINAL);
  await title.fill("");
  await page.getByLabel("Note de changement").fill("Essai sans titre");
  await page.getByRole("button", { name: "Enregistrer une nouvelle version" }).click();
  await expect(page.locator("#ai_act-fr-title-error")).toHaveText("Ce champ est obligatoire.");
  await expect(page.locator("#ai_act-fr-title")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByRole("alert").first()).toContainText("Le formulaire contient des erreurs.");
  await expectNoAxeViolations(page, "/admin/charte with errors");
  await page.goto("/admin/charte?lng=fr");
  await expect(history).toHaveCount(versionsBefore);

  // A valid rewording is the next version, with its note and author in the history.
  await item.locator("summary").click();
  await title.fill(reworded);
  await page.getByLabel("Note de changement").fill("Formulation plus active de l'engagement 19");
  await page.getByRole("button", { name: "Enregistrer une nouvelle version" }).click();
  await expect(page.getByRole("status")).toHaveText(`Version ${version + 1} du modèle enregistrée.`);
  await expect(page.getByRole("heading", { level: 2, name: `Version ${version + 1} du modèle (19 engagements)` })).toBeVisible();
  const newest = history.first();
  await expect(newest.getByRole("rowheader")).toHaveText(String(version + 1));
  await expect(newest).toContainText(NATIONAL_ADMIN);
  await expect(newest).toContainText("Formulation plus active de l'engagement 19");
  await expect(history).toHaveCount(versionsBefore + 1);

  // Toulouse's published charter keeps the wording it was signed with.
  await page.goto(`${TOULOUSE}?lng=fr`);
  await expect(commitment(page, "ai_act").getByRole("heading", { level: 3 })).toHaveText(`19. ${ORIGINAL}`);
  await expect(page.getByText(reworded)).toHaveCount(0);

  // Put the wording back (the next version), so the other tests of the demo find it.
  await page.goto("/admin/charte?lng=fr");
  await item.locator("summary").click();
  await title.fill(ORIGINAL);
  await page.getByLabel("Note de changement").fill("Retour à la formulation d'origine");
  await page.getByRole("button", { name: "Enregistrer une nouvelle version" }).click();
  await expect(page.getByRole("status")).toHaveText(`Version ${version + 2} du modèle enregistrée.`);
});

for (const lng of ["fr", "en"] as const) {
  test(`no axe violations on the charter pages (${lng}, phone)`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize(PHONE);
    for (const path of [TOULOUSE, `${TOULOUSE}?version=1`, `${TOULOUSE}/imprimer`, "/territoires/nantes-metropole/charte", "/charte"]) {
      await page.goto(`${path}${path.includes("?") ? "&" : "?"}lng=${lng}`);
      await expect(page.locator("html")).toHaveAttribute("lang", lng);
      await expectNoAxeViolations(page, `${path} [${lng}]`);
    }
  });
}
