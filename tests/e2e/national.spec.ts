import fs from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Locator, type Page } from "./fixtures";
import { signIn } from "./utils";

// The demo seed: Nantes Métropole's closed consultation « Café IA 2025 — bilan » (48 fictitious
// participants voted on six uses of the national catalogue; other tests cannot change a closed
// consultation's votes), 52 participants in Nantes in all; Toulouse Métropole's charter, version 2.
const FACILITATOR = "animation.nantes@demo.cafe-ia.test";
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
const FILES = ["territoires", "themes", "usages"] as const;
// Columns that count people or their answers: never 1 to 4.
const COUNTS: Record<(typeof FILES)[number], string[]> = {
  territoires: ["participants", "contributions", "hopes", "fears", "reactions", "votes"],
  themes: ["contributions"],
  usages: ["votes", "proscribe", "conditional", "accept", "unsure"],
};

/** RFC 4180, as app/csv.server.ts writes it: quoted text, CRLF lines. */
function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") row.push(cell), (cell = "");
    else if (c === "\r" && text[i + 1] === "\n") row.push(cell), rows.push(row), (row = []), (cell = ""), i++;
    else cell += c;
  }
  const [header, ...body] = rows;
  return Object.assign(
    body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]]))),
    { header },
  );
}
const headerOf = (rows: Record<string, string>[]) => (rows as unknown as { header: string[] }).header;

async function expectNoAxeViolations(page: Page, label: string) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(results.violations.map((v) => `${label} ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

/** The cells of a table row found by its row header, as text. */
const cellsOf = (table: Locator, rowHeader: string) =>
  table.getByRole("row").filter({ has: table.page().getByRole("rowheader", { name: rowHeader, exact: true }) }).getByRole("cell");

test("a citizen on a phone reads the national results of the demo: votes per use, small numbers withheld, charter adoption", async ({ page }) => {
  await page.setViewportSize(PHONE);
  await page.goto("/?lng=fr");
  await page.getByRole("link", { name: "Résultats nationaux" }).click();
  await expect(page).toHaveURL(/\/national$/);
  await expect(page).toHaveTitle("Résultats nationaux — Café IA");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Résultats nationaux des concertations");

  const figures = page.getByRole("table", { name: "En chiffres" });
  const participants = Number((await cellsOf(figures, "Participants (personnes distinctes dans chaque territoire)").innerText()).replace(/\s/g, ""));
  expect(participants).toBeGreaterThanOrEqual(52);
  await expect(cellsOf(figures, "Votes sur des usages de l'IA (concertations closes)")).toHaveText(/^\d[\d\s]*$/);

  // Every use of the closed consultation, with its territories and voters; a count under 5 never shows.
  const uses = page.getByRole("table", { name: "Votes par usage de l'IA, tous territoires réunis" });
  await expect(uses.getByRole("columnheader")).toHaveText([
    "Usage de l'IA",
    "À proscrire",
    "Sous conditions",
    "Acceptable",
    "Ne sait pas",
    "Personnes ayant voté",
    "Territoires",
  ]);
  await expect(uses.locator("tbody tr").first().getByRole("rowheader")).toHaveText("Reconnaissance faciale en temps réel dans l’espace public");
  // The demo seed: Nantes's closed consultation and nine territories' « Café IA — premiers retours ».
  await expect(cellsOf(uses, "Reconnaissance faciale en temps réel dans l’espace public")).toHaveText([
    "203 (77,2 %)",
    "28 (10,6 %)",
    "8 (3 %)",
    "24 (9,1 %)",
    "263",
    "10",
  ]);
  await expect(cellsOf(uses, "Images générées par IA pour la communication")).toHaveText(["55 (21,2 %)", "120 (46,3 %)", "50 (19,3 %)", "34 (13,1 %)", "259", "10"]);

  // Themes: a count under 5 never shows (withheld cells that would give a small one away are tested in the database).
  const themes = page.getByRole("table", { name: "Espoirs et craintes par thème, en France" });
  await expect(themes.locator("tbody tr")).toHaveCount(12);
  // Other tests add contributions to the demo while this one runs: check the shape, not the exact counts.
  for (const raw of await themes.locator("tbody td").allTextContents()) {
    const cell = raw.replace(/\s+/g, " ").trim();
    const shown = /^(\d+) \(\d+(,\d)? %\)$/.exec(cell);
    if (shown) expect(Number(shown[1])).toBeGreaterThanOrEqual(5);
    else expect(cell).toBe("moins de 5");
  }
  await expect(cellsOf(themes, "Surveillance et contrôle social").first()).toHaveText("moins de 5");
  await expect(cellsOf(themes, "Surveillance et contrôle social").last()).toHaveText(/^(1[4-9]|[2-9]\d|\d{3,})\s\(/);

  const charter = page.getByRole("table", { name: /^Adoption de chaque engagement/ });
  await expect(charter.locator("tbody tr")).toHaveCount(19);
  await expect(cellsOf(charter, "Piloter l’IA politiquement, avec une instance interne et un référent nommé").first()).toHaveText(/^[1-9]\d*\s\(\d+\s%\)$/);

  // Nothing wider than the phone: wide tables scroll inside their own focusable region.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  await expect(page.getByRole("region", { name: "Votes par usage de l'IA, tous territoires réunis" })).toHaveAttribute("tabindex", "0");
});

test("in English, uses and commitments are in English, and the page says what is withheld", async ({ page }) => {
  await page.goto("/national?lng=en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("National results of the consultations");
  const uses = page.getByRole("table", { name: "Votes per use of AI, all territories together" });
  const facial = uses.getByRole("rowheader", { name: "Real-time facial recognition in public space" });
  await expect(facial).toBeVisible();
  await expect(facial).not.toHaveAttribute("lang", /./);
  await expect(cellsOf(uses, "Real-time facial recognition in public space")).toHaveText(["203 (77.2 %)", "28 (10.6 %)", "8 (3 %)", "24 (9.1 %)", "263", "10"]);
  await expect(page.getByText("No figure about fewer than 5 people is published")).toBeVisible();
  await expect(page.getByRole("rowheader", { name: "Steer AI politically, with an internal body and a named referent" })).toBeVisible();
});

test("a published synthesis appears in the national list and links to the synthesis", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, FACILITATOR);
  await page.goto("/espace/territoires/nantes-metropole?lng=fr");
  await page.getByRole("link", { name: "Café IA 2025 — bilan", exact: true }).click();
  await page.getByRole("link", { name: "Synthèse", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Synthèse");
  const consultationId = /\/espace\/concertations\/([0-9a-f-]{36})\/synthese/.exec(page.url())![1];
  await page.getByLabel("Je confirme la publication de cette synthèse").check();
  await page.getByRole("button", { name: "Publier", exact: true }).click();
  await expect(page.getByText(/Version \d+ publiée\./)).toBeVisible();

  await page.goto("/national?lng=fr");
  const list = page.getByRole("table", { name: "Territoires et leur dernière synthèse publiée" });
  const nantes = list.getByRole("row").filter({ hasText: "Nantes Métropole" });
  await expect(nantes.getByRole("cell").last()).toHaveText(/^\d{1,2}\s\p{L}+\s\d{4}$/u);
  await expectNoAxeViolations(page, "/national with a synthesis");
  await nantes.getByRole("link", { name: "Café IA 2025 — bilan" }).click();
  await expect(page).toHaveURL(new RegExp(`/concertations/${consultationId}/synthese$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Synthèse de la concertation");

  // The open data links the same synthesis.
  const territories = parseCsv(await (await page.request.get("/donnees/territoires.csv")).text());
  expect(territories.find((r) => r.territory_name === "Nantes Métropole")!.synthesis_url).toMatch(new RegExp(`/concertations/${consultationId}/synthese$`));
  expect((await page.request.get("/national?page=999")).status()).toBe(404);
  expect((await page.request.get("/national?page=abc")).status()).toBe(404);
});

test("the CSV and JSON files parse, have exactly the columns /donnees documents, and no count under 5", async ({ page }) => {
  await page.goto("/donnees?lng=fr");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Données ouvertes des concertations");
  await expect(page.getByRole("link", { name: "Licence Ouverte / Open Licence version 2.0" })).toHaveAttribute(
    "href",
    "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
  );
  const pack = await (await page.request.get("/donnees/datapackage.json")).json();
  expect(pack.licenses).toEqual([expect.objectContaining({ name: "etalab-2.0", path: "https://www.etalab.gouv.fr/licence-ouverte-open-licence/" })]);

  for (const file of FILES) {
    // The page documents each column: name, type and description.
    const documented = page.getByRole("table", { name: `Colonnes de ${file}.csv` });
    await expect(documented.getByRole("columnheader")).toHaveText(["Colonne (type)", "Description"]);
    const names = await documented.locator("tbody th code").allInnerTexts();
    for (const row of await documented.locator("tbody tr").all()) {
      await expect(row.getByRole("rowheader")).toHaveText(/^[a-z_]+\s(texte|nombre entier|nombre décimal|booléen \(true ou false\)|date \(AAAA-MM-JJ\))$/);
      await expect(row.getByRole("cell")).toHaveText(/\p{L}{3}.*\.$/u);
    }

    const csv = await page.request.get(`/donnees/${file}.csv`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()["content-type"]).toBe("text/csv; charset=utf-8");
    expect(csv.headers()["content-disposition"]).toMatch(new RegExp(`attachment; filename="cafe-ia-${file}-\\d{4}-\\d{2}-\\d{2}\\.csv"`));
    const text = (await csv.body()).toString("utf8");
    expect(text.startsWith("\uFEFF"), "UTF-8 with a BOM, as the consultation exports").toBe(true);
    const rows = parseCsv(text.slice(1));
    expect(headerOf(rows)).toEqual(names);
    expect(rows.length).toBeGreaterThan(0);

    const json = await (await page.request.get(`/donnees/${file}.json`)).json();
    expect(json.licence.url).toBe("https://www.etalab.gouv.fr/licence-ouverte-open-licence/");
    expect(json.small_cell_threshold).toBe(5);
    expect(Date.parse(json.generated_at)).not.toBeNaN();
    expect(json.rows.length).toBe(rows.length);
    for (const row of json.rows) expect(Object.keys(row)).toEqual(names);
    expect(pack.resources.find((r: { name: string }) => r.name === file).schema.fields.map((f: { name: string }) => f.name)).toEqual(names);

    for (const column of COUNTS[file]) {
      for (const value of rows.map((r) => r[column])) expect(value === "" || Number(value) >= 5, `${file}.csv ${column} = ${value}`).toBe(true);
      for (const value of json.rows.map((r: Record<string, unknown>) => r[column])) {
        expect(value === null || (value as number) >= 5, `${file}.json ${column} = ${value}`).toBe(true);
      }
    }
  }

  // The demo's figures: Nantes's participation, Toulouse's charter, Nantes's votes on facial recognition.
  const territories = parseCsv((await (await page.request.get("/donnees/territoires.csv")).body()).toString("utf8").slice(1));
  const nantes = territories.find((r) => r.territory_name === "Nantes Métropole")!;
  expect(nantes).toEqual(expect.objectContaining({ territory_code: "244400404", territory_kind: "epci" }));
  expect(Number(nantes.participants)).toBeGreaterThanOrEqual(52);
  const toulouse = territories.find((r) => r.territory_name === "Toulouse Métropole")!;
  expect(toulouse.charter_version).toBe("2");
  expect(toulouse.commitments_adopted.split("|")).toContain("governance");
  const usages = (await (await page.request.get("/donnees/usages.json")).json()).rows;
  expect(usages.find((r: Record<string, unknown>) => r.territory_code === "244400404" && r.ai_use === "facial-recognition-public-space")).toEqual(
    expect.objectContaining({ votes: 44, proscribe: 37, proscribe_share: 84.1, conditional: null, accept: null, unsure: null, suppressed: true }),
  );
  expect((await page.request.get("/donnees/inconnu.csv")).status()).toBe(404);
});

test("without JavaScript: the national page, then the open data page and a CSV download", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: PHONE });
  const page = await context.newPage();
  await page.goto("/national?lng=fr");
  await expect(page.getByRole("rowheader", { name: "Reconnaissance faciale en temps réel dans l’espace public" })).toBeVisible();
  await page.getByRole("link", { name: "Télécharger les données et lire leur documentation" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Données ouvertes des concertations");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Télécharger Votes sur les usages de l'IA en CSV" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^cafe-ia-usages-\d{4}-\d{2}-\d{2}\.csv$/);
  const rows = parseCsv(fs.readFileSync((await download.path())!, "utf8").slice(1));
  expect(rows.some((r) => r.ai_use === "front-desk-chatbot" && r.territory_name === "Nantes Métropole")).toBe(true);
  await context.close();
});

for (const [width, viewport] of Object.entries({ phone: PHONE, desktop: DESKTOP })) {
  test(`no axe violations on /national and /donnees (fr and en, ${width})`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize(viewport);
    for (const lng of ["fr", "en"]) {
      for (const path of ["/national", "/donnees"]) {
        await page.goto(`${path}?lng=${lng}`);
        await expect(page.locator("html")).toHaveAttribute("lang", lng);
        await expectNoAxeViolations(page, `${path} [${lng}, ${width}]`);
      }
    }
  });
}
