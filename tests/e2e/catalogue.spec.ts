import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "./fixtures";
import { nantesStaffPages, signIn } from "./utils";

const NATIONAL_ADMIN = "coordination@demo.cafe-ia.test";
const NANTES_FACILITATOR = "animation.nantes@demo.cafe-ia.test";
const TOULOUSE_FACILITATOR = "animation.toulouse@demo.cafe-ia.test";

// The tests of this file change the same demo consultation's selection: one after the other.
test.describe.configure({ mode: "default" });

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** Opens a page and waits until it is interactive (a post made while Remix hydrates is lost). */
async function openReady(page: Page, path: string) {
  await page.goto(path);
  await page.waitForLoadState("networkidle");
}

/** Fills the one use form (admin and territory pages share it). */
async function fillUse(page: Page, use: { title: string; what: string; domain?: string; tier?: string; example?: string }) {
  if (use.domain) await page.getByLabel("Domaine").selectOption({ label: use.domain });
  if (use.tier) await page.getByLabel("Niveau de risque (règlement européen sur l'IA)").selectOption({ label: use.tier });
  await page.getByLabel("Titre en français").fill(use.title);
  await page.getByLabel("Ce que fait l'IA, en français").fill(use.what);
  if (use.example) await page.getByLabel("Exemple dans une collectivité, en français (facultatif)").fill(use.example);
}

const catalogueRows = (page: Page) => page.getByRole("region", { name: "Catalogue national des usages de l'IA" }).getByRole("row");

test("a national admin adds a use, bad input creates nothing, a double submit adds it once, and an edit makes version 2", async ({ page }) => {
  await signIn(page, NATIONAL_ADMIN);
  await openReady(page, "/admin?lng=fr");
  await page.getByRole("link", { name: "Catalogue national des usages de l'IA mis au vote" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Catalogue national des usages de l'IA");
  await page.waitForLoadState("networkidle");
  const rowsBefore = await catalogueRows(page).count();
  const run = unique();
  const title = `Tri automatique des demandes d'aide ${run}`;

  // Bad input: errors next to each field, what was typed is kept, nothing is created.
  await page.getByLabel("Titre en français").fill("ab");
  await page.getByLabel("Ce que fait l'IA, en français").fill("court");
  await page.getByLabel("Exemple dans une collectivité, en anglais").fill("An example with no English title");
  await page.getByRole("button", { name: "Ajouter l'usage" }).click();
  await expect(page.locator("#titleFr-error")).toHaveText("Écrivez un titre de 3 à 160 caractères.");
  await expect(page.locator("#whatFr-error")).toHaveText("Décrivez ce que fait l'IA en 10 à 1 000 caractères.");
  await expect(page.locator("#domain-error")).toHaveText("Choisissez un domaine dans la liste.");
  await expect(page.locator("#riskTier-error")).toHaveText("Choisissez un niveau de risque dans la liste.");
  await expect(page.locator("#titleEn-error")).toHaveText(/écrivez aussi le titre en anglais/);
  await expect(page.locator("#whatEn-error")).toHaveText(/décrivez aussi ce que fait l'IA en anglais/);
  await expect(page.getByLabel("Titre en français")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Titre en français")).toHaveValue("ab");
  await expect(page).toHaveURL(/\/admin\/usages(\?|$)/);
  await page.goto("/admin/usages?lng=fr");
  expect(await catalogueRows(page).count()).toBe(rowsBefore);

  // The same request key posted twice (a double submit) adds the use once.
  const requestKey = await page.locator("input[name=requestKey]").inputValue();
  const form = {
    intent: "save",
    requestKey,
    domain: "social",
    riskTier: "high",
    titleFr: title,
    whatFr: "Un logiciel classe les demandes d'aide sociale par ordre de priorité avant qu'un agent ne les traite.",
    exampleFr: "",
    risksFr: "",
    titleEn: "",
    whatEn: "",
    exampleEn: "",
    risksEn: "",
  };
  const first = await page.request.post("/admin/usages?index", { form, maxRedirects: 0 });
  const second = await page.request.post("/admin/usages?index", { form, maxRedirects: 0 });
  expect(first.headers()["location"]).toMatch(/^\/admin\/usages\/[0-9a-f-]{36}\?nouveau=1$/);
  expect(second.headers()["location"]).toBe(first.headers()["location"]);
  await page.goto("/admin/usages?lng=fr");
  expect(await catalogueRows(page).count()).toBe(rowsBefore + 1);
  const row = catalogueRows(page).filter({ hasText: title });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("Action sociale");
  await expect(row).toContainText("Risque élevé");

  // Through the form: added, then the page of the new use opens.
  await page.reload();
  await page.waitForLoadState("networkidle");
  const formTitle = `Prévision de la fréquentation des piscines ${run}`;
  await fillUse(page, {
    title: formTitle,
    what: "L'IA prévoit le nombre de visiteurs pour ajuster les horaires et le personnel.",
    domain: "Culture et sport",
    tier: "Risque minimal",
    example: "Une métropole ajuste les créneaux de ses piscines.",
  });
  await page.getByRole("button", { name: "Ajouter l'usage" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(formTitle);
  await expect(page.getByRole("status")).toHaveText("Usage ajouté au catalogue (version 1).");
  await expect(page.getByText(/Un vote renvoie toujours à la formulation que la personne a lue : enregistrer une modification crée la version 2/)).toBeVisible();
  await page.waitForLoadState("networkidle");

  // Editing makes version 2; version 1 is kept in the history, with what changed and who did it.
  await page.getByLabel("Titre en français").fill(`${formTitle} (v2)`);
  await page.getByLabel("Ce qui pourrait mal tourner, en français (facultatif)").fill("Des horaires réduits dans les quartiers moins fréquentés.");
  await page.getByRole("button", { name: "Enregistrer la version 2" }).click();
  await expect(page.getByRole("status")).toHaveText("Version 2 enregistrée. La version 1 reste conservée.");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${formTitle} (v2)`);
  const history = page.getByRole("region", { name: "Historique des versions" }).or(page.locator("section[aria-labelledby=history-title]"));
  const v2 = history.locator("li").filter({ has: page.getByRole("heading", { name: "Version 2" }) });
  const v1 = history.locator("li").filter({ has: page.getByRole("heading", { name: "Version 1" }) });
  await expect(v2).toContainText("Modifié par rapport à la version précédente : Titre en français, Ce qui pourrait mal tourner, en français (facultatif).");
  await expect(v2).toContainText(NATIONAL_ADMIN);
  await expect(v1).toContainText("Première version.");
  await v1.getByText("Lire la version 1").click();
  await expect(v1).toContainText(formTitle);
  // Saving the same wording again writes nothing.
  await page.waitForLoadState("networkidle");
  await page.getByRole("button", { name: "Enregistrer la version 3" }).click();
  await expect(page.getByRole("status")).toHaveText("Rien n'a changé : la version 2 reste en vigueur.");

  // Archive and bring back.
  await page.getByRole("button", { name: "Archiver" }).click();
  await expect(page.getByRole("status")).toHaveText("Usage archivé : il ne peut plus être ajouté à une concertation.");
  await expect(page.locator(".meta .badge-alert")).toHaveText("Archivé");
  await page.getByRole("button", { name: "Remettre au catalogue" }).click();
  await expect(page.getByRole("status")).toHaveText("Usage remis au catalogue.");

  await page.goto("/admin/usages?lng=fr");
  const edited = catalogueRows(page).filter({ hasText: `${formTitle} (v2)` });
  await expect(edited.getByRole("cell").nth(3)).toHaveText("2");
  await expect(edited).toContainText("Actif");
});

async function asStaff(browser: Browser, email: string, paths: string[]) {
  const context = await browser.newContext({ locale: "fr-FR" });
  const page = await context.newPage();
  await signIn(page, email);
  const statuses = [];
  for (const path of paths) statuses.push((await page.goto(path))?.status());
  await context.close();
  return statuses;
}

/** A citizen joins the Nantes event by its code and votes "À proscrire" on one use. */
async function voteOn(browser: Browser, title: string) {
  const context = await browser.newContext({ locale: "fr-FR" });
  const page = await context.newPage();
  await page.goto("/");
  await page.getByLabel("Code de la rencontre").fill("NANT26");
  await page.getByRole("button", { name: "Rejoindre" }).click();
  await page.getByRole("link", { name: "Voter sur les usages de l’IA" }).click();
  await page.waitForLoadState("networkidle");
  const card = page.locator("section").filter({ has: page.getByRole("heading", { name: title, exact: true }) }).first();
  await card.getByRole("radio", { name: "À proscrire" }).check();
  await page.getByRole("button", { name: "Enregistrer mes votes" }).click();
  await expect(page.getByRole("status")).toBeVisible();
  await context.close();
}

test("a Nantes facilitator adds a local use, puts it to the vote, switches results visibility; once voted on it cannot be withdrawn", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  await signIn(page, NANTES_FACILITATOR);
  await openReady(page, "/espace/territoires/nantes-metropole?lng=fr");
  await page.getByRole("link", { name: "Usages de l'IA propres au territoire" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Usages de l'IA propres à Nantes Métropole");
  await page.waitForLoadState("networkidle");
  const run = unique();
  const title = `Capteurs de stationnement intelligents ${run}`;
  await fillUse(page, {
    title,
    what: "Des capteurs et une IA indiquent les places libres et ajustent le prix du stationnement.",
    domain: "Mobilités",
    tier: "Risque minimal",
  });
  await page.getByRole("button", { name: "Ajouter l'usage" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect(page).toHaveURL(/\/espace\/usages\/[0-9a-f-]{36}/);
  const localPath = new URL(page.url()).pathname;
  await page.getByRole("link", { name: "Usages propres au territoire" }).click();
  await expect(page.getByRole("row").filter({ hasText: title })).toContainText("Mobilités");

  // Other territories' staff cannot reach it; a national use is not editable from a territory's pages.
  expect(await asStaff(browser, TOULOUSE_FACILITATOR, [localPath, "/espace/territoires/nantes-metropole/usages"])).toEqual([404, 404]);

  // Put it to the vote in the Nantes demo consultation.
  const { consultation } = await nantesStaffPages(page);
  await openReady(page, `${consultation}?lng=fr`);
  await page.getByRole("link", { name: "Choisir les usages mis au vote et la visibilité des résultats" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Usages de l'IA mis au vote");
  await page.waitForLoadState("networkidle");
  const box = page.getByRole("checkbox", { name: new RegExp(title) });
  await expect(box).not.toBeChecked();
  await expect(page.getByRole("group", { name: "Mobilités" })).toContainText(title);
  const before = await page.getByRole("checkbox", { checked: true }).count();
  await box.check();
  await page.getByRole("button", { name: "Enregistrer la sélection" }).click();
  await expect(page.getByRole("status")).toHaveText(new RegExp(`^Sélection enregistrée : ${before + 1} usages? mis au vote\\.$`));
  await page.reload();
  await expect(page.getByRole("checkbox", { name: new RegExp(title) })).toBeChecked();
  await expect(page.locator("label").filter({ hasText: title })).toContainText("0 vote");

  // A national use is not editable on the territory's pages.
  const national = await page.locator("label[for^='use-']").filter({ hasNotText: "Propre au territoire" }).first().getAttribute("for");
  if (national) {
    const [status] = await asStaff(browser, NANTES_FACILITATOR, [`/espace/usages/${national.replace(/^use-/, "")}`]);
    expect(status).toBe(404);
  }

  // The staff consultation page lists it in the results summary.
  await page.goto(`${consultation}?lng=fr`);
  await expect(page.getByRole("link", { name: "Résultats", exact: true })).toHaveAttribute("href", `/concertations/${consultation.split("/").pop()}/resultats`);
  const summary = page.getByRole("region", { name: "Votes sur les usages de l'IA" });
  await expect(summary.getByRole("row").filter({ hasText: title })).toContainText("Pas de majorité");

  // Once a citizen voted on it, it is shown locked; forcing its withdrawal is refused with a message.
  await voteOn(browser, title);
  await openReady(page, `${consultation}/usages?lng=fr`);
  const locked = page.getByRole("checkbox", { name: new RegExp(title) });
  await expect(locked).toBeDisabled();
  await expect(locked).toBeChecked();
  await expect(page.locator("label").filter({ hasText: title })).toContainText("1 vote · a reçu des votes, ne peut plus être retiré");
  const kept = await page.locator("input[type=hidden][name='uses[]']").evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
  const ticked = await page.locator("input[type=checkbox][name='uses[]']:checked").evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
  const localId = localPath.split("/").pop()!;
  const forced = new URLSearchParams({ intent: "selection" });
  for (const id of [...kept, ...ticked].filter((id) => id !== localId)) forced.append("uses[]", id);
  const response = await page.request.post(`${consultation}/usages`, {
    headers: { "content-type": "application/x-www-form-urlencoded" },
    data: forced.toString(),
  });
  expect(response.status()).toBe(400);
  expect(await response.text()).toContain("Un usage qui a reçu des votes ne peut plus être retiré de la concertation.");
  await page.reload();
  await expect(page.getByRole("checkbox", { name: new RegExp(title) })).toBeChecked();

  // Results visibility, on a consultation of its own (citizens' tests read the demo one's results):
  // after closing, then back to the default; once closed, the selection no longer changes.
  await openReady(page, "/espace/territoires/nantes-metropole?lng=fr");
  await page.getByLabel("Titre de la concertation").fill(`Essai de visibilité ${run}`);
  await page.getByLabel("Début").fill("2026-12-01");
  await page.getByLabel("Fin").fill("2027-01-31");
  await page.getByRole("checkbox", { name: "Tout public" }).check();
  await page.getByLabel("État").selectOption({ label: "Ouverte" });
  await page.getByRole("button", { name: "Créer la concertation" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Essai de visibilité ${run}`);
  const own = new URL(page.url()).pathname;
  await openReady(page, `${own}/usages?lng=fr`);
  await expect(page.getByRole("checkbox", { checked: true })).toHaveCount(0);
  await page.getByRole("checkbox", { name: new RegExp(title) }).check();
  await page.getByRole("button", { name: "Enregistrer la sélection" }).click();
  await expect(page.getByRole("status")).toHaveText("Sélection enregistrée : 1 usage mis au vote.");
  await expect(page.getByRole("radio", { name: /Juste après avoir voté sur un usage/ })).toBeChecked();
  await page.getByRole("radio", { name: "Seulement à la clôture de la concertation." }).check();
  await page.getByRole("button", { name: "Enregistrer la visibilité" }).click();
  await expect(page.getByRole("status")).toHaveText("Visibilité des résultats enregistrée.");
  await page.reload();
  await expect(page.getByRole("radio", { name: "Seulement à la clôture de la concertation." })).toBeChecked();
  await page.waitForLoadState("networkidle");
  await page.getByRole("radio", { name: /Juste après avoir voté sur un usage/ }).check();
  await page.getByRole("button", { name: "Enregistrer la visibilité" }).click();
  await expect(page.getByRole("status")).toHaveText("Visibilité des résultats enregistrée.");
  await page.reload();
  await expect(page.getByRole("radio", { name: /Juste après avoir voté sur un usage/ })).toBeChecked();

  await openReady(page, `${own}?lng=fr`);
  await page.getByLabel("État").selectOption({ label: "Close" });
  await page.getByRole("button", { name: "Enregistrer", exact: true }).click();
  await expect(page.getByRole("status")).toHaveText("Concertation enregistrée.");
  await openReady(page, `${own}/usages?lng=fr`);
  await expect(page.getByText("La concertation est close : les usages mis au vote ne peuvent plus changer.")).toBeVisible();
  await page.getByRole("checkbox", { name: new RegExp(title) }).uncheck();
  await page.getByRole("button", { name: "Enregistrer la sélection" }).click();
  await expect(page.locator("#uses-error")).toHaveText("La concertation est close : les usages mis au vote ne peuvent plus changer.");
  await page.reload();
  await expect(page.getByRole("checkbox", { name: new RegExp(title) })).toBeChecked();
});

test("a facilitator blocks the author of an online contribution with a reason, then unblocks them", async ({ page }) => {
  await signIn(page, NANTES_FACILITATOR);
  const { consultation } = await nantesStaffPages(page);
  await openReady(page, `${consultation}/moderation?lng=fr`);
  await expect(page.getByText(/il ne peut plus publier ni voter dans cette concertation, et ses votes ne comptent plus/).first()).toBeVisible();
  const item = page.locator("li.card").filter({ hasText: "Des serveurs énergivores pour des usages gadgets." });
  const sameAuthor = page.locator("li.card").filter({ hasText: "Des réponses plus rapides aux démarches, même le soir et le week-end." });
  await item.getByRole("button", { name: "Bloquer l'auteur" }).click();
  await expect(item.getByRole("alert")).toHaveText("Écrivez un motif de 3 à 500 caractères.");
  await item.getByLabel("Motif du blocage de l'auteur").fill(`Messages répétés hors sujet ${unique()}`);
  await item.getByRole("button", { name: "Bloquer l'auteur" }).click();
  await expect(item.getByRole("status").last()).toHaveText(/^Auteur bloqué/);
  await expect(item.getByText("Auteur bloqué dans cette concertation")).toBeVisible();
  // Every contribution of that author shows it.
  await expect(sameAuthor.getByText("Auteur bloqué dans cette concertation")).toBeVisible();
  await item.getByRole("button", { name: "Débloquer l'auteur" }).click();
  await expect(item.getByRole("button", { name: "Bloquer l'auteur" })).toBeVisible();
  await expect(sameAuthor.getByRole("button", { name: "Bloquer l'auteur" })).toBeVisible();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the selection and visibility forms are plain form posts", async ({ page }) => {
    await signIn(page, NANTES_FACILITATOR);
    const { consultation } = await nantesStaffPages(page);
    await page.goto(`${consultation}/usages?lng=fr`);
    const count = await page.getByRole("checkbox", { checked: true }).count();
    await page.getByRole("button", { name: "Enregistrer la sélection" }).click();
    await expect(page.getByRole("status")).toHaveText(new RegExp(`^Sélection enregistrée : ${count} usages? mis au vote\\.$`));
    await page.getByRole("radio", { name: /Juste après avoir voté sur un usage/ }).check();
    await page.getByRole("button", { name: "Enregistrer la visibilité" }).click();
    await expect(page.getByRole("status")).toHaveText("Visibilité des résultats enregistrée.");
  });
});

for (const lng of ["fr", "en"]) {
  test(`no axe violations on the catalogue and selection pages (${lng})`, async ({ page }) => {
    test.setTimeout(120_000);
    await signIn(page, NATIONAL_ADMIN);
    const { consultation } = await nantesStaffPages(page);
    // A local use to open, so its page exists whatever the seed holds.
    await openReady(page, "/espace/territoires/nantes-metropole/usages?lng=fr");
    await fillUse(page, { title: `Usage local axe ${unique()}`, what: "Un usage local pour la vérification d'accessibilité.", domain: "Santé", tier: "Risque limité" });
    await page.getByRole("button", { name: "Ajouter l'usage" }).click();
    await expect(page).toHaveURL(/\/espace\/usages\//);
    const local = new URL(page.url()).pathname;
    await page.goto("/admin/usages?lng=fr");
    const national = await page.getByRole("region", { name: "Catalogue national des usages de l'IA" }).getByRole("link").first().getAttribute("href");
    const paths = ["/admin", "/admin/usages", "/espace/territoires/nantes-metropole", "/espace/territoires/nantes-metropole/usages", local, consultation, `${consultation}/usages`, `${consultation}/moderation`];
    if (national) paths.push(national);
    for (const viewport of [{ width: 390, height: 844 }, { width: 1280, height: 800 }]) {
      await page.setViewportSize(viewport);
      for (const path of paths) {
        await page.goto(`${path}?lng=${lng}`);
        await expect(page.locator("html")).toHaveAttribute("lang", lng);
        const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
        expect(results.violations.map((v) => `${path} [${lng}] ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
      }
    }
    // With errors shown next to the fields.
    await openReady(page, `/admin/usages?lng=${lng}`);
    await page.getByRole("button", { name: lng === "fr" ? "Ajouter l'usage" : "Add the use" }).click();
    await expect(page.locator("#titleFr-error")).toBeVisible();
    const withErrors = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    expect(withErrors.violations.map((v) => v.id)).toEqual([]);
  });
}
