import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "./fixtures";
import { signIn } from "./utils";

// The demo seed's closed consultation of Nantes Métropole, and its staff.
const CONSULTATION = "Café IA 2025 — bilan";
const OFFICIAL = "elu.nantes@demo.cafe-ia.test";
const FACILITATOR = "animation.nantes@demo.cafe-ia.test";
const A4_WIDTH = Math.round((210 * 96) / 25.4); // 794 px

// The facilitator publishes what the citizen then reads.
test.describe.configure({ mode: "serial" });

async function expectNoAxeViolations(page: Page, label: string) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(results.violations.map((v) => `${label} ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

/** The staff synthesis page of the closed Nantes consultation, reached by following links. */
async function openStaffSynthesis(page: Page) {
  await page.goto("/espace/territoires/nantes-metropole?lng=fr");
  await page.getByRole("link", { name: CONSULTATION, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(CONSULTATION);
  await page.getByRole("link", { name: "Synthèse", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Synthèse");
  return /\/espace\/concertations\/([0-9a-f-]{36})\/synthese/.exec(page.url())![1];
}

let consultationId = "";

test("an official reads the current figures and follows a figure to its contributions", async ({ page }) => {
  await signIn(page, OFFICIAL);
  consultationId = await openStaffSynthesis(page);
  await expect(page.getByRole("heading", { name: "À lire avant" })).toBeVisible();
  await expect(page.getByText("Les résultats ne sont pas représentatifs de la population du territoire.")).toBeVisible();
  for (const name of ["Participation", "Qui a participé", "Ce que les personnes espèrent et craignent", "Votes sur les usages de l'IA", "Suite donnée"]) {
    await expect(page.getByRole("heading", { level: 2, name, exact: true })).toBeVisible();
  }
  // Every chart has a text alternative and its data beside it.
  const weeks = page.locator("figure").filter({ has: page.getByRole("img", { name: /^Activité par semaine/ }) });
  await expect(weeks.getByRole("img")).toBeVisible();
  await expect(weeks.getByText("Voir les données")).toBeVisible();
  await expectNoAxeViolations(page, "staff synthesis");

  // The contributions figure links to exactly the contributions it counts.
  const figure = page.locator("dl.synthesis-figures dd").filter({ hasText: "en ligne" }).getByRole("link");
  const count = Number((await figure.innerText()).replace(/\s/g, ""));
  await figure.click();
  await expect(page).toHaveURL(new RegExp(`/concertations/${consultationId}/contributions$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Les contributions derrière les chiffres");
  await expect(page.locator("li.card")).toHaveCount(count);
  await expect(page.getByText(new RegExp(`— ${count} contributions?$`))).toBeVisible();
  await expectNoAxeViolations(page, "contributions");
});

test("a facilitator writes the narrative (a too long text is refused) and publishes", async ({ page }) => {
  await signIn(page, FACILITATOR);
  consultationId = await openStaffSynthesis(page);
  const narrative = page.getByRole("textbox", { name: "Récit de la concertation" });
  await narrative.fill("a".repeat(20_001));
  await page.getByRole("button", { name: "Enregistrer le brouillon" }).click();
  await expect(page.getByText("Le récit dépasse 20 000 caractères")).toBeVisible();
  await expect(narrative).toHaveAttribute("aria-invalid", "true");
  await expectNoAxeViolations(page, "synthesis errors");
  await page.goto(`/espace/concertations/${consultationId}/synthese?lng=fr`);
  expect((await page.getByRole("textbox", { name: "Récit de la concertation" }).inputValue()).length).toBeLessThan(20_001);

  await page.getByRole("textbox", { name: "Récit de la concertation" }).fill(
    "# Ce que nous retenons\nLes habitants veulent garder la main.\n\n- La vie privée d'abord\n- Former les agents\n\nDétails : https://www.nantes.fr/ia.\n<script>alert(1)</script>",
  );
  await page.getByRole("textbox", { name: "Suite donnée" }).fill("1. Publier le registre des usages\n2. Interdire la reconnaissance faciale");
  await page.getByRole("button", { name: "Enregistrer le brouillon" }).click();
  await expect(page.getByText("Brouillon enregistré.")).toBeVisible();

  await page.getByRole("button", { name: "Publier", exact: true }).click();
  await expect(page.getByText("Cochez la case pour confirmer la publication.")).toBeVisible();
  await page.getByLabel("Je confirme la publication de cette synthèse").check();
  await page.getByRole("button", { name: "Publier", exact: true }).click();
  await expect(page.getByText(/Version \d+ publiée\./)).toBeVisible();
  await expect(page.getByRole("heading", { name: "Versions publiées" })).toBeVisible();
  await expect(page.getByRole("link", { name: /^Version \d+ du / }).first()).toBeVisible();
});

test("a citizen reads the published synthesis on a phone", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/concertations/${consultationId}/resultats?lng=fr`);
  await page.getByRole("link", { name: "Lire la synthèse" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Synthèse de la concertation");
  await expect(page.getByText(/Publiée le .* — version \d+/)).toBeVisible();
  await expect(page.getByRole("heading", { name: "Ce que nous retenons" })).toBeVisible();
  await expect(page.getByText("<script>alert(1)</script>")).toBeVisible();
  await expect(page.getByRole("link", { name: "https://www.nantes.fr/ia" })).toHaveAttribute("rel", /nofollow/);
  await expect(page.getByRole("listitem").filter({ hasText: "Interdire la reconnaissance faciale" })).toBeVisible();
  // Nothing wider than the phone.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await expectNoAxeViolations(page, "public synthesis fr");
  await page.goto(`/concertations/${consultationId}/synthese?lng=en`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Synthesis of the consultation");
  await expectNoAxeViolations(page, "public synthesis en");
  // The figures link to the contributions behind them, which anyone may read.
  const href = await page.getByRole("link", { name: "Read all hopes" }).getAttribute("href");
  expect(href).toBe(`/concertations/${consultationId}/contributions?kind=hope`);
  await page.goto(`${href}&lng=en`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("The contributions behind the figures");
  await expectNoAxeViolations(page, "contributions en");
});

test("the print view is a clean A4 document", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: A4_WIDTH, height: 1123 });
  await page.goto(`/concertations/${consultationId}/synthese/imprimer?lng=fr`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(CONSULTATION);
  await expectNoAxeViolations(page, "print view");
  await page.emulateMedia({ media: "print" });
  await expect(page.locator(".site-header")).toBeHidden();
  await expect(page.locator(".site-footer")).toBeHidden();
  await expect(page.getByRole("group", { name: "Impression" })).toBeHidden();
  // In print every data table is open, and each section starts a new page.
  await expect(page.locator("details")).toHaveCount(0);
  const breaks = await page.locator(".synthesis-section").evaluateAll((sections) => sections.map((s) => getComputedStyle(s).breakBefore));
  expect(breaks.length).toBeGreaterThanOrEqual(5);
  expect(new Set(breaks)).toEqual(new Set(["page"]));
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(A4_WIDTH);
  const screenshot = await page.screenshot({ fullPage: true, path: testInfo.outputPath("synthesis-print.png") });
  expect(screenshot.byteLength).toBeGreaterThan(10_000);
  const pdf = await page.pdf({ format: "A4", preferCSSPageSize: true });
  expect(pdf.byteLength).toBeGreaterThan(10_000);
});

test("a synthesis that is not published says so; drafts and strangers get 404", async ({ page }) => {
  const response = await page.goto(`/concertations/${consultationId}/synthese?version=999&lng=fr`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Aucune synthèse publiée");
  const staff = await page.goto(`/espace/concertations/${consultationId}/synthese`);
  expect(new URL(page.url()).pathname).toBe("/connexion");
  expect(staff?.status()).toBe(200);
  const unknown = await page.request.get("/concertations/00000000-0000-0000-0000-000000000000/contributions");
  expect(unknown.status()).toBe(404);
});
