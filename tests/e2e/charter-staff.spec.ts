import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "./fixtures";
import { signIn } from "./utils";

const FACILITATOR = "animation.nantes@demo.cafe-ia.test";
const OFFICIAL = "elu.nantes@demo.cafe-ia.test";
const PAGE = "/espace/territoires/nantes-metropole/charte";

// The facilitator prepares the draft, then the official signs it: one story, in order.
test.describe.configure({ mode: "serial" });

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

async function openCharter(page: Page, lng = "fr") {
  await page.goto(`${PAGE}?lng=${lng}`);
  await page.waitForLoadState("networkidle");
}

const inFuture = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

test("a facilitator fills in the draft: bad input is refused field by field, then saved", async ({ page }) => {
  await signIn(page, FACILITATOR);
  await page.goto("/espace/territoires/nantes-metropole?lng=fr");
  await page.getByRole("link", { name: "Charte d’engagements" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Charte d’engagements — Nantes Métropole");
  await page.waitForLoadState("networkidle");

  const governance = page.getByRole("group", { name: /^1\. Piloter l’IA politiquement/ });
  const target = governance.getByLabel("Échéance (facultatif)");
  const responsible = governance.getByLabel("Instance ou personne responsable");
  const links = governance.getByLabel("Liens vers les preuves");
  const saved = await responsible.inputValue();

  // A past target date and a javascript: link: each message next to its field, nothing written.
  await target.fill("2020-01-15");
  await responsible.fill(`Ne doit pas être enregistré ${unique()}`);
  await links.fill("https://metropole.nantes.fr/ok\njavascript:alert(1)");
  await page.getByRole("button", { name: "Enregistrer le brouillon" }).click();
  await expect(target).toHaveAccessibleDescription("Cette échéance est passée : choisissez une date à venir.");
  await expect(target).toHaveAttribute("aria-invalid", "true");
  await expect(links).toHaveAccessibleDescription(/« javascript:alert\(1\) » n’est pas une adresse web/);
  await expect(page.getByText("Le formulaire contient des erreurs.")).toBeVisible();
  await openCharter(page);
  await expect(responsible).toHaveValue(saved);
  await expect(links).not.toHaveValue(/javascript/);

  // Good input is saved and shown again.
  const body = `Comité éthique de l’IA ${unique()}`;
  await target.fill(inFuture(90));
  await responsible.fill(body);
  await links.fill("https://metropole.nantes.fr/comite\n\nhttp://example.org/deliberation");
  await governance.getByLabel("État").selectOption({ label: "En cours" });
  await page.getByRole("button", { name: "Enregistrer le brouillon" }).click();
  await expect(page.getByRole("status")).toHaveText("Brouillon enregistré.");
  await openCharter(page);
  await expect(responsible).toHaveValue(body);
  await expect(target).toHaveValue(inFuture(90));
  await expect(links).toHaveValue("https://metropole.nantes.fr/comite\nhttp://example.org/deliberation");
  await expect(governance.getByLabel("État")).toHaveValue("in_progress");
});

test("commitment 5 starts from the votes; a different list needs a public reason", async ({ page }) => {
  await signIn(page, FACILITATOR);
  await openCharter(page);
  const ruledOut = page.getByRole("group", { name: "Usages de l’IA que le territoire proscrit" });
  const surveillance = ruledOut.getByRole("checkbox", { name: /^Vidéosurveillance algorithmique/ });
  const facial = ruledOut.getByRole("checkbox", { name: /^Reconnaissance faciale en temps réel/ });
  const scoring = ruledOut.getByRole("checkbox", { name: /^Notation sociale des habitants/ });
  // The uses the votes proposed are marked and ticked.
  await expect(surveillance).toHaveAccessibleName(/proposé par les votes/);
  await expect(surveillance).toBeChecked();
  await expect(facial).toBeChecked();
  await expect(scoring).not.toBeChecked();
  await expect(ruledOut.getByText("Proposés par les votes (majorité pour proscrire) :")).toBeVisible();
  await expect(page.getByText("La liste cochée suit la proposition des votes.")).toBeVisible();

  await surveillance.uncheck();
  await scoring.check();
  await expect(page.getByText("Ajoutés par rapport aux votes : Notation sociale des habitants")).toBeVisible();
  await expect(page.getByText("Proposés par les votes mais non retenus : Vidéosurveillance algorithmique")).toBeVisible();
  const reason = page.getByLabel("Raison de l’écart avec les votes");
  await expect(reason).toHaveAccessibleDescription(/L’écart et cette raison seront publics/);
  await reason.fill("");
  await page.getByRole("button", { name: "Enregistrer le brouillon" }).click();
  await expect(reason).toHaveAccessibleDescription(/expliquez pourquoi/);

  const why = `Vidéosurveillance encadrée par une délibération distincte ${unique()}`;
  await reason.fill(why);
  await page.getByRole("button", { name: "Enregistrer le brouillon" }).click();
  await expect(page.getByRole("status")).toHaveText("Brouillon enregistré.");
  await openCharter(page);
  await expect(surveillance).not.toBeChecked();
  await expect(scoring).toBeChecked();
  await expect(reason).toHaveValue(why);
});

test("a facilitator cannot sign: the page says why and a forged post is refused", async ({ page }) => {
  await signIn(page, FACILITATOR);
  await openCharter(page);
  const sign = page.getByRole("region", { name: "Signer et publier" });
  await expect(sign.getByText("Seul·e un·e élu·e du territoire peut signer et publier la charte.")).toBeVisible();
  await expect(sign.getByLabel("Nom du ou de la signataire")).toBeDisabled();
  // Forge the post: enable the fields and send the sign intent anyway.
  await page.locator("#sign-fields").evaluate((fieldset) => fieldset.removeAttribute("disabled"));
  await sign.getByLabel("Nom du ou de la signataire").fill("Animatrice Nantes");
  await sign.getByLabel("Mandat").fill("Animatrice");
  await sign.getByRole("button", { name: "Signer et publier la charte" }).click();
  await expect(sign.getByText("Seul·e un·e élu·e du territoire peut signer la charte.")).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`${PAGE}`));
  await expect(page.getByText("Aucune version publiée pour l’instant.")).toBeVisible();
});

test("the official signs and publishes, then lands on the public charter", async ({ page }) => {
  await signIn(page, OFFICIAL);
  await openCharter(page);
  const sign = page.getByRole("region", { name: "Signer et publier" });
  await expect(sign.getByText("Seul·e un·e élu·e du territoire peut signer et publier la charte.")).toHaveCount(0);
  const name = `Élue Nantes ${unique()}`;
  await sign.getByLabel("Nom du ou de la signataire").fill(name);
  await sign.getByLabel("Mandat").fill("V");
  await sign.getByLabel("Date de signature").fill(inFuture(3));
  await sign.getByRole("button", { name: "Signer et publier la charte" }).click();
  await expect(sign.getByLabel("Mandat")).toHaveAccessibleDescription(/Indiquez le mandat \(2 à 160 caractères\)/);
  await expect(sign.getByLabel("Date de signature")).toHaveAccessibleDescription(/ne peut pas être dans le futur/);

  await sign.getByLabel("Mandat").fill("Vice-présidente au numérique");
  await sign.getByLabel("Date de signature").fill(new Date().toISOString().slice(0, 10));
  const published = page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/charte"));
  await sign.getByRole("button", { name: "Signer et publier la charte" }).click();
  await published;
  await expect(page).toHaveURL(/\/territoires\/nantes-metropole\/charte$/);
  await expect(page.getByText(name).first()).toBeVisible();

  await openCharter(page);
  await expect(page.getByText(new RegExp(`Version \\d+, signée le .* par ${name} \\(Vice-présidente au numérique\\)`))).toBeVisible();
});

test("staff add a follow-up entry once, see it listed, and delete it", async ({ page }) => {
  await signIn(page, FACILITATOR);
  await openCharter(page);
  const follow = page.getByRole("region", { name: "Suite donnée" });
  const text = `Comité éthique réuni, trois projets examinés ${unique()}`;
  await follow.getByLabel("Engagement").selectOption("governance");
  await follow.getByLabel("Date", { exact: true }).fill(inFuture(5));
  await follow.getByLabel("Ce qui a été fait").fill(text);
  await follow.getByLabel("Lien (facultatif)").fill("ftp://example.org/x");
  await follow.getByRole("button", { name: "Ajouter à la suite donnée" }).click();
  await expect(follow.getByLabel("Date", { exact: true })).toHaveAccessibleDescription(/dans le futur/);
  await expect(follow.getByLabel("Lien (facultatif)")).toHaveAccessibleDescription(/http:\/\/ ou https:\/\//);

  await follow.getByLabel("Date", { exact: true }).fill(new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10));
  await follow.getByLabel("Lien (facultatif)").fill("https://metropole.nantes.fr/comite-ethique");
  await follow.getByRole("button", { name: "Ajouter à la suite donnée" }).click();
  await expect(follow.getByRole("status")).toHaveText("Entrée ajoutée à la suite donnée.");
  const entry = follow.getByRole("listitem").filter({ hasText: text });
  await expect(entry).toHaveCount(1);
  await expect(entry.getByRole("link", { name: "https://metropole.nantes.fr/comite-ethique" })).toBeVisible();
  await expect(follow.getByLabel("Ce qui a été fait")).toHaveValue("");

  // A double submit (same request key, as a second click or a resent form would do) adds one entry.
  const twice = `Atelier agents, deuxième session ${unique()}`;
  const requestKey = await follow.locator("input[name=requestKey]").inputValue();
  const form = { intent: "followUp", requestKey, commitment: "training", happenedOn: "2026-01-10", body: twice, link: "" };
  for (let i = 0; i < 2; i++) expect((await page.request.post(`${PAGE}?lng=fr`, { form })).status()).toBe(200);
  await openCharter(page);
  await expect(follow.getByRole("listitem").filter({ hasText: twice })).toHaveCount(1);

  await entry.getByRole("button", { name: /^Supprimer/ }).click();
  await expect(follow.getByRole("status")).toHaveText("Entrée supprimée.");
  await expect(follow.getByRole("listitem").filter({ hasText: text })).toHaveCount(0);
});

test("the staff charter page has no axe violations, errors shown included", async ({ page }) => {
  await signIn(page, FACILITATOR);
  for (const lng of ["fr", "en"]) {
    // French at desktop width, English on a phone.
    if (lng === "en") await page.setViewportSize({ width: 375, height: 812 });
    await openCharter(page, lng);
    const scan = async (label: string) => {
      const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
      expect(results.violations.map((v) => `${label} [${lng}] ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
    };
    await expect(page.locator("main")).not.toContainText(/charter(Draft|Sign|Validation)\.|followUpForm\.|commitmentStatus\./);
    await scan("charter");
    await page.getByRole("group", { name: /^1\. / }).locator("input[type=date]").fill("2020-01-01");
    await page.getByRole("button", { name: lng === "en" ? "Save the draft" : "Enregistrer le brouillon" }).click();
    await expect(page.locator(".field-invalid").first()).toBeVisible();
    await scan("charter errors");
  }
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the draft form still checks each field and saves", async ({ page }) => {
    await signIn(page, FACILITATOR);
    await page.goto(`${PAGE}?lng=fr`);
    const training = page.getByRole("group", { name: /^11\. / });
    const links = training.getByLabel("Liens vers les preuves");
    await links.fill("mailto:dpo@nantes.fr");
    await page.getByRole("button", { name: "Enregistrer le brouillon" }).click();
    await expect(links).toHaveAccessibleDescription(/« mailto:dpo@nantes.fr » n’est pas une adresse web/);
    await expect(links).toHaveValue("mailto:dpo@nantes.fr");
    // The ticked uses and the reason come back as they were sent.
    await expect(page.getByRole("checkbox", { name: /^Notation sociale des habitants/ })).toBeChecked();

    await links.fill("https://metropole.nantes.fr/formation-ia");
    await page.getByRole("button", { name: "Enregistrer le brouillon" }).click();
    await expect(page.getByRole("status")).toHaveText("Brouillon enregistré.");
    await expect(links).toHaveValue("https://metropole.nantes.fr/formation-ia");
  });
});
